"""The delivery worker: sends the outbox's notifications, in order per subscription.

One thread looks for subscriptions with a notification due every ``poll_interval`` seconds,
or at once when this process committed new notifications (a pool check-in listener sees the
flag :func:`baton.db.repositories.notifications.add` leaves on the connection). Each due
subscription is claimed with a lease in the database, so one conductor at a time delivers
it, and drained by a thread of a small pool: its oldest pending notification is sent; on
success the next follows; on failure the notification waits ``retry_initial_delay *
retry_backoff_factor ** (attempts - 1)`` seconds (at most ``retry_max_delay``) and the
notifications after it wait behind it. After ``max_attempts`` it is marked FAILED (kept for
listing and replay) and the next one goes. The outbox is the whole state: a conductor that
stops or dies leaves rows PENDING, and whoever holds the subscription next sends them.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import logging
import threading
from collections.abc import Mapping
from typing import Any

from oslo_config import cfg
from sqlalchemy import event

from baton.conductor.notifications.client import DeliveryError, SubscriberClient, safe_url
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories.notifications import PENDING_FLAG, NotificationRepository
from baton.db.repositories.subscriptions import SubscriptionRepository

__all__ = ["DeliveryWorker", "absolute_links", "backoff_delay"]

LOG = logging.getLogger(__name__)


def backoff_delay(attempts: int, *, initial: float, factor: float, maximum: float) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt."""
    return float(min(maximum, initial * factor ** max(0, attempts - 1)))


