"""What each provisioning action does, as a list of steps an operation record can hold.

A flow is a list of JSON steps of four kinds:

- ``phase``: one conductor action through a driver interface (``deploy.prepare``,
  ``boot.prepare_instance``, ``power.off``...), run by :data:`PHASES`;
- ``clean`` / ``deploy``: a driver's clean or deploy step (``interface.execute_step``);
- ``event``: a state machine event processed at that point (tear down becomes cleaning).

Any phase or step may answer a wait state (``wait call-back``, ``clean wait``, ``rescue
wait``, ``inspect wait``): the node then waits for its agent's heartbeat. Every step says
whether it is ``safe_to_repeat`` after a conductor died while running it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from baton import errors
from baton.db.models import utcnow
from baton.engine import states
from baton.engine.task_manager import Task
from baton.interfaces.types import PowerState

__all__ = ["FLOWS", "PHASES", "Flow", "event", "phase"]


@dataclass(frozen=True)
class Flow:
    """How an operation kind starts, ends and is told about."""

    kind: str
    #: Node history event type (Ironic's names).
    event_type: str
    #: Words for messages: "deploy", "cleaning", ...
    label: str
    #: The event that ends the flow.
    done_event: str = "done"
    #: The node states the flow runs in (to recognise a stale operation at takeover).
    states: tuple[str, ...] = ()


_CLEAN_STATES = (states.CLEANING, states.CLEANWAIT)
FLOWS: dict[str, Flow] = {f.kind: f for f in (
    Flow("verify", "verify", "verification", states=(states.VERIFYING,)),
    Flow("inspect", "introspection", "inspection",
         states=(states.INSPECTING, states.INSPECTWAIT)),
    Flow("provide", "cleaning", "cleaning", states=_CLEAN_STATES),
    Flow("clean", "cleaning", "cleaning", done_event="manage", states=_CLEAN_STATES),
    Flow("deploy", "provisioning", "deploy", states=(states.DEPLOYING, states.DEPLOYWAIT)),
    Flow("rebuild", "provisioning", "rebuild", states=(states.DEPLOYING, states.DEPLOYWAIT)),
    Flow("undeploy", "unprovision", "tear down",
         states=(states.DELETING,) + _CLEAN_STATES),
    Flow("rescue", "provisioning", "rescue", states=(states.RESCUING, states.RESCUEWAIT)),
    Flow("unrescue", "provisioning", "unrescue", states=(states.UNRESCUING,)),
    Flow("adopt", "adoption", "adoption", states=(states.ADOPTING,)),
)}


def phase(name: str, *, safe_to_repeat: bool = True) -> dict[str, Any]:
    """A conductor phase step, e.g. ``phase("deploy.prepare")``."""
    interface, step = name.split(".", 1)
    return {"kind": "phase", "interface": interface, "step": step, "args": {},
            "safe_to_repeat": safe_to_repeat}


def event(name: str) -> dict[str, Any]:
    """A state machine event step."""
    return {"kind": "event", "event": name, "safe_to_repeat": True}


# -- phases ----------------------------------------------------------------------------------

def _set_power(task: Task, target: str) -> None:
    power = task.driver.power
    if power.get_power_state(task.node_info) != target:
        power.set_power_state(task.node_info, target)
    task.update(power_state=target)


def _power_off(task: Task) -> None:
    _set_power(task, PowerState.OFF)


def _power_on(task: Task) -> None:
    _set_power(task, PowerState.ON)


def _reboot(task: Task) -> None:
    task.driver.power.reboot(task.node_info)
    task.update(power_state=PowerState.ON)


def _verify(task: Task) -> None:
    power = task.driver.power
    power.validate(task.node_info)
    task.driver.management.validate(task.node_info)
    task.update(power_state=power.get_power_state(task.node_info))


def _inspect(task: Task) -> str | None:
    task.update(inspection_started_at=utcnow(), inspection_finished_at=None)
    found: Any = task.driver.inspect.inspect_hardware(task.node_info)
    if isinstance(found, str) and found in states.WAIT_STATES:
        return found
    props = {**(task.node.get("properties") or {}), **dict(found or {})}
    task.update(properties=props, inspection_finished_at=utcnow())
    return None


def _rescue(task: Task) -> str | None:
    password = str((task.node.get("instance_info") or {}).get("rescue_password") or "")
    result: str | None = task.driver.rescue.rescue(task.node_info, rescue_password=password)
    return result


def _unrescue(task: Task) -> None:
    task.driver.rescue.unrescue(task.node_info)
    info = dict(task.node.get("instance_info") or {})
    info.pop("rescue_password", None)
    task.update(instance_info=info)


def _clear_instance(task: Task) -> None:
    """Ironic's end of tear down: forget the instance and the agent."""
    internal = {k: v for k, v in (task.node.get("driver_internal_info") or {}).items()
                if not k.startswith("agent_")}
    task.update(instance_info={}, instance_uuid=None, driver_internal_info=internal,
                deploy_step=None)


