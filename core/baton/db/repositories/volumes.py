"""Volume connectors and targets of nodes (boot from volume), by uuid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.db import models
from baton.db.repositories.base import NodeChildRepository

__all__ = ["VolumeConnectorRepository", "VolumeTargetRepository"]

_NODE_PARENT = {"node_id": (models.nodes, lambda v: errors.NodeNotFound(node=v))}


class VolumeConnectorRepository(NodeChildRepository):
    table = models.volume_connectors
    resource = "Volume connector"
    parents = _NODE_PARENT

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.VolumeConnectorNotFound(connector=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        if set(columns) == {"type", "connector_id"}:
            return errors.VolumeConnectorAlreadyExists(
                message=f"A volume connector with type {row.get('type')} and connector ID "
                        f"{row.get('connector_id')} already exists.")
        if set(columns) == {"node_id", "type"}:
            return errors.VolumeConnectorAlreadyExists(
                message=f"A volume connector of type {row.get('type')} already exists for "
                        f"this node.")
        return errors.VolumeConnectorAlreadyExists(field="UUID", value=row.get("uuid"))


class VolumeTargetRepository(NodeChildRepository):
    table = models.volume_targets
    resource = "Volume target"
    parents = _NODE_PARENT

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.VolumeTargetNotFound(target=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        if set(columns) == {"node_id", "boot_index"}:
            return errors.VolumeTargetAlreadyExists(
                message=f"A volume target with boot index '{row.get('boot_index')}' for the "
                        f"same node already exists.")
        return errors.VolumeTargetAlreadyExists(field="UUID", value=row.get("uuid"))
