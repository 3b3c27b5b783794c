"""Answering a list (VNF instances, operation occurrences, subscriptions): SOL013 filters
(5.2), attribute selectors (5.3, where the resource has them) and paging (5.4)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import falcon

from baton import errors
from baton.api.media import set_json
from baton.api.sol import attributes as a
from baton.api.sol import paging, requests
from baton.api.sol.filters import parse_filter
from baton.api.sol.selectors import SELECTOR_PARAMS, parse_selector
from baton.api.validation import is_uuid_like

__all__ = ["ListSpec", "answer_list"]

_KEY = "__api_id"

Fetch = Callable[[Mapping[str, Any] | None, str | None, int | None],
                 Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class ListSpec:
    """How one kind of resource is listed."""

    schema: a.Schema
    render: Callable[[Mapping[str, Any], str], dict[str, Any]]
    #: Attribute -> repository filter name for the simple attributes tested in SQL.
    columns: Mapping[str, str]
    #: Whether attribute selectors apply (not to subscriptions: SOL003 5.4.18.3.2).
    selectors: bool = True
    default_excluded: Sequence[str] = ()
    mandatory: Sequence[str] = ()

    @property
    def params(self) -> tuple[str, ...]:
        extra = SELECTOR_PARAMS if self.selectors else ()
        return ("filter", paging.MARKER_PARAM, *extra)


def _given(req: falcon.Request, spec: ListSpec) -> tuple[list[tuple[str, str]],
                                                         dict[str, str]]:
    params = requests.query_params(req)
    given: dict[str, str] = {}
    for key, value in params:
        if key not in spec.params:
            raise errors.InvalidParameterValue(
                err=f"Unknown query parameter {key!r}; this list takes "
                    f"{', '.join(spec.params)}.")
        given[key] = value
    return params, given


def answer_list(req: falcon.Request, resp: falcon.Response, spec: ListSpec, fetch: Fetch,
                page_size: int) -> None:
    """Answer the page of items ``fetch(filters, marker, limit)`` gives that the query
    asks for, with a ``Link`` to the next page when there is one."""
    params, given = _given(req, spec)
    flt = parse_filter(given.get("filter"), spec.schema)
    selector = None
    if spec.selectors:
        selector = parse_selector(given, spec.schema, default_excluded=spec.default_excluded,
                                  mandatory=spec.mandatory)
    marker = given.get(paging.MARKER_PARAM)
    if marker is not None and not is_uuid_like(marker):
        raise errors.InvalidParameterValue(
            err=f"Invalid {paging.MARKER_PARAM} {marker!r}: not one this service gave.")
    sql, rest = flt.column_values(spec.columns)
    url = req.context.public_url

    def rows(after: str | None, limit: int | None) -> Sequence[Mapping[str, Any]]:
        # The API id of a row: its uuid when it has one (a table row), else its id.
        return [{**row, _KEY: row.get("uuid", row.get("id"))}
                for row in fetch(sql or None, after, limit)]

    page = paging.collect(rows, lambda row: spec.render(row, url),
                          rest.matches if rest.exprs else None,
                          page_size=page_size, marker=marker, key=_KEY)
    if page.next_marker is not None:
        resp.set_header("Link", paging.next_link(req, url, page.next_marker, params))
    items = page.items if selector is None else [selector.apply(i) for i in page.items]
    set_json(resp, items)
