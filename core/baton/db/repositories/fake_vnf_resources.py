"""The fake infra driver's "VIM": rows of ``fake_vnf_resources`` (see the table's comment).

Every write is one transaction. :meth:`FakeVnfResourceRepository.undo` removes what an
operation created and brings back what it removed, which is how the fake makes every one
of its methods safe to repeat and every rollback exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.engine import Connection

from baton.db import models
from baton.db.repositories import query
from baton.db.repositories.base import RecordRepository

__all__ = ["FakeVnfResourceRepository"]

_r = models.fake_vnf_resources


class FakeVnfResourceRepository(RecordRepository):
    table = _r
    resource = "Fake VNF resource"

    def live(self, instance_id: str, *, kind: str | None = None) -> list[dict[str, Any]]:
        """The instance's resources that exist (not removed), oldest first."""
        stmt = select(_r).where(and_(_r.c.vnf_instance_id == instance_id,
                                     _r.c.deleted_by.is_(None), _r.c.kind != "fault"))
        if kind is not None:
            stmt = stmt.where(_r.c.kind == kind)
        with self.db.connect() as conn:
            return query.row_dicts(conn.execute(stmt.order_by(_r.c.id)))

    def apply(self, *, op_id: str, instance_id: str, create: Iterable[Mapping[str, Any]] = (),
              remove: Iterable[str] = ()) -> None:
        """In one transaction: undo whatever ``op_id`` did before (a repeat starts clean),
        mark ``remove`` (resource uuids) removed by ``op_id`` and insert ``create``."""
        rows = [{"vnf_instance_id": instance_id, "created_by": op_id, "attributes": {},
                 **values} for values in create]
        removed = list(remove)

        def _apply(conn: Connection) -> None:
            self._undo(conn, op_id)
            if removed:
                conn.execute(update(_r).where(and_(_r.c.uuid.in_(removed),
                                                   _r.c.deleted_by.is_(None)))
                             .values(deleted_by=op_id))
            for row in rows:
                self._insert(conn, self._prepare_create(row))

        self.db.run(_apply)

    @staticmethod
    def _undo(conn: Connection, op_id: str) -> None:
        conn.execute(delete(_r).where(and_(_r.c.created_by == op_id, _r.c.kind != "fault")))
        conn.execute(update(_r).where(_r.c.deleted_by == op_id).values(deleted_by=None))

    def undo(self, op_id: str) -> None:
        """Remove what ``op_id`` created, restore what it removed."""
        self.db.run(lambda conn: self._undo(conn, op_id))

    def count_faults(self, op_id: str, method: str) -> int:
        """How many injected failures of ``method`` operation ``op_id`` has used."""
        stmt = select(func.count()).select_from(_r).where(and_(
            _r.c.created_by == op_id, _r.c.kind == "fault", _r.c.descriptor_id == method))
        with self.db.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def record_fault(self, op_id: str, instance_id: str, method: str) -> None:
        self.db.run(lambda conn: self._insert(conn, self._prepare_create({
            "vnf_instance_id": instance_id, "kind": "fault", "descriptor_id": method,
            "created_by": op_id, "attributes": {}})))
