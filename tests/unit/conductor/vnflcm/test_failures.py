"""Failure paths: FAILED_TEMP, retry, rollback of every operation, fail, cancel, conflicts."""

from __future__ import annotations

import time
from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.repositories import FakeVnfResourceRepository

from .conftest import EXT_VL, fail, instantiate_request, run_op, wait_op


def _live(fake_vim: FakeVnfResourceRepository, uid: str) -> set[str]:
    return {r["uuid"] for r in fake_vim.live(uid)}


def test_failed_instantiate_retry_completes(manager: ConductorManager,
                                            instance: dict[str, Any],
                                            fake_vim: FakeVnfResourceRepository) -> None:
    uid = instance["id"]
    op = run_op(manager, uid, "INSTANTIATE", instantiate_request(**fail("instantiate")),
                "FAILED_TEMP")
    assert op["error"]["title"] == "Step instantiate failed"
    assert "injected failure" in op["error"]["detail"]
    assert op["owner"] is None and op["lease_expires_at"] is None and op["finished_at"] is None
    row = manager.vnf_instances.get(uid)
    assert row["lcm_op_uuid"] == op["uuid"] and row["instantiation_state"] == "NOT_INSTANTIATED"
    # One operation at a time: while FAILED_TEMP the instance is held.
    with pytest.raises(errors.OperationConflict):
        manager.start_vnf_lcm_operation(uid, "INSTANTIATE", instantiate_request())
    with pytest.raises(errors.OperationConflict):
        manager.cancel_vnf_lcm_op_occ(op["uuid"])
    body = manager.retry_vnf_lcm_op_occ(op["uuid"])
    assert body["operationState"] == "PROCESSING"
    done = wait_op(manager, op["uuid"], "COMPLETED")
    assert done["error"] is None
    info = manager.vnf_instances.get(uid)["instantiated_vnf_info"]
    # The retry started from clean: exactly one set of resources.
    assert len(info["vnfcResourceInfo"]) == 2 == len(fake_vim.live(uid, kind="compute"))
    with pytest.raises(errors.OperationConflict):
        manager.retry_vnf_lcm_op_occ(op["uuid"])


def test_failed_instantiate_rollback_removes_everything(
        manager: ConductorManager, instance: dict[str, Any],
        fake_vim: FakeVnfResourceRepository) -> None:
    uid = instance["id"]
    op = run_op(manager, uid, "INSTANTIATE", instantiate_request(**fail("instantiate")),
                "FAILED_TEMP")
    assert fake_vim.live(uid)  # the failure left resources behind
    assert manager.rollback_vnf_lcm_op_occ(op["uuid"])["operationState"] == "ROLLING_BACK"
    done = wait_op(manager, op["uuid"], "ROLLED_BACK")
    assert done["finished_at"] is not None
    assert fake_vim.live(uid) == []
    row = manager.vnf_instances.get(uid)
    assert row["lcm_op_uuid"] is None and row["instantiation_state"] == "NOT_INSTANTIATED"
    run_op(manager, uid, "INSTANTIATE", instantiate_request())


def test_failed_rollback_can_be_rolled_back_again(
        manager: ConductorManager, instance: dict[str, Any],
        fake_vim: FakeVnfResourceRepository) -> None:
    uid = instance["id"]
    request = instantiate_request(additionalParams={"baton.fake": {"fail": {
        "instantiate": 1, "rollback_instantiate": 1}}})
    op = run_op(manager, uid, "INSTANTIATE", request, "FAILED_TEMP")
    manager.rollback_vnf_lcm_op_occ(op["uuid"])
    again = wait_op(manager, op["uuid"], "FAILED_TEMP")
    assert again["error"]["title"] == "Step rollback_instantiate failed"
    assert manager.retry_vnf_lcm_op_occ(op["uuid"])["operationState"] == "ROLLING_BACK"
    wait_op(manager, op["uuid"], "ROLLED_BACK")
    assert fake_vim.live(uid) == []


