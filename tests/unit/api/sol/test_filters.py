"""SOL013 5.2 attribute filters: parsing, checking against the schema, evaluating."""

from __future__ import annotations

from typing import Any

import pytest

from baton import errors
from baton.api.sol import attributes as a
from baton.api.sol.filters import parse_filter

SCHEMA: a.Schema = {
    "id": a.STRING,
    "state": a.STRING,
    "count": a.NUMBER,
    "flag": a.BOOLEAN,
    "when": a.DATETIME,
    "meta": a.MAP,
    "checksum": {"algorithm": a.STRING, "hash": a.STRING},
    "images": [{"name": a.STRING, "size": a.NUMBER, "tags": [a.STRING]}],
}

ITEMS: list[dict[str, Any]] = [
    {"id": "a", "state": "ONBOARDED", "count": 3, "flag": True,
     "when": "2024-05-01T10:00:00+00:00", "meta": {"k": "v", "n": 5, "b": False},
     "checksum": {"algorithm": "SHA-256", "hash": "abc"},
     "images": [{"name": "img-1", "size": 10, "tags": ["x", "y"]},
                {"name": "img-2", "size": 200, "tags": []}]},
    {"id": "b", "state": "CREATED", "count": 0, "flag": False,
     "when": "2023-01-01T00:00:00Z", "meta": {}, "images": []},
    {"id": "c,d", "state": "ERROR", "count": 10, "flag": False,
     "meta": {"k": "it's"}, "images": [{"name": "other", "size": 5, "tags": ["y"]}]},
]


def ids(text: str) -> list[str]:
    flt = parse_filter(text, SCHEMA)
    return [item["id"] for item in ITEMS if flt.matches(item)]


@pytest.mark.parametrize(("text", "expected"), [
    ("(eq,state,ONBOARDED)", ["a"]),
    ("(neq,state,ONBOARDED)", ["b", "c,d"]),
    ("(in,state,CREATED,ERROR)", ["b", "c,d"]),
    ("(nin,state,CREATED,ERROR)", ["a"]),
    ("(gt,count,0)", ["a", "c,d"]),
    ("(gte,count,3)", ["a", "c,d"]),
    ("(lt,count,3)", ["b"]),
    ("(lte,count,3)", ["a", "b"]),
    ("(eq,count,3.0)", ["a"]),
    ("(eq,flag,true)", ["a"]),
    ("(eq,flag,false)", ["b", "c,d"]),
    ("(cont,state,BOARD,RR)", ["a", "c,d"]),
    ("(ncont,state,BOARD)", ["b", "c,d"]),
    ("(gt,when,2024-01-01T00:00:00Z)", ["a"]),
    ("(lt,when,2024-01-01T00:00:00+00:00)", ["b"]),
    # Several expressions: all must hold.
    ("(in,state,CREATED,ONBOARDED);(gt,count,1)", ["a"]),
    # Nested attributes; an absent structure matches no positive test.
    ("(eq,checksum/algorithm,SHA-256)", ["a"]),
    ("(neq,checksum/algorithm,SHA-256)", ["b", "c,d"]),
    # Arrays: any element matches; the negation holds when none does.
    ("(eq,images/name,img-2)", ["a"]),
    ("(gt,images/size,100)", ["a"]),
    ("(neq,images/name,img-2)", ["b", "c,d"]),
    ("(eq,images/tags,y)", ["a", "c,d"]),
    ("(cont,images/name,img)", ["a"]),
    # Maps: any key; values compared as the type found.
    ("(eq,meta/k,v)", ["a"]),
    ("(gt,meta/n,4)", ["a"]),
    ("(eq,meta/b,false)", ["a"]),
    ("(eq,meta/@key,n)", ["a"]),
    ("(eq,meta/missing,v)", []),
    # Quoted values: commas, parentheses, doubled quotes.
    ("(eq,id,'c,d')", ["c,d"]),
    ("(eq,meta/k,'it''s')", ["c,d"]),
    ("(in,id,'a',b)", ["a", "b"]),
])
def test_filter_matches(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("eq,state,A", "expected '('"),
    ("(eq,state,A", "not closed"),
    ("(eq,state,A)(eq,id,a)", "expected ';'"),
    ("(eq,state)", "needs an operator"),
    ("(like,state,A)", "unknown operator 'like'"),
    ("(eq,state,A,B)", "eq takes exactly one value"),
    ("(eq,nope,A)", "'nope'"),
    ("(eq,checksum/nope,A)", "'checksum/nope'"),
    ("(eq,state/deeper,A)", "'state/deeper'"),
    ("(eq,checksum,A)", "not a simple attribute"),
    ("(eq,meta,A)", "not a simple attribute"),
    ("(eq,count,many)", "'many' is not a number"),
    ("(eq,flag,yes)", "'yes' is not true or false"),
    ("(gt,when,yesterday)", "not an ISO 8601 date-time"),
    ("(cont,count,1)", "cont applies to strings"),
    ("(gt,flag,true)", "gt does not apply to the boolean"),
    ("(eq,id,'open)", "quoted value is not closed"),
    ("(eq,//,a)", "Invalid attribute name"),
])
def test_bad_filters_are_invalid_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(errors.InvalidParameterValue) as caught:
        parse_filter(text, SCHEMA)
    assert caught.value.code == 400
    assert message in str(caught.value)


def test_no_filter_matches_everything() -> None:
    flt = parse_filter(None, SCHEMA)
    assert flt.exprs == ()
    assert all(flt.matches(item) for item in ITEMS)


def test_column_values_take_equality_on_simple_columns() -> None:
    flt = parse_filter("(eq,state,A);(in,state,A,B);(in,id,x,y);(neq,state,C);"
                       "(gt,state,A);(eq,count,1);(eq,checksum/hash,h)", SCHEMA)
    sql, rest = flt.column_values({"state": "st", "id": "uuid", "count": "n"})
    assert sql == {"st": ["A"], "uuid": ["x", "y"]}
    # Inequalities, orderings (collation), non-strings and nested paths stay in Python.
    assert [(e.op, e.path) for e in rest.exprs] == [
        ("neq", ("state",)), ("gt", ("state",)), ("eq", ("count",)),
        ("eq", ("checksum", "hash"))]


def test_contradicting_equalities_leave_no_value() -> None:
    sql, rest = parse_filter("(eq,state,A);(eq,state,B)", SCHEMA).column_values(
        {"state": "st"})
    assert sql == {"st": []} and rest.exprs == ()
