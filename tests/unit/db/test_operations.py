"""OperationRepository: records, leases, and takeover of expired leases."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest

from baton import errors
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import OperationRepository

STEPS = [{"name": "power_on", "interface": "power", "args": {}, "safe_to_repeat": True}]


def test_create_update_finish(db: Database) -> None:
    ops = OperationRepository(db)
    op = ops.create("power", "node", "node-uuid", steps=STEPS, params={"target": "power on"},
                    owner="c1", lease_seconds=60)
    assert op["state"] == "pending" and op["steps"] == STEPS
    assert op["last_completed_step"] == -1 and op["owner_history"] == []
    assert op["lease_expires_at"] > models.utcnow()
    assert ops.get(op["uuid"]) == op
    assert ops.update(op["uuid"], {"state": "running"})["state"] == "running"
    assert ops.complete_step(op["uuid"], 0, owner="c1")["last_completed_step"] == 0
    with pytest.raises(errors.Conflict, match="owned by c1"):
        ops.complete_step(op["uuid"], 0, owner="c2")
    done = ops.finish(op["uuid"], "succeeded", result={"ok": True})
    assert done["state"] == "succeeded" and done["result"] == {"ok": True}
    assert done["finished_at"] is not None and done["lease_expires_at"] is None
    assert [o["uuid"] for o in ops.list_for_target("node", "node-uuid")] == [op["uuid"]]
    assert ops.list_unfinished() == []
    with pytest.raises(errors.OperationNotFound):
        ops.get("nope")


def test_renew_leases_only_touches_own_unfinished(db: Database) -> None:
    ops = OperationRepository(db)
    mine = ops.create("power", "node", "a", owner="c1", lease_seconds=5)
    ops.create("power", "node", "b", owner="c2", lease_seconds=5)
    finished = ops.create("power", "node", "c", owner="c1", lease_seconds=5)
    ops.finish(finished["uuid"], "failed", error={"message": "x"})
    assert ops.renew_leases("c1", 600) == 1
    assert ops.get(mine["uuid"])["lease_expires_at"] > models.utcnow() + \
        datetime.timedelta(seconds=500)


def test_claim_expired(db: Database) -> None:
    ops = OperationRepository(db)
    old = ops.create("deploy", "node", "a", owner="dead", lease_seconds=1)
    live = ops.create("deploy", "node", "b", owner="alive", lease_seconds=600)
    later = models.utcnow() + datetime.timedelta(seconds=5)
    claimed = ops.claim_expired("new", 60, later)
    assert [o["uuid"] for o in claimed] == [old["uuid"]]
    assert claimed[0]["owner"] == "new" and claimed[0]["owner_history"] == ["dead"]
    assert claimed[0]["lease_expires_at"] == later + datetime.timedelta(seconds=60)
    assert ops.claim_expired("new", 60, later) == []
    assert ops.get(live["uuid"])["owner"] == "alive"


def test_two_claimers_take_each_expired_operation_once(db: Database) -> None:
    ops = OperationRepository(db)
    expected = {ops.create("clean", "node", f"n{i}", owner="dead", lease_seconds=1)["uuid"]
                for i in range(30)}
    later = models.utcnow() + datetime.timedelta(seconds=5)
    barrier = threading.Barrier(2)
    results: dict[str, list[dict[str, Any]]] = {}
    failures: list[BaseException] = []

    def claim(owner: str) -> None:
        barrier.wait()
        try:
            mine: list[dict[str, Any]] = []
            for _ in range(3):
                mine.extend(ops.claim_expired(owner, 60, later))
            results[owner] = mine
        except BaseException as exc:
            failures.append(exc)

    workers = [threading.Thread(target=claim, args=(o,)) for o in ("c1", "c2")]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert failures == []
    c1 = {o["uuid"] for o in results["c1"]}
    c2 = {o["uuid"] for o in results["c2"]}
    assert c1.isdisjoint(c2)
    assert c1 | c2 == expected
    assert len(results["c1"]) + len(results["c2"]) == 30
    for op in ops.list_for_target("node", "n0") + ops.list(filters={"owner": ["c1", "c2"]}):
        assert op["owner_history"] == ["dead"]
