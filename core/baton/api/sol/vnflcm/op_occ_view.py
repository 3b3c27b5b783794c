"""``VnfLcmOpOcc`` (SOL003 v3.3.1 5.5.2.13) and ``LccnSubscription`` (5.5.2.16) as the API
shows them.

An operation occurrence carries ``_links`` to itself, its instance and the tasks
(``retry``, ``rollback``, ``fail``, and ``cancel`` while STARTING, PROCESSING or
ROLLING_BACK, which Tacker lacks); its ``operationParams`` and ``changedInfo`` lose the
VIM credentials and the passwords handed in ``additionalParams``. A subscription never
shows its ``authentication``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.api.sol import attributes as a
from baton.api.sol.vnflcm import records
from baton.api.sol.vnflcm.instance_view import PREFIX, instance_url
from baton.api.sol.vnflcm.secrets import scrub, scrub_vim_connections

__all__ = [
    "COLUMNS",
    "DEFAULT_EXCLUDED",
    "MANDATORY",
    "SCHEMA",
    "SUBSCRIPTION_SCHEMA",
    "op_occ_url",
    "render",
    "render_subscription",
    "subscription_url",
]

_LINK: a.Schema = {"href": a.STRING}
_PROBLEM: a.Schema = {"type": a.STRING, "title": a.STRING, "status": a.NUMBER,
                      "detail": a.STRING, "instance": a.STRING}

#: VnfLcmOpOcc as filters and selectors see it.
SCHEMA: a.Schema = {
    "id": a.STRING,
    "operationState": a.STRING,
    "stateEnteredTime": a.DATETIME,
    "startTime": a.DATETIME,
    "vnfInstanceId": a.STRING,
    "grantId": a.STRING,
    "operation": a.STRING,
    "isAutomaticInvocation": a.BOOLEAN,
    "operationParams": a.MAP,
    "isCancelPending": a.BOOLEAN,
    "cancelMode": a.STRING,
    "error": _PROBLEM,
    "resourceChanges": {
        "affectedVnfcs": [a.MAP],
        "affectedVirtualLinks": [a.MAP],
        "affectedExtLinkPorts": [a.MAP],
        "affectedVirtualStorages": [a.MAP],
    },
    "changedInfo": a.MAP,
    "changedExtConnectivity": [a.MAP],
    "modificationsTriggeredByVnfPkgChange": a.MAP,
    "vnfSnapshotInfoId": a.STRING,
    "lcmCoordinations": [a.MAP],
    "rejectedLcmCoordinations": [a.MAP],
    "warnings": a.STRING,
    "_links": {name: _LINK for name in (
        "self", "vnfInstance", "grant", "cancel", "retry", "rollback", "fail",
        "vnfSnapshot")},
}

#: SOL003 5.4.12.3.2: what a list leaves out unless asked.
DEFAULT_EXCLUDED = ("operationParams", "error", "resourceChanges", "changedInfo",
                    "changedExtConnectivity", "lcmCoordinations",
                    "rejectedLcmCoordinations")
MANDATORY = ("_links",)

COLUMNS = {
    "id": "id",
    "operationState": "operationState",
    "vnfInstanceId": "vnfInstanceId",
    "operation": "operation",
}

_ORDER = ("id", "operationState", "stateEnteredTime", "startTime", "vnfInstanceId",
          "grantId", "operation", "isAutomaticInvocation", "operationParams",
          "isCancelPending", "cancelMode", "error", "resourceChanges", "changedInfo",
          "changedExtConnectivity", "modificationsTriggeredByVnfPkgChange",
          "vnfSnapshotInfoId", "lcmCoordinations", "rejectedLcmCoordinations", "warnings")

_RUNNING = ("STARTING", "PROCESSING", "ROLLING_BACK")


def op_occ_url(base_url: str, op_id: str) -> str:
    return f"{base_url}{PREFIX}/vnf_lcm_op_occs/{op_id}"


def subscription_url(base_url: str, subscription_id: str) -> str:
    return f"{base_url}{PREFIX}/subscriptions/{subscription_id}"


def _scrub_params(params: Any) -> Any:
    if not isinstance(params, Mapping):
        return params
    out = dict(params)
    if "vimConnectionInfo" in out:
        out["vimConnectionInfo"] = scrub_vim_connections(out["vimConnectionInfo"])
    if "additionalParams" in out:
        out["additionalParams"] = scrub(out["additionalParams"])
    return out


def render(record: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The VnfLcmOpOcc of an operation occurrence record."""
    doc = records.op_occ_document(record)
    info: dict[str, Any] = {}
    for name in _ORDER:
        value = doc.get(name)
        if value is not None:
            info[name] = value
    for name in ("operationParams", "changedInfo"):
        if name in info:
            info[name] = _scrub_params(info[name])
    url = op_occ_url(base_url, info["id"])
    links: dict[str, Any] = {
        "self": {"href": url},
        "vnfInstance": {"href": instance_url(base_url, info["vnfInstanceId"])},
    }
    if doc.get("grantId") and doc.get("grantHref"):
        links["grant"] = {"href": doc["grantHref"]}
    if info.get("operationState") in _RUNNING:
        links["cancel"] = {"href": f"{url}/cancel"}
    for task in ("retry", "rollback", "fail"):
        links[task] = {"href": f"{url}/{task}"}
    info["_links"] = links
    return info


#: LccnSubscription as filters see it (SOL003 5.5.2.16).
SUBSCRIPTION_SCHEMA: a.Schema = {
    "id": a.STRING,
    "filter": {
        "vnfInstanceSubscriptionFilter": {
            "vnfdIds": [a.STRING],
            "vnfProductsFromProviders": [{
                "vnfProvider": a.STRING,
                "vnfProducts": [{"vnfProductName": a.STRING, "versions": [{
                    "vnfSoftwareVersion": a.STRING, "vnfdVersions": [a.STRING]}]}],
            }],
            "vnfInstanceIds": [a.STRING],
            "vnfInstanceNames": [a.STRING],
        },
        "notificationTypes": [a.STRING],
        "operationTypes": [a.STRING],
        "operationStates": [a.STRING],
    },
    "callbackUri": a.STRING,
    "verbosity": a.STRING,
    "_links": {"self": _LINK},
}


def render_subscription(record: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The LccnSubscription of a subscription record: never its authentication."""
    doc = records.subscription_document(record)
    info: dict[str, Any] = {"id": doc["id"]}
    if doc.get("filter"):
        info["filter"] = doc["filter"]
    info["callbackUri"] = doc["callbackUri"]
    info["verbosity"] = doc.get("verbosity") or "FULL"
    info["_links"] = {"self": {"href": subscription_url(base_url, info["id"])}}
    return info
