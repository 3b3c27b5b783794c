"""Node history: events worth keeping per node (power failures, maintenance changes...)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories.base import RecordRepository

__all__ = ["NodeHistoryRepository"]

_h = models.node_history


class NodeHistoryRepository(RecordRepository):
    table = _h
    resource = "Node history record"
    parents = {"node_id": (models.nodes, lambda v: errors.NodeNotFound(node=v))}

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.NotFound(message=f"Node history record {ident} could not be found.")

    def record(self, node_id: int, *, event: str, event_type: str, severity: str,
               conductor: str | None, user: str | None = None) -> dict[str, Any]:
        """Add an event to the node's history and return the record."""
        return self._create({
            "node_id": node_id, "event": event, "event_type": event_type,
            "severity": severity, "conductor": conductor, "user": user,
        })

    def list_for_node(self, node_id: int, *, limit: int | None = None,
                      marker: str | None = None, sort_dir: str = "asc",
                      columns: list[str] | None = None) -> list[dict[str, Any]]:
        """The node's records, oldest first; ``marker`` is the uuid of the last one seen."""
        return self.list(filters={"node_id": node_id}, limit=limit, marker=marker,
                         sort_dir=sort_dir, columns=columns)

    def prune(self, node_id: int, keep: int) -> int:
        """Delete all but the newest ``keep`` records of the node; return how many went."""
        def _prune(conn: Connection) -> int:
            newest = select(_h.c.id).where(_h.c.node_id == node_id) \
                .order_by(_h.c.id.desc()).limit(keep)
            keep_ids = [row[0] for row in conn.execute(newest)]
            stmt = delete(_h).where(_h.c.node_id == node_id)
            if keep_ids:
                stmt = stmt.where(_h.c.id.not_in(keep_ids))
            return int(conn.execute(stmt).rowcount)

        return self.db.run(_prune)
