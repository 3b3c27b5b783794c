"""``/v1/nodes``: list (with detail, fields, filters, paging), show, create, patch, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import falcon

from baton import errors
from baton.api import validation
from baton.api.errors import reraise_with_status
from baton.api.media import JSON_TYPE, dumps, set_json
from baton.api.v1 import common, node_schema, node_view, patch
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import check_node_ident, get_node, render_node
from baton.db import models

__all__ = ["NodeCollection", "NodeDetail", "NodeItem", "PROVISION_STATES"]

PROVISION_STATES = frozenset({
    "enroll", "verifying", "manageable", "inspecting", "inspect wait", "inspect failed",
    "cleaning", "clean wait", "clean failed", "clean hold", "available", "deploying",
    "wait call-back", "deploy failed", "deploy hold", "active", "deleting", "error",
    "rebuild", "rescuing", "rescue wait", "rescue failed", "rescue", "unrescuing",
    "unrescue failed", "adopting", "adopt failed", "servicing", "service wait",
    "service failed", "service hold",
})
# States in which a node may be updated although a transition is under way.
_UPDATE_ALLOWED_STATES = frozenset({
    "deploy failed", "inspecting", "clean failed", "error", "manageable", "inspect wait",
    "clean wait", "clean hold", "deploy hold", "rescue failed", "unrescue failed",
    "service failed", "service hold", "service wait", "inspect failed", "adopt failed",
})
_SORTABLE = frozenset(
    c.name for c in models.nodes.columns if not isinstance(c.type, models.JSONText)
) - {"traits"}
# (query parameter, minimum minor, filter key or None when handled apart)
_FILTERS: tuple[tuple[str, int], ...] = (
    ("driver", 16), ("resource_class", 21), ("fault", 42), ("conductor_group", 46),
    ("owner", 50), ("lessee", 65), ("description_contains", 51),
)
_LIST_PARAMS = frozenset({
    "chassis_uuid", "instance_uuid", "associated", "maintenance", "retired",
    "provision_state", "marker", "limit", "sort_key", "sort_dir", "driver", "fields",
    "resource_class", "fault", "conductor_group", "detail", "conductor", "owner",
    "description_contains", "lessee", "project",
})


def _versioned_filters(req: falcon.Request, mv: int) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for name, wanted in _FILTERS:
        value = common.query_str(req, name)
        if value is None:
            continue
        if mv < wanted:
            raise validation.not_acceptable(
                f"Request not acceptable. The minimal required API version should be "
                f"1.{wanted}")
        filters[name] = value.lower() if name == "conductor_group" else value
    retired = common.query_bool(req, "retired")
    if retired is not None:
        if mv < 61:
            raise validation.not_acceptable()
        filters["retired"] = retired
    project = common.query_str(req, "project")
    if project is not None:
        if mv < 65:
            raise validation.not_acceptable()
        filters["project"] = project
    return filters


def _list_filters(req: falcon.Request, deps: Deps) -> dict[str, Any]:
    mv = common.minor(req)
    filters = _versioned_filters(req, mv)
    for name in ("associated", "maintenance"):
        flag = common.query_bool(req, name)
        if flag is not None:
            filters[name] = flag
    instance_uuid = common.query_str(req, "instance_uuid")
    if instance_uuid is not None:
        filters["instance_uuid"] = validation.valid_uuid("instance_uuid", instance_uuid)
    state = common.query_str(req, "provision_state")
    if state is not None:
        if mv < 9:
            raise validation.not_acceptable()
        if state not in PROVISION_STATES:
            raise errors.InvalidParameterValue(f'Provision state "{state}" is not valid')
        filters["provision_state"] = state
    chassis_uuid = common.query_str(req, "chassis_uuid")
    if chassis_uuid is not None:
        validation.valid_uuid("chassis_uuid", chassis_uuid)
        filters["chassis_id"] = deps.chassis.get(chassis_uuid)["id"]
    return filters


def _next_params(query: common.ListQuery, filters: dict[str, Any],
                 fields: list[str] | None, req: falcon.Request) -> dict[str, Any]:
    params: dict[str, Any] = {"sort_key": query.sort_key, "sort_dir": query.sort_dir}
    for name in ("associated", "maintenance", "retired", "instance_uuid", "provision_state",
                 "driver", "resource_class", "fault", "conductor_group", "owner", "lessee",
                 "description_contains", "project", "chassis_uuid", "conductor"):
        value = common.query_str(req, name)
        if value is not None:
            params[name] = value
    if query.detail is not None:
        params["detail"] = query.detail
    if fields is not None:
        params["fields"] = ",".join(fields)
    return params


def list_nodes(req: falcon.Request, resp: falcon.Response, deps: Deps, *, detail_path: bool,
               base_filters: dict[str, Any] | None = None,
               resource: str = "nodes") -> None:
    """Answer a node list (``/nodes``, ``/nodes/detail``, ``/chassis/{id}/nodes``)."""
    common.check_query(req, _LIST_PARAMS)
    mv = common.minor(req)
    query = common.parse_list_query(req, max_limit=deps.max_limit, sortable=_SORTABLE)
    if detail_path and (query.fields is not None or query.detail is not None):
        raise errors.InvalidParameterValue("The detail endpoint takes neither fields nor "
                                           "detail.")
    view = node_view.view_for(mv)
    common.check_fields([query.sort_key], node_view.NODE_FIELDS + ("id",),
                        node_view.FIELD_MINOR, mv)
    common.check_fields(query.fields, view.fields, node_view.FIELD_MINOR, mv)
    filters = _list_filters(req, deps)
    if base_filters:
        filters.update(base_filters)
    conductor = common.query_str(req, "conductor")
    if conductor is not None and mv < 49:
        raise validation.not_acceptable()
    detail = detail_path or bool(query.detail)
    fields: list[str] | None
    if detail:
        fields = None
    else:
        fields = query.fields if query.fields is not None else list(
            node_view.DEFAULT_LIST_FIELDS)
    if fields is None and conductor is None:
        _detailed_list(req, resp, deps, view, filters, query, detail_path, resource)
        return
    columns = None if fields is None else node_view.columns_for(
        fields + (["conductor"] if conductor is not None else []))
    raw_json = fields is None
    rows = deps.nodes.list(filters=filters, limit=query.limit, marker=query.marker,
                           sort_key=query.sort_key, sort_dir=query.sort_dir, columns=columns,
                           raw_json=raw_json)
    url = req.context.public_url
    next_href = common.next_link(
        url, resource + ("/detail" if detail_path else ""), rows,
        0 if "instance_uuid" in filters else query.limit,
        _next_params(query, filters, fields, req))
    conductor_for = deps.conductor_lookup()
    if conductor is not None:
        rows = [r for r in rows if conductor_for(r) == conductor]
    chassis_ids = [r["chassis_id"] for r in rows if r.get("chassis_id") is not None]
    chassis_map = deps.chassis_uuids(chassis_ids) if chassis_ids else {}
    items = [node_view.render(r, view, url, fields=fields, conductor_for=conductor_for,
                              chassis_uuid_for=chassis_map.get, raw_json=raw_json)
             for r in rows]
    set_json(resp, common.collection("nodes", items, next_href))


# What a detailed list reads of every node: enough to page, to route and to know whether
# the node's cached rendering is still right.
_KEY_COLUMNS = ("id", "uuid", "revision", "driver", "conductor_group", "chassis_id")
# Ids per ``IN (...)``: within every database's limit on bound parameters.
_FETCH_BATCH = 500


def _detailed_list(req: falcon.Request, resp: falcon.Response, deps: Deps,
                   view: node_view.NodeView, filters: dict[str, Any],
                   query: common.ListQuery, detail_path: bool, resource: str) -> None:
    """Every field of every node, rendering only the nodes changed since last time."""
    columns = list(dict.fromkeys((*_KEY_COLUMNS, query.sort_key)))
    keys = deps.nodes.list(filters=filters, limit=query.limit, marker=query.marker,
                           sort_key=query.sort_key, sort_dir=query.sort_dir, columns=columns)
    url = req.context.public_url
    next_href = common.next_link(
        url, resource + ("/detail" if detail_path else ""), keys,
        0 if "instance_uuid" in filters else query.limit,
        _next_params(query, filters, None, req))
    conductor_for = deps.conductor_lookup()
    chassis_ids = [r["chassis_id"] for r in keys if r["chassis_id"] is not None]
    chassis_map = deps.chassis_uuids(chassis_ids) if chassis_ids else {}
    cache = deps.render_cache

    def cache_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
        return (row["revision"], view.minor, url, conductor_for(row),
                chassis_map.get(row["chassis_id"]) if row["chassis_id"] is not None else None)

    parts: list[bytes | None] = [cache.get(r["uuid"], cache_key(r)) for r in keys]
    missing = [r["id"] for r, part in zip(keys, parts, strict=True) if part is None]
    if missing:
        fresh: dict[int, dict[str, Any]] = {}
        for start in range(0, len(missing), _FETCH_BATCH):
            fresh.update((row["id"], row) for row in deps.nodes.list(
                filters={"id": missing[start:start + _FETCH_BATCH]}, limit=None,
                raw_json=True))
        for index, key_row in enumerate(keys):
            row = fresh.get(key_row["id"])
            if parts[index] is not None or row is None:
                continue  # cached, or deleted since the first read
            item = node_view.render(row, view, url, conductor_for=conductor_for,
                                    chassis_uuid_for=chassis_map.get, raw_json=True)
            parts[index] = data = dumps(item)
            cache.put(row["uuid"], cache_key(row), data)
    body = b'{"nodes":[' + b",".join(p for p in parts if p is not None) + b"]"
    if next_href:
        body += b',"next":' + dumps(next_href)
    resp.data = body + b"}"
    resp.content_type = JSON_TYPE


def _create_values(req: falcon.Request, deps: Deps, body: dict[str, Any]) -> dict[str, Any]:
    mv = common.minor(req)
    validation.check_keys(body, node_schema.CREATE_FIELDS | {
        f for f in node_view.FIELD_MINOR if f not in node_view.NODE_FIELDS})
    node_schema.reject_newer(body, mv)
    if "driver" not in body:
        raise errors.InvalidParameterValue("Schema error for node: 'driver' is a required "
                                           "property")
    values = node_schema.check_node_values(body, node_schema.CREATE_FIELDS)
    if values.get("name") is not None:
        node_schema.check_name(values["name"], mv,
                               "Cannot create node with invalid name '%(name)s'")
    chassis_uuid = values.pop("chassis_uuid", None)
    if chassis_uuid:
        try:
            values["chassis_id"] = deps.chassis.get(chassis_uuid)["id"]
        except errors.ChassisNotFound as exc:
            reraise_with_status(exc, 400)
    values["provision_state"] = "available" if mv < 11 else "enroll"
    return {k: v for k, v in values.items() if v is not None or k in ("name",)}


class NodeCollection:
    """``/v1/nodes``."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        list_nodes(req, resp, self.deps, detail_path=False)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = common.body_object(req)
        values = _create_values(req, self.deps, body)
        try:
            node = self.deps.rpc.create_node(values)
        except (errors.NoValidHost, errors.DriverNotFound) as exc:
            reraise_with_status(exc, 400)
        url = req.context.public_url
        resp.location = f"{url}/v1/nodes/{node['uuid']}"
        set_json(resp, render_node(req, self.deps, node), falcon.HTTP_201)


