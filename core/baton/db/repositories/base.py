"""What every table repository shares: get, list, count, create, update, destroy.

Repositories are the only code that touches the database. Each public method is one
transaction (writes retry on lock errors through :meth:`Database.run`), returns plain dicts
keyed by column name, and maps integrity errors to :mod:`baton.errors` after the rollback,
so a failed write never leaves half of itself behind.
"""

from __future__ import annotations

import re
import uuid as uuidlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import query
from baton.db.repositories.integrity import violation

__all__ = ["NodeChildRepository", "RecordRepository", "TableRepository", "is_uuid_like"]

T = TypeVar("T")

#: A parent a foreign key column points to: (table, error factory taking the missing id).
Parent = tuple[Table, Callable[[Any], errors.BatonError]]


_UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}(-?)[0-9a-fA-F]{4}\1[0-9a-fA-F]{4}\1[0-9a-fA-F]{4}\1[0-9a-fA-F]{12}")


def is_uuid_like(value: Any) -> bool:
    """Whether ``value`` is a UUID string (any case, with or without dashes)."""
    return isinstance(value, str) and _UUID_RE.fullmatch(value) is not None


class RecordRepository:
    """Reads of one table whose rows have ``id`` and ``uuid``, and the write machinery
    (``_create``, ``_update``, ``_destroy``) that subclasses expose as they see fit.

    Subclasses set :attr:`table`, say how to name a missing row (:meth:`_not_found`) and a
    duplicate (:meth:`_duplicate`), and may list :attr:`parents` (checked before writes so
    that a missing parent is reported as such on every database).
    """

    table: ClassVar[Table]
    #: How messages name a row of this table ("Node", "Port", ...).
    resource: ClassVar[str] = "Resource"
    #: The column that identifies a row besides its uuid (``name``), if any.
    name_column: ClassVar[str | None] = None
    parents: ClassVar[Mapping[str, Parent]] = {}
    #: Columns a write may not change once the row exists.
    immutable: ClassVar[frozenset[str]] = frozenset({"id", "uuid", "created_at"})

    def __init__(self, db: Database) -> None:
        self.db = db
        t = self.table
        # Built once: the hot single-row reads skip statement construction.
        self._by_uuid = select(t).where(t.c.uuid == bindparam("ident"))
        self._by_id = select(t).where(t.c.id == bindparam("ident"))
        # Column values travel as execution parameters, so these compile once per set of
        # columns written (the statement cache) instead of being rebuilt per call.
        self._insert_stmt = insert(t)
        self._insert_returning = insert(t).returning(*t.c)
        self._update_stmt = update(t).where(t.c.id == bindparam("_row_id"))
        self._update_returning = self._update_stmt.returning(*t.c)
        self._by_name: Select[Any] | None = None
        if self.name_column is not None:
            self._by_name = select(t).where(t.c[self.name_column] == bindparam("ident"))

    # -- hooks ---------------------------------------------------------------------------

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.NotFound(message=f"{self.resource} {ident} could not be found.")

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        described = ", ".join(f"{c} {row.get(c)}" for c in columns) or "these values"
        return errors.Conflict(
            message=f"A {self.resource.lower()} with {described} already exists.")

    def _filter(self, key: str, value: Any) -> ColumnElement[bool]:
        """One list filter as a condition; subclasses add special keys."""
        return query.column_condition(self.table, key, value)

    def _delete_children(self, conn: Connection, row: Mapping[str, Any]) -> None:
        """Delete (or refuse to orphan) rows depending on ``row``; runs before its delete."""

    # -- reads ---------------------------------------------------------------------------

    def _lookup(self, ident: Any) -> Select[Any]:
        if isinstance(ident, int):
            return self._by_id
        if self._by_name is not None and not is_uuid_like(ident):
            return self._by_name
        return self._by_uuid

    def _find(self, conn: Connection, ident: Any, *,
              for_update: bool = False) -> dict[str, Any]:
        stmt = self._lookup(ident)
        if for_update:
            stmt = stmt.with_for_update()
        found = query.row_dict(conn.execute(stmt, {"ident": ident}))
        if found is None:
            raise self._not_found(ident)
        return found

    def get(self, ident: str) -> dict[str, Any]:
        """The row whose uuid (or name, where rows have one) is ``ident``."""
        with self.db.connect() as conn:
            return self._find(conn, ident)

    def get_by_id(self, row_id: int) -> dict[str, Any]:
        with self.db.connect() as conn:
            return self._find(conn, int(row_id))

    def _conditions(self, filters: Mapping[str, Any] | None) -> list[ColumnElement[bool]]:
        return [self._filter(k, v) for k, v in (filters or {}).items()]

    def list(self, *, filters: Mapping[str, Any] | None = None, limit: int | None = None,
             marker: str | None = None, sort_key: str = "id", sort_dir: str = "asc",
             columns: Sequence[str] | None = None,
             raw_json: bool = False) -> list[dict[str, Any]]:
        """Rows matching ``filters`` (column: value, value list for IN, None for NULL),
        ordered by ``sort_key``/``sort_dir``, after the row whose uuid is ``marker``, at
        most ``limit`` of them, with only ``columns`` when given (JSON documents as their
        stored text with ``raw_json``)."""
        sort_col = query.validate_sort(self.table, sort_key, sort_dir)
        query.validate_limit(limit)
        stmt = query.select_columns(self.table, columns, raw_json=raw_json)
        conditions = self._conditions(filters)
        with self.db.connect() as conn:
            if marker is not None:
                marker_row = query.fetch_marker(conn, self.table, sort_col, marker)
                conditions.append(
                    query.marker_condition(self.table, sort_col, sort_dir, marker_row))
            if conditions:
                stmt = stmt.where(and_(*conditions))
            stmt = stmt.order_by(*query.order_by(self.table, sort_col, sort_dir))
            if limit is not None:
                stmt = stmt.limit(limit)
            return query.row_dicts(conn.execute(stmt))

    def count(self, filters: Mapping[str, Any] | None = None) -> int:
        stmt = select(func.count()).select_from(self.table)
        conditions = self._conditions(filters)
        if conditions:
            stmt = stmt.where(and_(*conditions))
        with self.db.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    # -- writes --------------------------------------------------------------------------

    def _check_columns(self, values: Mapping[str, Any]) -> None:
        unknown = sorted(k for k in values if k not in self.table.c)
        if unknown:
            raise errors.InvalidParameterValue(
                err=f"Unknown {self.table.name} field(s): {', '.join(unknown)}")

    def _check_parents(self, conn: Connection, values: Mapping[str, Any]) -> None:
        for column, (parent, error) in self.parents.items():
            value = values.get(column)
            if value is None:
                continue
            found = conn.execute(select(parent.c.id).where(parent.c.id == value)).first()
            if found is None:
                raise error(value)

    def _insert(self, conn: Connection, values: Mapping[str, Any]) -> dict[str, Any]:
        params = dict(values)
        if conn.dialect.insert_returning:
            row = query.row_dict(conn.execute(self._insert_returning, params))
            assert row is not None
            return row
        primary_key = conn.execute(self._insert_stmt, params).inserted_primary_key
        assert primary_key is not None
        return self._find(conn, int(primary_key[0]))

    def _update_row(self, conn: Connection, row_id: int,
                    values: Mapping[str, Any]) -> dict[str, Any]:
        params = {**values, "_row_id": row_id}
        if conn.dialect.update_returning:
            row = query.row_dict(conn.execute(self._update_returning, params))
            assert row is not None
            return row
        conn.execute(self._update_stmt, params)
        return self._find(conn, row_id)

    def _integrity_error(self, error: sa_exc.IntegrityError,
                         row: Mapping[str, Any]) -> errors.BatonError:
        broken = violation(error, self.table, self.db.dialect_name)
        if broken.kind == "unique" and broken.columns:
            return self._duplicate(broken.columns, row)
        if broken.kind == "not_null":
            return errors.MissingParameterValue(
                err=f"{', '.join(broken.columns) or 'A field'} of {self.table.name} is required")
        if broken.kind == "foreign_key":
            return errors.Conflict(
                reason=f"{self.table.name} {row.get('uuid')} refers to, or is referred to by, "
                       f"a row that changed meanwhile; retry")
        return errors.Conflict(reason=f"{self.table.name} {row.get('uuid')}: constraint "
                                      f"violated")

    def _write(self, fn: Callable[[Connection], T], row: Mapping[str, Any]) -> T:
        """``db.run(fn)``, integrity errors turned into Baton errors (describing ``row``)."""
        try:
            return self.db.run(fn)
        except sa_exc.IntegrityError as error:
            raise self._integrity_error(error, row) from error

    def _prepare_create(self, values: Mapping[str, Any]) -> dict[str, Any]:
        prepared = dict(values)
        if "id" in prepared:
            raise errors.InvalidParameterValue(err=f"Cannot set the id of a {self.table.name}")
        self._check_columns(prepared)
        if not prepared.get("uuid"):
            prepared["uuid"] = str(uuidlib.uuid4())
        return prepared

    def _create(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Insert a row (uuid generated when absent) and return it."""
        prepared = self._prepare_create(values)

        def _create(conn: Connection) -> dict[str, Any]:
            self._check_parents(conn, prepared)
            return self._insert(conn, prepared)

        return self._write(_create, prepared)

    def _check_update(self, current: Mapping[str, Any], values: dict[str, Any]) -> None:
        """Validate ``values`` against the current row; subclasses add rules."""
        for column in self.immutable:
            if column in values and values[column] != current[column]:
                label = "UUID" if column == "uuid" else column
                raise errors.InvalidParameterValue(
                    err=f"Cannot overwrite {label} for an existing {self.resource} "
                        f"{current['uuid']}.")
            values.pop(column, None)

    def _update(self, ident: Any, values: Mapping[str, Any]) -> dict[str, Any]:
        """Change the given columns of the row ``ident`` and return the row."""
        self._check_columns(values)
        merged: dict[str, Any] = dict(values)

        def _update(conn: Connection) -> dict[str, Any]:
            current = self._find(conn, ident, for_update=True)
            changes = dict(values)
            self._check_update(current, changes)
            merged.update({**current, **changes})
            if not changes:
                return current
            self._check_parents(conn, changes)
            return self._update_row(conn, current["id"], changes)

        return self._write(_update, merged)

    def _destroy(self, ident: Any) -> None:
        """Delete the row ``ident`` (and what depends on it, see ``_delete_children``)."""
        def _destroy(conn: Connection) -> dict[str, Any]:
            current = self._find(conn, ident, for_update=True)
            self._delete_children(conn, current)
            conn.execute(delete(self.table).where(self.table.c.id == current["id"]))
            return current

        self._write(_destroy, {"uuid": ident})


class TableRepository(RecordRepository):
    """A table the API creates, updates and destroys rows of directly."""

    def create(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Insert a row (uuid generated when absent) and return it."""
        return self._create(values)

    def update(self, ident: Any, values: Mapping[str, Any]) -> dict[str, Any]:
        """Change the given columns of the row ``ident`` (uuid, name or id) and return it."""
        return self._update(ident, values)

    def destroy(self, ident: Any) -> None:
        """Delete the row ``ident`` (uuid, name or id)."""
        self._destroy(ident)


class NodeChildRepository(TableRepository):
    """A table whose rows belong to a node (``node_id``)."""

    def list_by_node(self, node_id: int, *, limit: int | None = None,
                     marker: str | None = None, sort_key: str = "id", sort_dir: str = "asc",
                     columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
        return self.list(filters={"node_id": node_id}, limit=limit, marker=marker,
                         sort_key=sort_key, sort_dir=sort_dir, columns=columns)