def _adopt(task: Task) -> None:
    task.driver.deploy.validate(task.node_info)
    task.driver.boot.prepare_instance(task.node_info)
    task.driver.deploy.take_over(task.node_info)


def _call(family: str, method: str, *args: Any) -> Callable[[Task], Any]:
    def run(task: Task) -> Any:
        return getattr(getattr(task.driver, family), method)(task.node_info, *args)
    return run


#: ``"interface.step"`` -> the phase, answering None or a wait state.
PHASES: dict[str, Callable[[Task], Any]] = {
    "power.off": _power_off,
    "power.on": _power_on,
    "power.reboot": _reboot,
    "power.verify": _verify,
    "boot.prepare_ramdisk": _call("boot", "prepare_ramdisk", {}),
    "boot.clean_up_ramdisk": _call("boot", "clean_up_ramdisk"),
    "boot.prepare_instance": _call("boot", "prepare_instance"),
    "boot.clean_up_instance": _call("boot", "clean_up_instance"),
    "deploy.prepare": _call("deploy", "prepare"),
    "deploy.clean_up": _call("deploy", "clean_up"),
    "deploy.tear_down": _call("deploy", "tear_down"),
    "deploy.take_over": _call("deploy", "take_over"),
    "inspect.inspect_hardware": _inspect,
    "rescue.rescue": _rescue,
    "rescue.unrescue": _unrescue,
    "node.clear_instance": _clear_instance,
    "node.adopt": _adopt,
}


def run_phase(task: Task, step: dict[str, Any]) -> str | None:
    name = f"{step['interface']}.{step['step']}"
    fn = PHASES.get(name)
    if fn is None:
        raise errors.BatonError(f"Unknown provisioning phase {name}")
    result = fn(task)
    return str(result) if isinstance(result, str) and result in states.WAIT_STATES else None


# -- step lists ------------------------------------------------------------------------------

def cleaning(clean_steps: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Boot the ramdisk, run the clean steps, clean up (nothing at all without steps)."""
    if not clean_steps:
        return []
    return ([phase("boot.prepare_ramdisk"), phase("power.reboot")] + list(clean_steps)
            + [phase("boot.clean_up_ramdisk"), phase("power.off")])


def deploying(deploy_steps: Sequence[dict[str, Any]], *, rebuild: bool) -> list[dict[str, Any]]:
    head = [phase("power.off"), phase("deploy.clean_up")] if rebuild else []
    return (head + [phase("deploy.prepare")] + list(deploy_steps)
            + [phase("boot.prepare_instance"), phase("power.on")])


def tearing_down(clean_steps: Sequence[dict[str, Any]], *,
                 rescued: bool) -> list[dict[str, Any]]:
    head = [phase("rescue.unrescue")] if rescued else []
    return (head + [phase("deploy.tear_down"), phase("boot.clean_up_instance"),
                    phase("deploy.clean_up"), phase("power.off"),
                    phase("node.clear_instance"), event("clean")]
            + cleaning(clean_steps))
