"""Subscriptions to VNF LCM notifications: create (validated, callback tested, duplicates
found), get, list, delete, plus the delivery records (list, replay) of each subscription.

The API calls this directly (it needs only the database and HTTP to the subscriber). A
duplicate subscription (same callback URI and filter) is not created again: :meth:`create`
answers the existing one with ``created=False`` and the API answers 303 See Other.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Mapping
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.conductor.notifications import bodies
from baton.conductor.notifications.client import DeliveryError, SubscriberClient, safe_url
from baton.db.engine import Database
from baton.db.repositories.notifications import STATES, NotificationRepository
from baton.db.repositories.subscriptions import (
    SubscriptionRepository,
    filter_digest,
)

__all__ = ["SubscriptionService", "delivery_view", "subscription_view"]

LOG = logging.getLogger(__name__)

_AUTH_TYPES = ("BASIC", "OAUTH2_CLIENT_CREDENTIALS", "TLS_CERT")
_VERBOSITY = ("FULL", "SHORT")


def _invalid(message: str) -> errors.InvalidParameterValue:
    return errors.InvalidParameterValue(err=message)


def _check_uri(uri: Any, what: str) -> str:
    if not isinstance(uri, str) or not uri:
        raise _invalid(f"{what} must be a non-empty string")
    parts = urllib.parse.urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _invalid(f"{what} must be an http or https URI")
    return uri


def _check_strings(holder: Mapping[str, Any], key: str) -> None:
    values = holder.get(key)
    if values is not None and (not isinstance(values, list)
                               or not all(isinstance(v, str) for v in values)):
        raise _invalid(f"{key} must be a list of strings")


def _check_filter(doc: Any) -> None:
    if doc is None:
        return
    if not isinstance(doc, Mapping):
        raise _invalid("filter must be an object")
    for key in ("notificationTypes", "operationTypes", "operationStates"):
        _check_strings(doc, key)
    for kind in doc.get("notificationTypes") or []:
        if kind not in bodies.NOTIFICATION_TYPES:
            raise _invalid(f"unknown notification type {kind}")
    instance_filter = doc.get("vnfInstanceSubscriptionFilter")
    if instance_filter is None:
        return
    if not isinstance(instance_filter, Mapping):
        raise _invalid("vnfInstanceSubscriptionFilter must be an object")
    for key in ("vnfdIds", "vnfInstanceIds", "vnfInstanceNames"):
        _check_strings(instance_filter, key)
    providers = instance_filter.get("vnfProductsFromProviders") or []
    if not isinstance(providers, list) or not all(
            isinstance(p, Mapping) and isinstance(p.get("vnfProvider"), str)
            for p in providers):
        raise _invalid("vnfProductsFromProviders entries need a vnfProvider")


def _check_authentication(auth: Any) -> None:
    if auth is None:
        return
    if not isinstance(auth, Mapping):
        raise _invalid("authentication must be an object")
    types = auth.get("authType")
    if not isinstance(types, list) or not types or any(t not in _AUTH_TYPES for t in types):
        raise _invalid(f"authentication.authType must list some of {', '.join(_AUTH_TYPES)}")
    if "TLS_CERT" in types:
        raise _invalid("authType TLS_CERT is not supported")
    if "BASIC" in types:
        basic = auth.get("paramsBasic")
        if not isinstance(basic, Mapping) or not isinstance(basic.get("userName"), str) \
                or not isinstance(basic.get("password"), str):
            raise _invalid("authType BASIC needs paramsBasic with userName and password")
    if "OAUTH2_CLIENT_CREDENTIALS" in types:
        oauth2 = auth.get("paramsOauth2ClientCredentials")
        if not isinstance(oauth2, Mapping) or not isinstance(oauth2.get("clientId"), str) \
                or not isinstance(oauth2.get("clientPassword"), str):
            raise _invalid("authType OAUTH2_CLIENT_CREDENTIALS needs "
                           "paramsOauth2ClientCredentials with clientId, clientPassword "
                           "and tokenEndpoint")
        _check_uri(oauth2.get("tokenEndpoint"), "tokenEndpoint")


def subscription_view(row: Mapping[str, Any], *, base_url: str = "") -> dict[str, Any]:
    """An LccnSubscription (SOL003 5.5.2.4): never the authentication."""
    view: dict[str, Any] = {"id": row["uuid"]}
    if row.get("filter"):
        view["filter"] = row["filter"]
    view["callbackUri"] = row["callback_uri"]
    view["verbosity"] = row.get("verbosity") or "FULL"
    view["_links"] = {"self": {"href": f"{base_url}{bodies.API_ROOT}/subscriptions/"
                                       f"{row['uuid']}"}}
    return view


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat() + "Z"


def delivery_view(row: Mapping[str, Any], subscription_id: str) -> dict[str, Any]:
    """One notification's delivery record (a Baton extension, not a SOL type)."""
    return {
        "id": row["uuid"],
        "subscriptionId": subscription_id,
        "notificationType": row["notification_type"],
        "vnfInstanceId": row["vnf_instance_id"],
        "state": row["state"],
        "attempts": row["attempts"],
        "nextAttemptAt": _iso(row["next_attempt_at"]) if row["state"] == "PENDING" else None,
        "lastAttemptAt": _iso(row["last_attempt_at"]),
        "deliveredAt": _iso(row["delivered_at"]),
        "lastError": row["last_error"],
        "createdAt": _iso(row["created_at"]),
        "notification": row["body"],
    }


