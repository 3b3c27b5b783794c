"""MODIFY_INFO (VnfInfoModificationRequest) and the package switch of CHANGE_VNFPKG.

Both run inside the transaction that completes the occurrence: they answer the instance's
new column values and SOL003's ``changedInfo`` (VnfInfoModifications).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from baton import errors
from baton.conductor.vnflcm.merge import merge_patch
from baton.db import models
from baton.db.repositories import VnfInstanceRepository
from baton.db.repositories import query as db_query

__all__ = ["identity_values", "modify_values", "package_values", "usable_package_in"]

#: VnfInfoModificationRequest attributes merged as JSON Merge Patch: attribute -> column.
_MERGED = {"metadata": "vnf_metadata", "extensions": "extensions",
           "vnfConfigurableProperties": "vnf_configurable_properties",
           "vimConnectionInfo": "vim_connection_info"}
_PLAIN = {"vnfInstanceName": "vnf_instance_name",
          "vnfInstanceDescription": "vnf_instance_description"}


def usable_package_in(conn: Connection, vnfd_id: str) -> dict[str, Any]:
    """The ONBOARDED, ENABLED package holding ``vnfd_id`` (VnfdIdNotEnabled otherwise)."""
    _p = models.vnf_packages
    row = db_query.row_dict(conn.execute(select(_p).where(_p.c.vnfd_id == vnfd_id)))
    if row is None:
        raise errors.VnfdIdNotEnabled(vnfd_id=vnfd_id, reason="no VNF package holds it")
    if row["onboarding_state"] != "ONBOARDED" or row["operational_state"] != "ENABLED":
        raise errors.VnfdIdNotEnabled(
            vnfd_id=vnfd_id, reason=f"its package {row['uuid']} is "
                                    f"{row['onboarding_state']}/{row['operational_state']}, "
                                    f"not ONBOARDED/ENABLED")
    return row


def identity_values(package: Mapping[str, Any]) -> dict[str, Any]:
    """The instance columns copied from its package."""
    return {"vnfd_id": package["vnfd_id"], "vnf_pkg_id": package["uuid"],
            "vnf_provider": package["vnf_provider"] or "",
            "vnf_product_name": package["vnf_product_name"] or "",
            "vnf_software_version": package["vnf_software_version"] or "",
            "vnfd_version": package["vnfd_version"] or ""}


_CHANGED_NAMES = {"vnfd_id": "vnfdId", "vnf_provider": "vnfProvider",
                  "vnf_product_name": "vnfProductName",
                  "vnf_software_version": "vnfSoftwareVersion", "vnfd_version": "vnfdVersion"}


def package_values(conn: Connection, instances: VnfInstanceRepository,
                   instance: Mapping[str, Any], vnfd_id: str) -> tuple[dict[str, Any],
                                                                      dict[str, Any]]:
    """Move ``instance`` to the package of ``vnfd_id``: its columns, the packages' usage
    states, and the changedInfo entries."""
    if vnfd_id == instance["vnfd_id"]:
        return {}, {}
    package = usable_package_in(conn, vnfd_id)
    values = identity_values(package)
    instances.refresh_package_usage_in(conn, package["uuid"], extra=1)
    instances.refresh_package_usage_in(conn, instance["vnf_pkg_id"], exclude=instance["uuid"])
    changed = {_CHANGED_NAMES[k]: v for k, v in values.items() if k in _CHANGED_NAMES}
    return values, changed


def modify_values(conn: Connection, instances: VnfInstanceRepository,
                  instance: Mapping[str, Any], request: Mapping[str, Any]
                  ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The instance columns a VnfInfoModificationRequest sets, and the changedInfo."""
    values: dict[str, Any] = {}
    changed: dict[str, Any] = {}
    for key, column in _PLAIN.items():
        if key in request:
            values[column] = request[key]
            changed[key] = request[key]
    for key, column in _MERGED.items():
        if key in request:
            values[column] = merge_patch(instance.get(column) or {}, request[key])
            changed[key] = request[key]
    if request.get("vnfdId"):
        package_changes, package_changed = package_values(conn, instances, instance,
                                                          str(request["vnfdId"]))
        values.update(package_changes)
        changed.update(package_changed)
    return values, changed
