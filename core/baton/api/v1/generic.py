"""List, show and patch flows shared by ports, portgroups, volume resources and chassis."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

import falcon
from sqlalchemy import Table

from baton import errors
from baton.api import validation
from baton.api.errors import reraise_with_status
from baton.api.media import set_json
from baton.api.v1 import common, patch, shapes
from baton.api.v1.deps import Deps
from baton.db import models

__all__ = ["ListRepo", "list_resource", "node_id_for", "patched_values", "show_resource",
           "sortable"]


class ListRepo(Protocol):
    def list(self, *, filters: dict[str, Any] | None = ..., limit: int | None = ...,
             marker: str | None = ..., sort_key: str = ...,
             sort_dir: str = ...) -> list[dict[str, Any]]: ...


def sortable(table: Table, *invalid: str) -> frozenset[str]:
    return frozenset(c.name for c in table.columns
                     if not isinstance(c.type, models.JSONText)) - set(invalid)


def _fields_for_list(req: falcon.Request, shape: shapes.Shape,
                     query: common.ListQuery, mv: int, detail_path: bool) -> list[str] | None:
    common.check_fields(query.fields, shape.visible(mv), shape.field_minor, mv)
    common.check_fields([query.sort_key], shape.fields + ("id",), shape.field_minor, mv)
    if detail_path:
        if query.fields is not None or query.detail is not None:
            raise errors.InvalidParameterValue("The detail endpoint takes neither fields "
                                               "nor detail.")
        return None
    if query.detail:
        return None
    return query.fields if query.fields is not None else list(shape.default_list)


def list_resource(req: falcon.Request, resp: falcon.Response, deps: Deps, *,
                  shape: shapes.Shape, repo: ListRepo, item_name: str, url_path: str,
                  filters: dict[str, Any], next_params: dict[str, Any],
                  table: Table, invalid_sort: Iterable[str] = (),
                  detail_path: bool = False, allowed_query: frozenset[str] = frozenset(),
                  detail_min: int = 43) -> None:
    """Answer a list of ``shape`` resources, with paging and the ``next`` link."""
    common.check_query(req, allowed_query | {"limit", "marker", "sort_key", "sort_dir",
                                             "fields", "detail"})
    mv = common.minor(req)
    query = common.parse_list_query(req, max_limit=deps.max_limit,
                                    sortable=sortable(table, *invalid_sort),
                                    detail_min=detail_min)
    fields = _fields_for_list(req, shape, query, mv, detail_path)
    rows = repo.list(filters=filters or None, limit=query.limit, marker=query.marker,
                     sort_key=query.sort_key, sort_dir=query.sort_dir)
    url = req.context.public_url
    params = dict(next_params, sort_key=query.sort_key, sort_dir=query.sort_dir)
    if query.detail is not None:
        params["detail"] = query.detail
    if fields is not None:
        params["fields"] = ",".join(fields)
    next_href = common.next_link(url, url_path + ("/detail" if detail_path else ""), rows,
                                 query.limit, params)
    parents = shapes.Parents(deps, rows)
    items = [shapes.render(shape, r, url, mv, parents, fields=fields) for r in rows]
    set_json(resp, common.collection(item_name, items, next_href))


def show_resource(req: falcon.Request, resp: falcon.Response, deps: Deps,
                  shape: shapes.Shape, row: Mapping[str, Any],
                  status: str | int | None = None) -> None:
    mv = common.minor(req)
    fields = common.parse_fields(req)
    common.check_fields(fields, shape.visible(mv), shape.field_minor, mv)
    parents = shapes.Parents(deps, [row])
    set_json(resp, shapes.render(shape, row, req.context.public_url, mv, parents,
                                 fields=fields), status)


def node_id_for(deps: Deps, node_uuid: str, *, status: int = 400) -> dict[str, Any]:
    """The node a write names by uuid (or name); a missing node is a 400 as in Ironic."""
    try:
        return deps.nodes.get(node_uuid)
    except errors.NodeNotFound as exc:
        reraise_with_status(exc, status)


def patched_values(req: falcon.Request, deps: Deps, shape: shapes.Shape,
                   row: Mapping[str, Any], ops: list[dict[str, Any]],
                   kinds: Mapping[str, str],
                   resolve: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]],
                   ) -> dict[str, Any]:
    """Apply ``ops`` to the API view of ``row``; answer the changed column values.

    ``kinds`` lists the patchable fields and their types; ``resolve(changed, doc)`` turns
    derived fields (``node_uuid``, ``portgroup_uuid``) into column values.
    """
    mv = common.minor(req)
    parents = shapes.Parents(deps, [row])
    old = shapes.render(shape, row, "", mv, parents, fields=shape.fields)
    old.pop("links", None)
    new = patch.apply(old, ops, allowed=frozenset(kinds), newer=shape.field_minor, minor=mv)
    changed: dict[str, Any] = {}
    for name, kind in kinds.items():
        value = new.get(name)
        if kind.rstrip("?") == "dict" and value is None:
            value = {}
        value = validation.check_typed({name: value}, {name: kind})[name]
        if value != old.get(name):
            changed[name] = value
    return resolve(changed, new)
