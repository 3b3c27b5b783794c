"""The hash ring: distribution, rebalancing, liveness, groups and caching (real SQLite)."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from baton import errors
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import ConductorRepository
from baton.engine.hash_ring import ConsistentRing, HashRing
from baton.testing.fixtures import make_test_conf

KEYS = [str(uuid.UUID(int=i * 7919 + 17)) for i in range(3000)]
DRIVERS = {"fake-hardware": {"power": {"enabled": ["fake"], "default": "fake"}}}


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'baton.sqlite'}")
    models.metadata.create_all(database.engine)
    yield database
    database.dispose()


def make_ring(tmp_path: Path, db: Database, *, reset_interval: float = 0.0,
              heartbeat_timeout: int = 60, exponent: int = 5) -> HashRing:
    conf = make_test_conf(state_path=str(tmp_path), groups={"conductor": {
        "hash_ring_reset_interval": reset_interval, "heartbeat_timeout": heartbeat_timeout,
        "hash_partition_exponent": exponent}})
    return HashRing(conf, db)


def register(db: Database, host: str, *, drivers: dict[str, Any] | None = None,
             group: str = "") -> None:
    ConductorRepository(db).register(host, rpc_address=f"{host}:8089", rpc_version="1.0",
                                     drivers=DRIVERS if drivers is None else drivers,
                                     conductor_group=group)


def node(key: str, *, driver: str = "fake-hardware", group: str = "") -> dict[str, Any]:
    return {"uuid": key, "driver": driver, "conductor_group": group}


def test_ring_spreads_keys_over_hosts() -> None:
    ring = ConsistentRing(["c1", "c2", "c3"], partitions=2 ** 7)
    counts = Counter(ring.get_host(k) for k in KEYS)
    assert set(counts) == {"c1", "c2", "c3"}
    for host, count in counts.items():
        assert 0.2 < count / len(KEYS) < 0.47, (host, counts)


def test_ring_is_deterministic() -> None:
    first = ConsistentRing(["a", "b"], 32)
    second = ConsistentRing(["b", "a"], 32)
    assert [first.get_host(k) for k in KEYS[:200]] == [second.get_host(k) for k in KEYS[:200]]


def test_joining_host_takes_keys_only_for_itself() -> None:
    before = ConsistentRing(["c1", "c2", "c3"], 2 ** 7)
    after = ConsistentRing(["c1", "c2", "c3", "c4"], 2 ** 7)
    moved = [k for k in KEYS if before.get_host(k) != after.get_host(k)]
    assert all(after.get_host(k) == "c4" for k in moved)
    assert 0.1 < len(moved) / len(KEYS) < 0.4


def test_leaving_host_gives_away_only_its_keys() -> None:
    before = ConsistentRing(["c1", "c2", "c3"], 2 ** 7)
    after = ConsistentRing(["c1", "c2"], 2 ** 7)
    moved = [k for k in KEYS if before.get_host(k) != after.get_host(k)]
    assert moved and all(before.get_host(k) == "c3" for k in moved)


def test_empty_ring_has_no_valid_host() -> None:
    with pytest.raises(errors.NoValidHost):
        ConsistentRing([], 32).get_host("x")


def test_no_conductor_no_valid_host(tmp_path: Path, db: Database) -> None:
    ring = make_ring(tmp_path, db)
    with pytest.raises(errors.NoValidHost, match="fake-hardware") as info:
        ring.get_topic_for(node(KEYS[0]))
    assert info.value.code == 503
    with pytest.raises(errors.DriverNotFound):
        ring.get_topic_for_driver("fake-hardware")


def test_topics_follow_live_conductors(tmp_path: Path, db: Database) -> None:
    register(db, "c1")
    register(db, "c2")
    ring = make_ring(tmp_path, db)
    before = {k: ring.get_topic_for(node(k)) for k in KEYS[:600]}
    assert set(before.values()) == {"c1", "c2"}
    assert ring.get_topic_for_driver("fake-hardware") in {"c1", "c2"}
    assert ring.get_conductor("c1")["rpc_address"] == "c1:8089"

    register(db, "c3")
    joined = {k: ring.get_topic_for(node(k)) for k in KEYS[:600]}
    moved = [k for k in joined if joined[k] != before[k]]
    assert moved and all(joined[k] == "c3" for k in moved)

    ConductorRepository(db).unregister("c1")
    left = {k: ring.get_topic_for(node(k)) for k in KEYS[:600]}
    assert "c1" not in left.values()
    assert all(left[k] == joined[k] for k in joined if joined[k] != "c1")


def test_conductor_without_heartbeat_leaves_the_ring(tmp_path: Path, db: Database) -> None:
    register(db, "c1")
    register(db, "c2")
    ring = make_ring(tmp_path, db, heartbeat_timeout=10)
    stale = models.utcnow() - datetime.timedelta(seconds=30)
    with db.transaction() as conn:
        conn.execute(update(models.conductors).where(models.conductors.c.hostname == "c2")
                     .values(heartbeat_at=stale))
    assert {ring.get_topic_for(node(k)) for k in KEYS[:300]} == {"c1"}
    with pytest.raises(errors.NoValidHost):
        ring.get_conductor("c2")
    ConductorRepository(db).heartbeat("c2")
    assert {ring.get_topic_for(node(k)) for k in KEYS[:300]} == {"c1", "c2"}


def test_rings_per_hardware_type_and_group(tmp_path: Path, db: Database) -> None:
    register(db, "fake-only")
    register(db, "ipmi-only", drivers={"ipmi": {}})
    register(db, "rack-a", group="rack-a")
    ring = make_ring(tmp_path, db)
    assert {ring.get_topic_for(node(k)) for k in KEYS[:200]} == {"fake-only"}
    assert {ring.get_topic_for(node(k, driver="ipmi")) for k in KEYS[:200]} == {"ipmi-only"}
    assert {ring.get_topic_for(node(k, group="rack-a")) for k in KEYS[:200]} == {"rack-a"}
    with pytest.raises(errors.NoValidHost, match="rack-b"):
        ring.get_topic_for(node(KEYS[0], group="rack-b"))
    assert ring.get_topic_for_driver("fake-hardware") in {"fake-only", "rack-a"}
    assert ring.drivers()["ipmi"] == frozenset({"ipmi-only"})


def test_cached_until_reset_interval_but_misses_rebuild(tmp_path: Path, db: Database) -> None:
    register(db, "c1")
    ring = make_ring(tmp_path, db, reset_interval=3600)
    assert {ring.get_topic_for(node(k)) for k in KEYS[:100]} == {"c1"}
    register(db, "c2")
    # Cached: c2 is not seen yet for a hardware type the ring already knows...
    assert {ring.get_topic_for(node(k)) for k in KEYS[:100]} == {"c1"}
    # ...but a miss (unknown hardware type) rebuilds at once.
    register(db, "c3", drivers={"ipmi": {}})
    assert ring.get_topic_for(node(KEYS[0], driver="ipmi")) == "c3"
    assert {ring.get_topic_for(node(k)) for k in KEYS[:100]} == {"c1", "c2"}
    ring.reset()
    assert len(ring.live_conductors()) == 3
