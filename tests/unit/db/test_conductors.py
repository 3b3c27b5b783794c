"""ConductorRepository: registration, heartbeats, liveness."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import update

from baton import errors
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import ConductorRepository

DRIVERS = {"fake-hardware": {"power": {"enabled": ["fake"], "default": "fake"}}}


def _age(db: Database, hostname: str, seconds: int) -> None:
    past = models.utcnow() - datetime.timedelta(seconds=seconds)
    with db.transaction() as conn:
        conn.execute(update(models.conductors)
                     .where(models.conductors.c.hostname == hostname)
                     .values(heartbeat_at=past))


def test_register_heartbeat_unregister(db: Database) -> None:
    repo = ConductorRepository(db)
    row = repo.register("c1", rpc_address="127.0.0.1:8089", rpc_version="1.0",
                        drivers=DRIVERS, conductor_group="g")
    assert row["online"] is True and row["drivers"] == DRIVERS
    assert repo.get("c1") == row
    assert repo.get_by_id(row["id"]) == row
    repo.register("c2", rpc_address="", rpc_version="1.0", drivers={})
    assert [c["hostname"] for c in repo.list_alive(60)] == ["c1", "c2"]
    _age(db, "c2", 120)
    assert [c["hostname"] for c in repo.list_alive(60)] == ["c1"]
    repo.heartbeat("c2")
    assert [c["hostname"] for c in repo.list_alive(60)] == ["c1", "c2"]
    repo.unregister("c1")
    assert repo.get("c1")["online"] is False
    assert [c["hostname"] for c in repo.list_alive(60)] == ["c2"]
    again = repo.register("c1", rpc_address="127.0.0.1:9000", rpc_version="1.1", drivers={})
    assert again["id"] == row["id"] and again["online"] is True
    assert again["rpc_address"] == "127.0.0.1:9000"
    with pytest.raises(errors.ConductorAlreadyRegistered):
        repo.register("c1", rpc_address="", rpc_version="1.0", drivers={},
                      update_existing=False)
    assert [c["hostname"] for c in repo.list(sort_key="hostname", sort_dir="desc")] \
        == ["c2", "c1"]
    assert [c["hostname"] for c in repo.list(marker="c1", limit=5)] == ["c2"]


def test_unknown_conductor(db: Database) -> None:
    repo = ConductorRepository(db)
    for call in (repo.heartbeat, repo.unregister, repo.get):
        with pytest.raises(errors.ConductorNotFound, match="ghost"):
            call("ghost")
