"""change_node_power_state: synchronous validation, background action, locks, failures."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.engine import Database
from baton.db.repositories import NodeHistoryRepository
from baton.engine.loader import DriverRegistry
from baton.engine.workers import WorkerPool
from baton.interfaces.power import PowerInterface
from baton.interfaces.types import NodeInfo, PowerState

from .conftest import HOST, idle, make_conf


class BrokenPower(PowerInterface):
    """A power interface whose BMC never answers."""

    def get_properties(self) -> dict[str, str]:
        return {}

    def validate(self, node: NodeInfo) -> None:
        pass

    def get_power_state(self, node: NodeInfo) -> str:
        raise errors.BMCConnectionError(bmc="10.0.0.1", node=node.uuid, reason="timed out")

    def set_power_state(self, node: NodeInfo, power_state: str, *,
                        timeout: int | None = None) -> None:
        raise errors.BMCConnectionError(bmc="10.0.0.1", node=node.uuid, reason="timed out")

    def reboot(self, node: NodeInfo, *, timeout: int | None = None) -> None:
        raise errors.BMCConnectionError(bmc="10.0.0.1", node=node.uuid, reason="timed out")


def test_power_on_sets_target_then_state(manager: ConductorManager,
                                         node: dict[str, Any]) -> None:
    manager.change_node_power_state(node["uuid"], PowerState.ON)
    final = idle(manager, node["uuid"])
    assert final["power_state"] == PowerState.ON
    assert final["target_power_state"] is None
    assert final["reservation"] is None
    assert final["last_error"] is None


def test_target_power_state_visible_while_working(tmp_path: Path, db: Database) -> None:
    conf = make_conf(tmp_path, fake={"power_delay": "0.3"})
    mgr = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(4))
    node = mgr.create_node({"driver": "fake-hardware"})
    mgr.change_node_power_state(node["uuid"], PowerState.REBOOT)
    during = mgr.nodes.get(node["uuid"])
    assert during["target_power_state"] == PowerState.ON
    assert during["reservation"] == HOST
    final = idle(mgr, node["uuid"])
    assert (final["power_state"], final["target_power_state"], final["reservation"]) == (
        PowerState.ON, None, None)
    mgr.pool.shutdown()


def test_power_off_by_name(manager: ConductorManager, node: dict[str, Any]) -> None:
    manager.change_node_power_state("node-0", PowerState.ON)
    idle(manager, node["uuid"])
    manager.change_node_power_state("node-0", PowerState.SOFT_POWER_OFF)
    assert idle(manager, node["uuid"])["power_state"] == PowerState.OFF


def test_unsupported_target_is_refused_synchronously(manager: ConductorManager,
                                                     node: dict[str, Any]) -> None:
    with pytest.raises(errors.InvalidParameterValue, match="does not support the power state"):
        manager.change_node_power_state(node["uuid"], "sideways")
    after = manager.nodes.get(node["uuid"])
    assert after["target_power_state"] is None and after["reservation"] is None


def test_unknown_node(manager: ConductorManager) -> None:
    with pytest.raises(errors.NodeNotFound, match="nope"):
        manager.change_node_power_state("nope", PowerState.ON)


def test_failure_recorded_and_lock_released(manager: ConductorManager, registry: DriverRegistry,
                                            node: dict[str, Any]) -> None:
    registry.interfaces["power"]["fake"] = BrokenPower(manager.conf)
    broken = manager.create_node({"driver": "fake-hardware", "power_interface": "fake"})
    manager.change_node_power_state(broken["uuid"], PowerState.REBOOT)
    final = idle(manager, broken["uuid"])
    assert final["reservation"] is None
    assert final["target_power_state"] is None
    assert "Failed to change power state to 'power on' by 'rebooting'" in final["last_error"]
    assert "timed out" in final["last_error"]
    history = NodeHistoryRepository(manager.db).list_for_node(final["id"])
    assert [h["severity"] for h in history] == ["ERROR"]
    assert history[0]["event"] == final["last_error"]
    assert history[0]["conductor"] == HOST


def test_two_concurrent_requests_one_wins_other_locked(tmp_path: Path, db: Database) -> None:
    conf = make_conf(tmp_path, fake={"power_delay": "0.3"},
                     conductor={"node_locked_retry_attempts": 0})
    mgr = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(4))
    node = mgr.create_node({"driver": "fake-hardware"})
    outcomes: list[Any] = []
    barrier = threading.Barrier(2)

    def request(target: str) -> None:
        barrier.wait()
        try:
            mgr.change_node_power_state(node["uuid"], target)
            outcomes.append("ok")
        except errors.NodeLocked as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=request, args=(t,))
               for t in (PowerState.ON, PowerState.OFF)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    locked = [o for o in outcomes if isinstance(o, errors.NodeLocked)]
    assert len(locked) == 1
    assert f"locked by host {HOST}" in str(locked[0])
    assert locked[0].code == 409
    final = idle(mgr, node["uuid"])
    assert final["reservation"] is None
    mgr.pool.shutdown()


def test_second_request_waits_within_retry_budget(tmp_path: Path, db: Database) -> None:
    conf = make_conf(tmp_path, fake={"power_delay": "0.2"},
                     conductor={"node_locked_retry_attempts": 30,
                                "node_locked_retry_interval": 0.05})
    mgr = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(4))
    node = mgr.create_node({"driver": "fake-hardware"})
    mgr.change_node_power_state(node["uuid"], PowerState.ON)
    # The first action holds the lock ~0.4 s (state read + change); the second waits for it.
    mgr.change_node_power_state(node["uuid"], PowerState.OFF)
    final = idle(mgr, node["uuid"])
    assert final["power_state"] == PowerState.OFF
    assert final["reservation"] is None
    mgr.pool.shutdown()


def test_no_free_worker_undoes_target(tmp_path: Path, db: Database) -> None:
    conf = make_conf(tmp_path, fake={"power_delay": "0.3"})
    mgr = ConductorManager(conf, db, DriverRegistry(conf), HOST,
                           pool=WorkerPool(1, queue_size=1))
    nodes = [mgr.create_node({"driver": "fake-hardware"}) for _ in range(3)]
    mgr.change_node_power_state(nodes[0]["uuid"], PowerState.ON)
    mgr.change_node_power_state(nodes[1]["uuid"], PowerState.ON)  # queued
    with pytest.raises(errors.NoFreeConductorWorker) as info:
        mgr.change_node_power_state(nodes[2]["uuid"], PowerState.ON)
    assert info.value.code == 503
    refused = mgr.nodes.get(nodes[2]["uuid"])
    assert refused["target_power_state"] is None
    assert refused["reservation"] is None
    assert refused["last_error"] == "No free conductor workers available"
    for n in nodes[:2]:
        assert idle(mgr, n["uuid"])["power_state"] == PowerState.ON
    mgr.pool.shutdown()


def test_invalid_timeout(manager: ConductorManager, node: dict[str, Any]) -> None:
    with pytest.raises(errors.InvalidParameterValue):
        manager.change_node_power_state(node["uuid"], PowerState.ON, timeout=-1)
