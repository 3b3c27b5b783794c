"""Power flows: ``change_node_power_state`` and the background power action.

As in Ironic, the request validates synchronously (power interface, supported target), sets
``target_power_state`` and clears ``last_error``, then hands the node's lock to a worker and
returns at once. The worker skips the change when the hardware is already there, otherwise
acts; it ends by recording ``power_state`` (or the failure in ``last_error`` and node
history), clearing ``target_power_state`` and releasing the lock in the same write.
"""

from __future__ import annotations

import logging
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase, States
from baton.engine.task_manager import Task
from baton.interfaces.types import PowerState

__all__ = ["PowerMixin", "node_power_action", "target_state_of"]

LOG = logging.getLogger(__name__)

_ENDS_ON = frozenset({PowerState.ON, PowerState.REBOOT, PowerState.SOFT_REBOOT})
_SKIPPABLE = frozenset({PowerState.ON, PowerState.OFF, PowerState.SOFT_POWER_OFF})


def target_state_of(new_state: str) -> str:
    """The stable state a power request ends in (``rebooting`` ends ``power on``)."""
    return PowerState.ON if new_state in _ENDS_ON else PowerState.OFF


def _finish(task: Task, release: bool, **values: Any) -> None:
    """Write the final node values; with ``release`` the lock goes in the same UPDATE."""
    if release:
        task.update(reservation=None, **values)
        task.released = True
    else:
        task.update(**values)


def node_power_action(task: Task, new_state: str, *, timeout: int | None = None,
                      release: bool = False) -> None:
    """Move the node to ``new_state`` through its power interface (Ironic's semantics).

    Expects ``target_power_state`` already set. On failure ``last_error`` and node history
    say why, ``target_power_state`` is cleared and the error is raised. With ``release`` the
    last write also releases the node's lock (the end of background work).
    """
    target = target_state_of(new_state)
    power = task.driver.power
    node = task.node_info
    if new_state in _SKIPPABLE:
        try:
            current = power.get_power_state(node)
        except Exception as exc:
            _fail(task, f"Failed to change power state to '{new_state}': {exc}", release,
                  unknown=isinstance(exc, errors.DriverOperationError))
            raise
        if current == target:
            LOG.debug("Not changing the power state of node %s: it already is %s",
                      task.uuid, current)
            _finish(task, release, power_state=current, target_power_state=None,
                    last_error=None)
            return
    try:
        if target == PowerState.ON and node.provision_state == States.ACTIVE:
            task.driver.storage.attach_volumes(node)
        if new_state == PowerState.REBOOT:
            power.reboot(node, timeout=timeout)
        else:
            power.set_power_state(node, new_state, timeout=timeout)
    except Exception as exc:
        _fail(task, f"Failed to change power state to '{target}' by '{new_state}': {exc}",
              release, unknown=isinstance(exc, errors.DriverOperationError))
        raise
    _finish(task, release, power_state=target, target_power_state=None)
    LOG.info("Successfully set node %s power state to %s by %s.", task.uuid, target,
             new_state)
    if target == PowerState.OFF and node.provision_state == States.ACTIVE:
        try:
            task.driver.storage.detach_volumes(node)
        except Exception as exc:
            LOG.warning("Volume detachment for node %s failed: %s", task.uuid, exc)


def _fail(task: Task, message: str, release: bool, *, unknown: bool = False) -> None:
    """Record the failure; with ``unknown`` (the BMC could not be reached or did not end
    where asked) the recorded power state becomes None rather than stay possibly wrong."""
    LOG.error("Node %s: %s", task.uuid, message)
    try:
        task.record_history(message, event_type=States.EVENT_POWER, error=True)
    except Exception:
        LOG.exception("Could not record the power failure of node %s", task.uuid)
    values: dict[str, Any] = {"target_power_state": None, "last_error": message}
    if unknown:
        values["power_state"] = None
    _finish(task, release, **values)


def _spawn_error(exc: BaseException, task: Task, old_power_state: str | None) -> None:
    """No worker took the power action: undo ``target_power_state`` (Ironic's hook)."""
    if not isinstance(exc, errors.NoFreeConductorWorker):
        return
    message = "No free conductor workers available"
    task.update(power_state=old_power_state, target_power_state=None, last_error=message)
    task.record_history(message, event_type=States.EVENT_CONDUCTOR, error=True)
    LOG.warning("No free conductor workers to change the power state of node %s; its "
                "power state stays %s.", task.uuid, old_power_state)


def _power_in_background(task: Task, new_state: str, timeout: int | None) -> None:
    try:
        node_power_action(task, new_state, timeout=timeout, release=True)
    except Exception:
        pass  # recorded in last_error and node history by node_power_action


class PowerMixin(ManagerBase):
    """``change_node_power_state``."""

    def change_node_power_state(self, node_id: str, target: str,
                                timeout: int | None = None) -> None:
        """Validate, set ``target_power_state``, and change the power in the background.

        :raises InvalidParameterValue: the power interface refuses the node or ``target``.
        :raises NodeLocked: the node stayed locked within the retry budget.
        :raises NoFreeConductorWorker: no worker can take the action.
        """
        if timeout is not None and (not isinstance(timeout, int) or timeout <= 0):
            raise errors.InvalidParameterValue(
                err=f"timeout must be a positive integer, got {timeout!r}")
        with self.tasks.acquire(node_id, purpose="changing node power state") as task:
            power = task.driver.power
            power.validate(task.node_info)
            if target not in power.get_supported_power_states(task.node_info):
                raise errors.InvalidParameterValue(
                    err=f"The driver {task.node['driver']} does not support the power "
                        f"state, {target}")
            old_power_state = task.node.get("power_state")
            task.update(target_power_state=target_state_of(target), last_error=None)
            task.set_spawn_error_hook(_spawn_error, task, old_power_state)
            task.spawn_after(self.pool, _power_in_background, task, target, timeout)
