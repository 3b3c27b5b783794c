"""Paging, byte ranges and merge patches of the SOL APIs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import falcon
import pytest

from baton.api.sol.paging import collect
from baton.api.sol.ranges import parse_range
from baton.api.sol.requests import merge_patch

ROWS = [{"uuid": f"u{i:02}", "n": i} for i in range(25)]


def fetcher(calls: list[tuple[str | None, int | None]]) -> Any:
    def fetch(marker: str | None, limit: int | None) -> Sequence[Mapping[str, Any]]:
        calls.append((marker, limit))
        start = 0 if marker is None else [r["uuid"] for r in ROWS].index(marker) + 1
        rows = ROWS[start:]
        return rows if limit is None else rows[:limit]
    return fetch


def render(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": row["uuid"], "n": row["n"]}


def walk(keep: Any, page_size: int, batch: int = 200) -> tuple[list[list[int]], int]:
    calls: list[tuple[str | None, int | None]] = []
    pages, marker = [], None
    while True:
        page = collect(fetcher(calls), render, keep, page_size=page_size, marker=marker,
                       batch=batch)
        pages.append([item["n"] for item in page.items])
        if page.next_marker is None:
            return pages, len(calls)
        marker = page.next_marker


def test_pages_without_python_filter_read_one_row_more_than_a_page() -> None:
    pages, calls = walk(None, 10)
    assert pages == [list(range(10)), list(range(10, 20)), list(range(20, 25))]
    assert calls == 3


def test_exact_multiple_has_no_empty_last_page() -> None:
    pages, _ = walk(None, 5)
    assert pages == [list(range(i, i + 5)) for i in range(0, 25, 5)]


def test_pages_with_python_filter_read_batches_until_full() -> None:
    pages, calls = walk(lambda obj: obj["n"] % 3 == 0, 3, batch=4)
    assert pages == [[0, 3, 6], [9, 12, 15], [18, 21, 24]]
    assert calls > 3


def test_no_paging() -> None:
    pages, calls = walk(lambda obj: obj["n"] < 4, 0)
    assert pages == [[0, 1, 2, 3]] and calls == 1


@pytest.mark.parametrize(("header", "expected"), [
    (None, None),
    ("bytes=0-9", (0, 9)),
    ("bytes=10-", (10, 99)),
    ("bytes=-10", (90, 99)),
    ("bytes=-1000", (0, 99)),
    ("bytes=95-200", (95, 99)),
    ("bytes = 1 - 2", (1, 2)),
    ("bytes=5-1", None),          # invalid: ignored
    ("bytes=0-1,5-6", None),      # several ranges: ignored, the whole content answers
    ("items=0-1", None),
    ("bytes=-", None),
])
def test_parse_range(header: str | None, expected: tuple[int, int] | None) -> None:
    assert parse_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=150-160", "bytes=-0"])
def test_unsatisfiable_ranges(header: str) -> None:
    with pytest.raises(falcon.HTTPRangeNotSatisfiable) as caught:
        parse_range(header, 100)
    assert caught.value.headers == {"Content-Range": "bytes */100"}


def test_merge_patch_rfc7396() -> None:
    target = {"a": "b", "c": {"d": "e", "f": "g"}, "keep": 1}
    patch = {"a": "z", "c": {"f": None, "new": [1]}, "keep": None, "x": {"y": None}}
    assert merge_patch(target, patch) == {"a": "z", "c": {"d": "e", "new": [1]},
                                          "x": {}}
    assert target == {"a": "b", "c": {"d": "e", "f": "g"}, "keep": 1}
    assert merge_patch({"a": 1}, ["list"]) == ["list"]
    assert merge_patch("scalar", {"a": None}) == {}
