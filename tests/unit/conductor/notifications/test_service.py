"""SubscriptionService: validation, the callback test, duplicates, views without secrets."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from oslo_config import cfg

from baton import errors
from baton.conductor.notifications.service import SubscriptionService, subscription_view
from baton.db.engine import Database

from .servers import Subscriber

BASIC = {"authType": ["BASIC"], "paramsBasic": {"userName": "u", "password": "top-secret"}}


def test_create_tests_the_callback_then_finds_duplicates(
        conf: cfg.ConfigOpts, db: Database, subscriber: Subscriber) -> None:
    service = SubscriptionService(conf, db)
    request = {"callbackUri": subscriber.url, "authentication": BASIC,
               "filter": {"operationTypes": ["SCALE", "HEAL"]}}
    row, created = service.create(request)
    assert created
    (test_get,) = subscriber.received
    assert test_get.method == "GET" and test_get.headers["Authorization"].startswith("Basic ")
    again, created = service.create({**request, "filter": {"operationTypes": ["HEAL",
                                                                              "SCALE"]}})
    assert not created and again["uuid"] == row["uuid"]
    assert len(subscriber.received) == 1  # no second test for a duplicate
    assert [s["uuid"] for s in service.list()] == [row["uuid"]]
    assert service.get(row["uuid"])["uuid"] == row["uuid"]
    service.delete(row["uuid"])
    with pytest.raises(errors.SubscriptionNotFound):
        service.get(row["uuid"])


def test_failed_callback_test_refuses_the_subscription(
        conf: cfg.ConfigOpts, db: Database, subscriber: Subscriber) -> None:
    service = SubscriptionService(conf, db)
    subscriber.answers.append(200)
    with pytest.raises(errors.SubscriptionCallbackFailed) as info:
        service.create({"callbackUri": subscriber.url, "authentication": BASIC})
    assert info.value.code == 422 and "top-secret" not in str(info.value)
    assert service.list() == []


def test_callback_test_can_be_turned_off(conf: cfg.ConfigOpts, db: Database) -> None:
    conf.set_override("test_callback", False, group="vnflcm_notifications")
    row, created = SubscriptionService(conf, db).create({"callbackUri": "http://127.0.0.1:9/x"})
    assert created and row["verbosity"] == "FULL"


@pytest.mark.parametrize("request_body", [
    {},
    {"callbackUri": "ftp://x/cb"},
    {"callbackUri": "http://x/cb", "verbosity": "LOUD"},
    {"callbackUri": "http://x/cb", "filter": {"notificationTypes": ["Nope"]}},
    {"callbackUri": "http://x/cb", "filter": {"operationTypes": "SCALE"}},
    {"callbackUri": "http://x/cb", "filter": {"vnfInstanceSubscriptionFilter": {
        "vnfProductsFromProviders": [{"vnfProducts": []}]}}},
    {"callbackUri": "http://x/cb", "authentication": {"authType": ["BASIC"]}},
    {"callbackUri": "http://x/cb", "authentication": {"authType": ["TLS_CERT"]}},
    {"callbackUri": "http://x/cb", "authentication": {
        "authType": ["OAUTH2_CLIENT_CREDENTIALS"],
        "paramsOauth2ClientCredentials": {"clientId": "c", "clientPassword": "p"}}},
])
def test_invalid_requests(conf: cfg.ConfigOpts, db: Database,
                          request_body: dict[str, Any]) -> None:
    with pytest.raises(errors.InvalidParameterValue):
        SubscriptionService(conf, db).create(request_body)


def test_view_has_no_authentication(conf: cfg.ConfigOpts, db: Database,
                                    subscriber: Subscriber) -> None:
    row, _ = SubscriptionService(conf, db).create(
        {"callbackUri": subscriber.url, "authentication": BASIC, "verbosity": "SHORT",
         "filter": {"notificationTypes": ["VnfIdentifierCreationNotification"]}})
    view = subscription_view(row, base_url="http://vnfm:9890")
    assert view == {
        "id": row["uuid"],
        "filter": {"notificationTypes": ["VnfIdentifierCreationNotification"]},
        "callbackUri": subscriber.url,
        "verbosity": "SHORT",
        "_links": {"self": {"href": f"http://vnfm:9890/vnflcm/v2/subscriptions/{row['uuid']}"}},
    }
    assert b"top-secret" not in orjson.dumps(view)


def test_deliveries_need_a_known_state_and_subscription(conf: cfg.ConfigOpts,
                                                         db: Database) -> None:
    service = SubscriptionService(conf, db)
    with pytest.raises(errors.SubscriptionNotFound):
        service.deliveries("nope")
    with pytest.raises(errors.InvalidParameterValue):
        service.deliveries("nope", state="LOST")
