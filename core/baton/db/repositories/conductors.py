"""Conductors: registration, heartbeats, and who is alive (the hash ring's input)."""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import query

__all__ = ["ConductorRepository"]

_c = models.conductors


class ConductorRepository:
    """Rows of the ``conductors`` table, by hostname."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._by_hostname = select(_c).where(_c.c.hostname == bindparam("hostname"))

    def _find(self, conn: Connection, hostname: str) -> dict[str, Any]:
        found = query.row_dict(conn.execute(self._by_hostname, {"hostname": hostname}))
        if found is None:
            raise errors.ConductorNotFound(conductor=hostname)
        return found

    def register(self, hostname: str, *, rpc_address: str, rpc_version: str,
                 drivers: dict[str, Any], conductor_group: str = "",
                 update_existing: bool = True) -> dict[str, Any]:
        """Register ``hostname`` as online, or re-register its existing row (a restart).

        With ``update_existing=False`` an existing online row is
        :class:`errors.ConductorAlreadyRegistered` instead.
        """
        values = {
            "online": True, "rpc_address": rpc_address, "rpc_version": rpc_version,
            "drivers": drivers, "conductor_group": conductor_group,
            "heartbeat_at": models.utcnow(),
        }

        def _register(conn: Connection) -> dict[str, Any]:
            existing = query.row_dict(conn.execute(
                self._by_hostname.with_for_update(), {"hostname": hostname}))
            if existing is None:
                conn.execute(insert(_c).values(hostname=hostname, **values))
            elif existing["online"] and not update_existing:
                raise errors.ConductorAlreadyRegistered(conductor=hostname)
            else:
                conn.execute(update(_c).where(_c.c.id == existing["id"]).values(**values))
            return self._find(conn, hostname)

        try:
            return self.db.run(_register)
        except sa_exc.IntegrityError:
            # Another process inserted the same hostname meanwhile: now it is an update.
            return self.db.run(_register)

    def _set(self, hostname: str, values: dict[str, Any]) -> None:
        stmt = update(_c).where(_c.c.hostname == hostname).values(**values)
        if self.db.run(lambda conn: conn.execute(stmt).rowcount) == 0:
            raise errors.ConductorNotFound(conductor=hostname)

    def heartbeat(self, hostname: str) -> None:
        """Record that ``hostname`` is alive now."""
        self._set(hostname, {"heartbeat_at": models.utcnow(), "online": True})

    def unregister(self, hostname: str) -> None:
        """Mark ``hostname`` offline (a clean stop); its row stays for re-registration."""
        self._set(hostname, {"online": False})

    def get(self, hostname: str) -> dict[str, Any]:
        with self.db.connect() as conn:
            return self._find(conn, hostname)

    def get_by_id(self, conductor_id: int) -> dict[str, Any]:
        with self.db.connect() as conn:
            found = query.row_dict(conn.execute(select(_c).where(_c.c.id == conductor_id)))
        if found is None:
            raise errors.ConductorNotFound(conductor=conductor_id)
        return found

    def list_alive(self, timeout_s: float) -> list[dict[str, Any]]:
        """Online conductors whose last heartbeat is under ``timeout_s`` seconds old."""
        since = models.utcnow() - datetime.timedelta(seconds=timeout_s)
        stmt = (select(_c).where(and_(_c.c.online.is_(True), _c.c.heartbeat_at >= since))
                .order_by(_c.c.hostname))
        with self.db.connect() as conn:
            return query.row_dicts(conn.execute(stmt))

    def list(self, *, limit: int | None = None, marker: str | None = None,
             sort_key: str = "id", sort_dir: str = "asc") -> list[dict[str, Any]]:
        """Every registered conductor; ``marker`` is the hostname of the previous page's
        last one."""
        sort_col = query.validate_sort(_c, sort_key, sort_dir)
        query.validate_limit(limit)
        stmt = select(_c)
        with self.db.connect() as conn:
            if marker is not None:
                marker_row = query.fetch_marker(conn, _c, sort_col, marker,
                                                marker_column="hostname")
                stmt = stmt.where(query.marker_condition(_c, sort_col, sort_dir, marker_row))
            stmt = stmt.order_by(*query.order_by(_c, sort_col, sort_dir))
            if limit is not None:
                stmt = stmt.limit(limit)
            return query.row_dicts(conn.execute(stmt))
