"""What an operation changed, as SOL003 reports it in VnfLcmOpOcc and its notifications.

:func:`resource_changes` compares ``instantiatedVnfInfo`` before and after: a VNFC, virtual
link or storage that appears is ADDED, one that disappears is REMOVED, a VNFC whose compute
resource changed (healed, moved to a new package) is MODIFIED.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["resource_changes"]


def _by_id(info: Mapping[str, Any] | None, key: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in (info or {}).get(key) or []}


def _vnfc_change(vnfc: Mapping[str, Any], change_type: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": vnfc["id"], "vduId": vnfc["vduId"], "changeType": change_type,
        "computeResource": vnfc["computeResource"],
    }
    cps = [cp["id"] for cp in vnfc.get("vnfcCpInfo") or []]
    if cps:
        found["affectedVnfcCpIds"] = cps
    storages = list(vnfc.get("storageResourceIds") or [])
    if storages and change_type in ("ADDED", "MODIFIED"):
        found["addedStorageResourceIds"] = storages
    elif storages:
        found["removedStorageResourceIds"] = storages
    return found


def _vnfcs(before: Mapping[str, Any] | None,
           after: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    old, new = _by_id(before, "vnfcResourceInfo"), _by_id(after, "vnfcResourceInfo")
    changes = [_vnfc_change(v, "REMOVED") for i, v in old.items() if i not in new]
    for vnfc_id, vnfc in new.items():
        if vnfc_id not in old:
            changes.append(_vnfc_change(vnfc, "ADDED"))
        elif vnfc["computeResource"] != old[vnfc_id]["computeResource"]:
            changes.append(_vnfc_change(vnfc, "MODIFIED"))
    return changes


def _simple(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, key: str,
            fields: tuple[str, str]) -> list[dict[str, Any]]:
    old, new = _by_id(before, key), _by_id(after, key)
    desc, resource = fields
    changes = [{"id": i, desc: v[desc], "changeType": "REMOVED", resource: v[resource]}
               for i, v in old.items() if i not in new]
    changes += [{"id": i, desc: v[desc], "changeType": "ADDED", resource: v[resource]}
                for i, v in new.items() if i not in old]
    return changes


def resource_changes(before: Mapping[str, Any] | None,
                     after: Mapping[str, Any] | None) -> dict[str, Any]:
    """SOL003 ``resourceChanges`` between two ``instantiatedVnfInfo`` (None: nothing)."""
    found: dict[str, Any] = {}
    vnfcs = _vnfcs(before, after)
    if vnfcs:
        found["affectedVnfcs"] = vnfcs
    links = _simple(before, after, "vnfVirtualLinkResourceInfo",
                    ("vnfVirtualLinkDescId", "networkResource"))
    if links:
        found["affectedVirtualLinks"] = links
    storages = _simple(before, after, "virtualStorageResourceInfo",
                       ("virtualStorageDescId", "storageResource"))
    if storages:
        found["affectedVirtualStorages"] = storages
    return found
