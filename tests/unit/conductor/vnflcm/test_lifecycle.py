"""Instances and the happy paths of every LCM operation, with the fake infra driver."""

from __future__ import annotations

from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.repositories import FakeVnfResourceRepository, VnfPackageRepository

from .conftest import EXT_VL, instantiate_request, run_op


def test_create_marks_package_in_use_and_delete_frees_it(
        manager: ConductorManager, package: dict[str, Any],
        packages: VnfPackageRepository) -> None:
    body = manager.create_vnf_instance({"vnfdId": package["vnfd_id"], "vnfInstanceName": "a",
                                        "metadata": {"k": "v"}})
    assert body["instantiationState"] == "NOT_INSTANTIATED"
    assert body["vnfdId"] == package["vnfd_id"] and body["metadata"] == {"k": "v"}
    assert body["vnfProvider"] == package["vnf_provider"]
    assert packages.get(package["uuid"])["usage_state"] == "IN_USE"
    manager.delete_vnf_instance(body["id"])
    assert packages.get(package["uuid"])["usage_state"] == "NOT_IN_USE"
    with pytest.raises(errors.VnfInstanceNotFound):
        manager.vnf_instances.get(body["id"])


def test_create_needs_an_enabled_package(manager: ConductorManager, package: dict[str, Any],
                                         packages: VnfPackageRepository) -> None:
    packages.update(package["uuid"], {"operational_state": "DISABLED"})
    with pytest.raises(errors.VnfdIdNotEnabled):
        manager.create_vnf_instance({"vnfdId": package["vnfd_id"]})
    with pytest.raises(errors.VnfdIdNotEnabled):
        manager.create_vnf_instance({"vnfdId": "no-such-vnfd"})


def test_instantiate_builds_instantiated_vnf_info(
        manager: ConductorManager, instance: dict[str, Any],
        fake_vim: FakeVnfResourceRepository) -> None:
    op = run_op(manager, instance["id"], "INSTANTIATE", instantiate_request())
    assert op["finished_at"] is not None and op["owner"] == "cond-1"
    row = manager.vnf_instances.get(instance["id"])
    assert row["instantiation_state"] == "INSTANTIATED" and row["lcm_op_uuid"] is None
    info = row["instantiated_vnf_info"]
    assert info["flavourId"] == "simple" and info["vnfState"] == "STARTED"
    assert info["scaleStatus"] == [{"aspectId": "VDU1_scale", "scaleLevel": 0}]
    assert info["maxScaleLevels"] == [{"aspectId": "VDU1_scale", "scaleLevel": 2}]
    assert sorted(v["vduId"] for v in info["vnfcResourceInfo"]) == ["VDU1", "VDU2"]
    assert {c["cpdId"] for c in info["extCpInfo"]} == {"VDU1_CP1", "VDU2_CP1"}
    assert info["extVirtualLinkInfo"][0]["id"] == "ext-vl-1"
    assert len(info["extVirtualLinkInfo"][0]["extLinkPorts"]) == 2
    assert [v["vnfVirtualLinkDescId"] for v in info["vnfVirtualLinkResourceInfo"]] == \
        ["internalVL3"]
    assert len(info["vnfcInfo"]) == 2
    assert row["vim_connection_info"]["vim1"]["vimType"] == "BATON.FAKE.V_1"
    changes = manager.lcm_op_occs.get(op["uuid"])["result"]["resourceChanges"]
    assert {c["changeType"] for c in changes["affectedVnfcs"]} == {"ADDED"}
    computes = fake_vim.live(instance["id"], kind="compute")
    assert {c["uuid"] for c in computes} == \
        {v["computeResource"]["resourceId"] for v in info["vnfcResourceInfo"]}


def _vdu_count(manager: ConductorManager, instance_id: str, vdu: str) -> int:
    info = manager.vnf_instances.get(instance_id)["instantiated_vnf_info"]
    return sum(1 for v in info["vnfcResourceInfo"] if v["vduId"] == vdu)


def test_scale_out_and_in_within_limits(manager: ConductorManager,
                                        instantiated: dict[str, Any],
                                        fake_vim: FakeVnfResourceRepository) -> None:
    uid = instantiated["uuid"]
    run_op(manager, uid, "SCALE", {"type": "SCALE_OUT", "aspectId": "VDU1_scale",
                                   "numberOfSteps": 2})
    assert _vdu_count(manager, uid, "VDU1") == 3
    info = manager.vnf_instances.get(uid)["instantiated_vnf_info"]
    assert info["scaleStatus"] == [{"aspectId": "VDU1_scale", "scaleLevel": 2}]
    with pytest.raises(errors.InvalidParameterValue):
        manager.start_vnf_lcm_operation(uid, "SCALE", {"type": "SCALE_OUT",
                                                       "aspectId": "VDU1_scale"})
    op = run_op(manager, uid, "SCALE", {"type": "SCALE_IN", "aspectId": "VDU1_scale"})
    assert _vdu_count(manager, uid, "VDU1") == 2
    changes = op["result"]["resourceChanges"]["affectedVnfcs"]
    assert [c["changeType"] for c in changes] == ["REMOVED"]
    assert len(fake_vim.live(uid, kind="compute")) == 3