class SubscriptionService:
    """Subscriptions and their deliveries, over the database and HTTP to subscribers."""

    def __init__(self, conf: cfg.ConfigOpts, db: Database, *,
                 client: SubscriberClient | None = None) -> None:
        self.conf = conf
        self.subscriptions = SubscriptionRepository(db)
        self.notifications = NotificationRepository(db)
        self._client = client

    @property
    def client(self) -> SubscriberClient:
        if self._client is None:
            self._client = SubscriberClient(self.conf)
        return self._client

    def validate(self, request: Mapping[str, Any]) -> None:
        """Check an LccnSubscriptionRequest (InvalidParameterValue when it is wrong)."""
        if not isinstance(request, Mapping):
            raise _invalid("the request body must be an object")
        _check_uri(request.get("callbackUri"), "callbackUri")
        _check_filter(request.get("filter"))
        _check_authentication(request.get("authentication"))
        verbosity = request.get("verbosity", "FULL")
        if verbosity not in _VERBOSITY:
            raise _invalid("verbosity must be FULL or SHORT")

    def create(self, request: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
        """Create a subscription from an LccnSubscriptionRequest: ``(row, created)``.

        A duplicate (same callbackUri and filter) gives the existing row and False, with no
        callback test. Otherwise the callback URI is tested first (GET, 204 expected, with
        the subscription's authentication): SubscriptionCallbackFailed (422) when it fails.
        """
        self.validate(request)
        uri = str(request["callbackUri"])
        filter_doc = request.get("filter") or None
        existing = self.subscriptions.get_by_digest(filter_digest(uri, filter_doc))
        if existing is not None:
            return existing, False
        auth = request.get("authentication")
        if self.conf.vnflcm_notifications.test_callback:
            try:
                self.client.test(uri, auth)
            except DeliveryError as exc:
                raise errors.SubscriptionCallbackFailed(uri=safe_url(uri),
                                                        reason=str(exc)) from exc
        row, created = self.subscriptions.create({
            "callback_uri": uri, "filter": filter_doc, "authentication": auth,
            "verbosity": request.get("verbosity", "FULL")})
        if created:
            LOG.info("Subscription %s created for %s", row["uuid"], safe_url(uri))
        return row, created

    def get(self, ident: str) -> dict[str, Any]:
        return self.subscriptions.get(ident)

    def delete(self, ident: str) -> None:
        """Delete a subscription; its undelivered notifications go with it."""
        self.subscriptions.destroy(ident)
        LOG.info("Subscription %s deleted", ident)

    # -- deliveries (Baton extension) ------------------------------------------------------

    def deliveries(self, ident: str, *, state: str | None = None, limit: int | None = None,
                   marker: str | None = None) -> list[dict[str, Any]]:
        """Delivery records of subscription ``ident``, oldest first."""
        if state is not None and state not in STATES:
            raise _invalid(f"state must be one of {', '.join(STATES)}")
        sub = self.subscriptions.get(ident)
        return self.notifications.list_for_subscription(sub["id"], state=state, limit=limit,
                                                        marker=marker)

    def replay(self, ident: str, notification: str | None = None) -> list[dict[str, Any]]:
        """Queue FAILED notifications of ``ident`` (or just ``notification``) again."""
        sub = self.subscriptions.get(ident)
        rows = self.notifications.replay(sub["id"], notification)
        LOG.info("Replaying %d notification(s) of subscription %s", len(rows), ident)
        return rows

    # Last: inside the class body, a method called ``list`` hides the builtin.
    def list(self, *, limit: int | None = None,
             marker: str | None = None) -> list[dict[str, Any]]:
        """Subscriptions, oldest first, after ``marker`` (a subscription id)."""
        return self.subscriptions.list(limit=limit, marker=marker)
