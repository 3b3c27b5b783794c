"""VNF package calls over JSON-RPC: routed to a live conductor by package id."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from baton import errors
from baton.conductor.service import ConductorService
from baton.db.repositories import VnfPackageRepository
from baton.engine.hash_ring import ConsistentRing
from baton.rpc.conductor_api import ConductorAPI

from .conftest import HOST


def _wait_final(repo: VnfPackageRepository, package_id: str) -> dict[str, object]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        row = repo.get(package_id)
        if row["onboarding_state"] in ("ONBOARDED", "ERROR"):
            return row
        time.sleep(0.02)
    raise AssertionError("onboarding did not end")


def test_package_topic_is_a_live_conductor(api: ConductorAPI,
                                           service: ConductorService) -> None:
    assert api.get_topic_for_package("6b1bfe2b-1b8c-4c38-b9a1-cf1fbd8b7a6e") == HOST
    ring = ConsistentRing({"a", "b", "c"}, 32)
    ids = [f"pkg-{i}" for i in range(200)]
    assert {ring.get_host(i) for i in ids} == {"a", "b", "c"}


def test_calls_and_errors_cross(api: ConductorAPI, service: ConductorService,
                                tmp_path: Path) -> None:
    repo = VnfPackageRepository(service.db)
    package = repo.create({})
    with pytest.raises(errors.InvalidParameterValue, match="http or https"):
        api.upload_vnf_package_from_uri(package["uuid"], "ftp://127.0.0.1/x.zip")
    store = service.manager.package_store
    ref = store.put(io.BytesIO(b"not a zip"))
    api.upload_vnf_package_content(package["uuid"], ref)
    row = _wait_final(repo, package["uuid"])
    assert row["onboarding_state"] == "ERROR"
    with pytest.raises(errors.InvalidPackageState):
        api.upload_vnf_package_content(package["uuid"], store.put(io.BytesIO(b"again")))
    api.delete_vnf_package(package["uuid"])
    with pytest.raises(errors.VnfPackageNotFound):
        api.delete_vnf_package(package["uuid"])
