"""VNF packages (ETSI NFV-SOL005): rows of ``vnf_packages``, by package id (uuid).

State changes are compare-and-sets: ``update(uuid, values, expected={...})`` writes only
while the row still holds the expected values (one value, or a tuple of accepted values,
per column) and answers :class:`~baton.errors.InvalidPackageState` (409) otherwise, so two
uploads of one package, or a delete racing an upload, never both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories import query
from baton.db.repositories.base import TableRepository

__all__ = ["VnfPackageRepository"]

_p = models.vnf_packages

#: Accepted values of one column in a compare-and-set: one value or several.
Expected = Mapping[str, Any]

#: The row's state columns, named as the API names them (messages say which differs).
_API_NAMES = {
    "onboarding_state": "onboardingState",
    "operational_state": "operationalState",
    "usage_state": "usageState",
}


def _matches(current: Any, accepted: Any) -> bool:
    if isinstance(accepted, tuple | list | frozenset | set):
        return current in accepted
    return bool(current == accepted)


def _check_expected(row: Mapping[str, Any], expected: Expected | None) -> None:
    for column, accepted in (expected or {}).items():
        current = row.get(column)
        if not _matches(current, accepted):
            wanted = (" or ".join(map(str, accepted))
                      if isinstance(accepted, tuple | list | frozenset | set) else str(accepted))
            name = _API_NAMES.get(column, column)
            raise errors.InvalidPackageState(
                package=row["uuid"], state=f"{name} {current}",
                reason=f"the request needs {name} {wanted}")


class VnfPackageRepository(TableRepository):
    table = _p
    resource = "VNF package"

    def __init__(self, db: Any) -> None:
        super().__init__(db)
        self._by_vnfd_id = select(_p).where(_p.c.vnfd_id == bindparam("vnfd_id"))

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.VnfPackageNotFound(package=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        if "vnfd_id" in columns:
            other = None
            try:
                other = self.get_by_vnfd_id(str(row.get("vnfd_id")))["uuid"]
            except errors.VnfPackageNotFound:
                pass
            return errors.VnfdIdConflict(vnfd_id=row.get("vnfd_id"), other=other)
        return errors.VnfPackageConflict(package=row.get("uuid"),
                                          reason="a VNF package with this id already exists")

    def create(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A new package, ``CREATED``/``DISABLED``/``NOT_IN_USE`` unless told otherwise."""
        prepared = dict(values)
        prepared.setdefault("onboarding_state", "CREATED")
        prepared.setdefault("operational_state", "DISABLED")
        prepared.setdefault("usage_state", "NOT_IN_USE")
        prepared.setdefault("user_defined_data", {})
        prepared.setdefault("software_images", [])
        prepared.setdefault("additional_artifacts", [])
        return self._create(prepared)

    def get_by_vnfd_id(self, vnfd_id: str) -> dict[str, Any]:
        """The package holding VNFD ``vnfd_id``; VnfPackageNotFound when none does."""
        with self.db.connect() as conn:
            found = query.row_dict(conn.execute(self._by_vnfd_id, {"vnfd_id": vnfd_id}))
        if found is None:
            raise errors.VnfPackageNotFound(package=f"with VNFD {vnfd_id}")
        return found

    def update(self, ident: Any, values: Mapping[str, Any], *,
               expected: Expected | None = None) -> dict[str, Any]:
        """Change columns of package ``ident``; with ``expected``, only while the row holds
        those values (InvalidPackageState otherwise)."""
        if not expected:
            return self._update(ident, values)
        self._check_columns(values)
        merged: dict[str, Any] = {"uuid": ident, **values}

        def _set(conn: Connection) -> dict[str, Any]:
            current = self._find(conn, ident, for_update=True)
            _check_expected(current, expected)
            changes = dict(values)
            self._check_update(current, changes)
            merged.update({**current, **changes})
            if not changes:
                return current
            return self._update_row(conn, current["id"], changes)

        return self._write(_set, merged)

    def destroy(self, ident: Any, *, expected: Expected | None = None) -> None:
        """Delete package ``ident``; with ``expected``, only while the row holds those
        values (InvalidPackageState otherwise). Returns nothing; see :meth:`pop`."""
        self.pop(ident, expected=expected)

    def pop(self, ident: Any, *, expected: Expected | None = None) -> dict[str, Any]:
        """Delete package ``ident`` as :meth:`destroy` does and return the deleted row."""
        def _destroy(conn: Connection) -> dict[str, Any]:
            current = self._find(conn, ident, for_update=True)
            _check_expected(current, expected)
            conn.execute(_p.delete().where(_p.c.id == current["id"]))
            return current

        return self._write(_destroy, {"uuid": ident})

    def content_in_use(self, content_ref: str, *, exclude: str | None = None) -> bool:
        """Whether a package (other than ``exclude``) refers to stored content
        ``content_ref``."""
        stmt = select(_p.c.uuid).where(_p.c.content_ref == content_ref)
        if exclude is not None:
            stmt = stmt.where(_p.c.uuid != exclude)
        with self.db.connect() as conn:
            return conn.execute(stmt.limit(1)).first() is not None
