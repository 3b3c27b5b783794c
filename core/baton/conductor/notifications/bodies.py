"""The ETSI NFV-SOL003 v3.3.1 notification bodies (clause 5.5.2.17, 5.5.2.18, 5.5.2.19).

The builders accept a VNF instance and an LCM operation occurrence either as the API
renders them (camelCase: ``id``, ``vnfdId``, ``operationState``...) or as database rows
(``uuid``, ``vnfd_id``, ``state``, ``kind`` "vnf.INSTANTIATE", ``params``/``result``
documents). Links are written relative to the API root ("/vnflcm/v2/..."); the delivery
worker makes them absolute with the configured endpoint when it sends them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CREATION",
    "DELETION",
    "LCM_OP_OCC",
    "NOTIFICATION_TYPES",
    "InstanceKeys",
    "LcmEvent",
    "identifier_body",
    "instance_keys",
    "lcm_event",
    "lcm_op_occ_body",
    "notification_status_for",
]

LCM_OP_OCC = "VnfLcmOperationOccurrenceNotification"
CREATION = "VnfIdentifierCreationNotification"
DELETION = "VnfIdentifierDeletionNotification"
NOTIFICATION_TYPES = (LCM_OP_OCC, CREATION, DELETION)

API_ROOT = "/vnflcm/v2"

#: States whose notification says the operation (re)started; the others report a result.
_START_STATES = frozenset({"STARTING", "PROCESSING", "ROLLING_BACK"})

#: Attributes a FULL notification carries and a SHORT one leaves out (SOL003 5.5.2.17).
_FULL_ONLY = (
    "affectedVnfcs",
    "affectedVirtualLinks",
    "affectedExtLinkPorts",
    "affectedVirtualStorages",
    "changedInfo",
    "changedExtConnectivity",
    "modificationsTriggeredByVnfPkgChange",
)


def _pick(doc: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = doc.get(key)
        if value is not None:
            return value
    return None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class InstanceKeys:
    """What subscription filters look at in a VNF instance."""

    id: str
    vnfd_id: str | None = None
    vnf_provider: str | None = None
    vnf_product_name: str | None = None
    vnf_software_version: str | None = None
    vnfd_version: str | None = None
    vnf_instance_name: str | None = None


def instance_keys(instance: Mapping[str, Any]) -> InstanceKeys:
    """The filterable attributes of ``instance`` (API view or database row)."""
    ident = _pick(instance, "id", "uuid")
    if ident is None:
        raise ValueError("a VNF instance needs an 'id' (or 'uuid')")
    return InstanceKeys(
        id=str(ident),
        vnfd_id=_str_or_none(_pick(instance, "vnfdId", "vnfd_id")),
        vnf_provider=_str_or_none(_pick(instance, "vnfProvider", "vnf_provider")),
        vnf_product_name=_str_or_none(_pick(instance, "vnfProductName", "vnf_product_name")),
        vnf_software_version=_str_or_none(
            _pick(instance, "vnfSoftwareVersion", "vnf_software_version")),
        vnfd_version=_str_or_none(_pick(instance, "vnfdVersion", "vnfd_version")),
        vnf_instance_name=_str_or_none(
            _pick(instance, "vnfInstanceName", "vnf_instance_name", "name")),
    )


@dataclass(frozen=True)
class LcmEvent:
    """What a VnfLcmOperationOccurrenceNotification says, before addressing."""

    op_occ_id: str
    operation: str
    operation_state: str
    is_automatic_invocation: bool
    #: FULL-only attributes present in the occurrence (affectedVnfcs, changedInfo...).
    details: Mapping[str, Any]
    error: Any


def _operation(op_occ: Mapping[str, Any]) -> str:
    operation = _pick(op_occ, "operation")
    if operation is None:
        kind = str(op_occ.get("kind") or "")
        operation = kind.split(".", 1)[1] if "." in kind else kind
    return str(operation).upper()


def _details(op_occ: Mapping[str, Any]) -> dict[str, Any]:
    sources: list[Mapping[str, Any]] = [op_occ]
    for key in ("result", "params"):
        doc = op_occ.get(key)
        if isinstance(doc, Mapping):
            sources.append(doc)
    for doc in list(sources):
        changes = doc.get("resourceChanges")
        if isinstance(changes, Mapping):
            sources.append(changes)
    details: dict[str, Any] = {}
    for name in _FULL_ONLY:
        for doc in sources:
            if doc.get(name) is not None:
                details[name] = doc[name]
                break
    return details


def lcm_event(op_occ: Mapping[str, Any]) -> LcmEvent:
    """The notification content of ``op_occ`` (API view or ``operations`` row)."""
    ident = _pick(op_occ, "id", "uuid")
    state = _pick(op_occ, "operationState", "state")
    if ident is None or state is None:
        raise ValueError("an LCM operation occurrence needs an id and a state")
    params = op_occ.get("params")
    automatic = _pick(op_occ, "isAutomaticInvocation")
    if automatic is None and isinstance(params, Mapping):
        automatic = params.get("isAutomaticInvocation")
    return LcmEvent(
        op_occ_id=str(ident),
        operation=_operation(op_occ),
        operation_state=str(state),
        is_automatic_invocation=bool(automatic),
        details=_details(op_occ),
        error=op_occ.get("error"),
    )


def notification_status_for(operation_state: str) -> str:
    """START for STARTING, PROCESSING and ROLLING_BACK; RESULT for the others."""
    return "START" if operation_state in _START_STATES else "RESULT"


def _timestamp(now: datetime.datetime) -> str:
    return now.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def _links(instance_id: str, subscription_id: str) -> dict[str, Any]:
    return {
        "vnfInstance": {"href": f"{API_ROOT}/vnf_instances/{instance_id}"},
        "subscription": {"href": f"{API_ROOT}/subscriptions/{subscription_id}"},
    }


def lcm_op_occ_body(event: LcmEvent, instance_id: str, *, notification_id: str,
                    subscription_id: str, notification_status: str, verbosity: str,
                    now: datetime.datetime) -> dict[str, Any]:
    """A VnfLcmOperationOccurrenceNotification for one subscription."""
    body: dict[str, Any] = {
        "id": notification_id,
        "notificationType": LCM_OP_OCC,
        "subscriptionId": subscription_id,
        "timeStamp": _timestamp(now),
        "notificationStatus": notification_status,
        "operationState": event.operation_state,
        "vnfInstanceId": instance_id,
        "operation": event.operation,
        "isAutomaticInvocation": event.is_automatic_invocation,
        "verbosity": verbosity,
        "vnfLcmOpOccId": event.op_occ_id,
    }
    if verbosity == "FULL":
        body.update(event.details)
    if event.error is not None:
        body["error"] = event.error
    links = _links(instance_id, subscription_id)
    links["vnfLcmOpOcc"] = {"href": f"{API_ROOT}/vnf_lcm_op_occs/{event.op_occ_id}"}
    body["_links"] = links
    return body


def identifier_body(notification_type: str, instance_id: str, *, notification_id: str,
                    subscription_id: str, now: datetime.datetime) -> dict[str, Any]:
    """A VnfIdentifierCreationNotification or VnfIdentifierDeletionNotification."""
    return {
        "id": notification_id,
        "notificationType": notification_type,
        "subscriptionId": subscription_id,
        "timeStamp": _timestamp(now),
        "vnfInstanceId": instance_id,
        "_links": _links(instance_id, subscription_id),
    }
