"""Clean and deploy steps: what the node's interfaces offer, in which order, with which args.

Automated cleaning runs every clean step of priority > 0, highest first (ties broken by
interface, as Ironic's ``CLEANING_INTERFACE_PRIORITY``). Manual cleaning runs exactly the
steps the user lists, in that order, after checking each exists and gets the arguments it
declares. Deploy steps are the interfaces' own, with user ``deploy_steps`` overriding the
priority (0 disables a step) and arguments of the step they name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from baton import errors
from baton.interfaces.types import NodeInfo, StepInfo

__all__ = ["STEP_FAMILIES", "automated_clean_steps", "deploy_steps", "driver_steps",
           "manual_clean_steps", "step_record"]

#: Families that may offer steps, in Ironic's tie-break order (first runs first).
STEP_FAMILIES = ("vendor", "power", "management", "deploy", "firmware", "bios", "raid",
                 "boot", "inspect", "rescue", "storage", "console", "network")
_FAMILY_RANK = {family: rank for rank, family in enumerate(STEP_FAMILIES)}


def step_record(step: StepInfo, kind: str, *, args: Mapping[str, Any] | None = None,
                priority: int | None = None) -> dict[str, Any]:
    """The JSON shape a step takes in an operation record and on the node."""
    return {
        "kind": kind,
        "interface": step.interface,
        "step": step.step,
        "args": dict(args or {}),
        "priority": step.priority if priority is None else priority,
        "abortable": step.abortable,
        "safe_to_repeat": step.safe_to_repeat,
    }


def driver_steps(driver: Any, node: NodeInfo, kind: str) -> list[StepInfo]:
    """Every ``kind`` (``clean``/``deploy``) step the node's interfaces offer."""
    found: list[StepInfo] = []
    for family in STEP_FAMILIES:
        iface = getattr(driver, family, None)
        if iface is None:
            continue
        getter = iface.get_clean_steps if kind == "clean" else iface.get_deploy_steps
        try:
            found.extend(getter(node))
        except errors.UnsupportedDriverExtension:
            continue
    return found


def _ordered(steps: Iterable[tuple[StepInfo, int, Mapping[str, Any]]],
             kind: str) -> list[dict[str, Any]]:
    chosen = [(s, prio, args) for s, prio, args in steps if prio > 0]
    chosen.sort(key=lambda t: (-t[1], _FAMILY_RANK.get(t[0].interface, 99), t[0].step))
    return [step_record(s, kind, args=args, priority=prio) for s, prio, args in chosen]


def automated_clean_steps(driver: Any, node: NodeInfo) -> list[dict[str, Any]]:
    """The steps automated cleaning runs: priority > 0, highest first."""
    return _ordered(((s, s.priority, {}) for s in driver_steps(driver, node, "clean")), "clean")


def _check_args(step: StepInfo, args: Mapping[str, Any], kind: str) -> None:
    name = f"{step.interface}.{step.step}"
    info = step.argsinfo or {}
    unknown = sorted(set(args) - set(info))
    if unknown:
        raise errors.InvalidParameterValue(
            err=f"{kind.capitalize()} step {name} got unexpected arguments: "
                f"{', '.join(unknown)}")
    missing = sorted(a for a, meta in info.items() if meta.get("required") and a not in args)
    if missing:
        raise errors.InvalidParameterValue(
            err=f"{kind.capitalize()} step {name} is missing required arguments: "
                f"{', '.join(missing)}")


def _find(offered: Sequence[StepInfo], interface: str, name: str, kind: str) -> StepInfo:
    for step in offered:
        if step.interface == interface and step.step == name:
            return step
    raise errors.InvalidParameterValue(
        err=f"No {kind} step named {interface}.{name} is offered by the node's interfaces")


def _user_step(user: Any, kind: str) -> tuple[str, str, dict[str, Any]]:
    if not isinstance(user, Mapping):
        raise errors.InvalidParameterValue(err=f"Each {kind} step must be an object")
    interface, name, args = user.get("interface"), user.get("step"), user.get("args") or {}
    if not isinstance(interface, str) or not isinstance(name, str):
        raise errors.InvalidParameterValue(
            err=f"Each {kind} step needs an 'interface' and a 'step' (strings)")
    if not isinstance(args, Mapping):
        raise errors.InvalidParameterValue(err=f"The args of {kind} step {name} must be an "
                                               f"object")
    return interface, name, dict(args)


def manual_clean_steps(driver: Any, node: NodeInfo,
                       requested: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Check the user's clean steps against the offered ones; answer them as records."""
    if not requested:
        raise errors.InvalidParameterValue(err="Manual cleaning needs at least one step")
    offered = driver_steps(driver, node, "clean")
    records = []
    for user in requested:
        interface, name, args = _user_step(user, "clean")
        step = _find(offered, interface, name, "clean")
        _check_args(step, args, "clean")
        records.append(step_record(step, "clean", args=args))
    return records


def deploy_steps(driver: Any, node: NodeInfo,
                 requested: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The deploy steps to run: the interfaces' own, overridden by the user's."""
    offered = driver_steps(driver, node, "deploy")
    chosen: dict[tuple[str, str], tuple[StepInfo, int, Mapping[str, Any]]] = {
        (s.interface, s.step): (s, s.priority, {}) for s in offered}
    for user in requested or ():
        interface, name, args = _user_step(user, "deploy")
        step = _find(offered, interface, name, "deploy")
        priority = user.get("priority", step.priority)
        if not isinstance(priority, int) or isinstance(priority, bool) or priority < 0:
            raise errors.InvalidParameterValue(
                err=f"Deploy step {interface}.{name} needs a non-negative integer priority")
        _check_args(step, args, "deploy")
        chosen[(interface, name)] = (step, priority, args)
    return _ordered(chosen.values(), "deploy")
