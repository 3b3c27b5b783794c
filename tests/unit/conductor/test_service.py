"""The conductor service: registration, stale locks, heartbeat, leases, takeover, stop."""

from __future__ import annotations

import datetime
from pathlib import Path

from sqlalchemy import update

from baton.conductor.service import ConductorService
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import ConductorRepository, NodeRepository, OperationRepository
from baton.engine.loader import DriverRegistry
from baton.interfaces.types import PowerState
from baton.rpc.versions import RPC_API_VERSION

from .conftest import HOST, make_conf, wait_for


def make_service(tmp_path: Path, db: Database, **conductor: object) -> ConductorService:
    conf = make_conf(tmp_path, conductor={"heartbeat_interval": 1, "check_lease_interval": 1,
                                          "sync_power_state_interval": 0, **conductor})
    return ConductorService(conf, db, DriverRegistry(conf))


def test_start_registers_and_releases_stale_locks(tmp_path: Path, db: Database) -> None:
    nodes = NodeRepository(db)
    stale = nodes.create({"driver": "fake-hardware", "reservation": HOST,
                          "target_power_state": PowerState.ON})
    other = nodes.create({"driver": "fake-hardware", "reservation": "other-host"})
    service = make_service(tmp_path, db)
    service.start()
    try:
        row = ConductorRepository(db).get(HOST)
        assert row["online"] is True
        assert row["rpc_version"] == RPC_API_VERSION
        assert row["rpc_address"] == ""  # in-process
        assert "fake-hardware" in row["drivers"]
        after = nodes.get(stale["uuid"])
        assert after["reservation"] is None and after["target_power_state"] is None
        assert nodes.get(other["uuid"])["reservation"] == "other-host"
        first = row["heartbeat_at"]
        wait_for(lambda: ConductorRepository(db).get(HOST)["heartbeat_at"] > first, 5)
    finally:
        service.stop()
    assert ConductorRepository(db).get(HOST)["online"] is False


def test_stop_waits_for_background_work(tmp_path: Path, db: Database) -> None:
    service = make_service(tmp_path, db)
    service.start()
    node = service.manager.create_node({"driver": "fake-hardware"})
    service.manager.change_node_power_state(node["uuid"], PowerState.ON)
    service.stop()
    final = NodeRepository(db).get(node["uuid"])
    assert final["power_state"] == PowerState.ON and final["reservation"] is None


def test_leases_renewed_and_expired_ones_taken_over(tmp_path: Path, db: Database) -> None:
    ops = OperationRepository(db)
    mine = ops.create("power", "node", "n1", steps=[], params={}, owner=HOST, lease_seconds=5)
    dead = ops.create("deploy", "node", "n2", steps=[], params={}, owner="dead-host",
                      lease_seconds=5)
    with db.transaction() as conn:
        conn.execute(update(models.operations).where(models.operations.c.id == dead["id"])
                     .values(lease_expires_at=models.utcnow() - datetime.timedelta(seconds=1)))
    service = make_service(tmp_path, db, operation_lease_duration=120)
    service.start()
    try:
        service.heartbeat()
        renewed = ops.get(mine["uuid"])
        assert renewed["lease_expires_at"] > models.utcnow() + datetime.timedelta(seconds=60)
        claimed = service.leases.claim_expired()
        assert [c["uuid"] for c in claimed] == [dead["uuid"]]
        taken = ops.get(dead["uuid"])
        assert taken["owner"] == HOST and taken["owner_history"] == ["dead-host"]
    finally:
        service.stop()


def test_locks_of_dead_conductors_are_released(tmp_path: Path, db: Database) -> None:
    conductors = ConductorRepository(db)
    conductors.register("dead-host", rpc_address="", rpc_version="1.0", drivers={})
    conductors.register("live-host", rpc_address="", rpc_version="1.0", drivers={})
    with db.transaction() as conn:
        conn.execute(update(models.conductors)
                     .where(models.conductors.c.hostname == "dead-host")
                     .values(heartbeat_at=models.utcnow() - datetime.timedelta(hours=1)))
    nodes = NodeRepository(db)
    orphan = nodes.create({"driver": "fake-hardware", "reservation": "dead-host",
                           "target_power_state": PowerState.OFF})
    busy = nodes.create({"driver": "fake-hardware", "reservation": "live-host"})
    service = make_service(tmp_path, db)
    assert service.leases.release_dead_locks() == 1
    after = nodes.get(orphan["uuid"])
    assert after["reservation"] is None and after["target_power_state"] is None
    assert nodes.get(busy["uuid"])["reservation"] == "live-host"
