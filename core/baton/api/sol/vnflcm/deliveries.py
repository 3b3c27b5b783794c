"""Baton extension: the delivery records of a subscription's notifications, and replay.

- ``GET /vnflcm/v2/subscriptions/{subscriptionId}/deliveries`` (``state`` = PENDING,
  DELIVERED or FAILED; ``limit``; ``marker`` = a delivery id): oldest first.
- ``POST .../deliveries/{deliveryId}/replay``: a FAILED notification goes back to PENDING
  with a fresh retry budget (202, its record); 409 when it is not FAILED.
- ``POST .../deliveries/replay``: every FAILED notification of the subscription (202, their
  records).

Records carry the notification as sent, never the subscription's credentials.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import falcon

from baton import errors
from baton.api.media import set_json
from baton.conductor.notifications.service import delivery_view
from baton.conductor.notifications.worker import absolute_links

__all__ = ["DeliveryCollection", "DeliveryReplay", "ReplayAll", "routes"]


class DeliverySource(Protocol):
    """The subscription service's delivery methods."""

    def deliveries(self, ident: str, *, state: str | None = None, limit: int | None = None,
                   marker: str | None = None) -> list[dict[str, Any]]: ...

    def replay(self, ident: str,
               notification: str | None = None) -> list[dict[str, Any]]: ...


def _render(row: Mapping[str, Any], subscription_id: str, public_url: str) -> dict[str, Any]:
    record = delivery_view(row, subscription_id)
    record["notification"] = absolute_links(record["notification"], public_url)
    return record


def _limit(req: falcon.Request) -> int | None:
    raw = req.get_param("limit")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise errors.InvalidParameterValue(err="limit must be a positive integer")
    return int(raw)


class DeliveryCollection:
    """``GET``: a subscription's delivery records."""

    def __init__(self, source: DeliverySource) -> None:
        self.source = source

    def on_get(self, req: falcon.Request, resp: falcon.Response,
               subscription_id: str) -> None:
        rows = self.source.deliveries(subscription_id, state=req.get_param("state"),
                                      limit=_limit(req), marker=req.get_param("marker"))
        set_json(resp, [_render(r, subscription_id, req.context.public_url) for r in rows])


class DeliveryReplay:
    """``POST``: replay one FAILED notification."""

    def __init__(self, source: DeliverySource) -> None:
        self.source = source

    def on_post(self, req: falcon.Request, resp: falcon.Response, subscription_id: str,
                delivery_id: str) -> None:
        rows = self.source.replay(subscription_id, delivery_id)
        if not rows:
            raise errors.Conflict(message=f"Notification {delivery_id} is not FAILED; only "
                                          f"FAILED notifications are replayed.")
        set_json(resp, _render(rows[0], subscription_id, req.context.public_url),
                 falcon.HTTP_202)


class ReplayAll:
    """``POST``: replay every FAILED notification of a subscription."""

    def __init__(self, source: DeliverySource) -> None:
        self.source = source

    def on_post(self, req: falcon.Request, resp: falcon.Response,
                subscription_id: str) -> None:
        rows = self.source.replay(subscription_id)
        set_json(resp, [_render(r, subscription_id, req.context.public_url) for r in rows],
                 falcon.HTTP_202)


def routes(base: str, source: Any) -> list[tuple[str, Any]]:
    """The routes under ``{base}/subscriptions/{subscription_id}/deliveries``; ``source``
    is the subscription service (anything with :class:`DeliverySource`'s methods)."""
    prefix = f"{base}/subscriptions/{{subscription_id}}/deliveries"
    return [
        (prefix, DeliveryCollection(source)),
        (f"{prefix}/replay", ReplayAll(source)),
        (f"{prefix}/{{delivery_id}}/replay", DeliveryReplay(source)),
    ]
