"""Writing notifications: called inside the transaction of the change they report.

Each function builds the SOL003 notification, finds the matching subscriptions with one
query, and adds one outbox row per subscription on the caller's connection, so that the
notification exists exactly when the change does (a rolled back change notifies no one).
The delivery worker sends them later, in order, with retries.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection

from baton.conductor.notifications import bodies
from baton.db import models
from baton.db.repositories import notifications as outbox
from baton.db.repositories import subscriptions

__all__ = [
    "enqueue_identifier_creation",
    "enqueue_identifier_deletion",
    "enqueue_lcm_op_occ",
]


def _keys(notification_type: str, keys: bodies.InstanceKeys, *,
          operation_type: str | None = None,
          operation_state: str | None = None) -> subscriptions.MatchKeys:
    return subscriptions.MatchKeys(
        notification_type=notification_type,
        instance_id=keys.id,
        vnfd_id=keys.vnfd_id,
        vnf_provider=keys.vnf_provider,
        vnf_product_name=keys.vnf_product_name,
        vnf_software_version=keys.vnf_software_version,
        vnfd_version=keys.vnfd_version,
        vnf_instance_name=keys.vnf_instance_name,
        operation_type=operation_type,
        operation_state=operation_state,
    )


def enqueue_lcm_op_occ(conn: Connection, op_occ: Mapping[str, Any],
                       instance: Mapping[str, Any], *,
                       notification_status: str | None = None) -> int:
    """Queue a VnfLcmOperationOccurrenceNotification for ``op_occ`` (its current
    ``operationState``) to every matching subscription; returns how many were queued.

    ``notification_status`` is START or RESULT; by default START for STARTING, PROCESSING
    and ROLLING_BACK and RESULT otherwise, as SOL003 describes.
    """
    event = bodies.lcm_event(op_occ)
    keys = bodies.instance_keys(instance)
    status = notification_status or bodies.notification_status_for(event.operation_state)
    if status not in ("START", "RESULT"):
        raise ValueError(f"notification_status must be START or RESULT, not {status!r}")
    now = models.utcnow()
    rows = []
    match_keys = _keys(bodies.LCM_OP_OCC, keys, operation_type=event.operation,
                       operation_state=event.operation_state)
    for sub in subscriptions.match(conn, match_keys):
        notification_id = str(uuidlib.uuid4())
        body = bodies.lcm_op_occ_body(
            event, keys.id, notification_id=notification_id, subscription_id=sub.uuid,
            notification_status=status, verbosity=sub.verbosity, now=now)
        rows.append({"uuid": notification_id, "subscription_id": sub.id,
                     "notification_type": bodies.LCM_OP_OCC, "vnf_instance_id": keys.id,
                     "body": body})
    return outbox.add(conn, rows)


def _enqueue_identifier(conn: Connection, notification_type: str,
                        instance: Mapping[str, Any]) -> int:
    keys = bodies.instance_keys(instance)
    now = models.utcnow()
    rows = []
    for sub in subscriptions.match(conn, _keys(notification_type, keys)):
        notification_id = str(uuidlib.uuid4())
        body = bodies.identifier_body(notification_type, keys.id,
                                      notification_id=notification_id,
                                      subscription_id=sub.uuid, now=now)
        rows.append({"uuid": notification_id, "subscription_id": sub.id,
                     "notification_type": notification_type, "vnf_instance_id": keys.id,
                     "body": body})
    return outbox.add(conn, rows)


def enqueue_identifier_creation(conn: Connection, instance: Mapping[str, Any]) -> int:
    """Queue a VnfIdentifierCreationNotification for ``instance``; returns the count."""
    return _enqueue_identifier(conn, bodies.CREATION, instance)


def enqueue_identifier_deletion(conn: Connection, instance: Mapping[str, Any]) -> int:
    """Queue a VnfIdentifierDeletionNotification for ``instance``; returns the count."""
    return _enqueue_identifier(conn, bodies.DELETION, instance)
