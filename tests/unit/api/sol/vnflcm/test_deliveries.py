"""Baton extension ``/vnflcm/v2/subscriptions/{id}/deliveries``: list and replay."""

from __future__ import annotations

import time
from typing import Any

from api.conftest import Env
from api.sol.helpers import problem_of
from baton.db.repositories import notifications as outbox
from baton.db.repositories.subscriptions import SubscriptionRepository

from .helpers import Lcm, subscriber

BASIC = {"authType": ["BASIC"], "paramsBasic": {"userName": "u", "password": "hunter2-pw"}}


def _failed_notification(env: Env, subscription_id: str, uuid: str) -> None:
    sub = SubscriptionRepository(env.db).get(subscription_id)
    body = {"id": uuid, "notificationType": "VnfIdentifierCreationNotification",
            "subscriptionId": subscription_id, "vnfInstanceId": "inst-1",
            "_links": {"vnfInstance": {"href": "/vnflcm/v2/vnf_instances/inst-1"}}}
    env.db.run(lambda conn: outbox.add(conn, [{
        "uuid": uuid, "subscription_id": sub["id"], "body": body, "vnf_instance_id": "inst-1",
        "notification_type": body["notificationType"], "state": "FAILED", "attempts": 8,
        "last_error": "http://127.0.0.1:9/notify answered 503"}]))


def _wait(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_list_and_replay(lcm: Lcm, env: Env) -> None:
    with subscriber() as server:
        created = lcm.post("subscriptions", {"callbackUri": server.url,
                                             "authentication": BASIC})
        assert created.status_code == 201, created.text
        sub_id = created.json["id"]
        _failed_notification(env, sub_id, "n-1")

        listed = lcm.get(f"subscriptions/{sub_id}/deliveries")
        assert listed.status_code == 200, listed.text
        (record,) = listed.json
        assert record["id"] == "n-1" and record["state"] == "FAILED"
        assert record["attempts"] == 8 and record["subscriptionId"] == sub_id
        assert record["notification"]["_links"]["vnfInstance"]["href"] == (
            "http://falconframework.org/vnflcm/v2/vnf_instances/inst-1")
        assert "hunter2-pw" not in listed.text
        assert lcm.get(f"subscriptions/{sub_id}/deliveries",
                       params={"state": "DELIVERED"}).json == []

        replayed = lcm.post(f"subscriptions/{sub_id}/deliveries/n-1/replay")
        assert replayed.status_code == 202, replayed.text
        assert (replayed.json["state"], replayed.json["attempts"]) == ("PENDING", 0)
        _wait(lambda: [b["id"] for _h, b in server.received] == ["n-1"])
        _wait(lambda: [r["state"] for r in lcm.get(
            f"subscriptions/{sub_id}/deliveries").json] == ["DELIVERED"])

        problem_of(lcm.post(f"subscriptions/{sub_id}/deliveries/n-1/replay"), 409)
        problem_of(lcm.post(f"subscriptions/{sub_id}/deliveries/nope/replay"), 404)
        again = lcm.post(f"subscriptions/{sub_id}/deliveries/replay")
        assert again.status_code == 202 and again.json == []


def test_errors(lcm: Lcm, env: Env) -> None:
    problem_of(lcm.get("subscriptions/nope/deliveries"), 404)
    with subscriber() as server:
        created = lcm.post("subscriptions", {"callbackUri": server.url})
        sub_id = created.json["id"]
        problem_of(lcm.get(f"subscriptions/{sub_id}/deliveries", params={"state": "LOST"}),
                   400)
        problem_of(lcm.get(f"subscriptions/{sub_id}/deliveries", params={"limit": "x"}), 400)
