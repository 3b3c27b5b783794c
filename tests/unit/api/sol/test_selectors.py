"""SOL013 5.3 attribute selectors."""

from __future__ import annotations

from typing import Any

import pytest

from baton import errors
from baton.api.sol import attributes as a
from baton.api.sol.selectors import parse_selector

SCHEMA: a.Schema = {
    "id": a.STRING,
    "state": a.STRING,
    "checksum": {"algorithm": a.STRING, "hash": a.STRING},
    "images": [{"id": a.STRING, "size": a.NUMBER, "meta": a.MAP}],
    "data": a.MAP,
    "details": {"status": a.NUMBER, "detail": a.STRING},
    "_links": {"self": {"href": a.STRING}},
}
DEFAULT_EXCLUDED = ("images", "data", "checksum")
ITEM: dict[str, Any] = {
    "id": "x", "state": "S",
    "checksum": {"algorithm": "SHA-256", "hash": "h"},
    "images": [{"id": "i1", "size": 1, "meta": {"a": 1}}, {"id": "i2", "size": 2}],
    "data": {"k1": "v1", "k2": {"deep": True}},
    "details": {"status": 400, "detail": "bad"},
    "_links": {"self": {"href": "u"}},
}


def select(**given: str) -> dict[str, Any]:
    selector = parse_selector(given, SCHEMA, default_excluded=DEFAULT_EXCLUDED,
                              mandatory=("_links",))
    return selector.apply(ITEM)


def test_default_is_exclude_default() -> None:
    assert select() == select(exclude_default="") == {
        "id": "x", "state": "S", "details": ITEM["details"], "_links": ITEM["_links"]}


def test_all_fields() -> None:
    assert select(all_fields="") == ITEM


def test_fields_keeps_simple_and_mandatory_attributes() -> None:
    assert select(fields="images") == {
        "id": "x", "state": "S", "images": ITEM["images"], "_links": ITEM["_links"]}


def test_fields_with_sub_paths() -> None:
    assert select(fields="images/id,checksum/hash,data/k2") == {
        "id": "x", "state": "S", "images": [{"id": "i1"}, {"id": "i2"}],
        "checksum": {"hash": "h"}, "data": {"k2": {"deep": True}}, "_links": ITEM["_links"]}


def test_fields_whole_and_sub_path_keep_the_whole() -> None:
    assert select(fields="images,images/id")["images"] == ITEM["images"]


def test_fields_with_exclude_default_adds_to_the_default() -> None:
    assert select(fields="checksum", exclude_default="") == {
        "id": "x", "state": "S", "checksum": ITEM["checksum"], "details": ITEM["details"],
        "_links": ITEM["_links"]}


def test_exclude_fields() -> None:
    got = select(exclude_fields="details,images/meta,_links")
    assert "details" not in got
    assert got["images"] == [{"id": "i1", "size": 1}, {"id": "i2", "size": 2}]
    assert got["_links"] == ITEM["_links"]      # mandatory: never excluded
    assert got["data"] == ITEM["data"]
    assert ITEM["images"][0]["meta"] == {"a": 1}  # the input is left alone


@pytest.mark.parametrize(("given", "message"), [
    ({"all_fields": "", "fields": "images"}, "all_fields can't be combined"),
    ({"all_fields": "", "exclude_default": ""}, "all_fields can't be combined"),
    ({"fields": "images", "exclude_fields": "data"}, "fields and exclude_fields"),
    ({"exclude_fields": "data", "exclude_default": ""}, "exclude_fields and exclude_default"),
    ({"fields": ""}, "fields needs a list"),
    ({"fields": "nope"}, "'nope'"),
    ({"fields": "images/nope"}, "'images/nope'"),
    ({"fields": "state"}, "only complex attributes"),
    ({"exclude_fields": "id"}, "only complex attributes"),
    ({"fields": "images,"}, "Invalid attribute name"),
])
def test_bad_selectors(given: dict[str, str], message: str) -> None:
    with pytest.raises(errors.InvalidParameterValue) as caught:
        parse_selector(given, SCHEMA, default_excluded=DEFAULT_EXCLUDED)
    assert message in str(caught.value)