def absolute_links(body: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """``body`` with its relative ``_links`` hrefs prefixed by ``base_url``."""
    links = body.get("_links")
    if not isinstance(links, Mapping):
        return dict(body)
    fixed = {}
    for name, link in links.items():
        href = link.get("href") if isinstance(link, Mapping) else None
        if isinstance(href, str) and href.startswith("/"):
            link = {**link, "href": base_url.rstrip("/") + href}
        fixed[name] = link
    return {**body, "_links": fixed}


def endpoint_url(conf: cfg.ConfigOpts) -> str:
    """The API's base URL for links in notifications."""
    configured = conf.vnflcm_notifications.endpoint_url or conf.api.public_endpoint
    if configured:
        return str(configured).rstrip("/")
    host = conf.api.host_ip
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{conf.api.port}"


class DeliveryWorker:
    """Delivers this conductor's share of the outbox (see the module docstring)."""

    def __init__(self, conf: cfg.ConfigOpts, db: Database, host: str, *,
                 client: SubscriberClient | None = None) -> None:
        self.conf = conf
        self.opts = conf.vnflcm_notifications
        self.db = db
        self.host = host
        self.client = client or SubscriberClient(conf)
        self.subscriptions = SubscriptionRepository(db)
        self.outbox = NotificationRepository(db)
        self.base_url = endpoint_url(conf)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._inflight: set[int] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._last_purge = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        self._stopping.clear()
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=self.opts.workers, thread_name_prefix="notify")
        event.listen(self.db.engine.pool, "checkin", self._on_checkin)
        self._thread = threading.Thread(target=self._loop, name="notification-delivery",
                                        daemon=True)
        self._thread.start()
        self.wake()

    def stop(self, timeout: float | None = None) -> None:
        """Stop looking for work, and wait for the deliveries under way (each bounded by
        ``request_timeout``). What is not delivered stays PENDING in the outbox."""
        self._stopping.set()
        self._wake.set()
        if event.contains(self.db.engine.pool, "checkin", self._on_checkin):
            event.remove(self.db.engine.pool, "checkin", self._on_checkin)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def wake(self) -> None:
        """Look for due notifications now."""
        self._wake.set()

    def _on_checkin(self, dbapi_conn: Any, record: Any) -> None:
        if record is not None and record.info.pop(PENDING_FLAG, False):
            self._wake.set()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self.opts.poll_interval)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                self.dispatch()
                self._purge()
            except Exception:
                LOG.exception("Notification delivery pass failed")

    # -- one pass --------------------------------------------------------------------------

    def dispatch(self) -> int:
        """Claim due subscriptions (as many as there are free workers) and drain each in
        the pool; returns how many were handed out."""
        pool = self._pool
        if pool is None:
            return 0
        with self._lock:
            free = self.opts.workers - len(self._inflight)
            busy = set(self._inflight)
        if free <= 0:
            return 0
        started = 0
        for sub_id in self.outbox.due_subscriptions(self.host, limit=free + len(busy)):
            if started >= free or self._stopping.is_set():
                break
            if sub_id in busy or not self._claim(sub_id):
                continue
            with self._lock:
                self._inflight.add(sub_id)
            pool.submit(self._drain_and_release, sub_id)
            started += 1
        return started

    def _claim(self, sub_id: int) -> bool:
        return self.subscriptions.claim(sub_id, self.host,
                                        lease_seconds=self.opts.lease_duration)

    def _drain_and_release(self, sub_id: int) -> None:
        more = False
        try:
            more = self.drain(sub_id)
        except Exception:
            LOG.exception("Delivering notifications of subscription %s failed", sub_id)
        finally:
            try:
                self.subscriptions.release(sub_id, self.host)
            except Exception:
                LOG.exception("Could not release subscription %s", sub_id)
            with self._lock:
                self._inflight.discard(sub_id)
            if more:
                self.wake()

    def drain(self, sub_id: int) -> bool:
        """Deliver subscription ``sub_id``'s due notifications in order, until one fails,
        none is due or ``batch_size`` went; returns whether more may be due now."""
        sub = self.subscriptions.get_by_id(sub_id)
        for _ in range(self.opts.batch_size):
            if self._stopping.is_set():
                return False
            row = self.outbox.head(sub_id)
            if row is None or row["next_attempt_at"] > models.utcnow():
                return False
            if not self.deliver(sub, row):
                return False
            if not self._claim(sub_id):  # renew; lost (expired and taken over): stop here
                return False
        return True

    def deliver(self, sub: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
        """Send one notification; record the outcome. True when delivered."""
        body = absolute_links(row["body"], self.base_url)
        try:
            self.client.notify(sub["callback_uri"], body, sub.get("authentication"))
        except DeliveryError as exc:
            return self._failed(sub, row, str(exc))
        self.outbox.delivered(row["id"])
        LOG.debug("Notification %s (%s) delivered to subscription %s", row["uuid"],
                  row["notification_type"], sub["uuid"])
        return True

    def _failed(self, sub: Mapping[str, Any], row: Mapping[str, Any], error: str) -> bool:
        attempts = int(row["attempts"]) + 1
        if attempts >= self.opts.max_attempts:
            self.outbox.attempt_failed(row["id"], error, retry_at=None)
            LOG.warning("Notification %s for VNF instance %s to subscription %s (%s) FAILED "
                        "after %d attempts: %s", row["uuid"], row["vnf_instance_id"],
                        sub["uuid"], safe_url(sub["callback_uri"]), attempts, error)
            return True  # the next notification may go now
        delay = backoff_delay(attempts, initial=self.opts.retry_initial_delay,
                              factor=self.opts.retry_backoff_factor,
                              maximum=self.opts.retry_max_delay)
        retry_at = models.utcnow() + datetime.timedelta(seconds=delay)
        self.outbox.attempt_failed(row["id"], error, retry_at=retry_at)
        if delay < self.opts.poll_interval:
            timer = threading.Timer(delay, self.wake)  # sooner than the next poll
            timer.daemon = True
            timer.start()
        LOG.info("Notification %s to subscription %s failed (attempt %d, retry in %.1fs): "
                 "%s", row["uuid"], sub["uuid"], attempts, delay, error)
        return False

    def _purge(self) -> None:
        retention = self.opts.delivered_retention
        now = models.utcnow()
        if retention <= 0 or now.timestamp() - self._last_purge < 60:
            return
        self._last_purge = now.timestamp()
        self.outbox.purge_delivered(now - datetime.timedelta(seconds=retention))
