"""Chassis: groups of nodes, by uuid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories.base import TableRepository

__all__ = ["ChassisRepository"]


class ChassisRepository(TableRepository):
    table = models.chassis
    resource = "Chassis"

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.ChassisNotFound(chassis=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        return errors.Conflict(message=f"A chassis with UUID {row.get('uuid')} already exists.")

    def _delete_children(self, conn: Connection, row: Mapping[str, Any]) -> None:
        nodes = models.nodes
        if conn.execute(select(nodes.c.id).where(nodes.c.chassis_id == row["id"])
                        .limit(1)).first() is not None:
            raise errors.Invalid(message=f"Cannot complete the requested action because "
                                         f"chassis {row['uuid']} contains nodes.")

    def list_nodes(self, chassis_id: int) -> list[dict[str, Any]]:
        """Nodes in the chassis (uuid and id only)."""
        nodes = models.nodes
        with self.db.connect() as conn:
            result = conn.execute(select(nodes.c.id, nodes.c.uuid)
                                  .where(nodes.c.chassis_id == chassis_id)
                                  .order_by(nodes.c.id))
            return [{"id": r[0], "uuid": r[1]} for r in result]
