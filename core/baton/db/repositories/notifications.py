"""The notification outbox: one ``notification_outbox`` row per notification and
subscription, written in the transaction of the change it reports (:func:`add`), then
delivered in id order per subscription by the conductors' delivery workers.

States: ``PENDING`` (to deliver, not before ``next_attempt_at``), ``DELIVERED`` and
``FAILED`` (retries exhausted: kept, listed, and replayable back to ``PENDING``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories import query
from baton.db.repositories.base import RecordRepository

__all__ = ["PENDING_FLAG", "STATES", "NotificationRepository", "add"]

_o = models.notification_outbox
_s = models.lccn_subscriptions

STATES = ("PENDING", "DELIVERED", "FAILED")

#: Key set in ``Connection.info`` when a transaction added notifications: the delivery
#: worker listens for the connection's return to the pool to wake up at once.
PENDING_FLAG = "baton.notifications.pending"

_insert = insert(_o)


def add(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert outbox rows (``uuid``, ``subscription_id``, ``notification_type``,
    ``vnf_instance_id``, ``body``) in the caller's transaction; returns how many."""
    if not rows:
        return 0
    now = models.utcnow()
    conn.execute(_insert, [{"state": "PENDING", "attempts": 0, "next_attempt_at": now,
                            "created_at": now, **row} for row in rows])
    conn.info[PENDING_FLAG] = True
    return len(rows)


class NotificationRepository(RecordRepository):
    """Reads and state changes of outbox rows, for the delivery worker and the API."""

    table = _o
    resource = "Notification"

    def __init__(self, db: Any) -> None:
        super().__init__(db)
        self._head = (select(_o).where(_o.c.subscription_id == bindparam("sub"),
                                       _o.c.state == "PENDING")
                      .order_by(_o.c.id).limit(1))

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.NotificationNotFound(notification=ident)

    # -- for the delivery worker -----------------------------------------------------------

    def due_subscriptions(self, owner: str, *, now: datetime.datetime | None = None,
                          limit: int = 100) -> list[int]:
        """Subscriptions (row ids) whose oldest pending notification is due and whose
        delivery lease is free, expired or ``owner``'s, those waiting longest first."""
        now = now or models.utcnow()
        heads = (select(_o.c.subscription_id, func.min(_o.c.id).label("head_id"))
                 .where(_o.c.state == "PENDING").group_by(_o.c.subscription_id).subquery())
        stmt = (select(heads.c.subscription_id)
                .join(_o, _o.c.id == heads.c.head_id)
                .join(_s, _s.c.id == heads.c.subscription_id)
                .where(_o.c.next_attempt_at <= now,
                       or_(_s.c.delivery_owner.is_(None), _s.c.delivery_owner == owner,
                           _s.c.delivery_lease_expires_at < now))
                .order_by(heads.c.head_id).limit(limit))
        with self.db.connect() as conn:
            return [int(r.subscription_id) for r in conn.execute(stmt)]

    def head(self, subscription_id: int) -> dict[str, Any] | None:
        """The oldest pending notification of a subscription: the next one to deliver."""
        with self.db.connect() as conn:
            return query.row_dict(conn.execute(self._head, {"sub": subscription_id}))

    def delivered(self, row_id: int) -> None:
        now = models.utcnow()
        self._set(row_id, {"state": "DELIVERED", "delivered_at": now, "last_attempt_at": now,
                           "last_error": None, "attempts": _o.c.attempts + 1})

    def attempt_failed(self, row_id: int, error: str, *,
                       retry_at: datetime.datetime | None) -> None:
        """Record a failed attempt; ``retry_at`` None means give up (``FAILED``)."""
        values: dict[str, Any] = {"last_attempt_at": models.utcnow(), "last_error": error,
                                  "attempts": _o.c.attempts + 1}
        if retry_at is None:
            values["state"] = "FAILED"
        else:
            values["next_attempt_at"] = retry_at
        self._set(row_id, values)

    def _set(self, row_id: int, values: Mapping[str, Any]) -> None:
        stmt = update(_o).where(_o.c.id == row_id).values(**values)
        self.db.run(lambda conn: conn.execute(stmt))

    def purge_delivered(self, older_than: datetime.datetime) -> int:
        """Delete notifications delivered before ``older_than``; returns how many."""
        stmt = delete(_o).where(_o.c.state == "DELIVERED", _o.c.delivered_at < older_than)
        return int(self.db.run(lambda conn: conn.execute(stmt).rowcount))

    # -- for the API -----------------------------------------------------------------------

    def list_for_subscription(self, subscription_id: int, *, state: str | None = None,
                              limit: int | None = None,
                              marker: str | None = None) -> list[dict[str, Any]]:
        """A subscription's notifications in delivery order (``state`` to narrow)."""
        filters: dict[str, Any] = {"subscription_id": subscription_id}
        if state is not None:
            filters["state"] = state
        return self.list(filters=filters, limit=limit, marker=marker)

    def replay(self, subscription_id: int, ident: str | None = None) -> list[dict[str, Any]]:
        """Put FAILED notifications of a subscription (one: ``ident``) back to PENDING with
        a fresh retry budget; returns the rows replayed. Replaying a notification that is
        not FAILED changes nothing."""
        now = models.utcnow()
        conditions = [_o.c.subscription_id == subscription_id, _o.c.state == "FAILED"]
        if ident is not None:
            conditions.append(_o.c.uuid == ident)

        def _replay(conn: Connection) -> list[dict[str, Any]]:
            if ident is not None:
                found = query.row_dict(conn.execute(select(_o).where(
                    _o.c.subscription_id == subscription_id, _o.c.uuid == ident)))
                if found is None:
                    raise self._not_found(ident)
            rows = query.row_dicts(conn.execute(select(_o.c.id).where(and_(*conditions))))
            ids = [r["id"] for r in rows]
            if ids:
                conn.execute(update(_o).where(_o.c.id.in_(ids)).values(
                    state="PENDING", attempts=0, next_attempt_at=now, last_error=None))
                conn.info[PENDING_FLAG] = True
            return query.row_dicts(conn.execute(select(_o).where(_o.c.id.in_(ids))
                                                .order_by(_o.c.id))) if ids else []

        return self.db.run(_replay)
