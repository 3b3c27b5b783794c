"""Finding the resource a URL names, with Ironic's rules for UUIDs and logical names."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import validation
from baton.api.v1 import node_view
from baton.api.v1.common import minor
from baton.api.v1.deps import Deps

__all__ = ["check_node_ident", "get_node", "render_node"]


def check_node_ident(req: falcon.Request, ident: str) -> None:
    """400 unless ``ident`` is a UUID or (from 1.5) a valid logical name."""
    if validation.is_uuid_like(ident):
        return
    if minor(req) < 5:
        raise errors.InvalidUUID(uuid=ident)
    if not validation.is_valid_logical_name(ident):
        raise errors.InvalidParameterValue(f"Expected a logical name or UUID but received "
                                           f"{ident}")


def get_node(req: falcon.Request, deps: Deps, ident: str) -> dict[str, Any]:
    """The node named by ``ident`` (uuid or name); 404 when there is none."""
    check_node_ident(req, ident)
    return deps.nodes.get(ident)


def render_node(req: falcon.Request, deps: Deps, node: dict[str, Any],
                fields: list[str] | None = None) -> dict[str, Any]:
    """The API representation of one node (with its chassis uuid when it has one)."""
    chassis_map = deps.chassis_uuids([node["chassis_id"]]) if node.get("chassis_id") else {}
    return node_view.render(node, node_view.view_for(minor(req)), req.context.public_url,
                            fields=fields, conductor_for=deps.conductor_for,
                            chassis_uuid_for=chassis_map.get)
