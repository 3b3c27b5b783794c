"""``/v1/nodes/{id}/states``: show, power, provision, raid and console."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import masking, validation
from baton.api.errors import reraise_with_status
from baton.api.media import set_empty, set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import get_node
from baton.interfaces.types import PowerState

__all__ = ["NodeConsole", "NodePower", "NodeProvision", "NodeRaid", "NodeStates"]

_SOFT = frozenset({PowerState.SOFT_REBOOT, PowerState.SOFT_POWER_OFF})
_CLEANING = frozenset({"cleaning", "clean wait"})
_PROVISION_VERBS = frozenset({
    "active", "deleted", "rebuild", "inspect", "manage", "provide", "clean", "abort",
    "adopt", "rescue", "unrescue", "deploy", "undeploy", "service", "unhold",
})
_VERB_MINOR = {"manage": 4, "provide": 4, "inspect": 6, "abort": 13, "clean": 15,
               "adopt": 17, "rescue": 38, "unrescue": 38, "deploy": 73, "undeploy": 73,
               "service": 87, "unhold": 85}
# Verbs the conductor runs today, with the state each one starts from.
_ROUTED_VERBS = {"manage": ("enroll",), "provide": ("manageable",)}


def _states(node: dict[str, Any], mv: int) -> dict[str, Any]:
    state = node["provision_state"]
    if mv < 2 and state == "available":
        state = None
    out: dict[str, Any] = {
        "console_enabled": node["console_enabled"],
        "last_error": masking.mask_text(node["last_error"]),
        "power_state": node["power_state"],
        "provision_state": state,
        "provision_updated_at": node["provision_updated_at"],
        "target_power_state": node["target_power_state"],
        "target_provision_state": node["target_provision_state"],
    }
    if mv >= 12:
        out["raid_config"] = node["raid_config"] or {}
        out["target_raid_config"] = node["target_raid_config"] or {}
    if mv >= 75:
        out["boot_mode"] = node["boot_mode"]
        out["secure_boot"] = node["secure_boot"]
    return out


def _states_location(req: falcon.Request, ident: str, tail: str = "states") -> str:
    return f"{req.context.public_url}/v1/nodes/{ident}/{tail}"


class NodeStates:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        node = get_node(req, self.deps, node_ident)
        set_json(resp, _states(node, common.minor(req)))


class NodePower:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        body = common.body_object(req)
        validation.check_keys(body, frozenset({"target", "timeout"}))
        target = body.get("target")
        if not isinstance(target, str):
            raise errors.InvalidParameterValue(f"Expected string for target: {target}")
        timeout = validation.as_int("timeout", body.get("timeout"))
        node = get_node(req, self.deps, node_ident)
        if (target in _SOFT or timeout is not None) and common.minor(req) < 27:
            raise validation.not_acceptable()
        if timeout is not None and timeout < 1:
            raise errors.Invalid("timeout has to be positive integer")
        if target not in PowerState.REQUESTABLE:
            raise errors.InvalidStateRequested(action=target, node=node_ident,
                                               state=node["power_state"])
        if node["provision_state"] in _CLEANING:
            raise errors.InvalidStateRequested(action=target, node=node_ident,
                                               state=node["provision_state"])
        self.deps.rpc.change_node_power_state(node["uuid"], target, timeout=timeout,
                                              topic=self.deps.topic(node))
        resp.location = _states_location(req, node_ident)
        set_empty(resp, falcon.HTTP_202)


class NodeProvision:
    """Provision verbs: only ``manage`` and ``provide`` run for now (when the conductor
    offers ``do_provisioning_action``); every other verb answers 400 naming the state."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        body = common.body_object(req)
        target = body.get("target")
        if not isinstance(target, str):
            raise errors.InvalidParameterValue(f"Expected string for target: {target}")
        node = get_node(req, self.deps, node_ident)
        state = node["provision_state"]
        if target in _VERB_MINOR and common.minor(req) < _VERB_MINOR[target]:
            raise validation.not_acceptable()
        action = getattr(self.deps.rpc, "do_provisioning_action", None)
        allowed_from = _ROUTED_VERBS.get(target)
        if action is None or allowed_from is None or state not in allowed_from:
            raise errors.InvalidStateRequested(action=target, node=node_ident, state=state)
        validation.check_keys(body, frozenset({"target"}))
        action(node["uuid"], target)
        resp.location = _states_location(req, node_ident)
        set_empty(resp, falcon.HTTP_202)


class NodeRaid:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        body = common.body_object(req)
        node = get_node(req, self.deps, node_ident)
        if common.minor(req) < 12:
            raise validation.not_acceptable()
        try:
            self.deps.rpc.set_target_raid_config(node["uuid"], body, topic=self.deps.topic(node))
        except errors.UnsupportedDriverExtension as exc:
            reraise_with_status(exc, 404)
        resp.status = falcon.HTTP_204


class NodeConsole:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        node = get_node(req, self.deps, node_ident)
        if not node["console_enabled"]:
            set_json(resp, {"console_enabled": False, "console_info": None})
            return
        info = self.deps.rpc.get_console_information(node["uuid"], topic=self.deps.topic(node))
        set_json(resp, {"console_enabled": True, "console_info": info})

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        body = common.body_object(req)
        validation.check_keys(body, frozenset({"enabled"}))
        if "enabled" not in body:
            raise errors.MissingParameterValue("Missing argument: \"enabled\"")
        enabled = validation.parse_bool("enabled", body["enabled"])
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.set_console_mode(node["uuid"], enabled, topic=self.deps.topic(node))
        resp.location = _states_location(req, node_ident, "states/console")
        set_empty(resp, falcon.HTTP_202)
