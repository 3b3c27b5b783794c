"""Resuming the provisioning a dead conductor left half done.

When a conductor stops heartbeating its operation leases expire; a live conductor that owns
the node on the hash ring claims them (:class:`baton.conductor.leases.LeaseKeeper`) and calls
:meth:`TakeoverMixin.resume_operation` for each. That:

1. moves the node's lock from the dead conductor to this one in one UPDATE;
2. re-reads the node's real power state through its power interface (and, for deploys,
   lets the deploy interface ``take_over``);
3. looks at where the node is: an operation whose node already left the flow's states is
   closed; a node waiting for its agent keeps waiting (the heartbeat will continue it);
4. otherwise resumes from ``last_completed_step + 1`` - unless the step that was running
   is not ``safe_to_repeat``: then the flow fails with a ``last_error`` saying why.

Each takeover is in node history (event type ``takeover``) and in the operation's
``owner_history`` and ``params["takeovers"]``.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from baton import errors
from baton.conductor import flows
from baton.conductor.base import ManagerBase
from baton.db.models import utcnow
from baton.engine import states
from baton.engine.task_manager import Task

__all__ = ["TakeoverMixin"]

LOG = logging.getLogger(__name__)


class TakeoverMixin(ManagerBase):
    """``resume_operation`` (called by the lease keeper, not over RPC)."""

    #: Operations on other targets than nodes: target type -> name of the manager method
    #: that resumes them (``method(op) -> bool``, as :meth:`resume_operation`).
    OPERATION_RESUMERS: ClassVar[dict[str, str]] = {
        "vnf_package": "resume_vnf_package_operation",
    }

    def resume_operation(self, op: dict[str, Any]) -> bool:
        """Resume or close an operation this conductor now owns.

        :returns: False when it must be retried later (node locked by a live conductor,
            no free worker); True when handled.
        """
        resumer = self.OPERATION_RESUMERS.get(op["target_type"])
        if resumer is not None:
            return bool(getattr(self, resumer)(op))
        if op["kind"] not in flows.FLOWS or op["target_type"] != "node":
            return True
        try:
            op = self.operations.get(op["uuid"])
        except errors.OperationNotFound:
            return True
        if (op["finished_at"] is not None or op["owner"] != self.host
                or self.runner.is_running(op["uuid"])):
            return True
        previous = (op.get("owner_history") or [None])[-1]
        try:
            node = self.nodes.take_over_lock(op["target_id"], self.host, previous)
        except errors.NodeNotFound:
            self.runner.finish(op, "failed", error=f"Node {op['target_id']} is gone")
            return True
        except errors.NodeLocked as exc:
            LOG.info("Cannot take over operation %s yet: %s", op["uuid"], exc)
            return False
        task = Task(self.tasks, node, shared=False, purpose=f"take over {op['kind']}")
        handed = False
        try:
            handed = self._resume(task, op, previous)
        except Exception:
            LOG.exception("Could not take over operation %s of node %s", op["uuid"], task.uuid)
            return False
        finally:
            if not handed:
                task.release()
        return True

    def _resume(self, task: Task, op: dict[str, Any], previous: str | None) -> bool:
        flow = flows.FLOWS[op["kind"]]
        index = int(op["last_completed_step"]) + 1
        self._reread(task, op)
        state = task.node["provision_state"]
        step = op["steps"][index] if index < len(op["steps"]) else None
        name = f"{step['interface']}.{step['step']}" if step and "step" in step else "-"
        self._record(task, op, previous, index, name, flow)
        if state not in flow.states:
            LOG.info("Node %s is %s: operation %s (%s) has nothing left to do", task.uuid,
                     state, op["uuid"], op["kind"])
            ok = state not in states.FAILURE_STATES and state != states.ERROR
            self.runner.finish(op, "succeeded" if ok else "failed",
                               error=None if ok else task.node.get("last_error"))
            return False
        if state in states.WAIT_STATES:
            if op["state"] != "waiting":
                self.operations.update(op["uuid"], {"state": "waiting"}, owner=self.host)
            return False
        if step is not None and not step.get("safe_to_repeat", True):
            self.runner.fail(task, op, (
                f"Conductor {previous} stopped while running step {name} of the "
                f"{flow.label} of node {task.uuid}; that step is not safe to repeat, so the "
                f"{flow.label} failed instead of resuming"))
            return False
        self.runner.claim(op["uuid"])
        try:
            self.pool.submit(self._run_taken_over, task, op["uuid"])
        except errors.NoFreeConductorWorker:
            self.runner.forget(op["uuid"])
            raise
        return True

    def _reread(self, task: Task, op: dict[str, Any]) -> None:
        """The node's real state, through its drivers (best effort)."""
        try:
            power = task.driver.power.get_power_state(task.node_info)
            if power != task.node.get("power_state"):
                task.update(power_state=power)
        except Exception as exc:
            LOG.warning("Could not read the power state of node %s at takeover: %s",
                        task.uuid, exc)
        if op["kind"] in ("deploy", "rebuild"):
            try:
                task.driver.deploy.take_over(task.node_info)
            except Exception as exc:
                LOG.warning("Deploy interface take_over failed for node %s: %s", task.uuid,
                            exc)

    def _record(self, task: Task, op: dict[str, Any], previous: str | None, index: int,
                name: str, flow: flows.Flow) -> None:
        takeovers = [*(op["params"].get("takeovers") or []),
                     {"from": previous, "to": self.host, "at": utcnow().isoformat(),
                      "resume_step": index, "node_state": task.node["provision_state"]}]
        op["params"] = {**op["params"], "takeovers": takeovers}
        self.operations.update(op["uuid"], {"params": op["params"]}, owner=self.host)
        message = (f"Conductor {self.host} took over the {flow.label} of node {task.uuid} "
                   f"(operation {op['uuid']}) from conductor {previous}, at step "
                   f"{index + 1} of {len(op['steps'])} ({name}), node "
                   f"{task.node['provision_state']}")
        task.record_history(message, event_type="takeover")
        LOG.warning(message)

    def _run_taken_over(self, task: Task, op_uuid: str) -> None:
        try:
            self.runner.run(task, op_uuid)
        finally:
            task.release()
