"""VNF instances (ETSI NFV-SOL003): rows of ``vnf_instances``, by instance id (uuid).

Besides the usual reads and writes, the methods ending in ``_in`` work inside a transaction
the caller opened (``db.run(fn)``), so that an LCM operation's state change, the instance's
new information and the notification reporting them commit together or not at all.

:func:`vnf_instance_body` renders a row as SOL003 v3.3.1's ``VnfInstance`` (without
``_links``, which the API adds).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories.base import TableRepository

__all__ = ["SOL_COLUMNS", "VnfInstanceRepository", "vnf_instance_body"]

_i = models.vnf_instances

#: VnfInstance attribute -> column, for the API's filters and sorting.
SOL_COLUMNS: dict[str, str] = {
    "id": "uuid",
    "vnfInstanceName": "vnf_instance_name",
    "vnfInstanceDescription": "vnf_instance_description",
    "vnfdId": "vnfd_id",
    "vnfProvider": "vnf_provider",
    "vnfProductName": "vnf_product_name",
    "vnfSoftwareVersion": "vnf_software_version",
    "vnfdVersion": "vnfd_version",
    "instantiationState": "instantiation_state",
}


def vnf_instance_body(row: Mapping[str, Any]) -> dict[str, Any]:
    """The SOL003 ``VnfInstance`` of a row (no ``_links``; absent attributes left out)."""
    body: dict[str, Any] = {
        "id": row["uuid"],
        "vnfdId": row["vnfd_id"],
        "vnfProvider": row["vnf_provider"],
        "vnfProductName": row["vnf_product_name"],
        "vnfSoftwareVersion": row["vnf_software_version"],
        "vnfdVersion": row["vnfd_version"],
        "instantiationState": row["instantiation_state"],
    }
    if row.get("vnf_instance_name") is not None:
        body["vnfInstanceName"] = row["vnf_instance_name"]
    if row.get("vnf_instance_description") is not None:
        body["vnfInstanceDescription"] = row["vnf_instance_description"]
    for key, column in (("vnfConfigurableProperties", "vnf_configurable_properties"),
                        ("vimConnectionInfo", "vim_connection_info"),
                        ("metadata", "vnf_metadata"), ("extensions", "extensions")):
        if row.get(column):
            body[key] = row[column]
    if row["instantiation_state"] == "INSTANTIATED" and row.get("instantiated_vnf_info"):
        body["instantiatedVnfInfo"] = row["instantiated_vnf_info"]
    return body


class VnfInstanceRepository(TableRepository):
    table = _i
    resource = "VNF instance"

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.VnfInstanceNotFound(instance=ident)

    def _duplicate(self, columns: tuple[str, ...], row: Mapping[str, Any]) -> errors.BatonError:
        return errors.VnfInstanceConflict(instance=row.get("uuid"),
                                          reason="a VNF instance with this id already exists")

    # -- inside a caller's transaction ------------------------------------------------------
    def find_in(self, conn: Connection, ident: str, *,
                for_update: bool = False) -> dict[str, Any]:
        """The instance ``ident`` (VnfInstanceNotFound), locked for update when asked."""
        return self._find(conn, ident, for_update=for_update)

    def create_in(self, conn: Connection, values: Mapping[str, Any]) -> dict[str, Any]:
        """Insert an instance (uuid generated when absent) in ``conn``'s transaction."""
        return self._insert(conn, self._prepare_create(values))

    def update_in(self, conn: Connection, row: Mapping[str, Any],
                  values: Mapping[str, Any]) -> dict[str, Any]:
        """Change columns of ``row`` (as found in this transaction) and return the row."""
        self._check_columns(values)
        changes = dict(values)
        self._check_update(row, changes)
        if not changes:
            return dict(row)
        return self._update_row(conn, int(row["id"]), changes)

    def delete_in(self, conn: Connection, row: Mapping[str, Any]) -> None:
        conn.execute(_i.delete().where(_i.c.id == row["id"]))

    def count_for_package_in(self, conn: Connection, package_id: str, *,
                             exclude: str | None = None) -> int:
        """How many instances (other than ``exclude``) refer to package ``package_id``."""
        stmt = select(func.count()).select_from(_i).where(_i.c.vnf_pkg_id == package_id)
        if exclude is not None:
            stmt = stmt.where(_i.c.uuid != exclude)
        return int(conn.execute(stmt).scalar_one())

    def refresh_package_usage_in(self, conn: Connection, package_id: str, *,
                                 exclude: str | None = None, extra: int = 0) -> str:
        """Set package ``package_id``'s usageState from whether instances (other than
        ``exclude``, plus ``extra`` about to) use it; answer the new state."""
        count = self.count_for_package_in(conn, package_id, exclude=exclude) + extra
        usage = "IN_USE" if count else "NOT_IN_USE"
        _p = models.vnf_packages
        conn.execute(update(_p).where(_p.c.uuid == package_id).values(usage_state=usage))
        return usage

    # -- reads ------------------------------------------------------------------------------
    def count_for_package(self, package_id: str) -> int:
        with self.db.connect() as conn:
            return self.count_for_package_in(conn, package_id)
