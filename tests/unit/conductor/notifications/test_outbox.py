"""The enqueue functions: SOL003 bodies, matching, one row per subscription, same
transaction as the change."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert

from baton.conductor import notifications
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories.notifications import NotificationRepository
from baton.db.repositories.subscriptions import SubscriptionRepository

INSTANCE = {"id": "inst-1", "vnfdId": "vnfd-1", "vnfProvider": "Co", "vnfProductName": "Fw",
            "vnfSoftwareVersion": "1.0", "vnfdVersion": "1.0", "vnfInstanceName": "web"}

#: An operation occurrence as a row of the operations table.
OP_ROW = {"uuid": "op-1", "kind": "vnf.SCALE", "target_type": "vnf_instance",
          "target_id": "inst-1", "state": "COMPLETED", "params": {"type": "SCALE_OUT"},
          "result": {"resourceChanges": {"affectedVnfcs": [{"id": "vnfc-1"}]},
                     "changedInfo": {"vnfInstanceName": "web"}},
          "error": None}


def _rows(db: Database) -> list[dict[str, Any]]:
    return NotificationRepository(db).list()


def test_lcm_op_occ_full_and_short(db: Database) -> None:
    subs = SubscriptionRepository(db)
    full, _ = subs.create({"callback_uri": "http://x/full"})
    short, _ = subs.create({"callback_uri": "http://x/short", "verbosity": "SHORT",
                            "filter": {"operationTypes": ["SCALE"]}})
    subs.create({"callback_uri": "http://x/heal", "filter": {"operationTypes": ["HEAL"]}})
    count = db.run(lambda conn: notifications.enqueue_lcm_op_occ(
        conn, OP_ROW, INSTANCE, notification_status="RESULT"))
    assert count == 2
    rows = {r["subscription_id"]: r for r in _rows(db)}
    body = rows[full["id"]]["body"]
    assert body["id"] == rows[full["id"]]["uuid"]
    assert body["notificationType"] == "VnfLcmOperationOccurrenceNotification"
    assert body["subscriptionId"] == full["uuid"]
    assert body["notificationStatus"] == "RESULT"
    assert body["operationState"] == "COMPLETED"
    assert body["operation"] == "SCALE"
    assert body["vnfInstanceId"] == "inst-1" and body["vnfLcmOpOccId"] == "op-1"
    assert body["isAutomaticInvocation"] is False
    assert body["verbosity"] == "FULL"
    assert body["affectedVnfcs"] == [{"id": "vnfc-1"}]
    assert body["changedInfo"] == {"vnfInstanceName": "web"}
    assert body["timeStamp"].endswith("Z")
    assert body["_links"] == {
        "vnfInstance": {"href": "/vnflcm/v2/vnf_instances/inst-1"},
        "subscription": {"href": f"/vnflcm/v2/subscriptions/{full['uuid']}"},
        "vnfLcmOpOcc": {"href": "/vnflcm/v2/vnf_lcm_op_occs/op-1"},
    }
    short_body = rows[short["id"]]["body"]
    assert short_body["verbosity"] == "SHORT"
    assert "affectedVnfcs" not in short_body and "changedInfo" not in short_body


def test_api_shaped_op_occ_and_default_status(db: Database) -> None:
    SubscriptionRepository(db).create({"callback_uri": "http://x/cb"})
    op = {"id": "op-2", "operation": "INSTANTIATE", "operationState": "STARTING",
          "isAutomaticInvocation": True}
    db.run(lambda conn: notifications.enqueue_lcm_op_occ(conn, op, INSTANCE))
    op_failed = {**op, "operationState": "FAILED_TEMP",
                 "error": {"status": 500, "detail": "boom"}}
    db.run(lambda conn: notifications.enqueue_lcm_op_occ(conn, op_failed, INSTANCE))
    first, second = (r["body"] for r in _rows(db))
    assert (first["notificationStatus"], first["isAutomaticInvocation"]) == ("START", True)
    assert second["notificationStatus"] == "RESULT"
    assert second["error"] == {"status": 500, "detail": "boom"}


def test_identifier_notifications(db: Database) -> None:
    subs = SubscriptionRepository(db)
    sub, _ = subs.create({"callback_uri": "http://x/cb", "filter": {
        "notificationTypes": ["VnfIdentifierCreationNotification",
                              "VnfIdentifierDeletionNotification"],
        "vnfInstanceSubscriptionFilter": {"vnfdIds": ["vnfd-1"]}}})
    row = {"uuid": "inst-2", "vnfd_id": "vnfd-1", "vnf_instance_name": None}
    assert db.run(lambda conn: notifications.enqueue_identifier_creation(conn, row)) == 1
    assert db.run(lambda conn: notifications.enqueue_identifier_deletion(conn, row)) == 1
    assert db.run(lambda conn: notifications.enqueue_lcm_op_occ(conn, OP_ROW, row)) == 0
    other = {"uuid": "inst-3", "vnfd_id": "vnfd-2"}
    assert db.run(lambda conn: notifications.enqueue_identifier_creation(conn, other)) == 0
    creation, deletion = (r["body"] for r in _rows(db))
    assert creation == {
        "id": creation["id"], "notificationType": "VnfIdentifierCreationNotification",
        "subscriptionId": sub["uuid"], "timeStamp": creation["timeStamp"],
        "vnfInstanceId": "inst-2",
        "_links": {"vnfInstance": {"href": "/vnflcm/v2/vnf_instances/inst-2"},
                   "subscription": {"href": f"/vnflcm/v2/subscriptions/{sub['uuid']}"}}}
    assert deletion["notificationType"] == "VnfIdentifierDeletionNotification"


def test_rolled_back_change_notifies_no_one(db: Database) -> None:
    SubscriptionRepository(db).create({"callback_uri": "http://x/cb"})

    def change_then_fail(conn: Any) -> None:
        conn.execute(insert(models.chassis).values(uuid="c-1", extra={}))
        notifications.enqueue_identifier_creation(conn, INSTANCE)
        raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        db.run(change_then_fail)
    assert _rows(db) == []


def test_no_subscription_no_row_and_bad_status(db: Database) -> None:
    assert db.run(lambda conn: notifications.enqueue_identifier_creation(conn, INSTANCE)) == 0
    with pytest.raises(ValueError):
        db.run(lambda conn: notifications.enqueue_lcm_op_occ(
            conn, OP_ROW, INSTANCE, notification_status="MIDDLE"))
