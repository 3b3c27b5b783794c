"""Operations: durable records of long-running work, leased by the conductor running them.

The owner renews its leases at each heartbeat; when a conductor dies its leases expire and
:meth:`OperationRepository.claim_expired` lets a live conductor take the work over. Each
takeover is a compare-and-set on the lease it saw, so across any number of claimers every
expired operation is claimed exactly once.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories import query
from baton.db.repositories.base import RecordRepository

__all__ = ["OperationRepository"]

_o = models.operations


def _lease_end(now: datetime.datetime, lease_seconds: float) -> datetime.datetime:
    return now + datetime.timedelta(seconds=lease_seconds)


class OperationRepository(RecordRepository):
    table = _o
    resource = "Operation"

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.OperationNotFound(operation=ident)

    def create(self, kind: str, target_type: str, target_id: str, *,
               steps: Sequence[Mapping[str, Any]] = (), params: Mapping[str, Any] | None = None,
               owner: str | None = None, lease_seconds: float | None = None,
               state: str = "pending", uuid: str | None = None) -> dict[str, Any]:
        """Record a new operation owned (and leased for ``lease_seconds``) by ``owner``."""
        now = models.utcnow()
        lease = _lease_end(now, lease_seconds) if owner and lease_seconds else None
        values: dict[str, Any] = {
            "kind": kind, "target_type": target_type, "target_id": target_id,
            "state": state, "steps": [dict(s) for s in steps], "params": dict(params or {}),
            "owner": owner, "lease_expires_at": lease, "started_at": now,
        }
        if uuid is not None:
            values["uuid"] = uuid
        return self._create(values)

    def update(self, ident: str, values: Mapping[str, Any], *,
               owner: str | None = None) -> dict[str, Any]:
        """Change fields; with ``owner``, only while that conductor owns it (Conflict)."""
        return self._owned_update(ident, values, owner)

    def _owned_update(self, ident: str, values: Mapping[str, Any],
                      owner: str | None) -> dict[str, Any]:
        """Update; when ``owner`` is given, only while that conductor still owns it."""
        if owner is None:
            return self._update(ident, values)

        def _set(conn: Connection) -> dict[str, Any]:
            current = self._find(conn, ident, for_update=True)
            if current["owner"] != owner:
                raise errors.Conflict(
                    reason=f"operation {current['uuid']} is now owned by {current['owner']}, "
                           f"not {owner}")
            return self._update_row(conn, current["id"], values)

        return self._write(_set, {"uuid": ident})

    def complete_step(self, ident: str, index: int, *,
                      owner: str | None = None) -> dict[str, Any]:
        """Record that step ``index`` (into ``steps``) completed."""
        return self._owned_update(ident, {"last_completed_step": index}, owner)

    def finish(self, ident: str, state: str, *, error: Any = None, result: Any = None,
               owner: str | None = None) -> dict[str, Any]:
        """End the operation in ``state``; its lease ends with it."""
        return self._owned_update(ident, {
            "state": state, "error": error, "result": result,
            "finished_at": models.utcnow(), "lease_expires_at": None,
        }, owner)

    def renew_leases(self, owner: str, lease_seconds: float) -> int:
        """Extend every unfinished operation ``owner`` holds; return how many."""
        stmt = (update(_o).where(and_(_o.c.owner == owner, _o.c.finished_at.is_(None)))
                .values(lease_expires_at=_lease_end(models.utcnow(), lease_seconds)))
        return int(self.db.run(lambda conn: conn.execute(stmt).rowcount))

    def claim_expired(self, new_owner: str, lease_seconds: float,
                      now: datetime.datetime | None = None, *,
                      ids: Collection[int] | None = None) -> list[dict[str, Any]]:
        """Take over every unfinished operation whose lease ended before ``now``.

        Returns the operations claimed (now owned by ``new_owner``, leased for
        ``lease_seconds``, the previous owner appended to ``owner_history``). With ``ids``,
        only those operations are candidates.
        """
        when = now if now is not None else models.utcnow()
        expired = (select(_o.c.id, _o.c.owner, _o.c.lease_expires_at, _o.c.owner_history)
                   .where(and_(_o.c.finished_at.is_(None), _o.c.lease_expires_at < when))
                   .order_by(_o.c.id))
        if ids is not None:
            if not ids:
                return []
            expired = expired.where(_o.c.id.in_(list(ids)))

        def _claim(conn: Connection) -> list[dict[str, Any]]:
            claimed: list[dict[str, Any]] = []
            for op_id, owner, lease, history in conn.execute(expired).all():
                new_history = list(history or [])
                if owner is not None:
                    new_history.append(owner)
                seen_owner = _o.c.owner.is_(None) if owner is None else _o.c.owner == owner
                stmt = (update(_o)
                        .where(and_(_o.c.id == op_id, _o.c.lease_expires_at == lease,
                                    seen_owner, _o.c.finished_at.is_(None)))
                        .values(owner=new_owner, owner_history=new_history,
                                lease_expires_at=_lease_end(when, lease_seconds)))
                if conn.execute(stmt).rowcount == 1:
                    claimed.append(self._find(conn, op_id))
            return claimed

        return self.db.run(_claim)

    def list_for_target(self, target_type: str, target_id: str) -> list[dict[str, Any]]:
        """Operations on one target, oldest first."""
        return self.list(filters={"target_type": target_type, "target_id": target_id})

    def list_unfinished(self, owner: str | None = None) -> list[dict[str, Any]]:
        """Operations not finished yet, of ``owner`` when given."""
        stmt = select(_o).where(_o.c.finished_at.is_(None)).order_by(_o.c.id)
        if owner is not None:
            stmt = stmt.where(_o.c.owner == owner)
        with self.db.connect() as conn:
            return query.row_dicts(conn.execute(stmt))
