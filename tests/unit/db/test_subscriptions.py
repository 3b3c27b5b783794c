"""baton.db.repositories.subscriptions: filter terms, duplicates, SQL matching, leases."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from baton import errors
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories.subscriptions import (
    MatchKeys,
    SubscriptionRepository,
    filter_digest,
    filter_terms,
    match,
)

OP = "VnfLcmOperationOccurrenceNotification"
CREATION = "VnfIdentifierCreationNotification"


def _sub(repo: SubscriptionRepository, uri: str, filter_doc: Any = None,
         **values: Any) -> dict[str, Any]:
    row, created = repo.create({"callback_uri": uri, "filter": filter_doc, **values})
    assert created
    return row


def _matching(db: Database, **keys: Any) -> list[str]:
    keys.setdefault("notification_type", OP)
    keys.setdefault("instance_id", "inst-1")
    with db.connect() as conn:
        return [s.uuid for s in match(conn, MatchKeys(**keys))]


def test_filter_terms_flatten_products_to_their_leaves() -> None:
    terms = filter_terms({
        "notificationTypes": [OP],
        "vnfInstanceSubscriptionFilter": {
            "vnfdIds": ["d1", "d2"],
            "vnfProductsFromProviders": [
                {"vnfProvider": "P1"},
                {"vnfProvider": "P2", "vnfProducts": [
                    {"vnfProductName": "N", "versions": [
                        {"vnfSoftwareVersion": "1.0", "vnfdVersions": ["a", "b"]}]}]},
            ],
        },
    })
    kinds = sorted((t["kind"], t["value"]) for t in terms)
    assert kinds == [("notification_type", OP), ("product", "P1"), ("product", "P2"),
                     ("product", "P2"), ("vnfd_id", "d1"), ("vnfd_id", "d2")]
    leaves = [t for t in terms if t["value"] == "P2"]
    assert {t["vnfd_version"] for t in leaves} == {"a", "b"}
    assert all(t["product_name"] == "N" and t["software_version"] == "1.0" for t in leaves)


def test_digest_ignores_list_order_but_not_content() -> None:
    a = filter_digest("http://x/cb", {"operationTypes": ["SCALE", "HEAL"]})
    assert a == filter_digest("http://x/cb", {"operationTypes": ["HEAL", "SCALE"]})
    assert a != filter_digest("http://x/cb", {"operationTypes": ["HEAL"]})
    assert a != filter_digest("http://y/cb", {"operationTypes": ["SCALE", "HEAL"]})
    assert filter_digest("http://x/cb", None) == filter_digest("http://x/cb", {})


def test_create_returns_the_existing_duplicate(db: Database) -> None:
    repo = SubscriptionRepository(db)
    first = _sub(repo, "http://x/cb", {"operationTypes": ["HEAL", "SCALE"]})
    again, created = repo.create({"callback_uri": "http://x/cb",
                                  "filter": {"operationTypes": ["SCALE", "HEAL"]}})
    assert not created and again["uuid"] == first["uuid"]
    assert repo.count() == 1


def test_destroy_removes_terms_and_outbox(db: Database) -> None:
    repo = SubscriptionRepository(db)
    sub = _sub(repo, "http://x/cb", {"operationTypes": ["HEAL"]})
    with db.transaction() as conn:
        conn.execute(models.notification_outbox.insert().values(
            uuid="n1", subscription_id=sub["id"], notification_type=OP, body={},
            state="PENDING", attempts=0, next_attempt_at=models.utcnow()))
    repo.destroy(sub["uuid"])
    with db.connect() as conn:
        for table in (models.lccn_subscription_filters, models.notification_outbox):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0
    with pytest.raises(errors.SubscriptionNotFound):
        repo.get(sub["uuid"])


def test_match_without_filter_matches_everything(db: Database) -> None:
    repo = SubscriptionRepository(db)
    sub = _sub(repo, "http://x/all")
    assert _matching(db) == [sub["uuid"]]
    assert _matching(db, notification_type=CREATION) == [sub["uuid"]]


def test_match_by_types_operations_and_states(db: Database) -> None:
    repo = SubscriptionRepository(db)
    only_creation = _sub(repo, "http://x/1", {"notificationTypes": [CREATION]})
    scale_done = _sub(repo, "http://x/2", {"operationTypes": ["SCALE"],
                                           "operationStates": ["COMPLETED", "FAILED_TEMP"]})
    assert _matching(db, operation_type="SCALE", operation_state="COMPLETED") == [
        scale_done["uuid"]]
    assert _matching(db, operation_type="SCALE", operation_state="STARTING") == []
    assert _matching(db, operation_type="HEAL", operation_state="COMPLETED") == []
    # Operation filters do not constrain identifier notifications.
    assert _matching(db, notification_type=CREATION) == [only_creation["uuid"],
                                                         scale_done["uuid"]]


def test_match_by_instance_ids_names_and_vnfd(db: Database) -> None:
    repo = SubscriptionRepository(db)
    by_id = _sub(repo, "http://x/1", {"vnfInstanceSubscriptionFilter": {
        "vnfInstanceIds": ["inst-1", "inst-2"]}})
    by_name = _sub(repo, "http://x/2", {"vnfInstanceSubscriptionFilter": {
        "vnfInstanceNames": ["web"]}})
    by_vnfd_and_id = _sub(repo, "http://x/3", {"vnfInstanceSubscriptionFilter": {
        "vnfdIds": ["d1"], "vnfInstanceIds": ["inst-1"]}})
    assert _matching(db, instance_id="inst-1", vnfd_id="d1") == [by_id["uuid"],
                                                                 by_vnfd_and_id["uuid"]]
    assert _matching(db, instance_id="inst-1", vnfd_id="d2") == [by_id["uuid"]]
    assert _matching(db, instance_id="inst-9", vnf_instance_name="web") == [by_name["uuid"]]
    assert _matching(db, instance_id="inst-9") == []


def test_match_by_products_at_every_level(db: Database) -> None:
    repo = SubscriptionRepository(db)
    provider = _sub(repo, "http://x/1", {"vnfInstanceSubscriptionFilter": {
        "vnfProductsFromProviders": [{"vnfProvider": "Co"}]}})
    version = _sub(repo, "http://x/2", {"vnfInstanceSubscriptionFilter": {
        "vnfProductsFromProviders": [{"vnfProvider": "Co", "vnfProducts": [
            {"vnfProductName": "Fw", "versions": [
                {"vnfSoftwareVersion": "2.0", "vnfdVersions": ["1.1"]}]}]}]}})
    keys = {"vnf_provider": "Co", "vnf_product_name": "Fw", "vnf_software_version": "2.0",
            "vnfd_version": "1.1"}
    assert _matching(db, **keys) == [provider["uuid"], version["uuid"]]
    assert _matching(db, **{**keys, "vnfd_version": "1.2"}) == [provider["uuid"]]
    assert _matching(db, **{**keys, "vnf_provider": "Other"}) == []


def test_delivery_lease_is_exclusive_until_expiry(db: Database) -> None:
    repo = SubscriptionRepository(db)
    sub = _sub(repo, "http://x/1")
    now = models.utcnow()
    assert repo.claim(sub["id"], "a", lease_seconds=60, now=now)
    assert repo.claim(sub["id"], "a", lease_seconds=60, now=now)  # renewal
    assert not repo.claim(sub["id"], "b", lease_seconds=60, now=now)
    later = now + datetime.timedelta(seconds=61)
    assert repo.claim(sub["id"], "b", lease_seconds=60, now=later)
    repo.release(sub["id"], "a")  # not a's any more: no effect
    assert repo.get(sub["uuid"])["delivery_owner"] == "b"
    repo.release(sub["id"], "b")
    assert repo.get(sub["uuid"])["delivery_owner"] is None
