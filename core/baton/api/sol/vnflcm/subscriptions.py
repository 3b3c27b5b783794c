"""``/vnflcm/v2/subscriptions`` and ``/subscriptions/{subscriptionId}`` (SOL003 5.4.18,
5.4.19).

- ``POST``: LccnSubscriptionRequest. The subscription service tests the callback (a GET
  that must answer 204) and finds a subscription with the same callback and filter: a new
  one answers 201 with its ``Location``, a duplicate 303 See Other with the ``Location``
  of the existing one (SOL003 5.4.18.3.1) and no body.
- ``GET`` (list, with SOL013 filters and paging; no selectors, SOL003 5.4.18.3.2), ``GET``
  one, ``DELETE`` (204).

Authentication parameters (passwords, client secrets) are kept for delivery and never
shown.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import falcon

from baton import errors
from baton.api.media import set_empty, set_json
from baton.api.sol.vnflcm import op_occ_view as view
from baton.api.sol.vnflcm import schemas
from baton.api.sol.vnflcm.deps import VnflcmDeps
from baton.api.sol.vnflcm.instances import read_request
from baton.api.sol.vnflcm.listing import ListSpec, answer_list
from baton.conductor.notifications.client import safe_url

__all__ = ["SubscriptionCollection", "SubscriptionItem", "check_authentication"]

LOG = logging.getLogger(__name__)

LIST = ListSpec(schema=view.SUBSCRIPTION_SCHEMA, render=view.render_subscription,
                columns={}, selectors=False)

_PARAMS = {"BASIC": "paramsBasic", "OAUTH2_CLIENT_CREDENTIALS": "paramsOauth2ClientCredentials"}


def check_authentication(body: Mapping[str, Any]) -> None:
    """Each authType named needs its parameters (Baton has no out-of-band way to get them,
    SOL013 8.3.4)."""
    auth = body.get("authentication")
    if not auth:
        return
    for kind in auth["authType"]:
        if kind in _PARAMS and _PARAMS[kind] not in auth:
            raise errors.Invalid(
                message=f"Invalid LccnSubscriptionRequest: authentication/authType {kind} "
                        f"needs authentication/{_PARAMS[kind]}.")


class SubscriptionCollection:
    """``GET`` (list) and ``POST`` (subscribe)."""

    def __init__(self, deps: VnflcmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        def fetch(filters: Mapping[str, Any] | None, marker: str | None,
                  limit: int | None) -> list[dict[str, Any]]:
            return list(self.deps.subscriptions.list(marker=marker, limit=limit))

        answer_list(req, resp, LIST, fetch, self.deps.page_size)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_request(req, schemas.SUBSCRIPTION, "LccnSubscriptionRequest")
        check_authentication(body)
        row, created = self.deps.subscriptions.create(body)
        info = view.render_subscription(row, req.context.public_url)
        resp.set_header("Location", info["_links"]["self"]["href"])
        if not created:
            LOG.info("Subscription to %s exists: %s", safe_url(body["callbackUri"]),
                     info["id"])
            set_empty(resp, falcon.HTTP_303)
            return
        LOG.info("Subscription %s created for %s", info["id"], safe_url(body["callbackUri"]))
        set_json(resp, info, falcon.HTTP_201)


class SubscriptionItem:
    """``GET`` and ``DELETE`` of one subscription."""

    def __init__(self, deps: VnflcmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response,
               subscription_id: str) -> None:
        row = self.deps.subscriptions.get(subscription_id)
        set_json(resp, view.render_subscription(row, req.context.public_url))

    def on_delete(self, req: falcon.Request, resp: falcon.Response,
                  subscription_id: str) -> None:
        self.deps.subscriptions.delete(subscription_id)
        LOG.info("Subscription %s deleted", subscription_id)
        resp.status = falcon.HTTP_204
