"""Nodes: CRUD, list filters, and the exclusive lock (``reservation``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, or_, select, update
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories import query
from baton.db.repositories.base import TableRepository

__all__ = ["NodeRepository"]

_n = models.nodes


def _bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise errors.InvalidParameterValue(err=f"Filter {key} takes true or false, not {value!r}")


def _older_than(seconds: Any) -> datetime.datetime:
    return models.utcnow() - datetime.timedelta(seconds=float(seconds))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: Filters beyond plain ``column = value`` (or ``IN`` for lists).
_SPECIAL_FILTERS: dict[str, Callable[[Any], ColumnElement[bool]]] = {
    "associated": lambda v: (_n.c.instance_uuid.is_not(None) if _bool("associated", v)
                             else _n.c.instance_uuid.is_(None)),
    "reserved": lambda v: (_n.c.reservation.is_not(None) if _bool("reserved", v)
                           else _n.c.reservation.is_(None)),
    "reserved_by_any_of": lambda v: _n.c.reservation.in_(list(v)),
    "with_power_state": lambda v: (_n.c.power_state.is_not(None)
                                   if _bool("with_power_state", v)
                                   else _n.c.power_state.is_(None)),
    "project": lambda v: or_(_n.c.owner == v, _n.c.lessee == v),
    "description_contains": lambda v: _n.c.description.like(
        f"%{_like_escape(str(v))}%", escape="\\"),
    "provisioned_before": lambda v: _n.c.provision_updated_at < _older_than(v),
    "inspection_started_before": lambda v: _n.c.inspection_started_at < _older_than(v),
    "uuid_in": lambda v: _n.c.uuid.in_(list(v)),
    "name_in": lambda v: _n.c.name.in_(list(v)),
}


class NodeRepository(TableRepository):
    """Nodes by uuid or name. ``reserve``/``release`` implement the exclusive node lock."""

    table = _n
    resource = "Node"
    name_column = "name"
    parents = {
        "chassis_id": (models.chassis, lambda v: errors.ChassisNotFound(chassis=v)),
        "conductor_affinity": (models.conductors,
                               lambda v: errors.ConductorNotFound(conductor=v)),
    }

    def __init__(self, db: Any) -> None:
        super().__init__(db)
        self._reserve_by_uuid = (
            update(_n).where(_n.c.uuid == bindparam("ident"), _n.c.reservation.is_(None))
            .values(reservation=bindparam("host")))
        self._reserve_by_name = (
            update(_n).where(_n.c.name == bindparam("ident"), _n.c.reservation.is_(None))
            .values(reservation=bindparam("host")))

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.NodeNotFound(node=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        if columns == ("name",):
            return errors.DuplicateName(name=row.get("name"))
        if columns == ("instance_uuid",):
            return errors.InstanceAssociated(instance_uuid=row.get("instance_uuid"),
                                             node=row.get("uuid"))
        return errors.NodeAlreadyExists(uuid=row.get("uuid"))

    def _filter(self, key: str, value: Any) -> ColumnElement[bool]:
        special = _SPECIAL_FILTERS.get(key)
        if special is not None:
            return special(value)
        return query.column_condition(_n, key, value)

    def _check_update(self, current: Mapping[str, Any], values: dict[str, Any]) -> None:
        super()._check_update(current, values)
        instance = values.get("instance_uuid")
        if (instance is not None and current["instance_uuid"] is not None
                and instance != current["instance_uuid"]):
            raise errors.NodeAssociated(node=current["uuid"], instance=current["instance_uuid"])
        if "provision_state" in values and "provision_updated_at" not in values:
            values["provision_updated_at"] = models.utcnow()

    def _delete_children(self, conn: Connection, row: Mapping[str, Any]) -> None:
        node_id = row["id"]
        for table in (models.ports, models.portgroups, models.volume_connectors,
                      models.volume_targets, models.node_history):
            conn.execute(delete(table).where(table.c.node_id == node_id))

    # -- the node lock -------------------------------------------------------------------

    def _holder(self, conn: Connection, ident: str) -> str | None:
        column = _n.c.name if self._lookup(ident) is self._by_name else _n.c.uuid
        found = conn.execute(select(_n.c.reservation).where(column == ident)).first()
        if found is None:
            raise errors.NodeNotFound(node=ident)
        holder: str | None = found[0]
        return holder

    def reserve(self, ident: str, host: str) -> dict[str, Any]:
        """Take the node's exclusive lock for ``host`` and return the node.

        One ``UPDATE ... WHERE reservation IS NULL``: of many concurrent callers exactly
        one wins; the others get :class:`errors.NodeLocked` naming the holder.
        """
        stmt = self._reserve_by_name if self._lookup(ident) is self._by_name \
            else self._reserve_by_uuid

        def _reserve(conn: Connection) -> dict[str, Any] | str | None:
            if conn.execute(stmt, {"ident": ident, "host": host}).rowcount == 1:
                return self._find(conn, ident)
            return self._holder(conn, ident)

        for _attempt in range(3):
            outcome = self.db.run(_reserve)
            if isinstance(outcome, dict):
                return outcome
            if outcome is not None:
                raise errors.NodeLocked(node=ident, host=outcome)
            # Released between our UPDATE and our look: try again.
        raise errors.NodeLocked(node=ident, host="(another conductor)")

    def release(self, ident: str, host: str) -> bool:
        """Release the lock if ``host`` holds it. False when the node was not locked;
        :class:`errors.NodeLocked` when another host holds it."""
        column = _n.c.name if self._lookup(ident) is self._by_name else _n.c.uuid
        stmt = (update(_n).where(column == ident, _n.c.reservation == host)
                .values(reservation=None))

        def _release(conn: Connection) -> str | None | bool:
            if conn.execute(stmt).rowcount == 1:
                return True
            return self._holder(conn, ident)

        outcome = self.db.run(_release)
        if outcome is True:
            return True
        if isinstance(outcome, str):
            raise errors.NodeLocked(node=ident, host=outcome)
        return False

    def take_over_lock(self, ident: str, host: str, previous: str | None) -> dict[str, Any]:
        """Move the node's lock to ``host`` in one UPDATE, if it is free or held by
        ``previous`` (a dead conductor) or ``host`` already; else NodeLocked naming the
        holder. Used when a conductor takes over a dead one's operation."""
        column = _n.c.name if self._lookup(ident) is self._by_name else _n.c.uuid
        holders = [h for h in (previous, host) if h]
        stmt = (update(_n).where(column == ident,
                                 or_(_n.c.reservation.is_(None), _n.c.reservation.in_(holders)))
                .values(reservation=host))

        def _take(conn: Connection) -> dict[str, Any] | str | None:
            if conn.execute(stmt).rowcount == 1:
                return self._find(conn, ident)
            return self._holder(conn, ident)

        outcome = self.db.run(_take)
        if isinstance(outcome, dict):
            return outcome
        raise errors.NodeLocked(node=ident, host=outcome or "(another conductor)")

    def release_all(self, host: str) -> int:
        """Release every lock ``host`` holds (a conductor starting after a crash)."""
        stmt = update(_n).where(_n.c.reservation == host).values(reservation=None)
        return int(self.db.run(lambda conn: conn.execute(stmt).rowcount))
