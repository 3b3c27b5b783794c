"""LCM notification subscriptions (SOL003 LccnSubscription): ``lccn_subscriptions`` rows
and their filter terms, and the query that finds the subscriptions a notification matches.

A filter is stored twice: as sent (``filter``, rendered back by the API) and flattened into
``lccn_subscription_filters`` terms, one per value, with a ``has_<kind>`` flag on the
subscription for each kind of term the filter constrains. A subscription matches when, for
every kind it constrains, one of its terms of that kind matches; :func:`match` says that in
SQL (``NOT has_kind OR EXISTS (matching term)``), so no subscription is loaded to be tested.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    and_,
    delete,
    exists,
    insert,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories import query
from baton.db.repositories.base import RecordRepository

__all__ = [
    "FILTER_KINDS",
    "MatchKeys",
    "Subscriber",
    "SubscriptionRepository",
    "filter_digest",
    "filter_terms",
    "match",
]

_s = models.lccn_subscriptions
_f = models.lccn_subscription_filters
_o = models.notification_outbox

#: Term kind -> the subscription's flag column saying the filter constrains it.
FILTER_KINDS = {
    "vnfd_id": "has_vnfd_ids",
    "product": "has_products",
    "instance_id": "has_instance_ids",
    "instance_name": "has_instance_names",
    "notification_type": "has_notification_types",
    "operation_type": "has_operation_types",
    "operation_state": "has_operation_states",
}

#: Filter attribute (camelCase, SOL) -> term kind, for the plain string lists.
_LISTS = {
    ("vnfInstanceSubscriptionFilter", "vnfdIds"): "vnfd_id",
    ("vnfInstanceSubscriptionFilter", "vnfInstanceIds"): "instance_id",
    ("vnfInstanceSubscriptionFilter", "vnfInstanceNames"): "instance_name",
    (None, "notificationTypes"): "notification_type",
    (None, "operationTypes"): "operation_type",
    (None, "operationStates"): "operation_state",
}


def _canonical(value: Any) -> Any:
    """``value`` with dict keys sorted (orjson does) and lists in a stable order."""
    if isinstance(value, Mapping):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS))
    return value


def filter_digest(callback_uri: str, filter_doc: Mapping[str, Any] | None) -> str:
    """What two subscriptions share when one duplicates the other (SOL013 5.9): the
    callback URI and the filter, list order aside."""
    doc = {"callbackUri": callback_uri, "filter": _canonical(filter_doc or {})}
    return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _product_terms(providers: list[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    for provider in providers:
        for product in provider.get("vnfProducts") or [{}]:
            for version in product.get("versions") or [{}]:
                for vnfd_version in version.get("vnfdVersions") or [None]:
                    yield {
                        "kind": "product",
                        "value": str(provider["vnfProvider"]),
                        "product_name": product.get("vnfProductName"),
                        "software_version": version.get("vnfSoftwareVersion"),
                        "vnfd_version": vnfd_version,
                    }


def filter_terms(filter_doc: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The terms of a LifecycleChangeNotificationsFilter, one dict per term."""
    doc = filter_doc or {}
    terms: list[dict[str, Any]] = []
    for (parent, attribute), kind in _LISTS.items():
        holder = doc.get(parent) if parent else doc
        if not isinstance(holder, Mapping):
            continue
        for value in holder.get(attribute) or []:
            terms.append({"kind": kind, "value": str(value)})
    instance_filter = doc.get("vnfInstanceSubscriptionFilter")
    if isinstance(instance_filter, Mapping):
        terms.extend(_product_terms(instance_filter.get("vnfProductsFromProviders") or []))
    return terms


@dataclass(frozen=True)
class MatchKeys:
    """What a notification offers subscription filters."""

    notification_type: str
    instance_id: str
    vnfd_id: str | None = None
    vnf_provider: str | None = None
    vnf_product_name: str | None = None
    vnf_software_version: str | None = None
    vnfd_version: str | None = None
    vnf_instance_name: str | None = None
    #: Only for VnfLcmOperationOccurrenceNotification.
    operation_type: str | None = None
    operation_state: str | None = None


@dataclass(frozen=True)
class Subscriber:
    """A subscription a notification goes to."""

    id: int
    uuid: str
    verbosity: str


