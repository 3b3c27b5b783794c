"""The arguments of ``PUT /v1/nodes/{id}/states/provision``, checked as Ironic checks them,
and the conductor call each verb becomes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.api import validation
from baton.engine import states
from baton.interfaces import BAREMETAL_FAMILIES
from baton.rpc.conductor_api import ConductorAPI

__all__ = ["check", "dispatch"]

_CONFIGDRIVE_KEYS = frozenset({"meta_data", "network_data", "user_data", "vendor_data"})


def _bad(message: str) -> errors.BatonError:
    return errors.Invalid(message=message)


def _check_configdrive(target: str, value: Any, mv: int) -> None:
    allowed = ["active"] + (["rebuild"] if mv >= 56 else [])
    if target not in allowed:
        raise _bad(f"Adding a config drive is only supported when setting provision state "
                   f"to {', '.join(allowed)}")
    if isinstance(value, Mapping):
        if mv < 56:
            raise _bad("Providing a JSON object for configdrive is only supported starting "
                       "with API version 1.56")
        unknown = sorted(set(value) - _CONFIGDRIVE_KEYS)
        if unknown:
            raise _bad(f"Invalid configdrive format: unexpected keys {', '.join(unknown)}")
        for key in ("meta_data", "network_data", "vendor_data"):
            if key in value and not isinstance(value[key], Mapping):
                raise _bad(f"Invalid configdrive format: {key} must be an object")
    elif not isinstance(value, str):
        raise _bad("Invalid configdrive format: expected a string or an object")


def _check_steps(kind: str, value: Any, *, priority: bool) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise errors.InvalidParameterValue(err=f"Invalid {kind}_steps: expected a list")
    required = {"interface", "step", "args"} | ({"priority"} if priority else set())
    allowed = required | {"priority"}
    for step in value:
        if not isinstance(step, Mapping):
            raise errors.InvalidParameterValue(err=f"Invalid {kind} step {step!r}: not an "
                                                   f"object")
        missing = sorted(k for k in required - set(step) if k != "args" or priority)
        extra = sorted(set(step) - allowed)
        if missing or extra:
            raise errors.InvalidParameterValue(
                err=f"Invalid {kind} step {dict(step)}: "
                    + (f"missing {', '.join(missing)}" if missing else
                       f"unexpected {', '.join(extra)}"))
        if step["interface"] not in BAREMETAL_FAMILIES:
            raise errors.InvalidParameterValue(
                err=f"Invalid {kind} step {dict(step)}: unknown interface "
                    f"{step['interface']!r}")
        if not isinstance(step["step"], str) or not step["step"]:
            raise errors.InvalidParameterValue(err=f"Invalid {kind} step {dict(step)}: "
                                                   f"'step' must be a non-empty string")
        if not isinstance(step.get("args", {}), Mapping):
            raise errors.InvalidParameterValue(err=f"Invalid {kind} step {dict(step)}: "
                                                   f"'args' must be an object")
    return [dict(s) for s in value]


def _check_abort(state: str, mv: int) -> None:
    if state == states.INSPECTWAIT and mv < 41:
        raise validation.not_acceptable()
    if state == states.DEPLOYWAIT and mv < 110:
        raise validation.not_acceptable()


def _check_clean(target: str, body: Mapping[str, Any], mv: int,
                 args: dict[str, Any]) -> None:
    if body.get("disable_ramdisk") is not None:
        if target != "clean":
            raise _bad("disable_ramdisk is supported only with manual cleaning or servicing")
        if mv < 70:
            raise validation.not_acceptable("disable_ramdisk is not acceptable in this API "
                                            "version")
        args["disable_ramdisk"] = validation.parse_bool("disable_ramdisk",
                                                        body["disable_ramdisk"])
    if body.get("clean_steps") and target != "clean":
        raise _bad('"clean_steps" is only valid when setting target provision state to clean')
    if target == "clean":
        if not body.get("clean_steps"):
            raise _bad('"clean_steps" is required when setting target provision state to '
                       'clean')
        args["clean_steps"] = _check_steps("clean", body["clean_steps"], priority=False)


def _check_deploy(target: str, body: Mapping[str, Any], mv: int,
                  args: dict[str, Any]) -> None:
    if body.get("configdrive") is not None:
        _check_configdrive(target, body["configdrive"], mv)
        args["configdrive"] = body["configdrive"]
    if body.get("deploy_steps"):
        if mv < 69:
            raise validation.not_acceptable("The minimal required API version should be 1.69")
        if target not in ("active", "rebuild"):
            raise _bad('"deploy_steps" is only valid when setting target provision state to '
                       'active or rebuild')
        args["deploy_steps"] = _check_steps("deploy", body["deploy_steps"], priority=True)


def _check_rescue(target: str, body: Mapping[str, Any], args: dict[str, Any]) -> None:
    if body.get("rescue_password") is not None and target != "rescue":
        raise _bad('"rescue_password" is only valid when setting target provision state to '
                   'rescue')
    if target == "rescue":
        password = body.get("rescue_password")
        if not (isinstance(password, str) and password.strip()):
            raise _bad('A non-empty "rescue_password" is required when setting target '
                       'provision state to rescue')
        args["rescue_password"] = password


def check(target: str, body: Mapping[str, Any], mv: int, state: str) -> dict[str, Any]:
    """Validate the arguments that go with ``target``; answer them for :func:`dispatch`."""
    args: dict[str, Any] = {}
    _check_deploy(target, body, mv, args)
    _check_clean(target, body, mv, args)
    _check_rescue(target, body, args)
    if target == "abort":
        _check_abort(state, mv)
    if body.get("service_steps") or body.get("runbook"):
        raise _bad('"service_steps" and "runbook" are only valid when setting target '
                   'provision state to service')
    return args


def dispatch(rpc: ConductorAPI, uuid: str, target: str, args: Mapping[str, Any],
             topic: str | None) -> None:
    """Send the verb to the conductor that owns the node."""
    if target in ("active", "deploy", "rebuild"):
        rpc.do_node_deploy(uuid, rebuild=target == "rebuild",
                           configdrive=args.get("configdrive"),
                           deploy_steps=args.get("deploy_steps"), topic=topic)
    elif target in ("deleted", "undeploy"):
        rpc.do_node_tear_down(uuid, topic=topic)
    elif target == "clean":
        rpc.do_node_clean(uuid, args["clean_steps"], args.get("disable_ramdisk"), topic=topic)
    elif target == "inspect":
        rpc.inspect_hardware(uuid, topic=topic)
    elif target == "rescue":
        rpc.do_node_rescue(uuid, args["rescue_password"], topic=topic)
    elif target == "unrescue":
        rpc.do_node_unrescue(uuid, topic=topic)
    else:
        rpc.do_provisioning_action(uuid, target, topic=topic)