class NodeDetail:
    """``/v1/nodes/detail``."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        list_nodes(req, resp, self.deps, detail_path=True)


def _patch_doc(node: dict[str, Any], chassis_uuid: str | None) -> dict[str, Any]:
    """The node as a patch applies to it: API names, real (unmasked) values."""
    doc = {f: node.get(f) for f in node_schema.PATCH_FIELDS if f != "chassis_uuid"}
    doc["chassis_uuid"] = chassis_uuid
    doc["traits"] = node.get("traits") or []
    return doc


def _check_patch_allowed(node: dict[str, Any], ops: list[dict[str, Any]], ident: str) -> None:
    if node["maintenance"] and ops == [{"op": "remove", "path": "/instance_uuid"}]:
        return
    if (node.get("target_provision_state")
            and node["provision_state"] not in _UPDATE_ALLOWED_STATES):
        raise errors.InvalidStateConflict(
            reason=f"Node {ident} can not be updated while a state transition is in "
                   f"progress.")
    if node["provision_state"] == "inspecting":
        raise errors.InvalidStateConflict(
            reason=f'Cannot update node "{node["uuid"]}" while it is in state "inspecting".')


def _patch_rules(req: falcon.Request, ops: list[dict[str, Any]], ident: str) -> None:
    mv = common.minor(req)
    if patch.patch_values(ops, "/traits"):
        raise errors.Invalid("Cannot update node traits via node patch. Node traits should "
                             "be updated via the node traits API.")
    reset = common.query_bool(req, "reset_interfaces")
    if reset is not None:
        if mv < 45:
            raise validation.not_acceptable()
        if not patch.patch_values(ops, "/driver"):
            raise errors.Invalid("The reset_interfaces parameter can only be used when "
                                 "changing the node's driver.")
    for name in patch.patch_values(ops, "/name"):
        if name is not None:
            node_schema.check_name(
                name, mv, f"Node {ident}: Cannot change name to invalid name '%(name)s'")


def _changes(node: dict[str, Any], old: dict[str, Any], new: dict[str, Any],
             deps: Deps) -> dict[str, Any]:
    validation.check_keys(new, node_schema.PATCH_FIELDS | {"traits"})
    # A removed root field is back to its empty value.
    checked = node_schema.check_node_values(
        {f: new.get(f) for f in old if f != "traits"}, node_schema.PATCH_FIELDS)
    values: dict[str, Any] = {}
    for field, value in checked.items():
        if field == "chassis_uuid":
            if value != old["chassis_uuid"]:
                values["chassis_id"] = _chassis_id(deps, value)
        elif value != node.get(field):
            values[field] = value
    return values


def _chassis_id(deps: Deps, chassis_uuid: str | None) -> int | None:
    if not chassis_uuid:
        return None
    try:
        chassis_id: int = deps.chassis.get(chassis_uuid)["id"]
    except errors.ChassisNotFound as exc:
        reraise_with_status(exc, 400)
    return chassis_id


class NodeItem:
    """``/v1/nodes/{node_ident}``."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.check_query(req, frozenset({"fields"}))
        fields = common.parse_fields(req)
        mv = common.minor(req)
        common.check_fields(fields, node_view.view_for(mv).fields, node_view.FIELD_MINOR, mv)
        node = get_node(req, self.deps, node_ident)
        set_json(resp, render_node(req, self.deps, node, fields))

    def on_patch(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.check_query(req, frozenset({"reset_interfaces"}))
        check_node_ident(req, node_ident)
        ops = patch.validate_ops(common.body_list(req))
        mv = common.minor(req)
        _patch_rules(req, ops, node_ident)
        node = self.deps.nodes.get(node_ident)
        _check_patch_allowed(node, ops, node_ident)
        chassis = (self.deps.chassis_uuids([node["chassis_id"]]).get(node["chassis_id"])
                   if node.get("chassis_id") else None)
        old = _patch_doc(node, chassis)
        new = patch.apply(old, ops, allowed=node_schema.PATCH_FIELDS | {"traits"},
                          newer=node_view.FIELD_MINOR, minor=mv)
        values = _changes(node, old, new, self.deps)
        if values:
            try:
                node = self.deps.rpc.update_node(
                    node["uuid"], values,
                    reset_interfaces=bool(common.query_bool(req, "reset_interfaces")),
                    topic=self.deps.topic({**node, **values}))
            except (errors.NoValidHost, errors.DriverNotFound) as exc:
                reraise_with_status(exc, 400)
        set_json(resp, render_node(req, self.deps, node))

    def on_delete(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.destroy_node(node["uuid"], topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204