def _term(kind: str, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(_f.c.subscription_id == _s.c.id, _f.c.kind == kind, condition)


def _open(column: str) -> ColumnElement[bool]:
    return not_(_s.c[column])


def _equals(kind: str, value: str | None) -> ColumnElement[bool]:
    flag = FILTER_KINDS[kind]
    if value is None:
        return _open(flag)
    return or_(_open(flag), _term(kind, _f.c.value == value))


def _narrower(column: str, value: str | None) -> ColumnElement[bool]:
    if value is None:
        return _f.c[column].is_(None)
    return or_(_f.c[column].is_(None), _f.c[column] == value)


def _product(keys: MatchKeys) -> ColumnElement[bool]:
    if keys.vnf_provider is None:
        return _open("has_products")
    return or_(_open("has_products"), _term("product", and_(
        _f.c.value == keys.vnf_provider,
        _narrower("product_name", keys.vnf_product_name),
        _narrower("software_version", keys.vnf_software_version),
        _narrower("vnfd_version", keys.vnfd_version),
    )))


def match(conn: Connection, keys: MatchKeys) -> list[Subscriber]:
    """The subscriptions whose filter ``keys`` satisfies, oldest first."""
    conditions = [
        _equals("notification_type", keys.notification_type),
        _equals("vnfd_id", keys.vnfd_id),
        _equals("instance_id", keys.instance_id),
        _equals("instance_name", keys.vnf_instance_name),
        _product(keys),
    ]
    # operationTypes and operationStates constrain only operation occurrence notifications.
    if keys.notification_type == "VnfLcmOperationOccurrenceNotification":
        conditions.append(_equals("operation_type", keys.operation_type))
        conditions.append(_equals("operation_state", keys.operation_state))
    stmt = (select(_s.c.id, _s.c.uuid, _s.c.verbosity)
            .where(and_(*conditions)).order_by(_s.c.id))
    return [Subscriber(int(r.id), str(r.uuid), str(r.verbosity)) for r in conn.execute(stmt)]


class SubscriptionRepository(RecordRepository):
    """``lccn_subscriptions``: create (or find the duplicate), get, list, delete, and the
    delivery leases that keep one conductor delivering a subscription at a time."""

    table = _s
    resource = "Subscription"

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.SubscriptionNotFound(subscription=ident)

    def get_by_digest(self, digest: str) -> dict[str, Any] | None:
        with self.db.connect() as conn:
            return query.row_dict(conn.execute(select(_s).where(_s.c.digest == digest)))

    def create(self, values: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
        """Insert a subscription and its filter terms, or find the one with the same
        callback URI and filter: ``(row, created)``. ``values`` holds ``callback_uri``,
        ``filter``, ``authentication``, ``verbosity`` (and optionally ``uuid``)."""
        prepared = self._prepare_create(values)
        prepared.setdefault("verbosity", "FULL")
        prepared["digest"] = filter_digest(prepared["callback_uri"], prepared.get("filter"))
        terms = filter_terms(prepared.get("filter"))
        kinds = {term["kind"] for term in terms}
        for kind, flag in FILTER_KINDS.items():
            prepared[flag] = kind in kinds

        def _create(conn: Connection) -> tuple[dict[str, Any], bool]:
            existing = query.row_dict(
                conn.execute(select(_s).where(_s.c.digest == prepared["digest"])))
            if existing is not None:
                return existing, False
            row = self._insert(conn, prepared)
            if terms:
                conn.execute(insert(_f), [{**t, "subscription_id": row["id"]} for t in terms])
            return row, True

        try:
            return self.db.run(_create)
        except sa_exc.IntegrityError as error:
            # Another request created the same subscription meanwhile.
            existing = self.get_by_digest(prepared["digest"])
            if existing is None:
                raise self._integrity_error(error, prepared) from error
            return existing, False

    def _delete_children(self, conn: Connection, row: Mapping[str, Any]) -> None:
        conn.execute(delete(_o).where(_o.c.subscription_id == row["id"]))
        conn.execute(delete(_f).where(_f.c.subscription_id == row["id"]))

    def destroy(self, ident: str) -> None:
        """Delete subscription ``ident`` with its terms and its notifications."""
        self._destroy(ident)

    # -- delivery leases -------------------------------------------------------------------

    def claim(self, row_id: int, owner: str, *, lease_seconds: float,
              now: datetime.datetime | None = None) -> bool:
        """Take (or renew) the delivery lease of subscription ``row_id`` for ``owner``,
        unless another owner's lease still holds."""
        now = now or models.utcnow()
        stmt = (update(_s).where(
            _s.c.id == row_id,
            or_(_s.c.delivery_owner.is_(None), _s.c.delivery_owner == owner,
                _s.c.delivery_lease_expires_at < now),
        ).values(delivery_owner=owner,
                 delivery_lease_expires_at=now + datetime.timedelta(seconds=lease_seconds)))
        return bool(self.db.run(lambda conn: conn.execute(stmt).rowcount) == 1)

    def release(self, row_id: int, owner: str) -> None:
        """Give the delivery lease of ``row_id`` back, if ``owner`` holds it."""
        stmt = (update(_s).where(_s.c.id == row_id, _s.c.delivery_owner == owner)
                .values(delivery_owner=None, delivery_lease_expires_at=None))
        self.db.run(lambda conn: conn.execute(stmt))
