"""Waiting for the agent (heartbeat, abort, timeouts) and taking over a dead conductor's work."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from sqlalchemy import update

from baton import errors
from baton.conductor import flows
from baton.conductor.leases import LeaseKeeper
from baton.conductor.manager import ConductorManager
from baton.conductor.timeouts import WaitTimeouts
from baton.db import models
from baton.db.engine import Database
from baton.engine.loader import DriverRegistry
from baton.engine.workers import WorkerPool

from .conftest import HOST, idle, make_conf

URL = "http://10.0.0.5:9999"


def waiting_node(manager: ConductorManager, state: str, wait: list[str]) -> str:
    node = manager.create_node({"driver": "fake-hardware", "provision_state": state,
                                "driver_info": {"fake_wait": wait}})
    return str(node["uuid"])


def test_deploy_waits_for_heartbeat(manager: ConductorManager) -> None:
    uuid = waiting_node(manager, "available", ["deploy"])
    manager.do_node_deploy(uuid)
    got = idle(manager, uuid)
    assert got["provision_state"] == "wait call-back" and got["target_provision_state"] == "active"
    assert got["deploy_step"] == {"interface": "deploy", "step": "deploy", "args": {},
                                  "priority": 100}
    assert got["reservation"] is None
    op = manager.runner.current(uuid)
    assert op is not None and op["state"] == "waiting"
    manager.heartbeat(uuid, URL, "9.0.0")
    got = idle(manager, uuid)
    assert got["provision_state"] == "active" and got["deploy_step"] is None
    assert got["driver_internal_info"]["agent_url"] == URL
    assert got["driver_internal_info"]["agent_version"] == "9.0.0"
    assert manager.operations.get(op["uuid"])["state"] == "succeeded"


@pytest.mark.parametrize(("start", "call", "wait_state", "end"), [
    ("manageable", "provide", "clean wait", "available"),
    ("manageable", "inspect", "inspect wait", "manageable"),
    ("active", "rescue", "rescue wait", "rescue"),
])
def test_other_waits(manager: ConductorManager, start: str, call: str, wait_state: str,
                     end: str) -> None:
    uuid = waiting_node(manager, start, ["clean", "inspect", "rescue"])
    if call == "provide":
        manager.do_provisioning_action(uuid, "provide")
    elif call == "inspect":
        manager.inspect_hardware(uuid)
    else:
        manager.do_node_rescue(uuid, "pw")
    assert idle(manager, uuid)["provision_state"] == wait_state
    manager.heartbeat(uuid, URL)
    assert idle(manager, uuid)["provision_state"] == end


def test_manual_clean_wait_keeps_manageable_target(manager: ConductorManager) -> None:
    uuid = waiting_node(manager, "manageable", ["clean"])
    manager.do_node_clean(uuid, [{"interface": "vendor", "step": "log_passthrough"}])
    got = idle(manager, uuid)
    assert (got["provision_state"], got["target_provision_state"]) == ("clean wait",
                                                                        "manageable")
    assert got["clean_step"]["step"] == "log_passthrough"
    manager.continue_node_clean(uuid)
    assert idle(manager, uuid)["provision_state"] == "manageable"


def test_abort_clean_wait_after_non_abortable_step(manager: ConductorManager) -> None:
    uuid = waiting_node(manager, "manageable", ["clean"])
    manager.do_provisioning_action(uuid, "provide")
    idle(manager, uuid)
    manager.do_provisioning_action(uuid, "abort")
    got = manager.nodes.get(uuid)
    assert got["provision_state"] == "clean wait" and got["clean_step"]["abort_after"]
    manager.heartbeat(uuid, URL)
    got = idle(manager, uuid)
    assert got["provision_state"] == "clean failed" and not got["maintenance"]
    assert "aborted after step vendor.log_passthrough" in got["last_error"]


def test_abort_inspect_and_rescue_waits(manager: ConductorManager) -> None:
    a = waiting_node(manager, "manageable", ["inspect"])
    manager.inspect_hardware(a)
    idle(manager, a)
    manager.do_provisioning_action(a, "abort")
    got = manager.nodes.get(a)
    assert got["provision_state"] == "inspect failed"
    assert got["last_error"] == "By request, the inspection was aborted"
    b = waiting_node(manager, "active", ["rescue"])
    manager.do_node_rescue(b, "pw")
    idle(manager, b)
    manager.do_provisioning_action(b, "abort")
    assert manager.nodes.get(b)["provision_state"] == "rescue failed"
    assert manager.runner.current(b) is None


def test_heartbeat_token_and_idle_states(manager: ConductorManager) -> None:
    node = manager.create_node({"driver": "fake-hardware", "provision_state": "active",
                                "driver_internal_info": {"agent_secret_token": "t0k"}})
    with pytest.raises(errors.InvalidParameterValue, match="agent token"):
        manager.heartbeat(node["uuid"], URL, agent_token="wrong")
    manager.heartbeat(node["uuid"], URL, agent_token="t0k")
    assert manager.nodes.get(node["uuid"])["provision_state"] == "active"
    with pytest.raises(errors.InvalidStateRequested):
        manager.continue_node_deploy(node["uuid"])


@pytest.mark.parametrize(("state", "wait", "call", "failed", "message"), [
    ("available", "deploy", "deploy", "deploy failed", "Timeout reached while waiting for "
                                                       "callback for node"),
    ("manageable", "clean", "provide", "clean failed", "Timeout reached while cleaning"),
    ("manageable", "inspect", "inspect", "inspect failed", "Timeout reached while inspecting"),
    ("active", "rescue", "rescue", "rescue failed", "Timeout reached while waiting for rescue"),
])
def test_wait_timeouts(tmp_path: Any, db: Database, state: str, wait: str, call: str,
                       failed: str, message: str) -> None:
    conf = make_conf(tmp_path, conductor={
        "deploy_callback_timeout": 30, "clean_callback_timeout": 30,
        "inspect_wait_timeout": 30, "rescue_callback_timeout": 30})
    mgr = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(4))
    try:
        uuid = waiting_node(mgr, state, [wait])
        {"deploy": lambda: mgr.do_node_deploy(uuid),
         "provide": lambda: mgr.do_provisioning_action(uuid, "provide"),
         "inspect": lambda: mgr.inspect_hardware(uuid),
         "rescue": lambda: mgr.do_node_rescue(uuid, "pw")}[call]()
        idle(mgr, uuid)
        checker = WaitTimeouts(mgr)
        assert checker.run_once() == 0  # not late yet
        old = models.utcnow() - datetime.timedelta(seconds=60)
        with db.transaction() as conn:
            conn.execute(update(models.nodes).where(models.nodes.c.uuid == uuid)
                         .values(provision_updated_at=old))
        assert checker.run_once() == 1
        got = mgr.nodes.get(uuid)
        assert got["provision_state"] == failed and message in got["last_error"]
        assert got["reservation"] is None
        assert mgr.operations.list_for_target("node", uuid)[-1]["state"] == "failed"
    finally:
        mgr.pool.shutdown(wait=True, timeout=10)


# -- takeover ---------------------------------------------------------------------------------

def _dead_deploy(manager: ConductorManager, *, completed: int,
                 unsafe_step: bool = False) -> tuple[str, dict[str, Any]]:
    """A deploy a dead conductor left in ``deploying`` after ``completed`` steps."""
    node = manager.create_node({"driver": "fake-hardware", "provision_state": "deploying",
                                "target_provision_state": "active", "reservation": "dead-1",
                                "power_state": "power off"})
    steps = flows.deploying([{"kind": "deploy", "interface": "deploy", "step": "deploy",
                              "args": {}, "priority": 100, "abortable": False,
                              "safe_to_repeat": not unsafe_step}], rebuild=False)
    op = manager.operations.create("deploy", "node", node["uuid"], steps=steps,
                                   params={}, owner="dead-1", lease_seconds=5, state="running")
    manager.operations.complete_step(op["uuid"], completed - 1)
    with manager.db.transaction() as conn:
        conn.execute(update(models.operations).where(models.operations.c.id == op["id"])
                     .values(lease_expires_at=models.utcnow() - datetime.timedelta(seconds=1)))
    return str(node["uuid"]), op


def test_takeover_resumes_from_last_completed_step(manager: ConductorManager) -> None:
    uuid, op = _dead_deploy(manager, completed=1)
    keeper = LeaseKeeper(manager.conf, manager.db, HOST, manager=manager)
    keeper.check()
    got = idle(manager, uuid)
    assert got["provision_state"] == "active" and got["reservation"] is None
    assert got["power_state"] == "power on"
    after = manager.operations.get(op["uuid"])
    assert after["state"] == "succeeded" and after["owner"] == HOST
    assert after["owner_history"] == ["dead-1"]
    takeover = after["params"]["takeovers"][0]
    assert takeover["from"] == "dead-1" and takeover["to"] == HOST
    assert takeover["resume_step"] == 1 and takeover["node_state"] == "deploying"
    events = manager.tasks.history.list_for_node(got["id"], limit=10, marker=None)
    assert any(e["event_type"] == "takeover" and "dead-1" in e["event"] for e in events)


def test_takeover_fails_unsafe_step(manager: ConductorManager) -> None:
    uuid, op = _dead_deploy(manager, completed=1, unsafe_step=True)
    LeaseKeeper(manager.conf, manager.db, HOST, manager=manager).check()
    got = idle(manager, uuid)
    assert got["provision_state"] == "deploy failed" and got["reservation"] is None
    assert "not safe to repeat" in got["last_error"] and "deploy.deploy" in got["last_error"]
    assert manager.operations.get(op["uuid"])["state"] == "failed"


def test_takeover_waits_while_a_live_conductor_holds_the_lock(
        manager: ConductorManager) -> None:
    uuid, op = _dead_deploy(manager, completed=1)
    manager.nodes.update(uuid, {"reservation": "live-2"})
    keeper = LeaseKeeper(manager.conf, manager.db, HOST, manager=manager)
    keeper.check()
    assert op["uuid"] in keeper.pending
    assert manager.nodes.get(uuid)["provision_state"] == "deploying"
    manager.nodes.update(uuid, {"reservation": None})
    keeper.check()
    assert idle(manager, uuid)["provision_state"] == "active" and not keeper.pending


def test_takeover_of_a_waiting_node_keeps_waiting(manager: ConductorManager) -> None:
    uuid = waiting_node(manager, "available", ["deploy"])
    manager.do_node_deploy(uuid)
    idle(manager, uuid)
    op = manager.runner.current(uuid)
    assert op is not None
    with manager.db.transaction() as conn:
        conn.execute(update(models.operations).where(models.operations.c.id == op["id"])
                     .values(owner="dead-1",
                             lease_expires_at=models.utcnow() - datetime.timedelta(seconds=1)))
    LeaseKeeper(manager.conf, manager.db, HOST, manager=manager).check()
    assert manager.nodes.get(uuid)["provision_state"] == "wait call-back"
    manager.heartbeat(uuid, URL)
    assert idle(manager, uuid)["provision_state"] == "active"
    assert manager.operations.get(op["uuid"])["owner_history"] == ["dead-1"]


def test_stale_operation_is_closed(manager: ConductorManager) -> None:
    uuid, op = _dead_deploy(manager, completed=1)
    manager.nodes.update(uuid, {"provision_state": "active", "reservation": None})
    LeaseKeeper(manager.conf, manager.db, HOST, manager=manager).check()
    assert manager.operations.get(op["uuid"])["state"] == "succeeded"
