"""Provisioning flows through the real conductor manager and the fake drivers."""

from __future__ import annotations

from typing import Any

import pytest
from oslo_config import cfg

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.engine import Database
from baton.engine.loader import DriverRegistry
from baton.engine.workers import WorkerPool

from .conftest import HOST, idle, make_conf


def ops_of(manager: ConductorManager, uuid: str) -> list[dict[str, Any]]:
    return manager.operations.list_for_target("node", uuid)


def history(manager: ConductorManager, node: dict[str, Any]) -> list[dict[str, Any]]:
    return manager.tasks.history.list_for_node(node["id"], limit=100, marker=None)


def set_state(manager: ConductorManager, uuid: str, state: str, **values: Any) -> None:
    manager.nodes.update(uuid, {"provision_state": state, **values})


def test_manage_inspect_provide_deploy_undeploy(manager: ConductorManager,
                                                node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    manager.do_provisioning_action(uuid, "manage")
    got = idle(manager, uuid)
    assert got["provision_state"] == "manageable" and got["power_state"] == "power off"
    assert got["target_provision_state"] is None and got["provision_updated_at"]
    manager.inspect_hardware(uuid)
    got = idle(manager, uuid)
    assert got["provision_state"] == "manageable" and got["inspection_finished_at"]
    manager.do_provisioning_action(uuid, "provide")
    got = idle(manager, uuid)
    assert got["provision_state"] == "available" and got["clean_step"] is None
    clean = ops_of(manager, uuid)[-1]
    assert clean["kind"] == "provide" and clean["state"] == "succeeded"
    assert [f"{s['interface']}.{s['step']}" for s in clean["steps"] if s["kind"] == "clean"] \
        == ["vendor.log_passthrough"]
    assert clean["last_completed_step"] == len(clean["steps"]) - 1
    manager.do_node_deploy(uuid, configdrive="H4sI")
    got = idle(manager, uuid)
    assert got["provision_state"] == "active" and got["power_state"] == "power on"
    assert got["instance_info"]["configdrive"] == "H4sI" and got["deploy_step"] is None
    assert got["reservation"] is None and got["last_error"] is None
    manager.do_node_tear_down(uuid)
    got = idle(manager, uuid)
    assert got["provision_state"] == "available" and got["instance_info"] == {}
    assert got["power_state"] == "power off"
    kinds = [op["kind"] for op in ops_of(manager, uuid)]
    assert kinds == ["verify", "inspect", "provide", "deploy", "undeploy"]
    assert {op["owner"] for op in ops_of(manager, uuid)} == {HOST}
    events = [h["event"] for h in history(manager, node)]
    assert any("Deploy of node" in e and "active" in e for e in events)


def test_rebuild_rescue_unrescue(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    set_state(manager, uuid, "available")
    manager.do_node_deploy(uuid)
    idle(manager, uuid)
    manager.do_node_deploy(uuid, rebuild=True)
    assert idle(manager, uuid)["provision_state"] == "active"
    with pytest.raises(errors.InvalidParameterValue):
        manager.do_node_rescue(uuid, "  ")
    manager.do_node_rescue(uuid, "s3cret")
    got = idle(manager, uuid)
    assert got["provision_state"] == "rescue" and got["instance_info"]["rescue_password"]
    manager.do_node_unrescue(uuid)
    got = idle(manager, uuid)
    assert got["provision_state"] == "active"
    assert "rescue_password" not in got["instance_info"]


def test_illegal_verbs_change_nothing(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    before = manager.nodes.get(uuid)
    for call in (lambda: manager.do_node_deploy(uuid), lambda: manager.do_node_tear_down(uuid),
                 lambda: manager.inspect_hardware(uuid),
                 lambda: manager.do_provisioning_action(uuid, "provide"),
                 lambda: manager.do_provisioning_action(uuid, "abort"),
                 lambda: manager.do_node_clean(uuid, [{"interface": "bios",
                                                       "step": "factory_reset"}])):
        with pytest.raises(errors.InvalidStateRequested, match='state "enroll"'):
            call()
    after = manager.nodes.get(uuid)
    for moved in ("updated_at", "revision"):  # the lock came and went
        after.pop(moved)
        before.pop(moved)
    assert after == before and ops_of(manager, uuid) == []


def test_manual_clean_with_steps(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    set_state(manager, uuid, "manageable")
    with pytest.raises(errors.InvalidParameterValue, match="No clean step named bios.nope"):
        manager.do_node_clean(uuid, [{"interface": "bios", "step": "nope"}])
    with pytest.raises(errors.InvalidParameterValue, match="missing required arguments"):
        manager.do_node_clean(uuid, [{"interface": "bios", "step": "apply_configuration"}])
    assert manager.nodes.get(uuid)["provision_state"] == "manageable"
    settings = [{"name": "LogicalProc", "value": "Enabled"}]
    manager.do_node_clean(uuid, [{"interface": "bios", "step": "apply_configuration",
                                  "args": {"settings": settings}},
                                 {"interface": "bios", "step": "cache_bios_settings"}])
    got = idle(manager, uuid)
    assert got["provision_state"] == "manageable" and got["target_provision_state"] is None
    op = ops_of(manager, uuid)[-1]
    assert op["kind"] == "clean" and op["state"] == "succeeded"
    assert [s["step"] for s in op["steps"] if s["kind"] == "clean"] == [
        "apply_configuration", "cache_bios_settings"]


def test_failed_clean_step_goes_to_clean_failed_and_maintenance(
        manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    set_state(manager, uuid, "manageable")
    manager.do_node_clean(uuid, [{"interface": "bios", "step": "apply_configuration",
                                  "args": {"settings": [{"value": 1}]}}])
    got = idle(manager, uuid)
    assert got["provision_state"] == "clean failed"
    assert "Clean step bios.apply_configuration failed" in got["last_error"]
    assert got["maintenance"] and got["fault"] == "clean failure"
    assert got["clean_step"] is None and got["reservation"] is None
    assert ops_of(manager, uuid)[-1]["state"] == "failed"
    assert history(manager, node)[-1]["severity"] == "ERROR"
    # manage leaves clean failed.
    manager.do_provisioning_action(uuid, "manage")
    assert manager.nodes.get(uuid)["provision_state"] == "manageable"


def test_user_deploy_steps(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    set_state(manager, uuid, "available")
    with pytest.raises(errors.InvalidParameterValue, match="deploy.nope"):
        manager.do_node_deploy(uuid, deploy_steps=[{"interface": "deploy", "step": "nope",
                                                    "args": {}, "priority": 10}])
    manager.do_node_deploy(uuid, deploy_steps=[{"interface": "deploy", "step": "deploy",
                                                "args": {}, "priority": 0}])
    assert idle(manager, uuid)["provision_state"] == "active"
    steps = ops_of(manager, uuid)[-1]["steps"]
    assert [s for s in steps if s["kind"] == "deploy"] == []


@pytest.mark.parametrize(("setting", "node_value", "cleaned"), [
    (True, None, True), (False, None, False), (False, True, True), (True, False, False)])
def test_automated_clean_settings(tmp_path: Any, db: Database, setting: bool,
                                  node_value: bool | None, cleaned: bool) -> None:
    conf = make_conf(tmp_path, conductor={"automated_clean": setting})
    mgr = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(4))
    try:
        node = mgr.create_node({"driver": "fake-hardware", "provision_state": "manageable",
                                "automated_clean": node_value})
        mgr.do_provisioning_action(node["uuid"], "provide")
        assert idle(mgr, node["uuid"])["provision_state"] == "available"
        steps = ops_of(mgr, node["uuid"])[-1]["steps"]
        assert any(s["kind"] == "clean" for s in steps) is cleaned
    finally:
        mgr.pool.shutdown(wait=True, timeout=10)


def test_adopt_and_failed_verify(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    set_state(manager, uuid, "manageable")
    manager.do_provisioning_action(uuid, "adopt")
    assert idle(manager, uuid)["provision_state"] == "active"
    other = manager.create_node({"driver": "fake-hardware", "boot_interface": "fake",
                                 "name": "other"})
    assert other["provision_state"] == "enroll"


def test_maintenance_refuses_deploy(manager: ConductorManager, node: dict[str, Any]) -> None:
    set_state(manager, node["uuid"], "available", maintenance=True)
    with pytest.raises(errors.NodeInMaintenance):
        manager.do_node_deploy(node["uuid"])


def test_conf_has_timeouts(conf: cfg.ConfigOpts) -> None:
    assert conf.conductor.deploy_callback_timeout == 1800
    assert conf.conductor.check_provision_state_interval == 60
