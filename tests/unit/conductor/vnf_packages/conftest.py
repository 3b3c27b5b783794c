"""A conductor manager with a local package store under tmp_path, and package helpers."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from baton.conductor.manager import ConductorManager
from baton.db.repositories import OperationRepository, VnfPackageRepository


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def stored_files(tmp_path: Path) -> list[str]:
    """Every file of the local package store (temporary ones included)."""
    root = tmp_path / "vnf_packages"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) \
        if root.exists() else []


@pytest.fixture
def packages(manager: ConductorManager) -> VnfPackageRepository:
    return VnfPackageRepository(manager.db)


@pytest.fixture
def onboard(manager: ConductorManager,
            packages: VnfPackageRepository) -> Callable[[bytes], dict[str, Any]]:
    """Create a package, upload ``csar`` as the API does, wait for the end, return it."""

    def _onboard(csar: bytes) -> dict[str, Any]:
        package = packages.create({"user_defined_data": {"k": "v"}})
        packages.update(package["uuid"], {"onboarding_state": "UPLOADING"},
                        expected={"onboarding_state": "CREATED"})
        ref = manager.package_store.put(io.BytesIO(csar))
        manager.upload_vnf_package_content(package["uuid"], ref)
        return wait_for(lambda: _final(packages, package["uuid"]), timeout=20)

    return _onboard


def _final(packages: VnfPackageRepository, package_id: str) -> dict[str, Any] | None:
    row = packages.get(package_id)
    if row["onboarding_state"] in ("ONBOARDED", "ERROR"):
        ops = OperationRepository(packages.db).list_for_target("vnf_package", package_id)
        if ops and ops[-1]["finished_at"] is not None:
            return row
    return None


def assert_nothing_left(tmp_path: Path, row: dict[str, Any]) -> None:
    assert row["onboarding_state"] == "ERROR"
    assert row["content_ref"] is None and row["vnfd_id"] is None and row["vnfd"] is None
    assert row["software_images"] == [] and row["additional_artifacts"] == []
    assert stored_files(tmp_path) == []
    assert not [n for n in os.listdir(tmp_path / "vnf_packages") if n.startswith(".upload")]
