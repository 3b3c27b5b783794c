#!/usr/bin/env python3
"""Power sync at scale: one full sync pass over N nodes on N simulated IPMI BMCs.

    .venv/bin/python bench/ipmi_power_sync.py [--nodes 100] [--dead 10] [--workers 8]

The BMCs are real IPMI 2.0 servers on 127.0.0.1 (pyghmi's server class, in a child
process: ``baton_drivers.testing.ipmi_bmc``); the conductor side is the real PowerSync over
a SQLite database, the ``ipmi`` power interface and pyghmi sessions. Passes measured:

1. cold: every BMC alive, no session yet (logins included);
2. warm: every BMC alive, sessions reused;
3. dead, first pass: ``--dead`` BMCs stop answering (each costs ``[ipmi] command_timeout``);
4. dead, next pass: the failing nodes now run in the sync's second lane.

For each pass it prints the wall time and when the last healthy node was done. Figures
only: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "core"), str(ROOT / "drivers")]

from baton.conductor.manager import ConductorManager  # noqa: E402
from baton.conductor.sync import PowerSync  # noqa: E402
from baton.db import models  # noqa: E402
from baton.db.engine import Database  # noqa: E402
from baton.engine.loader import DriverRegistry  # noqa: E402
from baton.engine.workers import WorkerPool  # noqa: E402
from baton.interfaces.types import NodeInfo, PowerState  # noqa: E402
from baton.testing.fixtures import make_test_conf  # noqa: E402
from baton_drivers.ipmi import conf as ipmi_conf  # noqa: E402
from baton_drivers.testing.ipmi_bmc import BMCSimulator  # noqa: E402


class Timed:
    """Wraps the power interface: when did each node's reading end?"""

    def __init__(self, power: Any) -> None:
        self.power = power
        self.done: dict[str, float] = {}
        self.lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.power, name)

    def get_power_state(self, node: NodeInfo) -> str:
        try:
            return str(self.power.get_power_state(node))
        finally:
            with self.lock:
                self.done[node.uuid] = time.monotonic()


def run_pass(label: str, sync: PowerSync, timed: Timed, healthy: set[str]) -> None:
    timed.done.clear()
    start = time.monotonic()
    sync.run_once()
    wall = time.monotonic() - start
    last_healthy = max((t for u, t in timed.done.items() if u in healthy), default=start)
    print(f"{label:<28} wall {wall:7.3f} s   last healthy node done at "
          f"{last_healthy - start:7.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--dead", type=int, default=10)
    parser.add_argument("--workers", type=int, default=8,
                        help="[conductor] sync_power_state_workers (default 8, as Ironic)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="[ipmi] command_timeout (default 10 s)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the dead nodes' warnings are expected
    with tempfile.TemporaryDirectory(prefix="baton-bench-") as tmp, \
            BMCSimulator(args.nodes) as sim:
        conf = make_test_conf(
            state_path=tmp, register=[ipmi_conf.register_opts], host="bench",
            enabled_hardware_types=["ipmi"], enabled_power_interfaces=["ipmi"],
            enabled_management_interfaces=["ipmi"],
            groups={"ipmi": {"command_timeout": args.timeout},
                    "conductor": {"sync_power_state_workers": args.workers,
                                  "power_state_sync_max_retries": 10}})
        db = Database(f"sqlite:///{tmp}/baton.sqlite")
        models.metadata.create_all(db.engine)
        registry = DriverRegistry(conf)
        timed = Timed(registry.interfaces["power"]["ipmi"])
        registry.interfaces["power"]["ipmi"] = timed  # type: ignore[assignment]
        manager = ConductorManager(conf, db, registry, "bench", pool=WorkerPool(4))
        uuids = []
        for index in range(args.nodes):
            node = manager.create_node({"driver": "ipmi", "provision_state": "manageable",
                                        "driver_info": sim.driver_info(index)})
            manager.nodes.update(node["uuid"], {"power_state": PowerState.OFF})
            uuids.append(node["uuid"])
        sync = PowerSync(manager)
        print(f"{args.nodes} nodes on {args.nodes} simulated IPMI BMCs, "
              f"{args.workers} sync workers, command_timeout {args.timeout:g} s")
        run_pass("1 all alive, cold", sync, timed, set(uuids))
        run_pass("2 all alive, warm", sync, timed, set(uuids))
        dead = set(range(0, args.nodes, max(1, args.nodes // max(1, args.dead))))
        dead = set(sorted(dead)[:args.dead])
        for index in dead:
            sim.mute(index)
        healthy = {u for i, u in enumerate(uuids) if i not in dead}
        run_pass(f"3 {len(dead)} dead, first pass", sync, timed, healthy)
        run_pass(f"4 {len(dead)} dead, next pass", sync, timed, healthy)
        manager.pool.shutdown(wait=True, timeout=10)
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
