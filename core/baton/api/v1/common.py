"""Helpers every v1 resource uses: links, versions, bodies, query parameters, paging."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import falcon

from baton import errors
from baton.api import media, validation

__all__ = [
    "ListQuery",
    "body_list",
    "body_object",
    "collection",
    "link",
    "links",
    "minor",
    "next_link",
    "parse_list_query",
    "public_url",
    "query_bool",
    "query_str",
    "require_minor",
    "resource_links",
]

SORT_DIRS = ("asc", "desc")


def minor(req: falcon.Request) -> int:
    value: int = req.context.minor
    return value


def require_minor(req: falcon.Request, wanted: int) -> None:
    """404 below ``wanted``, as Ironic hides endpoints newer than the request."""
    if req.context.minor < wanted:
        raise errors.NotFound("The resource could not be found.")


def public_url(req: falcon.Request) -> str:
    url: str = req.context.public_url
    return url


def link(rel: str, href: str) -> dict[str, str]:
    return {"href": href, "rel": rel}


def links(url: str, path: str) -> list[dict[str, str]]:
    """``self`` (under /v1) and ``bookmark`` links to ``path`` (e.g. ``nodes/<uuid>``)."""
    return [{"href": f"{url}/v1/{path}", "rel": "self"},
            {"href": f"{url}/{path}", "rel": "bookmark"}]


def resource_links(url: str, resource: str) -> list[dict[str, str]]:
    """Links to a top level collection, with Ironic's trailing slash."""
    return [{"href": f"{url}/v1/{resource}/", "rel": "self"},
            {"href": f"{url}/{resource}/", "rel": "bookmark"}]


# -- bodies ---------------------------------------------------------------------------
def body_object(req: falcon.Request, *, required: bool = True) -> dict[str, Any]:
    """The JSON object in the request body (400 when it is not an object)."""
    body = media.read_json(req, req.context.max_body_size)
    if body is None:
        if required:
            raise errors.Invalid("The request body is empty; a JSON object is expected.")
        return {}
    if not isinstance(body, dict):
        raise errors.Invalid(
            f"The request body must be a JSON object, not {type(body).__name__}.")
    return body


def body_list(req: falcon.Request) -> list[Any]:
    body = media.read_json(req, req.context.max_body_size)
    if not isinstance(body, list):
        raise errors.Invalid("The request body must be a JSON array (a JSON patch).")
    return body


# -- query parameters -------------------------------------------------------------------
def query_str(req: falcon.Request, name: str) -> str | None:
    value = req.params.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        return str(value[-1])
    return str(value)


def query_bool(req: falcon.Request, name: str) -> bool | None:
    return validation.as_bool(name, query_str(req, name))


def check_query(req: falcon.Request, allowed: frozenset[str]) -> None:
    for name in req.params:
        if name not in allowed:
            raise errors.InvalidParameterValue(f"Unknown argument: {name}")


@dataclass(frozen=True)
class ListQuery:
    """Paging, sorting and field selection of a list request."""

    limit: int
    marker: str | None
    sort_key: str
    sort_dir: str
    fields: list[str] | None
    detail: bool | None


def parse_fields(req: falcon.Request) -> list[str] | None:
    raw = query_str(req, "fields")
    if raw is None:
        return None
    if minor(req) < 8:
        raise validation.not_acceptable()
    return [f.strip() for f in raw.split(",") if f.strip()]


def parse_list_query(req: falcon.Request, *, max_limit: int, sortable: Iterable[str],
                     default_sort: str = "id", marker_is_uuid: bool = True,
                     detail_min: int = 43) -> ListQuery:
    """Read limit/marker/sort_key/sort_dir/fields/detail with Ironic's checks."""
    limit = validation.as_int("limit", query_str(req, "limit"))
    if limit is None:
        limit = max_limit
    elif limit <= 0:
        raise errors.InvalidParameterValue("Limit must be positive")
    limit = min(limit, max_limit)
    marker = query_str(req, "marker")
    if marker is not None and marker_is_uuid:
        validation.valid_uuid("marker", marker)
    sort_dir = query_str(req, "sort_dir") or "asc"
    if sort_dir not in SORT_DIRS:
        raise errors.InvalidParameterValue(
            f"Invalid sort direction: {sort_dir}. Acceptable values are 'asc' or 'desc'")
    sort_key = query_str(req, "sort_key") or default_sort
    if sort_key not in sortable:
        raise errors.InvalidParameterValue(
            f"The sort_key value {sort_key} is an invalid field for sorting")
    fields = parse_fields(req)
    detail = query_bool(req, "detail")
    if detail is not None and minor(req) < detail_min:
        raise errors.InvalidParameterValue(f"Invalid query parameter ?detail={detail} "
                                           f"received.")
    if fields is not None and detail:
        raise errors.InvalidParameterValue(
            "Can not specify ?detail=True and fields in the same request.")
    return ListQuery(limit, marker, sort_key, sort_dir, fields, detail)


def check_fields(fields: Sequence[str] | None, valid: Iterable[str],
                 newer: Mapping[str, int], current: int) -> None:
    """406 for a field newer than the request, 400 for an unknown one."""
    if fields is None:
        return
    known = set(valid)
    for field in fields:
        if field in newer and newer[field] > current:
            raise validation.not_acceptable()
    bad = [f for f in fields if f not in known]
    if bad:
        raise errors.InvalidParameterValue(f'Field(s) "{", ".join(bad)}" are not valid')


# -- paging -----------------------------------------------------------------------------
def next_link(url: str, resource: str, items: Sequence[Mapping[str, Any]], limit: int,
              params: Mapping[str, Any], *, key: str = "uuid") -> str | None:
    """Ironic's ``next`` URL when the page is full, else None."""
    if not items or len(items) != limit:
        return None
    args = "".join(f"{k}={_qs(v)}&" for k, v in params.items() if v is not None)
    return f"{url}/v1/{resource}?{args}limit={limit}&marker={items[-1][key]}"


def _qs(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def collection(name: str, items: list[dict[str, Any]], next_href: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {name: items}
    if next_href:
        body["next"] = next_href
    return body


def filter_fields(item: dict[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    """Keep only ``fields`` (and ``links``) of a rendered item."""
    if fields is None:
        return item
    out = {f: item[f] for f in fields if f in item}
    if "links" in item:
        out["links"] = item["links"]
    return out
