"""ETSI NFV-SOL013 5.4 paging: pages of at most N items, the next one named in ``Link``.

A list answers one page; when more items follow, the response carries
``Link: <{url}?{same query}&nextpage_opaque_marker={marker}>; rel="next"``. The marker is
the id of the last item of the page (opaque to clients): the next page starts after it,
so items created or deleted meanwhile never make a page repeat or skip one. A marker
naming no item is a 400.

:func:`collect` pages over a source that filters part of the query in the database and the
rest in Python: it keeps reading batches until the page is full or the source is dry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import falcon

__all__ = ["MARKER_PARAM", "Page", "collect", "next_link"]

MARKER_PARAM = "nextpage_opaque_marker"

#: Reads up to ``limit`` rows after the row whose id is ``marker`` (None: from the start).
Fetch = Callable[[str | None, int | None], Sequence[Mapping[str, Any]]]


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    #: The marker of the next page, None on the last one.
    next_marker: str | None


def collect(fetch: Fetch, render: Callable[[Mapping[str, Any]], dict[str, Any]],
            keep: Callable[[dict[str, Any]], bool] | None, *, page_size: int,
            marker: str | None, key: str = "uuid", batch: int = 200) -> Page:
    """One page of the rendered rows ``keep`` accepts (every row with ``keep`` None).

    ``page_size`` 0 means no paging (everything in one answer).
    """
    if not page_size:
        rows = fetch(marker, None)
        return Page([obj for obj in map(render, rows) if keep is None or keep(obj)], None)
    wanted = page_size + 1   # one more than a page tells whether another page follows
    size = wanted if keep is None else max(batch, wanted)
    found: list[tuple[str, dict[str, Any]]] = []
    while len(found) < wanted:
        rows = fetch(marker, size)
        for row in rows:
            obj = render(row)
            if keep is None or keep(obj):
                found.append((row[key], obj))
                if len(found) == wanted:
                    break
        if len(rows) < size:
            break
        marker = rows[-1][key]
    if len(found) > page_size:
        return Page([obj for _, obj in found[:page_size]], found[page_size - 1][0])
    return Page([obj for _, obj in found], None)


def next_link(req: falcon.Request, public_url: str, marker: str,
              params: Sequence[tuple[str, str]]) -> str:
    """The ``Link`` header value naming the page after ``marker``.

    ``params``: the request's query parameters, in order (the old marker is replaced).
    """
    kept = [(k, v) for k, v in params if k != MARKER_PARAM]
    kept.append((MARKER_PARAM, marker))
    # Flags (all_fields, exclude_default) come back as "all_fields=": the same flag.
    query = urlencode(kept)
    return f'<{public_url}{req.path}?{query}>; rel="next"'
