"""``/v1/nodes/{id}/states``: show, power, provision, raid and console."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import masking, validation
from baton.api.errors import reraise_with_status
from baton.api.media import set_empty, set_json
from baton.api.v1 import common, provision_args
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import get_node
from baton.engine import states
from baton.interfaces.types import PowerState

__all__ = ["NodeConsole", "NodePower", "NodeProvision", "NodeRaid", "NodeStates"]

_SOFT = frozenset({PowerState.SOFT_REBOOT, PowerState.SOFT_POWER_OFF})
_CLEANING = frozenset({"cleaning", "clean wait"})
_PROVISION_VERBS = frozenset(states.VERBS)
_VERB_MINOR = {"manage": 4, "provide": 4, "inspect": 6, "abort": 13, "clean": 15,
               "adopt": 17, "rescue": 38, "unrescue": 38, "deploy": 73, "undeploy": 73,
               "service": 87, "unhold": 85}
_PROVISION_KEYS = frozenset({"target", "configdrive", "clean_steps", "deploy_steps",
                             "rescue_password", "disable_ramdisk", "service_steps",
                             "runbook"})

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
    """``PUT /v1/nodes/{id}/states/provision``: every verb of Ironic's state machine.

    As Ironic: the verb must be actionable from the node's state (else 400 naming the
    state, or 409 when the node is locked by work in progress); arguments only go with
    their verb; the conductor owning the node does the rest in the background (202).
    """

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        body = common.body_object(req)
        validation.check_keys(body, _PROVISION_KEYS)
        target = body.get("target")
        if not isinstance(target, str):
            raise errors.InvalidParameterValue(f"Expected string for target: {target}")
        node = get_node(req, self.deps, node_ident)
        mv = common.minor(req)
        if target in _VERB_MINOR and mv < _VERB_MINOR[target]:
            raise validation.not_acceptable()
        if target not in _PROVISION_VERBS:
            raise errors.InvalidStateRequested(
                message=f'The requested action "{target}" could not be understood.')
        if target in ("active", "rebuild") and node["maintenance"]:
            raise errors.NodeInMaintenance(op="provisioning", node=node["uuid"])
        if not states.is_actionable(node["provision_state"], target):
            if node["reservation"]:
                raise errors.NodeLocked(node=node["uuid"], host=node["reservation"])
            raise errors.InvalidStateRequested(action=target, node=node["uuid"],
                                               state=node["provision_state"])
        args = provision_args.check(target, body, mv, node["provision_state"])
        provision_args.dispatch(self.deps.rpc, node["uuid"], target, args,
                                self.deps.topic(node))
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
