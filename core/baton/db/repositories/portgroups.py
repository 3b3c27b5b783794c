"""Portgroups: bonds of a node's ports, by uuid or name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories.base import NodeChildRepository

__all__ = ["PortgroupRepository"]

_FIELD_LABELS = {"uuid": "UUID", "name": "name", "address": "MAC address"}


class PortgroupRepository(NodeChildRepository):
    table = models.portgroups
    resource = "Portgroup"
    name_column = "name"
    parents = {"node_id": (models.nodes, lambda v: errors.NodeNotFound(node=v))}

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.PortgroupNotFound(portgroup=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        field = columns[0] if len(columns) == 1 and columns[0] in _FIELD_LABELS else "uuid"
        return errors.PortgroupAlreadyExists(field=_FIELD_LABELS[field], value=row.get(field))

    def _delete_children(self, conn: Connection, row: Mapping[str, Any]) -> None:
        # As Ironic: a portgroup with ports cannot be deleted (move or delete them first).
        ports = models.ports
        if conn.execute(select(ports.c.id).where(ports.c.portgroup_id == row["id"])
                        .limit(1)).first() is not None:
            raise errors.Invalid(message=f"Cannot complete the requested action because "
                                         f"portgroup {row['uuid']} contains ports.")

    def get_by_address(self, address: str) -> dict[str, Any]:
        found = self.list(filters={"address": address}, limit=1)
        if not found:
            raise errors.PortgroupNotFound(portgroup=address)
        return found[0]
