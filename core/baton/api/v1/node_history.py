"""``/v1/nodes/{id}/history`` (from 1.78): the node's event log, list and show."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import masking, validation
from baton.api.media import set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import get_node

__all__ = ["NodeHistory", "NodeHistoryEvent"]

_HISTORY_MINOR = 78
_STANDARD = ("uuid", "created_at", "severity", "event")
_DETAIL = ("uuid", "created_at", "severity", "event_type", "event", "conductor", "user")


def _render(url: str, node_uuid: str, event: dict[str, Any], detail: bool) -> dict[str, Any]:
    out = {f: event.get(f) for f in (_DETAIL if detail else _STANDARD)}
    text = masking.mask_text(out["event"]) or ""
    if not detail and len(text) > 255:
        text = text[:251] + "..."
    out["event"] = text
    out["links"] = [{"href": f"{url}/v1/nodes/{node_uuid}/history/{event['uuid']}",
                     "rel": "self"}]
    return out


class NodeHistory:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, _HISTORY_MINOR)
        common.check_query(req, frozenset({"detail", "marker", "limit", "sort_key",
                                           "sort_dir"}))
        detail = bool(common.query_bool(req, "detail"))
        limit = validation.as_int("limit", common.query_str(req, "limit"))
        if limit is not None and limit <= 0:
            raise errors.InvalidParameterValue("Limit must be positive")
        limit = min(limit or self.deps.max_limit, self.deps.max_limit)
        sort_dir = common.query_str(req, "sort_dir") or "asc"
        if sort_dir not in common.SORT_DIRS:
            raise errors.InvalidParameterValue(
                f"Invalid sort direction: {sort_dir}. Acceptable values are 'asc' or 'desc'")
        marker = common.query_str(req, "marker")
        if marker is not None:
            validation.valid_uuid("marker", marker)
        node = get_node(req, self.deps, node_ident)
        events = self.deps.history.list_for_node(node["id"], limit=limit, marker=marker,
                                                 sort_dir=sort_dir)
        url = req.context.public_url
        items = [_render(url, node["uuid"], e, detail) for e in events]
        params: dict[str, Any] = {"detail": detail} if detail else {}
        if sort_dir != "asc":
            params["sort_dir"] = sort_dir
        next_href = common.next_link(url, f"nodes/{node_ident}/history", events, limit,
                                     params)
        set_json(resp, common.collection("history", items, next_href))


class NodeHistoryEvent:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str,
               event: str) -> None:
        common.require_minor(req, _HISTORY_MINOR)
        node = get_node(req, self.deps, node_ident)
        validation.valid_uuid("event", event)
        found = self.deps.history.get(event)
        if found.get("node_id") != node["id"]:
            raise errors.NotFound(f"Node history record {event} could not be found.")
        set_json(resp, _render(req.context.public_url, node["uuid"], found, True))
