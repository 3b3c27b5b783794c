"""How ports, portgroups, volume connectors/targets and chassis look on the API.

Each resource is a :class:`Shape`: its fields with the microversion that introduced them,
the documents shown as ``{}`` when unset, the fields of a plain (non-detail) list, and its
sub-resource links. :func:`render` builds the API dict of one row; ``node_uuid`` and
``portgroup_uuid`` come from per-request id -> uuid maps (:class:`Parents`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from baton.api.v1.deps import Deps

__all__ = ["CHASSIS", "CONNECTOR", "PORT", "PORTGROUP", "TARGET", "Parents", "Shape", "render"]


@dataclass(frozen=True)
class Shape:
    resource: str
    fields: tuple[str, ...]
    default_list: tuple[str, ...]
    field_minor: Mapping[str, int] = field(default_factory=dict)
    dict_fields: frozenset[str] = frozenset()
    sub_links: tuple[str, ...] = ()
    sub_links_minor: int = 1

    def visible(self, minor: int) -> tuple[str, ...]:
        return tuple(f for f in self.fields if self.field_minor.get(f, 0) <= minor)


PORT = Shape(
    resource="ports",
    fields=("uuid", "address", "node_uuid", "portgroup_uuid", "extra", "internal_info",
            "local_link_connection", "pxe_enabled", "physical_network", "is_smartnic",
            "created_at", "updated_at"),
    default_list=("uuid", "address"),
    field_minor={"internal_info": 18, "local_link_connection": 19, "pxe_enabled": 19,
                 "portgroup_uuid": 24, "physical_network": 34, "is_smartnic": 53,
                 "name": 88},
    dict_fields=frozenset({"extra", "internal_info", "local_link_connection"}),
)

PORTGROUP = Shape(
    resource="portgroups",
    fields=("uuid", "name", "address", "node_uuid", "extra", "internal_info",
            "standalone_ports_supported", "mode", "properties", "created_at", "updated_at"),
    default_list=("uuid", "address", "name"),
    field_minor={"mode": 26, "properties": 26, "physical_network": 102},
    dict_fields=frozenset({"extra", "internal_info", "properties"}),
    sub_links=("ports",),
    sub_links_minor=24,
)

CONNECTOR = Shape(
    resource="volume/connectors",
    fields=("uuid", "type", "connector_id", "node_uuid", "extra", "created_at",
            "updated_at"),
    default_list=("uuid", "type", "connector_id", "node_uuid"),
    dict_fields=frozenset({"extra"}),
)

TARGET = Shape(
    resource="volume/targets",
    fields=("uuid", "volume_type", "properties", "boot_index", "extra", "volume_id",
            "node_uuid", "created_at", "updated_at"),
    default_list=("uuid", "volume_type", "boot_index", "volume_id", "node_uuid"),
    dict_fields=frozenset({"extra", "properties"}),
)

CHASSIS = Shape(
    resource="chassis",
    fields=("uuid", "description", "extra", "created_at", "updated_at"),
    default_list=("uuid", "description"),
    dict_fields=frozenset({"extra"}),
    sub_links=("nodes",),
)


class Parents:
    """Node and portgroup uuids of the rows of one request, fetched once."""

    def __init__(self, deps: Deps, rows: Iterable[Mapping[str, Any]]) -> None:
        rows = list(rows)
        self.nodes = _node_uuids(deps, {r["node_id"] for r in rows if r.get("node_id")})
        pg_ids = {r["portgroup_id"] for r in rows if r.get("portgroup_id")}
        self.portgroups = _portgroup_uuids(deps, pg_ids) if pg_ids else {}


def _node_uuids(deps: Deps, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    if len(ids) == 1:
        (only,) = ids
        return {only: deps.nodes.get_by_id(only)["uuid"]}
    rows = deps.nodes.list(filters={"id": sorted(ids)}, limit=None, columns=["id", "uuid"])
    return {r["id"]: r["uuid"] for r in rows}


def _portgroup_uuids(deps: Deps, ids: set[int]) -> dict[int, str]:
    rows = deps.portgroups.list(filters={"id": sorted(ids)}, limit=None)
    return {r["id"]: r["uuid"] for r in rows}


def render(shape: Shape, row: Mapping[str, Any], url: str, minor: int, parents: Parents, *,
           fields: Sequence[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in shape.visible(minor) if fields is None else fields:
        if name == "node_uuid":
            out[name] = parents.nodes.get(row["node_id"])
        elif name == "portgroup_uuid":
            pg = row.get("portgroup_id")
            out[name] = parents.portgroups.get(pg) if pg else None
        elif name in shape.dict_fields:
            out[name] = row.get(name) or {}
        else:
            out[name] = row.get(name)
    path = f"{shape.resource}/{row['uuid']}"
    out["links"] = [{"href": f"{url}/v1/{path}", "rel": "self"},
                    {"href": f"{url}/{path}", "rel": "bookmark"}]
    if fields is None and minor >= shape.sub_links_minor:
        for sub in shape.sub_links:
            out[sub] = [{"href": f"{url}/v1/{path}/{sub}", "rel": "self"},
                        {"href": f"{url}/{path}/{sub}", "rel": "bookmark"}]
    return out
