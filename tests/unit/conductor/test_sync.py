"""The periodic power sync against the fake power interface's simulated hardware."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from baton.conductor.manager import ConductorManager
from baton.conductor.sync import POWER_FAILURE, PowerSync
from baton.db.engine import Database
from baton.db.repositories import ConductorRepository, NodeHistoryRepository
from baton.engine.hash_ring import HashRing
from baton.engine.loader import DriverRegistry
from baton.engine.workers import WorkerPool
from baton.interfaces.types import PowerState
from baton_drivers.interfaces._fake_state import node_state

from .conftest import HOST, make_conf
from .test_power import BrokenPower


def powered(manager: ConductorManager, state: str = PowerState.ON, **values: Any
            ) -> dict[str, Any]:
    node = manager.create_node({"driver": "fake-hardware", "provision_state": "manageable",
                                **values})
    node = manager.nodes.update(node["uuid"], {"power_state": state})
    node_state(node["uuid"]).power_state = state
    return node


def history(manager: ConductorManager, node: dict[str, Any]) -> list[dict[str, Any]]:
    return NodeHistoryRepository(manager.db).list_for_node(node["id"])


def test_in_sync_nodes_are_left_alone(manager: ConductorManager) -> None:
    node = powered(manager)
    sync = PowerSync(manager)
    assert sync.run_once() == 1
    assert manager.nodes.get(node["uuid"])["power_state"] == PowerState.ON
    assert history(manager, node) == []


def test_out_of_band_change_is_forced_back_and_recorded(manager: ConductorManager) -> None:
    node = powered(manager)
    node_state(node["uuid"]).power_state = PowerState.OFF  # someone pressed the button
    PowerSync(manager).run_once()
    assert node_state(node["uuid"]).power_state == PowerState.ON
    after = manager.nodes.get(node["uuid"])
    assert (after["power_state"], after["target_power_state"], after["reservation"]) == (
        PowerState.ON, None, None)
    events = history(manager, node)
    assert len(events) == 1 and events[0]["event_type"] == "monitoring"
    assert "does not match expected state 'power on'" in events[0]["event"]


def test_out_of_band_change_recorded_without_force(tmp_path: Path, db: Database) -> None:
    conf = make_conf(tmp_path, conductor={"force_power_state_during_sync": False})
    mgr = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(2))
    node = powered(mgr)
    node_state(node["uuid"]).power_state = PowerState.OFF
    PowerSync(mgr).run_once()
    assert mgr.nodes.get(node["uuid"])["power_state"] == PowerState.OFF
    assert "Updating recorded state to 'power off'" in history(mgr, node)[0]["event"]


def test_first_state_is_recorded(manager: ConductorManager) -> None:
    node = manager.create_node({"driver": "fake-hardware", "provision_state": "manageable"})
    PowerSync(manager).run_once()
    assert manager.nodes.get(node["uuid"])["power_state"] == PowerState.OFF


def test_skips_locked_maintenance_and_excluded(manager: ConductorManager) -> None:
    locked = powered(manager)
    manager.nodes.reserve(locked["uuid"], "elsewhere")
    maint = powered(manager, maintenance=True)
    enroll = manager.create_node({"driver": "fake-hardware"})
    for n in (locked, maint):
        node_state(n["uuid"]).power_state = PowerState.OFF
    sync = PowerSync(manager)
    assert sync.nodes_to_sync() == []
    assert sync.run_once() == 0
    assert manager.nodes.get(locked["uuid"])["power_state"] == PowerState.ON
    assert manager.nodes.get(enroll["uuid"])["power_state"] is None


def test_repeated_failures_put_the_node_in_maintenance(tmp_path: Path, db: Database) -> None:
    conf = make_conf(tmp_path, conductor={"power_state_sync_max_retries": 3})
    registry = DriverRegistry(conf)
    mgr = ConductorManager(conf, db, registry, HOST, pool=WorkerPool(2))
    node = powered(mgr)
    registry.interfaces["power"]["fake"] = BrokenPower(conf)  # the BMC stops answering
    sync = PowerSync(mgr)
    for attempt in (1, 2):
        sync.run_once()
        assert sync.failures(node["uuid"]) == attempt
        assert mgr.nodes.get(node["uuid"])["maintenance"] is False
    sync.run_once()
    after = mgr.nodes.get(node["uuid"])
    assert after["maintenance"] is True
    assert after["fault"] == POWER_FAILURE
    assert "max retries exceeded" in after["maintenance_reason"]
    assert "timed out" in after["maintenance_reason"]
    assert after["last_error"] == after["maintenance_reason"]
    assert after["reservation"] is None
    assert history(mgr, after)[-1]["severity"] == "ERROR"
    assert sync.run_once() == 0  # in maintenance now


def test_sync_covers_only_nodes_owned_on_the_ring(tmp_path: Path, db: Database) -> None:
    conf = make_conf(tmp_path, conductor={"hash_ring_reset_interval": 0})
    registry = DriverRegistry(conf)
    mgr = ConductorManager(conf, db, registry, HOST, pool=WorkerPool(2))
    conductors = ConductorRepository(db)
    for host in (HOST, "cond-2"):
        conductors.register(host, rpc_address="", rpc_version="1.0",
                            drivers=registry.describe())
    nodes = [powered(mgr) for _ in range(40)]
    ring = HashRing(conf, db)
    mine = {n["uuid"] for n in nodes if ring.get_host_for(n) == HOST}
    assert 0 < len(mine) < 40
    sync = PowerSync(mgr, ring)
    assert {n["uuid"] for n in sync.nodes_to_sync()} == mine
    assert sync.run_once() == len(mine)
