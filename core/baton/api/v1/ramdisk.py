"""The ramdisk agent's endpoints (from 1.22): ``GET /v1/lookup`` and
``POST /v1/heartbeat/{node_ident}``.

A heartbeat records the agent (``callback_url``, ``agent_version``) and lets a node waiting
in ``wait call-back``, ``clean wait``, ``rescue wait`` or ``inspect wait`` go on, on the
conductor that owns it. Lookup finds the node of a booting agent by UUID or MAC addresses
while it is in a state that expects one.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import falcon

from baton import errors
from baton.api import masking, validation
from baton.api.media import set_empty, set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import get_node
from baton.engine import states

__all__ = ["Heartbeat", "Lookup"]

_RAMDISK_MINOR = 22
_LOOKUP_STATES = frozenset({states.DEPLOYING, states.DEPLOYWAIT, states.CLEANING,
                            states.CLEANWAIT, states.INSPECTING, states.INSPECTWAIT,
                            states.RESCUING, states.RESCUEWAIT})
# Heartbeat field -> the microversion that introduced it.
_FIELD_MINOR = {"callback_url": 22, "agent_version": 36, "agent_token": 62,
                "agent_verify_ca": 68}


def _require(req: falcon.Request) -> None:
    if common.minor(req) < _RAMDISK_MINOR:
        raise errors.NotFound()


def _check_callback_url(url: Any) -> str:
    if not isinstance(url, str):
        raise errors.InvalidParameterValue('Missing or invalid "callback_url"')
    if url == "":
        return url
    parsed = urllib.parse.urlparse(url)
    if "http" not in parsed.scheme or not parsed.netloc:
        raise errors.InvalidParameterValue(
            'An issue with the supplied "callback_url" has been detected.')
    return parsed.geturl()


class Heartbeat:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_post(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        _require(req)
        body = common.body_object(req)
        mv = common.minor(req)
        for key in body:
            if key not in _FIELD_MINOR or mv < _FIELD_MINOR[key]:
                raise errors.InvalidParameterValue(f'Field "{key}" not recognised')
        callback_url = _check_callback_url(body.get("callback_url"))
        fields = {k: body.get(k) for k in ("agent_version", "agent_token")}
        for key, value in fields.items():
            if value is not None and not isinstance(value, str):
                raise errors.InvalidParameterValue(f"Expected string for {key}: {value}")
        node = get_node(req, self.deps, node_ident)
        internal = node.get("driver_internal_info") or {}
        known = internal.get("agent_url")
        if known is not None and known != callback_url and node["provision_state"] in (
                states.WAIT_STATES):
            raise errors.Invalid(message='Detected change in ramdisk provided "callback_url"')
        try:
            topic = self.deps.topic(node)
        except errors.NoValidHost as exc:
            raise errors.InvalidParameterValue(str(exc)) from exc
        self.deps.rpc.heartbeat(node["uuid"], callback_url, fields["agent_version"],
                                fields["agent_token"], topic=topic)
        set_empty(resp, falcon.HTTP_202)


class Lookup:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _find(self, addresses: list[str], node_uuid: str | None) -> dict[str, Any]:
        if node_uuid:
            return self.deps.nodes.get(validation.valid_uuid("node_uuid", node_uuid))
        for address in addresses:
            try:
                port = self.deps.ports.get_by_address(address.lower())
            except errors.PortNotFound:
                continue
            return self.deps.nodes.get_by_id(port["node_id"])
        raise errors.NotFound()

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        _require(req)
        common.check_query(req, frozenset({"addresses", "node_uuid"}))
        raw = common.query_str(req, "addresses") or ""
        addresses = [a.strip() for a in raw.split(",") if a.strip()]
        node_uuid = common.query_str(req, "node_uuid")
        if not addresses and not node_uuid:
            raise errors.InvalidParameterValue(
                "At least one of 'addresses' and 'node_uuid' parameters is required")
        try:
            node = self._find(addresses, node_uuid)
        except errors.NotFound:
            raise errors.NotFound() from None
        if node["provision_state"] not in _LOOKUP_STATES:
            raise errors.NotFound()
        conf = self.deps.conf.conductor
        set_json(resp, {
            "node": {
                "uuid": node["uuid"],
                "properties": node["properties"],
                "instance_info": masking.mask_instance_info(node["instance_info"]),
                "driver_internal_info": masking.mask_dict(node["driver_internal_info"]),
                "links": common.links(req.context.public_url, f"nodes/{node['uuid']}"),
            },
            "config": {"heartbeat_timeout": conf.heartbeat_timeout,
                       "agent_token_required": False},
        })
