"""How a node looks on the API at each microversion, precomputed once per version.

A node travels inside Baton as a dict keyed by column name; :func:`render` turns it into
Ironic's representation: fields newer than the request hidden, empty documents as ``{}``,
secrets masked, derived ``chassis_uuid``/``conductor``, and links. The per-version tables
are built at import, so rendering is a few dict operations per node.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from baton.api import masking
from baton.api.microversion import MAX_MINOR, MIN_MINOR
from baton.db import models

__all__ = [
    "DEFAULT_LIST_FIELDS",
    "FIELD_MINOR",
    "NODE_FIELDS",
    "NodeView",
    "render",
    "view_for",
]

# Fields (columns or derived) the API shows, with the minor version that introduced them.
FIELD_MINOR: dict[str, int] = {
    "driver_internal_info": 3,
    "name": 5,
    "inspection_finished_at": 6,
    "inspection_started_at": 6,
    "clean_step": 7,
    "raid_config": 12,
    "target_raid_config": 12,
    "network_interface": 20,
    "resource_class": 21,
    "boot_interface": 31,
    "console_interface": 31,
    "deploy_interface": 31,
    "inspect_interface": 31,
    "management_interface": 31,
    "power_interface": 31,
    "raid_interface": 31,
    "vendor_interface": 31,
    "storage_interface": 33,
    "traits": 37,
    "rescue_interface": 38,
    "bios_interface": 40,
    "fault": 42,
    "deploy_step": 44,
    "conductor_group": 46,
    "automated_clean": 47,
    "protected": 48,
    "protected_reason": 48,
    "conductor": 49,
    "owner": 50,
    "description": 51,
    "allocation_uuid": 52,
    "retired": 61,
    "retired_reason": 61,
    "lessee": 65,
    "network_data": 66,
    "boot_mode": 75,
    "secure_boot": 75,
    "firmware_interface": 86,
}

NODE_FIELDS: tuple[str, ...] = (
    "uuid", "created_at", "updated_at", "allocation_uuid", "automated_clean",
    "bios_interface", "boot_interface", "boot_mode", "chassis_uuid", "clean_step",
    "conductor", "conductor_group", "console_enabled", "console_interface",
    "deploy_interface", "deploy_step", "description", "driver", "driver_info",
    "driver_internal_info", "extra", "fault", "firmware_interface", "inspect_interface",
    "inspection_finished_at", "inspection_started_at", "instance_info", "instance_uuid",
    "last_error", "lessee", "maintenance", "maintenance_reason", "management_interface",
    "name", "network_data", "network_interface", "owner", "power_interface", "power_state",
    "properties", "protected", "protected_reason", "provision_state",
    "provision_updated_at", "raid_config", "raid_interface", "rescue_interface",
    "reservation", "resource_class", "retired", "retired_reason", "secure_boot",
    "storage_interface", "target_power_state", "target_provision_state",
    "target_raid_config", "traits", "vendor_interface",
)

DEFAULT_LIST_FIELDS: tuple[str, ...] = (
    "instance_uuid", "maintenance", "power_state", "provision_state", "uuid", "name")

# Derived on the API side, not columns.
_DERIVED = frozenset({"chassis_uuid", "conductor"})
# Documents shown as {} when unset.
_DICT_FIELDS = frozenset({
    "clean_step", "deploy_step", "raid_config", "target_raid_config", "extra",
    "instance_info", "properties", "network_data",
})
_MASKERS = {"driver_info": masking.mask_dict, "driver_internal_info": masking.mask_dict,
            "instance_info": masking.mask_instance_info}
_MASKED = frozenset(_MASKERS)


@dataclass(frozen=True)
class NodeView:
    """The node representation at one microversion."""

    minor: int
    #: Every field shown, in order.
    fields: tuple[str, ...]
    dicts: tuple[str, ...]
    masked: tuple[str, ...]
    traits: bool
    conductor: bool
    states_link: bool
    portgroups_link: bool
    volume_link: bool
    #: ``fields`` as a set, for membership tests.
    names: frozenset[str]
    #: Columns of the nodes table not shown at this version.
    drop: tuple[str, ...]


def _build(minor: int) -> NodeView:
    fields = tuple(f for f in NODE_FIELDS if FIELD_MINOR.get(f, 0) <= minor)
    return NodeView(
        minor=minor,
        fields=fields,
        dicts=tuple(f for f in fields if f in _DICT_FIELDS and f not in _MASKED),
        masked=tuple(f for f in fields if f in _MASKED),
        traits="traits" in fields,
        conductor="conductor" in fields,
        states_link=minor >= 14,
        portgroups_link=minor >= 24,
        volume_link=minor >= 32,
        names=frozenset(fields),
        drop=tuple(c.name for c in models.nodes.columns if c.name not in fields),
    )


_VIEWS = {m: _build(m) for m in range(MIN_MINOR, MAX_MINOR + 1)}


def view_for(minor: int) -> NodeView:
    return _VIEWS[minor]


def _provision_state(state: str | None, minor: int) -> str | None:
    if minor < 2 and state == "available":
        return None
    if minor < 39 and state == "inspect wait":
        return "inspecting"
    return state


ConductorLookup = Callable[[Mapping[str, Any]], str | None]
ChassisLookup = Callable[[int], str | None]


def _shown(node: Mapping[str, Any], view: NodeView) -> dict[str, Any]:
    # Copying the row and deleting the few hidden columns is several times cheaper than
    # building a dict field by field.
    out = dict(node)
    for f in view.drop:
        out.pop(f, None)
    return out


def _finish(out: dict[str, Any], view: NodeView) -> dict[str, Any]:
    """What every full rendering does after its documents: version quirks, masked text."""
    state = out["provision_state"]
    if view.minor < 39 and state in ("available", "inspect wait"):
        out["provision_state"] = _provision_state(state, view.minor)
    if out["last_error"]:
        out["last_error"] = masking.mask_text(out["last_error"])
    return out


def _full(node: Mapping[str, Any], view: NodeView) -> dict[str, Any]:
    out = _shown(node, view)
    for f in view.dicts:
        if out[f] is None:
            out[f] = {}
    for f in view.masked:
        value = out[f]
        out[f] = _MASKERS[f](value) if value else {}
    if view.traits and out["traits"] is None:
        out["traits"] = []
    return _finish(out, view)


def _full_raw(node: Mapping[str, Any], view: NodeView) -> dict[str, Any]:
    """:func:`_full` for a row whose JSON documents are still their stored text.

    Documents with nothing to mask go out as stored (``orjson.Fragment``): a detailed list
    of a thousand nodes then decodes and re-encodes only the few documents that hold a
    secret-looking key.
    """
    out = _shown(node, view)
    for f in view.dicts:
        raw = out[f]
        out[f] = {} if raw is None else orjson.Fragment(raw)
    for f in view.masked:
        raw = out[f]
        if raw is None:
            out[f] = {}
        elif masking.may_hold_secret(raw):
            out[f] = _MASKERS[f](orjson.loads(raw))
        else:
            out[f] = orjson.Fragment(raw)
    if view.traits:
        raw = out["traits"]
        out["traits"] = [] if raw is None else orjson.Fragment(raw)
    return _finish(out, view)


def _value(node: Mapping[str, Any], f: str, minor: int) -> Any:
    value = node.get(f)
    if f in _MASKED:
        return _MASKERS[f](value)
    if f in _DICT_FIELDS:
        return value or {}
    if f == "traits":
        return list(value or ())
    if f == "provision_state":
        return _provision_state(value, minor)
    if f == "last_error":
        return masking.mask_text(value)
    return value


def _links(out: dict[str, Any], view: NodeView, url: str, uuid: str, full: bool) -> None:
    base = f"{url}/v1/nodes/{uuid}"
    bookmark = f"{url}/nodes/{uuid}"
    out["links"] = [{"href": base, "rel": "self"}, {"href": bookmark, "rel": "bookmark"}]
    if full:
        out["ports"] = _sub(base, bookmark, "ports")
        if view.states_link:
            out["states"] = _sub(base, bookmark, "states")
        if view.portgroups_link:
            out["portgroups"] = _sub(base, bookmark, "portgroups")
        if view.volume_link:
            out["volume"] = _sub(base, bookmark, "volume")


def render(node: Mapping[str, Any], view: NodeView, url: str, *,
           fields: Sequence[str] | None = None,
           conductor_for: ConductorLookup | None = None,
           chassis_uuid_for: ChassisLookup | None = None,
           raw_json: bool = False) -> dict[str, Any]:
    """The API representation of ``node`` (all of ``view.fields``, or only ``fields``).

    ``raw_json`` says the row's JSON documents are undecoded text (all fields only); the
    result may then hold ``orjson.Fragment`` values, for orjson to serialise as they are.
    """
    if fields is None:
        wanted: Sequence[str] | frozenset[str] = view.names
        out = _full_raw(node, view) if raw_json else _full(node, view)
    else:
        wanted = fields
        out = {f: _value(node, f, view.minor) for f in fields if f not in _DERIVED}
    if "chassis_uuid" in wanted:
        chassis_id = node.get("chassis_id")
        out["chassis_uuid"] = (chassis_uuid_for(chassis_id)
                               if chassis_id is not None and chassis_uuid_for else None)
    if view.conductor and "conductor" in wanted:
        out["conductor"] = conductor_for(node) if conductor_for is not None else None
    _links(out, view, url, node["uuid"], fields is None)
    return out


def _sub(base: str, bookmark: str, name: str) -> list[dict[str, str]]:
    return [{"href": f"{base}/{name}", "rel": "self"},
            {"href": f"{bookmark}/{name}", "rel": "bookmark"}]


def columns_for(fields: Sequence[str]) -> list[str]:
    """The node columns a list needs to render ``fields`` (plus what links and paging use)."""
    cols = {"id", "uuid"}
    for f in fields:
        if f == "chassis_uuid":
            cols.add("chassis_id")
        elif f == "conductor":
            cols.update(("driver", "conductor_group"))
        else:
            cols.add(f)
    return sorted(cols)
