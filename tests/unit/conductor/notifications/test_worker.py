"""The delivery worker over real HTTP: order per subscription, backoff, FAILED and replay,
wake-up on commit, several conductors, and durability across a conductor restart."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from oslo_config import cfg

from baton.conductor import notifications
from baton.conductor.notifications.service import SubscriptionService
from baton.conductor.notifications.worker import DeliveryWorker, backoff_delay
from baton.db.engine import Database
from baton.db.repositories.notifications import NotificationRepository
from conductor.conftest import make_conf

from .conftest import notify_conf
from .servers import Subscriber


def all_delivered(db: Database) -> list[dict[str, Any]] | None:
    """The outbox rows, once every one of them is DELIVERED."""
    rows = NotificationRepository(db).list()
    return rows if rows and all(r["state"] == "DELIVERED" for r in rows) else None


def wait_for(predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def subscribe(conf: cfg.ConfigOpts, db: Database, uri: str, **request: Any) -> dict[str, Any]:
    conf.set_override("test_callback", False, group="vnflcm_notifications")
    row, _ = SubscriptionService(conf, db).create({"callbackUri": uri, **request})
    return row


def create_instances(db: Database, *ids: str) -> None:
    for ident in ids:
        db.run(lambda conn, i=ident: notifications.enqueue_identifier_creation(  # type: ignore[misc]
            conn, {"id": i, "vnfdId": "vnfd-1"}))


def ids(subscriber: Subscriber) -> list[str]:
    return [body["vnfInstanceId"] for body in subscriber.delivered()]


@pytest.fixture
def worker(conf: cfg.ConfigOpts, db: Database) -> Iterator[DeliveryWorker]:
    w = DeliveryWorker(conf, db, "cond-1")
    w.start()
    yield w
    w.stop()


def test_backoff_delay() -> None:
    delays = [backoff_delay(n, initial=1.0, factor=2.0, maximum=5.0) for n in range(1, 6)]
    assert delays == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_in_order_with_retries_and_backoff(conf: cfg.ConfigOpts, db: Database,
                                           subscriber: Subscriber,
                                           worker: DeliveryWorker) -> None:
    subscribe(conf, db, subscriber.url)
    subscriber.answers.extend([503, 500])  # the first notification fails twice
    create_instances(db, "i1", "i2", "i3")
    wait_for(lambda: len(subscriber.delivered()) == 3)
    assert ids(subscriber) == ["i1", "i2", "i3"]
    posts = subscriber.posts()
    assert [(p.body["vnfInstanceId"], p.status) for p in posts] == [
        ("i1", 503), ("i1", 500), ("i1", 204), ("i2", 204), ("i3", 204)]
    # Backoff: 0.05 s after the first failure, 0.1 s after the second.
    assert posts[1].at - posts[0].at >= 0.05
    assert posts[2].at - posts[1].at >= 0.1
    body = posts[2].body
    assert body["_links"]["vnfInstance"]["href"] == (
        "http://vnfm.example:9890/vnflcm/v2/vnf_instances/i1")
    # The last delivery is recorded once the worker has read its 204.
    rows = wait_for(lambda: all_delivered(db))
    assert [(r["state"], r["attempts"]) for r in rows] == [
        ("DELIVERED", 3), ("DELIVERED", 1), ("DELIVERED", 1)]


def test_failed_after_max_attempts_then_replayed(conf: cfg.ConfigOpts, db: Database,
                                                 subscriber: Subscriber,
                                                 worker: DeliveryWorker) -> None:
    sub = subscribe(conf, db, subscriber.url)
    subscriber.answers.extend([500] * 4)  # max_attempts = 4
    create_instances(db, "i1", "i2")
    wait_for(lambda: ids(subscriber) == ["i2"])
    service = SubscriptionService(conf, db)
    failed = service.deliveries(sub["uuid"], state="FAILED")
    assert [(r["vnf_instance_id"], r["attempts"]) for r in failed] == [("i1", 4)]
    assert failed[0]["last_error"] == f"{subscriber.url} answered 500"
    replayed = service.replay(sub["uuid"], failed[0]["uuid"])
    assert [r["state"] for r in replayed] == ["PENDING"]
    wait_for(lambda: ids(subscriber) == ["i2", "i1"])
    assert service.deliveries(sub["uuid"], state="FAILED") == []


def test_one_subscription_down_does_not_hold_others(conf: cfg.ConfigOpts, db: Database,
                                                    worker: DeliveryWorker) -> None:
    down, up = Subscriber(), Subscriber()
    try:
        subscribe(conf, db, down.url)
        subscribe(conf, db, up.url)
        down.stop()
        create_instances(db, "i1", "i2")
        wait_for(lambda: ids(up) == ["i1", "i2"])
    finally:
        down.stop()
        up.stop()


def test_commit_wakes_the_worker(tmp_path: Path, db: Database,
                                 subscriber: Subscriber) -> None:
    conf = notify_conf(tmp_path, poll_interval=30.0)
    subscribe(conf, db, subscriber.url)
    w = DeliveryWorker(conf, db, "cond-1")
    w.start()
    try:
        time.sleep(0.1)  # the first pass (at start) found nothing
        create_instances(db, "i1")
        wait_for(lambda: ids(subscriber) == ["i1"], timeout=3.0)
    finally:
        w.stop()


def test_two_conductors_deliver_each_once_in_order(tmp_path: Path, db: Database) -> None:
    conf = notify_conf(tmp_path, workers=2)
    subscribers = [Subscriber() for _ in range(3)]
    workers = [DeliveryWorker(conf, db, host) for host in ("cond-a", "cond-b")]
    try:
        for s in subscribers:
            subscribe(conf, db, s.url)
        for w in workers:
            w.start()
        expected = [f"i{n}" for n in range(15)]
        create_instances(db, *expected)
        for s in subscribers:
            wait_for(lambda s=s: len(s.delivered()) >= len(expected))  # type: ignore[misc]
        time.sleep(0.2)
        for s in subscribers:
            assert ids(s) == expected
    finally:
        for w in workers:
            w.stop()
        for s in subscribers:
            s.stop()


def test_delivery_survives_a_conductor_restart(tmp_path: Path, subscriber: Subscriber) -> None:
    from baton.conductor.service import ConductorService
    from baton.db import migration
    from baton.engine.loader import DriverRegistry

    def conductor() -> tuple[ConductorService, Database]:
        conf = make_conf(tmp_path, conductor={"sync_power_state_interval": 0})
        for key, value in {"retry_initial_delay": 0.05, "retry_max_delay": 0.2,
                           "poll_interval": 0.05, "test_callback": False}.items():
            conf.set_override(key, value, group="vnflcm_notifications")
        db = Database(f"sqlite:///{tmp_path / 'baton.sqlite'}")
        migration.ensure_schema(db)
        return ConductorService(conf, db, DriverRegistry(conf)), db

    first, db1 = conductor()
    sub = subscribe(first.conf, db1, subscriber.url)
    subscriber.stop()  # the subscriber goes down
    first.start()
    create_instances(db1, "i1", "i2")
    outbox = NotificationRepository(db1)
    wait_for(lambda: outbox.list()[0]["attempts"] >= 2)
    first.stop()
    db1.dispose()
    assert subscriber.delivered() == []

    subscriber.start()  # back, on the same port
    second, db2 = conductor()
    second.start()
    try:
        wait_for(lambda: ids(subscriber) == ["i1", "i2"])
        # The subscriber has the second one before the worker reads its 204 and records
        # the delivery: wait for that too.
        wait_for(lambda: all_delivered(db2))
        assert all(b["subscriptionId"] == sub["uuid"] for b in subscriber.delivered())
    finally:
        second.stop()
        db2.dispose()


def test_secrets_stay_out_of_logs_and_records(conf: cfg.ConfigOpts, db: Database,
                                              subscriber: Subscriber, worker: DeliveryWorker,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG", logger="baton")  # urllib3 logs request lines at DEBUG
    url = subscriber.url.replace("http://", "http://user:uri-secret@") + "?key=query-secret"
    sub = subscribe(conf, db, url, authentication={
        "authType": ["BASIC"], "paramsBasic": {"userName": "u", "password": "basic-secret"}})
    subscriber.answers.extend([500] * 4)
    create_instances(db, "i1")
    service = SubscriptionService(conf, db)
    wait_for(lambda: service.deliveries(sub["uuid"], state="FAILED"))
    records = repr(service.deliveries(sub["uuid"]))
    for secret in ("uri-secret", "query-secret", "basic-secret"):
        assert secret not in caplog.text and secret not in records
