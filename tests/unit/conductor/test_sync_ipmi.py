"""The periodic power sync over real IPMI sessions to simulated BMCs, some of them dead."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baton.conductor.manager import ConductorManager
from baton.conductor.sync import POWER_FAILURE, PowerSync
from baton.db.engine import Database
from baton.engine.loader import DriverRegistry
from baton.engine.workers import WorkerPool
from baton.interfaces.types import PowerState
from baton.testing.fixtures import make_test_conf
from baton_drivers.ipmi import conf as ipmi_conf
from baton_drivers.testing.ipmi_bmc import BMCSimulator

from .conftest import HOST

NODES, DEAD = 12, (3, 7, 11)


@pytest.fixture
def sim() -> Iterator[BMCSimulator]:
    with BMCSimulator(NODES) as simulator:
        yield simulator


@pytest.fixture
def ipmi_manager(tmp_path: Path, db: Database) -> Iterator[ConductorManager]:
    conf = make_test_conf(
        state_path=str(tmp_path), register=[ipmi_conf.register_opts], host=HOST,
        enabled_hardware_types=["ipmi"], enabled_power_interfaces=["ipmi"],
        enabled_management_interfaces=["ipmi"],
        groups={"ipmi": {"command_timeout": 2.0, "power_state_poll_interval": 0.02},
                "conductor": {"sync_power_state_workers": 4,
                              "power_state_sync_max_retries": 2}})
    manager = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(4))
    yield manager
    manager.pool.shutdown(wait=True, timeout=10)


def enroll(manager: ConductorManager, sim: BMCSimulator) -> list[dict[str, Any]]:
    nodes = []
    for index in range(NODES):
        node = manager.create_node({"driver": "ipmi", "provision_state": "manageable",
                                    "driver_info": sim.driver_info(index)})
        nodes.append(manager.nodes.update(node["uuid"], {"power_state": PowerState.OFF}))
    return nodes


def test_sync_covers_every_node_and_isolates_dead_bmcs(
        ipmi_manager: ConductorManager, sim: BMCSimulator) -> None:
    nodes = enroll(ipmi_manager, sim)
    sync = PowerSync(ipmi_manager)
    sim.set(0, power="on")  # changed behind Baton's back: forced back off
    for index in DEAD:
        sim.mute(index)
    assert sync.run_once() == NODES
    assert sim.state(0)["power"] == "off"
    for index, node in enumerate(nodes):
        after = ipmi_manager.nodes.get(node["uuid"])
        assert after["power_state"] == PowerState.OFF
        assert after["maintenance"] is False
        # a mismatch counts as a failed sync until the next pass agrees (Ironic's rule)
        assert sync.failures(node["uuid"]) == (1 if index in (0, *DEAD) else 0)
    # Second pass: the dead ones reach max retries and go to maintenance with a fault;
    # healthy nodes are synced in their own lane meanwhile.
    sim.set(1, power="on")
    start = time.monotonic()
    sync.run_once()
    assert time.monotonic() - start < 10  # 2 s timeouts in parallel, not pyghmi's 30 s
    assert sim.state(1)["power"] == "off"
    for index in DEAD:
        after = ipmi_manager.nodes.get(nodes[index]["uuid"])
        assert (after["maintenance"], after["fault"], after["power_state"]) == (
            True, POWER_FAILURE, None)
        assert f"ipmi://127.0.0.1:{sim.ports[index]}" in after["maintenance_reason"]
        assert sim.password not in after["maintenance_reason"]
    assert sync.run_once() == NODES - len(DEAD)  # maintenance nodes are skipped


def test_locked_nodes_are_skipped(ipmi_manager: ConductorManager, sim: BMCSimulator) -> None:
    nodes = enroll(ipmi_manager, sim)
    ipmi_manager.nodes.reserve(nodes[0]["uuid"], "elsewhere")
    sim.set(0, power="on")
    assert PowerSync(ipmi_manager).run_once() == NODES - 1
    assert sim.state(0)["power"] == "on"


def test_dead_bmcs_do_not_hold_back_the_first_pass(
        tmp_path: Path, db: Database, sim: BMCSimulator) -> None:
    """Even before any of them has failed once, dead BMCs are handed to the slow lane:
    the healthy nodes are all synced while the dead ones still wait out their timeout."""
    conf = make_test_conf(
        state_path=str(tmp_path), register=[ipmi_conf.register_opts], host=HOST,
        enabled_hardware_types=["ipmi"], enabled_power_interfaces=["ipmi"],
        enabled_management_interfaces=["ipmi"],
        groups={"ipmi": {"command_timeout": 4.0, "command_retries": 0,
                         "power_state_poll_interval": 0.02},
                "conductor": {"sync_power_state_workers": 2,
                              "sync_power_state_slow_threshold": 0.3}})
    manager = ConductorManager(conf, db, DriverRegistry(conf), HOST, pool=WorkerPool(4))
    try:
        nodes = enroll(manager, sim)
        healthy = [i for i in range(NODES) if i not in DEAD]
        for index in DEAD:
            sim.mute(index)
        for index in healthy:
            sim.set(index, power="on")  # each healthy node needs a real correction
        sync = PowerSync(manager)
        finished = threading.Event()
        runner = threading.Thread(target=lambda: (sync.run_once(), finished.set()))
        runner.start()
        deadline = time.monotonic() + 30
        while not all(sim.state(i)["power"] == "off" for i in healthy):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # With 2 workers and 3 dead BMCs first in line, the healthy nodes could only be
        # done by now if the dead ones had let go of the workers.
        assert not finished.is_set(), "the dead BMCs should still be waited for"
        runner.join(30)
        assert finished.is_set()
        for index in DEAD:
            assert sync.failures(nodes[index]["uuid"]) == 1
        for index in healthy:
            assert manager.nodes.get(nodes[index]["uuid"])["power_state"] == PowerState.OFF
    finally:
        manager.pool.shutdown(wait=True, timeout=10)