def test_heal_one_vnfc_keeps_its_id_and_changes_its_resource(
        manager: ConductorManager, instantiated: dict[str, Any]) -> None:
    info = instantiated["instantiated_vnf_info"]
    vnfc = info["vnfcInfo"][0]
    before = {v["id"]: v["computeResource"]["resourceId"] for v in info["vnfcResourceInfo"]}
    op = run_op(manager, instantiated["uuid"], "HEAL", {"vnfcInstanceId": [vnfc["id"]]})
    after_info = manager.vnf_instances.get(instantiated["uuid"])["instantiated_vnf_info"]
    after = {v["id"]: v["computeResource"]["resourceId"]
             for v in after_info["vnfcResourceInfo"]}
    assert set(after) == set(before)
    healed = vnfc["vnfcResourceInfoId"]
    assert after[healed] != before[healed]
    assert all(after[k] == before[k] for k in before if k != healed)
    assert [c["changeType"] for c in op["result"]["resourceChanges"]["affectedVnfcs"]] == \
        ["MODIFIED"]
    with pytest.raises(errors.InvalidParameterValue):
        manager.start_vnf_lcm_operation(instantiated["uuid"], "HEAL",
                                        {"vnfcInstanceId": ["nope"]})


def test_change_ext_conn_moves_the_external_cps(manager: ConductorManager,
                                               instantiated: dict[str, Any]) -> None:
    new_link = {**EXT_VL, "resourceId": "net-2"}
    op = run_op(manager, instantiated["uuid"], "CHANGE_EXT_CONN",
                {"extVirtualLinks": [new_link]})
    info = manager.vnf_instances.get(instantiated["uuid"])["instantiated_vnf_info"]
    assert info["extVirtualLinkInfo"][0]["resourceHandle"]["resourceId"] == "net-2"
    assert op["result"]["changedExtConnectivity"][0]["resourceHandle"]["resourceId"] == \
        "net-2"


def test_modify_info_merges(manager: ConductorManager, instance: dict[str, Any]) -> None:
    op = run_op(manager, instance["id"], "MODIFY_INFO", {
        "vnfInstanceName": "renamed", "metadata": {"a": 1},
        "vimConnectionInfo": {"vim2": {"vimType": "BATON.FAKE.V_1"}}})
    body = manager.vnf_instances.get(instance["id"])
    assert body["vnf_instance_name"] == "renamed" and body["vnf_metadata"] == {"a": 1}
    assert set(body["vim_connection_info"]) == {"vim2"}
    assert op["result"]["changedInfo"]["vnfInstanceName"] == "renamed"


def test_change_vnfpkg_then_terminate_and_delete(
        manager: ConductorManager, instantiated: dict[str, Any],
        onboard: Any, packages: VnfPackageRepository,
        fake_vim: FakeVnfResourceRepository) -> None:
    from .conftest import build, enabled

    csar, _ = build("basic_lcms_min")
    second = enabled(packages, onboard(csar))
    uid = instantiated["uuid"]
    run_op(manager, uid, "CHANGE_VNFPKG", {"vnfdId": second["vnfd_id"]})
    row = manager.vnf_instances.get(uid)
    assert row["vnfd_id"] == second["vnfd_id"] and row["vnf_pkg_id"] == second["uuid"]
    assert packages.get(second["uuid"])["usage_state"] == "IN_USE"
    assert packages.get(instantiated["vnf_pkg_id"])["usage_state"] == "NOT_IN_USE"
    with pytest.raises(errors.VnfInstanceConflict):
        manager.delete_vnf_instance(uid)
    op = run_op(manager, uid, "TERMINATE", {"terminationType": "FORCEFUL"})
    assert {c["changeType"] for c in op["result"]["resourceChanges"]["affectedVnfcs"]} == \
        {"REMOVED"}
    assert manager.vnf_instances.get(uid)["instantiation_state"] == "NOT_INSTANTIATED"
    assert fake_vim.live(uid) == []
    manager.delete_vnf_instance(uid)
    assert packages.get(second["uuid"])["usage_state"] == "NOT_IN_USE"


def test_state_preconditions(manager: ConductorManager, instance: dict[str, Any]) -> None:
    with pytest.raises(errors.VnfInstanceConflict):
        manager.start_vnf_lcm_operation(instance["id"], "TERMINATE", {})
    with pytest.raises(errors.InvalidParameterValue):
        manager.start_vnf_lcm_operation(instance["id"], "DANCE", {})
    with pytest.raises(errors.InvalidParameterValue):
        manager.start_vnf_lcm_operation(instance["id"], "INSTANTIATE",
                                        instantiate_request(flavourId="nope"))
    with pytest.raises(errors.UnsupportedVimType):
        manager.start_vnf_lcm_operation(instance["id"], "INSTANTIATE", instantiate_request(
            vimConnectionInfo={"v": {"vimType": "NO.SUCH.V_1"}}))
    with pytest.raises(errors.VnfInstanceNotFound):
        manager.start_vnf_lcm_operation("nope", "INSTANTIATE", instantiate_request())
