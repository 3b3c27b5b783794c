"""``/v1/conductors`` (from 1.49): the conductors sharing this database, alive or not."""

from __future__ import annotations

import datetime
from typing import Any

import falcon

from baton import errors
from baton.api.media import set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.db.models import utcnow

__all__ = ["ConductorCollection", "ConductorItem"]

_MINOR = 49
_DEFAULT_FIELDS = ("hostname", "conductor_group", "alive")
_ALL_FIELDS = ("hostname", "conductor_group", "alive", "drivers", "created_at", "updated_at")
_SORTABLE = frozenset({"id", "hostname", "conductor_group", "created_at", "updated_at"})


def _render(req: falcon.Request, deps: Deps, row: dict[str, Any], now: datetime.datetime,
            fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    timeout = datetime.timedelta(seconds=deps.conf.conductor.heartbeat_timeout)
    beat = row.get("heartbeat_at") or row.get("updated_at") or row.get("created_at")
    full = {
        "hostname": row["hostname"],
        "conductor_group": row.get("conductor_group") or "",
        "alive": bool(row.get("online")) and beat is not None and now - beat <= timeout,
        "drivers": sorted(row.get("drivers") or {}),
        "created_at": row.get("created_at"),
        "updated_at": row.get("updated_at") or beat,
    }
    out = {f: full[f] for f in fields}
    out["links"] = common.links(req.context.public_url, f"conductors/{row['hostname']}")
    return out


def _fields(req: falcon.Request) -> list[str] | None:
    fields = common.parse_fields(req)
    if fields is not None:
        bad = [f for f in fields if f not in _ALL_FIELDS]
        if bad:
            raise errors.InvalidParameterValue(f'Field(s) "{", ".join(bad)}" are not valid')
    return fields


class ConductorCollection:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        common.require_minor(req, _MINOR)
        common.check_query(req, frozenset({"limit", "marker", "sort_key", "sort_dir",
                                           "fields", "detail"}))
        query = common.parse_list_query(req, max_limit=self.deps.max_limit,
                                        sortable=_SORTABLE, marker_is_uuid=False)
        fields = _fields(req)
        chosen = (_ALL_FIELDS if query.detail else
                  tuple(fields) if fields is not None else _DEFAULT_FIELDS)
        rows = self.deps.conductors.list(limit=query.limit, marker=query.marker,
                                         sort_key=query.sort_key, sort_dir=query.sort_dir)
        now = utcnow()
        items = [_render(req, self.deps, r, now, chosen) for r in rows]
        params: dict[str, Any] = {"sort_key": query.sort_key, "sort_dir": query.sort_dir}
        if query.detail is not None:
            params["detail"] = query.detail
        if fields is not None:
            params["fields"] = ",".join(fields)
        next_href = common.next_link(req.context.public_url, "conductors", rows, query.limit,
                                     params, key="hostname")
        set_json(resp, common.collection("conductors", items, next_href))


class ConductorItem:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, hostname: str) -> None:
        common.require_minor(req, _MINOR)
        common.check_query(req, frozenset({"fields"}))
        fields = _fields(req)
        row = self.deps.conductors.get(hostname)
        set_json(resp, _render(req, self.deps, row, utcnow(),
                               fields if fields is not None else _ALL_FIELDS))
