"""Reading SQLite, PostgreSQL and MySQL integrity errors: which constraint broke.

Repositories turn these into :mod:`baton.errors` classes (``DuplicateName``,
``MACAlreadyExists``, ...); this module only works out *what* was violated, the same way
for every database, from the constraint names that ``baton.db.models.NAMING`` gives.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

from sqlalchemy import Table, UniqueConstraint, exc

__all__ = ["Violation", "violation"]

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (.+)$")
_SQLITE_NOT_NULL = re.compile(r"NOT NULL constraint failed: \w+\.(\w+)")
_PG_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_MYSQL_KEY = re.compile(r"for key '(?:[\w]+\.)?(\w+)'")
_MYSQL_NULL = re.compile(r"Column '(\w+)' cannot be null")


@dataclasses.dataclass(frozen=True)
class Violation:
    """A broken constraint: ``kind`` is unique, foreign_key, not_null or other."""

    kind: str
    columns: tuple[str, ...] = ()


@cache
def _unique_names(table: Table) -> dict[str, tuple[str, ...]]:
    """Constraint name -> columns for every unique constraint of ``table``."""
    names: dict[str, tuple[str, ...]] = {}
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            cols = tuple(c.name for c in constraint.columns)
            names[f"uniq_{table.name}0{'_'.join(cols)}"] = cols
    names[f"pk_{table.name}"] = ("id",)
    return names


def _unique_by_name(table: Table, name: str) -> Violation:
    return Violation("unique", _unique_names(table).get(name, ()))


def _sqlite(table: Table, message: str) -> Violation:
    match = _SQLITE_UNIQUE.search(message)
    if match:
        cols = tuple(part.strip().split(".")[-1] for part in match.group(1).split(","))
        return Violation("unique", cols)
    if "FOREIGN KEY constraint failed" in message:
        return Violation("foreign_key")
    match = _SQLITE_NOT_NULL.search(message)
    if match:
        return Violation("not_null", (match.group(1),))
    return Violation("other")


def _postgresql(table: Table, orig: BaseException | None, message: str) -> Violation:
    sqlstate = getattr(orig, "sqlstate", None)
    diag = getattr(orig, "diag", None)
    if sqlstate == "23505":
        name = getattr(diag, "constraint_name", None)
        if name is None:
            match = _PG_CONSTRAINT.search(message)
            name = match.group(1) if match else ""
        return _unique_by_name(table, name)
    if sqlstate == "23503":
        return Violation("foreign_key")
    if sqlstate == "23502":
        column = getattr(diag, "column_name", None)
        return Violation("not_null", (column,) if column else ())
    return Violation("other")


def _mysql(table: Table, orig: BaseException | None, message: str) -> Violation:
    args = getattr(orig, "args", ())
    code = args[0] if args and isinstance(args[0], int) else None
    if code == 1062:
        match = _MYSQL_KEY.search(message)
        return _unique_by_name(table, match.group(1) if match else "")
    if code in (1451, 1452):
        return Violation("foreign_key")
    if code == 1048:
        match = _MYSQL_NULL.search(message)
        return Violation("not_null", (match.group(1),) if match else ())
    return Violation("other")


def violation(error: exc.IntegrityError, table: Table, dialect_name: str) -> Violation:
    """What ``error``, raised writing to ``table``, violated."""
    orig = error.orig
    message = str(orig)
    if dialect_name == "sqlite":
        return _sqlite(table, message)
    if dialect_name == "postgresql":
        return _postgresql(table, orig, message)
    if dialect_name == "mysql":
        return _mysql(table, orig, message)
    return Violation("other")
