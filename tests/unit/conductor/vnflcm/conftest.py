"""A conductor manager with a package onboarded from Tacker's samples, and LCM helpers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from baton.conductor.manager import ConductorManager
from baton.db.repositories import FakeVnfResourceRepository, VnfPackageRepository
from conductor.vnf_packages import conftest as _packages_conftest
from conductor.vnf_packages.samples import build

# The package fixtures of the onboarding tests, shared.
onboard = _packages_conftest.onboard
packages = _packages_conftest.packages

FAKE_VIM = {"vim1": {"vimId": "fake-vim-1", "vimType": "BATON.FAKE.V_1",
                     "interfaceInfo": {"endpoint": "fake://"}, "accessInfo": {}}}
EXT_VL = {
    "id": "ext-vl-1", "resourceId": "net-1",
    "extCps": [{"cpdId": "VDU1_CP1", "cpConfig": {"VDU1_CP1_1": {"cpProtocolData": [
        {"layerProtocol": "IP_OVER_ETHERNET",
         "ipOverEthernet": {"ipAddresses": [{"type": "IPV4", "numDynamicAddresses": 1}]}}]}}},
               {"cpdId": "VDU2_CP1", "cpConfig": {"VDU2_CP1_1": {"cpProtocolData": [
        {"layerProtocol": "IP_OVER_ETHERNET", "ipOverEthernet": {"ipAddresses": [
            {"type": "IPV4", "fixedAddresses": ["10.10.0.101"]}]}}]}}}],
}


def enabled(packages: VnfPackageRepository, row: dict[str, Any]) -> dict[str, Any]:
    assert row["onboarding_state"] == "ONBOARDED", row.get("onboarding_failure_details")
    return packages.update(row["uuid"], {"operational_state": "ENABLED"})


@pytest.fixture
def package(onboard: Callable[[bytes], dict[str, Any]],
            packages: VnfPackageRepository) -> dict[str, Any]:
    csar, _ = build("basic_lcms_min")
    return enabled(packages, onboard(csar))


@pytest.fixture
def fake_vim(manager: ConductorManager) -> FakeVnfResourceRepository:
    return FakeVnfResourceRepository(manager.db)


def instantiate_request(**extra: Any) -> dict[str, Any]:
    return {"flavourId": "simple", "instantiationLevelId": "instantiation_level_1",
            "extVirtualLinks": [EXT_VL], "vimConnectionInfo": FAKE_VIM, **extra}


def fail(method: str, times: int = 1) -> dict[str, Any]:
    return {"additionalParams": {"baton.fake": {"fail": {method: times}}}}


def wait_op(manager: ConductorManager, op_id: str, *states: str,
            timeout: float = 10.0) -> dict[str, Any]:
    """The occurrence once it is in one of ``states`` and no worker runs it."""
    deadline = time.monotonic() + timeout
    while True:
        op = manager.lcm_op_occs.get(op_id)
        if op["state"] in states and not manager.lcm.is_running(op_id):
            return op
        if time.monotonic() > deadline:
            raise AssertionError(f"operation {op_id} is {op['state']}, not {states}")
        time.sleep(0.01)


def run_op(manager: ConductorManager, instance_id: str, operation: str,
           request: dict[str, Any], *states: str) -> dict[str, Any]:
    op = manager.start_vnf_lcm_operation(instance_id, operation, request)
    assert op["operationState"] == "STARTING"
    return wait_op(manager, op["id"], *(states or ("COMPLETED",)))


@pytest.fixture
def instance(manager: ConductorManager, package: dict[str, Any]) -> dict[str, Any]:
    return manager.create_vnf_instance({"vnfdId": package["vnfd_id"],
                                        "vnfInstanceName": "vnf-1"})


@pytest.fixture
def instantiated(manager: ConductorManager, instance: dict[str, Any]) -> dict[str, Any]:
    run_op(manager, instance["id"], "INSTANTIATE", instantiate_request())
    return manager.vnf_instances.get(instance["id"])