@pytest.mark.parametrize(("operation", "request_body"), [
    ("SCALE", {"type": "SCALE_OUT", "aspectId": "VDU1_scale"}),
    ("SCALE", {"type": "SCALE_IN", "aspectId": "VDU1_scale"}),
    ("HEAL", {}),
    ("CHANGE_EXT_CONN", {"extVirtualLinks": [{**EXT_VL, "resourceId": "net-2"}]}),
    ("TERMINATE", {"terminationType": "GRACEFUL"}),
])
def test_rollback_restores_the_vim_and_the_instance(
        manager: ConductorManager, instantiated: dict[str, Any],
        fake_vim: FakeVnfResourceRepository, operation: str,
        request_body: dict[str, Any]) -> None:
    uid = instantiated["uuid"]
    if request_body.get("type") == "SCALE_IN":
        run_op(manager, uid, "SCALE", {"type": "SCALE_OUT", "aspectId": "VDU1_scale"})
    before_row = manager.vnf_instances.get(uid)
    before_vim = _live(fake_vim, uid)
    method = {"SCALE": "scale", "HEAL": "heal", "CHANGE_EXT_CONN": "change_ext_conn",
              "TERMINATE": "terminate"}[operation]
    op = run_op(manager, uid, operation, {**request_body, **fail(method)}, "FAILED_TEMP")
    assert _live(fake_vim, uid) != before_vim  # the failed step changed the VIM
    manager.rollback_vnf_lcm_op_occ(op["uuid"])
    wait_op(manager, op["uuid"], "ROLLED_BACK")
    after_row = manager.vnf_instances.get(uid)
    assert _live(fake_vim, uid) == before_vim
    assert after_row["instantiated_vnf_info"] == before_row["instantiated_vnf_info"]
    assert after_row["instantiation_state"] == "INSTANTIATED"
    assert after_row["lcm_op_uuid"] is None


def test_fail_releases_the_instance(manager: ConductorManager,
                                    instantiated: dict[str, Any]) -> None:
    uid = instantiated["uuid"]
    op = run_op(manager, uid, "HEAL", fail("heal"), "FAILED_TEMP")
    body = manager.fail_vnf_lcm_op_occ(op["uuid"])
    assert body["operationState"] == "FAILED" and body["error"]["status"] == 500
    assert manager.vnf_instances.get(uid)["lcm_op_uuid"] is None
    with pytest.raises(errors.OperationConflict):
        manager.rollback_vnf_lcm_op_occ(op["uuid"])
    run_op(manager, uid, "HEAL", {})


def _delayed(method: str, seconds: float) -> dict[str, Any]:
    return {"additionalParams": {"baton.fake": {"delay": {method: seconds}}}}


def test_cancel_forceful_interrupts_the_infra_driver(manager: ConductorManager,
                                                     instantiated: dict[str, Any]) -> None:
    uid = instantiated["uuid"]
    op = manager.start_vnf_lcm_operation(uid, "HEAL", _delayed("heal", 30))
    body = manager.cancel_vnf_lcm_op_occ(op["id"], "FORCEFUL")
    assert body["isCancelPending"] is True and body["cancelMode"] == "FORCEFUL"
    done = wait_op(manager, op["id"], "FAILED_TEMP", "ROLLED_BACK", timeout=5)
    assert done["params"]["isCancelPending"] is False
    if done["state"] == "FAILED_TEMP":
        manager.rollback_vnf_lcm_op_occ(op["id"])
        wait_op(manager, op["id"], "ROLLED_BACK")
    with pytest.raises(errors.InvalidParameterValue):
        manager.cancel_vnf_lcm_op_occ(op["id"], "SOFTLY")


def test_cancel_graceful_waits_for_the_step(manager: ConductorManager,
                                            instantiated: dict[str, Any]) -> None:
    uid = instantiated["uuid"]
    op = manager.start_vnf_lcm_operation(uid, "HEAL", _delayed("heal", 0.5))
    deadline = time.monotonic() + 5
    while manager.lcm_op_occs.get(op["id"])["state"] != "PROCESSING":
        assert time.monotonic() < deadline
        time.sleep(0.005)
    manager.cancel_vnf_lcm_op_occ(op["id"], "GRACEFUL")
    done = wait_op(manager, op["id"], "FAILED_TEMP", timeout=5)
    assert done["error"]["title"] == "Cancelled"
    # The heal step itself finished (graceful): the next step did not run.
    assert done["last_completed_step"] == 1

