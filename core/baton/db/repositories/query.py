"""Building list queries: filters, column subsets, sorting and marker (keyset) paging.

Paging is by keyset on ``(sort_key, id)`` in the requested direction, with NULLs first when
ascending and last when descending on every database, so a page boundary never skips or
repeats a row whatever the sort key holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import (
    Column,
    ColumnElement,
    Select,
    Table,
    Text,
    and_,
    case,
    false,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection, CursorResult, Result

from baton import errors
from baton.db import models

__all__ = [
    "column_condition",
    "fetch_marker",
    "marker_condition",
    "order_by",
    "row_dict",
    "row_dicts",
    "select_columns",
    "sortable_columns",
    "validate_limit",
    "validate_sort",
]

SORT_DIRS = ("asc", "desc")


def row_dicts(result: Result[Any] | CursorResult[Any]) -> list[dict[str, Any]]:
    """Every row of ``result`` as a dict keyed by column name."""
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]


def row_dict(result: Result[Any] | CursorResult[Any]) -> dict[str, Any] | None:
    """The first row of ``result`` as a dict, or None."""
    keys = list(result.keys())
    row = result.first()
    return None if row is None else dict(zip(keys, row, strict=True))


def sortable_columns(table: Table) -> frozenset[str]:
    """Columns a list may sort by: all but the JSON documents."""
    return frozenset(c.name for c in table.columns if not isinstance(c.type, models.JSONText))


def validate_sort(table: Table, sort_key: str, sort_dir: str) -> Column[Any]:
    if sort_dir not in SORT_DIRS:
        raise errors.InvalidParameterValue(
            err=f"Invalid sort direction: {sort_dir}. Acceptable values are 'asc' or 'desc'")
    if sort_key not in sortable_columns(table):
        raise errors.InvalidParameterValue(
            err=f"The sort_key value {sort_key} is an invalid field for sorting")
    return table.c[sort_key]


def validate_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise errors.InvalidParameterValue(err=f"Limit must be positive: {limit}")


def _raw(column: Column[Any]) -> ColumnElement[Any]:
    """``column`` as stored: a JSON document stays undecoded text."""
    if isinstance(column.type, models.JSONText):
        return type_coerce(column, Text).label(column.name)
    return column


def select_columns(table: Table, columns: Sequence[str] | None, *,
                   raw_json: bool = False) -> Select[Any]:
    """``SELECT`` of ``columns`` (all when None) from ``table``; unknown names are invalid.

    With ``raw_json``, JSON documents come back as their stored text, for callers that pass
    them on without looking inside (a detailed API list splices them into its answer).
    """
    if columns is None:
        if not raw_json:
            return select(table)
        return select(*(_raw(c) for c in table.columns))
    unknown = [name for name in columns if name not in table.c]
    if unknown:
        raise errors.InvalidParameterValue(
            err=f"Field(s) \"{', '.join(unknown)}\" are not valid")
    chosen = (table.c[name] for name in dict.fromkeys(columns))
    return select(*(_raw(c) if raw_json else c for c in chosen))


def column_condition(table: Table, key: str, value: Any) -> ColumnElement[bool]:
    """``key = value``; a list, tuple or set means ``IN``, None means ``IS NULL``."""
    if key not in table.c:
        raise errors.InvalidParameterValue(err=f"Unknown filter {key!r} for {table.name}")
    column = table.c[key]
    if isinstance(value, (list, tuple, set, frozenset)):
        values = list(value)
        if not values:
            return false()
        return column.in_(values)
    if value is None:
        return column.is_(None)
    return cast("ColumnElement[bool]", column == value)


def _null_rank(column: Column[Any], nulls_value: int) -> Any:
    return case((column.is_(None), nulls_value), else_=1 - nulls_value)


def order_by(table: Table, sort_col: Column[Any], sort_dir: str) -> list[Any]:
    """ORDER BY terms: the sort column (NULLs first ascending, last descending), then id."""
    id_col = table.c.id
    terms: list[Any] = []
    if sort_col is not id_col and sort_col.nullable:
        terms.append(_null_rank(sort_col, 0 if sort_dir == "asc" else 1))
    if sort_dir == "asc":
        terms.append(sort_col.asc())
        if sort_col is not id_col:
            terms.append(id_col.asc())
    else:
        terms.append(sort_col.desc())
        if sort_col is not id_col:
            terms.append(id_col.desc())
    return terms


def marker_condition(table: Table, sort_col: Column[Any], sort_dir: str,
                     marker: Mapping[str, Any]) -> ColumnElement[bool]:
    """Rows after ``marker`` (a row with ``id`` and the sort column) in this order."""
    id_col = table.c.id
    marker_id = marker["id"]
    asc = sort_dir == "asc"
    after_id: ColumnElement[bool] = id_col > marker_id if asc else id_col < marker_id
    if sort_col is id_col:
        return after_id
    value = marker[sort_col.name]
    if value is None:
        if asc:   # NULLs come first: the rest of the NULLs, then every non-NULL
            return or_(and_(sort_col.is_(None), after_id), sort_col.is_not(None))
        return and_(sort_col.is_(None), after_id)   # NULLs come last
    beyond = sort_col > value if asc else sort_col < value
    tie = and_(sort_col == value, after_id)
    if not asc and sort_col.nullable:
        return or_(beyond, tie, sort_col.is_(None))
    return or_(beyond, tie)


def fetch_marker(conn: Connection, table: Table, sort_col: Column[Any], marker: str, *,
                 marker_column: str = "uuid") -> dict[str, Any]:
    """The marker row's id and sort value; an unknown marker is an invalid parameter."""
    cols: Iterable[Column[Any]] = dict.fromkeys((table.c.id, sort_col))
    found = row_dict(conn.execute(select(*cols).where(table.c[marker_column] == marker)))
    if found is None:
        raise errors.InvalidParameterValue(err=f"Marker {marker} could not be found.")
    return found
