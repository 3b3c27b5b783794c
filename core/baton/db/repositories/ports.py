"""Ports: a node's network interfaces, by uuid or name, unique by MAC address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.db import models
from baton.db.repositories.base import NodeChildRepository

__all__ = ["PortRepository"]


class PortRepository(NodeChildRepository):
    table = models.ports
    resource = "Port"
    name_column = "name"
    parents = {
        "node_id": (models.nodes, lambda v: errors.NodeNotFound(node=v)),
        "portgroup_id": (models.portgroups, lambda v: errors.PortgroupNotFound(portgroup=v)),
    }

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.PortNotFound(port=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        if columns == ("address",):
            return errors.MACAlreadyExists(mac=row.get("address"))
        if columns == ("name",):
            return errors.Conflict(message=f"A port with name {row.get('name')} already exists.")
        return errors.Conflict(message=f"A port with UUID {row.get('uuid')} already exists.")

    def get_by_address(self, address: str) -> dict[str, Any]:
        """The port with MAC ``address``; PortNotFound when none."""
        found = self.list(filters={"address": address}, limit=1)
        if not found:
            raise errors.PortNotFound(port=address)
        return found[0]

    def list_by_portgroup(self, portgroup_id: int) -> list[dict[str, Any]]:
        return self.list(filters={"portgroup_id": portgroup_id})
