"""baton.db.repositories.notifications: the outbox rows' life (pending, failed, replayed)."""

from __future__ import annotations

import datetime

import pytest

from baton import errors
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import notifications as outbox
from baton.db.repositories.notifications import NotificationRepository
from baton.db.repositories.subscriptions import SubscriptionRepository


def _add(db: Database, sub_id: int, *uuids: str) -> None:
    with db.transaction() as conn:
        count = outbox.add(conn, [{"uuid": u, "subscription_id": sub_id,
                                   "notification_type": "T", "vnf_instance_id": "i",
                                   "body": {"id": u}} for u in uuids])
        assert count == len(uuids)
        assert conn.info.pop(outbox.PENDING_FLAG) is True


def test_head_due_and_replay(db: Database) -> None:
    subs = SubscriptionRepository(db)
    repo = NotificationRepository(db)
    sub, _ = subs.create({"callback_uri": "http://x/cb"})
    other, _ = subs.create({"callback_uri": "http://x/other"})
    _add(db, sub["id"], "n1", "n2")
    head = repo.head(sub["id"])
    assert head is not None and head["uuid"] == "n1" and head["body"] == {"id": "n1"}
    assert repo.due_subscriptions("me") == [sub["id"]]
    assert repo.due_subscriptions("me", now=models.utcnow() - datetime.timedelta(hours=1)) == []
    # Another conductor's live lease hides the subscription.
    assert subs.claim(sub["id"], "peer", lease_seconds=60)
    assert repo.due_subscriptions("me") == []
    subs.release(sub["id"], "peer")

    repo.attempt_failed(head["id"], "x answered 500",
                        retry_at=models.utcnow() + datetime.timedelta(hours=1))
    assert repo.due_subscriptions("me") == []
    row = repo.head(sub["id"])
    assert row is not None and row["attempts"] == 1 and row["last_error"] == "x answered 500"
    repo.attempt_failed(head["id"], "gave up", retry_at=None)
    assert [r["state"] for r in repo.list_for_subscription(sub["id"])] == ["FAILED", "PENDING"]
    nxt = repo.head(sub["id"])
    assert nxt is not None and nxt["uuid"] == "n2"
    repo.delivered(nxt["id"])

    assert repo.replay(other["id"]) == []
    with pytest.raises(errors.NotificationNotFound):
        repo.replay(sub["id"], "nope")
    replayed = repo.replay(sub["id"], "n1")
    assert [(r["uuid"], r["state"], r["attempts"]) for r in replayed] == [("n1", "PENDING", 0)]
    assert repo.replay(sub["id"], "n2") == []  # delivered: nothing to replay
    states = {r["uuid"]: r["state"] for r in repo.list_for_subscription(sub["id"])}
    assert states == {"n1": "PENDING", "n2": "DELIVERED"}
    assert [r["uuid"] for r in repo.list_for_subscription(sub["id"], state="DELIVERED")] == [
        "n2"]


def test_purge_delivered_keeps_failed_and_pending(db: Database) -> None:
    subs = SubscriptionRepository(db)
    repo = NotificationRepository(db)
    sub, _ = subs.create({"callback_uri": "http://x/cb"})
    _add(db, sub["id"], "a", "b", "c")
    rows = repo.list_for_subscription(sub["id"])
    repo.delivered(rows[0]["id"])
    repo.attempt_failed(rows[1]["id"], "e", retry_at=None)
    assert repo.purge_delivered(models.utcnow() + datetime.timedelta(seconds=1)) == 1
    assert [r["uuid"] for r in repo.list_for_subscription(sub["id"])] == ["b", "c"]
