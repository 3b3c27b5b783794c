"""Provisioning requests: deploy, rebuild, tear down, clean, inspect, rescue, adopt, abort.

Each request, under the node's exclusive lock, validates what it can without touching
hardware, moves the node along the state machine (``target_provision_state`` set, old
``last_error`` cleared), records an ``operations`` entry with the steps to run, and hands
the lock to a worker that runs them (:mod:`baton.conductor.runner`). It returns at once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from baton import errors
from baton.conductor import flows, steps
from baton.conductor.base import ManagerBase
from baton.conductor.runner import move
from baton.engine import states
from baton.engine.task_manager import Task

__all__ = ["ProvisionMixin", "skip_automated_cleaning"]

LOG = logging.getLogger(__name__)


def skip_automated_cleaning(conf: Any, node: Mapping[str, Any]) -> bool:
    """Ironic's rule: the node's ``automated_clean`` wins when set, else the option."""
    if node.get("automated_clean"):
        return False
    if node.get("automated_clean") is None:
        return not conf.conductor.automated_clean
    return True


def _refuse(task: Task, action: str) -> errors.BatonError:
    return errors.InvalidStateRequested(action=action, node=task.uuid,
                                        state=task.node["provision_state"])


def _check_maintenance(task: Task, op: str) -> None:
    if task.node.get("maintenance"):
        raise errors.NodeInMaintenance(op=op, node=task.uuid)


class ProvisionMixin(ManagerBase):
    """The provisioning RPC methods."""

    # -- common ----------------------------------------------------------------------------
    def _spawn_failed(self, exc: BaseException, task: Task, op: dict[str, Any],
                      old: tuple[str, str | None]) -> None:
        """No worker took the flow: put the node back and end the operation (Ironic)."""
        self.runner.forget(op["uuid"])
        message = "No free conductor workers available"
        task.update(provision_state=old[0], target_provision_state=old[1])
        task.record_history(message, event_type=flows.FLOWS[op["kind"]].event_type,
                            error=True)
        self.runner.finish(op, "failed", error=message)

    def _start(self, task: Task, kind: str, event: str, todo: list[dict[str, Any]], *,
               target_state: str | None = None, **values: Any) -> None:
        node = task.node
        if not states.is_actionable(node["provision_state"], event):
            raise _refuse(task, event)
        old = (node["provision_state"], node.get("target_provision_state"))
        self._supersede(task, event)
        move(task, event, target_state=target_state, last_error=None, **values)
        op = self.runner.create(kind, task.uuid, todo, target_state=target_state)
        task.set_spawn_error_hook(self._spawn_failed, task, op, old)
        task.spawn_after(self.pool, self.runner.run, task, op["uuid"])
        LOG.info("Started %s of node %s (operation %s, %d steps)", kind, task.uuid,
                 op["uuid"], len(todo))

    def _automated_steps(self, task: Task) -> list[dict[str, Any]]:
        """The automated clean steps (none when automated cleaning is off for the node)."""
        if skip_automated_cleaning(self.conf, task.node):
            LOG.info("Automated cleaning is disabled for node %s", task.uuid)
            return []
        task.driver.power.validate(task.node_info)
        return steps.automated_clean_steps(task.driver, task.node_info)

    # -- deploy, rebuild, tear down --------------------------------------------------------
    def do_node_deploy(self, node_id: str, rebuild: bool = False,
                       configdrive: Any = None,
                       deploy_steps: Sequence[Mapping[str, Any]] | None = None) -> None:
        """Deploy (or rebuild) the node: ``available``/``deploy failed`` -> ``active``."""
        with self.tasks.acquire(node_id, purpose="node deployment") as task:
            _check_maintenance(task, "provisioning")
            state = task.node["provision_state"]
            event = "rebuild" if rebuild else "deploy"
            if rebuild and task.node.get("protected"):
                raise errors.NodeProtected(node=task.uuid)
            if not states.is_actionable(state, event):
                raise _refuse(task, "rebuild" if rebuild else "active")
            for family in ("power", "boot", "deploy"):
                getattr(task.driver, family).validate(task.node_info)
            todo = flows.deploying(
                steps.deploy_steps(task.driver, task.node_info, deploy_steps),
                rebuild=rebuild or state == states.DEPLOYFAIL)
            info = dict(task.node.get("instance_info") or {})
            if configdrive is not None:
                info["configdrive"] = configdrive
            self._start(task, "rebuild" if rebuild else "deploy", event, todo,
                        instance_info=info)

    def do_node_tear_down(self, node_id: str) -> None:
        """Undeploy: tear down, then automated cleaning, ending ``available``."""
        with self.tasks.acquire(node_id, purpose="node tear down") as task:
            if task.node.get("protected"):
                raise errors.NodeProtected(node=task.uuid)
            if not states.is_actionable(task.node["provision_state"], "delete"):
                raise _refuse(task, "deleted")
            task.driver.power.validate(task.node_info)
            task.driver.deploy.validate(task.node_info)
            rescued = task.node["provision_state"] in (states.RESCUE, states.RESCUEWAIT,
                                                       states.RESCUEFAIL, states.UNRESCUEFAIL)
            todo = flows.tearing_down(self._automated_steps(task), rescued=rescued)
            self._start(task, "undeploy", "delete", todo)

    # -- cleaning, inspection --------------------------------------------------------------
    def do_node_clean(self, node_id: str, clean_steps: Sequence[Mapping[str, Any]],
                      disable_ramdisk: bool | None = None) -> None:
        """Manual cleaning: ``manageable`` -> run ``clean_steps`` -> ``manageable``."""
        with self.tasks.acquire(node_id, purpose="node manual cleaning") as task:
            _check_maintenance(task, "cleaning")
            if not states.is_actionable(task.node["provision_state"], "clean"):
                raise _refuse(task, "clean")
            task.driver.power.validate(task.node_info)
            chosen = steps.manual_clean_steps(task.driver, task.node_info, clean_steps)
            todo = list(chosen) if disable_ramdisk else flows.cleaning(chosen)
            self._start(task, "clean", "clean", todo, target_state=states.MANAGEABLE)

    def inspect_hardware(self, node_id: str) -> None:
        """Inspection: ``manageable``/``inspect failed`` -> ``inspecting`` -> ``manageable``."""
        with self.tasks.acquire(node_id, purpose="hardware inspection") as task:
            if not states.is_actionable(task.node["provision_state"], "inspect"):
                raise _refuse(task, "inspect")
            task.driver.power.validate(task.node_info)
            task.driver.inspect.validate(task.node_info)
            self._start(task, "inspect", "inspect", [flows.phase("inspect.inspect_hardware")])

    # -- rescue ----------------------------------------------------------------------------
    def do_node_rescue(self, node_id: str, rescue_password: str) -> None:
        """Boot the rescue ramdisk with ``rescue_password``: -> ``rescue``."""
        if not (isinstance(rescue_password, str) and rescue_password.strip()):
            raise errors.InvalidParameterValue(
                err='A non-empty "rescue_password" is required to rescue a node')
        with self.tasks.acquire(node_id, purpose="node rescue") as task:
            _check_maintenance(task, "rescue")
            if not states.is_actionable(task.node["provision_state"], "rescue"):
                raise _refuse(task, "rescue")
            task.driver.power.validate(task.node_info)
            task.driver.rescue.validate(task.node_info)
            info = {**(task.node.get("instance_info") or {}),
                    "rescue_password": rescue_password}
            self._start(task, "rescue", "rescue", [flows.phase("rescue.rescue")],
                        instance_info=info)

    def do_node_unrescue(self, node_id: str) -> None:
        """Leave rescue: -> ``active``."""
        with self.tasks.acquire(node_id, purpose="node unrescue") as task:
            if not states.is_actionable(task.node["provision_state"], "unrescue"):
                raise _refuse(task, "unrescue")
            task.driver.power.validate(task.node_info)
            task.driver.rescue.validate(task.node_info)
            self._start(task, "unrescue", "unrescue", [flows.phase("rescue.unrescue")])

    # -- manage, provide, adopt, abort -----------------------------------------------------
    def do_provisioning_action(self, node_id: str, action: str) -> None:
        """``manage``, ``provide``, ``adopt`` or ``abort`` (Ironic's catch-all RPC)."""
        with self.tasks.acquire(node_id, purpose=f"provision action {action}") as task:
            state = task.node["provision_state"]
            if action == "manage" and state == states.ENROLL:
                task.driver.power.validate(task.node_info)
                self._start(task, "verify", "manage", [flows.phase("power.verify")])
            elif action == "provide" and state == states.MANAGEABLE:
                self._start(task, "provide", "provide",
                            flows.cleaning(self._automated_steps(task)))
            elif action == "adopt" and states.is_actionable(state, "adopt"):
                for family in ("power", "boot", "deploy"):
                    getattr(task.driver, family).validate(task.node_info)
                self._start(task, "adopt", "adopt", [flows.phase("node.adopt")])
            elif action == "abort":
                self._abort(task)
            elif action in ("manage", "provide", "adopt") and states.is_actionable(state,
                                                                                   action):
                self._settle(task, action)
            else:
                raise _refuse(task, action)

    def _supersede(self, task: Task, event: str) -> None:
        """End the node's unfinished operation (e.g. a wait) that ``event`` replaces."""
        op = self.runner.current(task.uuid)
        if op is not None and not self.runner.is_running(op["uuid"]):
            self.operations.finish(op["uuid"], "failed", error=(
                f"Superseded by '{event}' in {task.node['provision_state']}"))

    def _settle(self, task: Task, event: str) -> None:
        """A transition with no work (e.g. ``available`` -> ``manageable``)."""
        self._supersede(task, event)
        move(task, event, clean_step=None, deploy_step=None)

    def _abort(self, task: Task) -> None:
        state = task.node["provision_state"]
        op = self.runner.current(task.uuid)
        if state in (states.CLEANWAIT, states.CLEANHOLD):
            step = task.node.get("clean_step") or {}
            if step and not step.get("abortable"):
                LOG.info("Clean step %s of node %s is not abortable: cleaning stops after it",
                         step.get("step"), task.uuid)
                task.update(clean_step={**step, "abort_after": True})
                return
            where = f" during step {step['interface']}.{step['step']}" if step else ""
            message = f"By request, the clean operation was aborted{where}"
        elif state in (states.DEPLOYWAIT, states.DEPLOYHOLD):
            message = "By request, the deploy operation was aborted"
        elif state == states.INSPECTWAIT:
            message = "By request, the inspection was aborted"
        elif state == states.RESCUEWAIT:
            message = "By request, the rescue operation was aborted"
        elif state == states.SERVICEFAIL:
            self._settle(task, "abort")
            return
        elif states.is_actionable(state, "abort"):
            message = f"By request, the operation in {state} was aborted"
        else:
            raise _refuse(task, "abort")
        if op is not None:
            self.runner.adopt(op)
        self.runner.fail(task, op, message, event="abort", maintenance=False)
