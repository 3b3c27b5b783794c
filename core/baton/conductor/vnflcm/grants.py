"""Grants: what the VNFM may add and remove, asked of the NFVO or granted locally.

With ``[vnflcm] nfvo_url`` set, the conductor sends SOL003's GrantRequest to
``POST {nfvo_url}/grant/v1/grants`` and waits for the Grant (201 at once, or 202 and then
polling the ``Location`` until it answers 200); a refusal (403) or no answer within
``grant_timeout`` fails the operation (FAILED_TEMP). Without an NFVO every requested
resource is granted. Either way the result is Baton's *granted plan*: the
ResourceDefinitions the NFVO allowed, plus the grant's id and VIM connections.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.request
import uuid as uuidlib
from collections.abc import Mapping
from typing import Any

import orjson
from oslo_config import cfg

from baton import errors

__all__ = ["request_grant"]


def _links(instance_id: str, op_id: str) -> dict[str, Any]:
    return {"vnfLcmOpOcc": {"href": f"/vnflcm/v2/vnf_lcm_op_occs/{op_id}"},
            "vnfInstance": {"href": f"/vnflcm/v2/vnf_instances/{instance_id}"}}


def _http(conf: cfg.ConfigOpts, method: str, url: str,
          body: Mapping[str, Any] | None = None) -> tuple[int, dict[str, str], Any]:
    group = conf.vnflcm
    headers = {"Accept": "application/json", "Version": "1.4.0"}
    data = None
    if body is not None:
        data = orjson.dumps(body)
        headers["Content-Type"] = "application/json"
    if group.nfvo_username:
        token = base64.b64encode(f"{group.nfvo_username}:{group.nfvo_password}".encode())
        headers["Authorization"] = "Basic " + token.decode()
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=group.grant_timeout) as resp:
            raw = resp.read()
            return resp.status, dict(resp.headers), orjson.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            detail = orjson.loads(raw).get("detail") if raw else None
        except (orjson.JSONDecodeError, AttributeError):
            detail = None
        return exc.code, dict(exc.headers), {"detail": detail or exc.reason}


def _ask_nfvo(conf: cfg.ConfigOpts, grant_request: dict[str, Any]) -> dict[str, Any]:
    base = conf.vnflcm.nfvo_url.rstrip("/")
    what = {"operation": grant_request["operation"],
            "instance": grant_request["vnfInstanceId"]}
    deadline = time.monotonic() + conf.vnflcm.grant_timeout
    try:
        status, headers, body = _http(conf, "POST", f"{base}/grant/v1/grants", grant_request)
        location = headers.get("Location") or headers.get("location")
        while status == 202 and location:
            if time.monotonic() > deadline:
                raise errors.GrantRejected(**what, reason="no grant before grant_timeout")
            time.sleep(conf.vnflcm.grant_poll_interval)
            status, _, body = _http(conf, "GET", location)
    except OSError as exc:
        raise errors.GrantRejected(**what, reason=f"the NFVO could not be reached: {exc}") \
            from exc
    if status not in (200, 201) or not isinstance(body, dict):
        detail = body.get("detail") if isinstance(body, dict) else None
        raise errors.GrantRejected(**what, reason=f"HTTP {status}: {detail or 'refused'}")
    return body


def _granted(defs: list[dict[str, Any]], infos: Any) -> list[dict[str, Any]]:
    allowed = {i.get("resourceDefinitionId") for i in infos or [] if isinstance(i, dict)}
    return [d for d in defs if d["id"] in allowed]


def request_grant(conf: cfg.ConfigOpts, *, instance: Mapping[str, Any], op_id: str,
                  operation: str, add: list[dict[str, Any]], remove: list[dict[str, Any]],
                  vims: Mapping[str, Any], flavour_id: str | None = None,
                  vnfd_id: str | None = None) -> dict[str, Any]:
    """The granted plan for an operation (see the module's docstring)."""
    if not conf.vnflcm.nfvo_url:
        return {"id": str(uuidlib.uuid4()), "local": True, "addResources": add,
                "removeResources": remove, "vimConnectionInfo": dict(vims)}
    grant_request: dict[str, Any] = {
        "vnfInstanceId": instance["id"], "vnfLcmOpOccId": op_id,
        "vnfdId": vnfd_id or instance["vnfdId"], "operation": operation,
        "isAutomaticInvocation": False, "_links": _links(instance["id"], op_id),
    }
    if flavour_id:
        grant_request["flavourId"] = flavour_id
    strip = ("vnfcResourceInfoId",)
    if add:
        grant_request["addResources"] = [{k: v for k, v in d.items() if k not in strip}
                                         for d in add]
    if remove:
        grant_request["removeResources"] = [{k: v for k, v in d.items() if k not in strip}
                                            for d in remove]
    grant = _ask_nfvo(conf, grant_request)
    return {"id": grant.get("id") or str(uuidlib.uuid4()), "local": False,
            "addResources": _granted(add, grant.get("addResources")),
            "removeResources": _granted(remove, grant.get("removeResources")),
            "vimConnectionInfo": grant.get("vimConnectionInfo") or dict(vims)}
