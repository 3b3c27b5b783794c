"""Run a provisioning operation's steps under the node's lock, durably.

Every provisioning action is an ``operations`` record holding its steps. The runner executes
them from ``last_completed_step + 1``, recording each one completed, so that a conductor
that takes the operation over resumes where the dead one stopped. While a driver step runs,
the node shows it in ``clean_step``/``deploy_step``. A step answering a wait state puts the
node in that state and ends the run (the lock is released); the agent's heartbeat resumes
it. The flow ends with its done event, or with the ``fail`` event, ``last_error`` and a
node history entry saying why.

Every write to the operation checks this conductor still owns it: one that lost its lease
stops without touching the node again.
"""

from __future__ import annotations

import datetime
import logging
import threading
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.conductor import flows
from baton.db.models import utcnow
from baton.db.repositories import OperationRepository
from baton.engine import states
from baton.engine.task_manager import Task

__all__ = ["OperationRunner", "StepFailed", "move"]

LOG = logging.getLogger(__name__)

#: A step in these fields shows on the node while it runs.
_STEP_FIELD = {"clean": "clean_step", "deploy": "deploy_step"}
#: Clean failures put the node in maintenance with this fault (Ironic's).
CLEAN_FAILURE = "clean failure"


class StepFailed(Exception):
    """A step raised; carries the message for ``last_error``."""


class LostOwnership(Exception):
    """Another conductor took the operation over: stop quietly."""


def move(task: Task, event: str, *, target_state: str | None = None,
         **values: Any) -> dict[str, Any]:
    """Process ``event`` on the node's state machine and save it with ``values``."""
    node = task.node
    new, target = states.advance(node["provision_state"], node.get("target_provision_state"),
                                 event, target_state=target_state, node=task.uuid)
    return task.update(provision_state=new, target_provision_state=target, **values)


def _public_step(step: dict[str, Any]) -> dict[str, Any]:
    """The step as ``GET /v1/nodes/{id}`` shows it (Ironic's keys)."""
    shown: dict[str, Any] = {k: step[k] for k in ("interface", "step", "args", "priority")
                             if k in step}
    if step["kind"] == "clean":
        shown["abortable"] = bool(step.get("abortable"))
    return shown


def _unlock(task: Task) -> dict[str, Any]:
    """Release the node's lock in the flow's last write (so that a node seen in a stable,
    failed or wait state is never still locked by the flow that put it there)."""
    if task.shared or task.released:
        return {}
    task.released = True
    return {"reservation": None}


class OperationRunner:
    """Runs operations for conductor ``host``; knows which ones run in this process."""

    def __init__(self, conf: cfg.ConfigOpts, operations: OperationRepository,
                 host: str) -> None:
        self.conf = conf
        self.operations = operations
        self.host = host
        self._running: set[str] = set()
        self._lock = threading.Lock()

    # -- bookkeeping -----------------------------------------------------------------------
    def is_running(self, op_uuid: str) -> bool:
        with self._lock:
            return op_uuid in self._running

    def claim(self, op_uuid: str) -> None:
        """Count the operation as running here (until :meth:`run` ends or :meth:`forget`)."""
        with self._lock:
            self._running.add(op_uuid)

    def forget(self, op_uuid: str) -> None:
        with self._lock:
            self._running.discard(op_uuid)

    def create(self, kind: str, node_uuid: str, steps: list[dict[str, Any]],
               **params: Any) -> dict[str, Any]:
        """A new operation owned (and leased) by this conductor, counted as running here."""
        op = self.operations.create(
            kind, "node", node_uuid, steps=steps, params=params, owner=self.host,
            lease_seconds=self.conf.conductor.operation_lease_duration, state="running")
        self.claim(op["uuid"])
        return op

    def current(self, node_uuid: str) -> dict[str, Any] | None:
        """The node's unfinished provisioning operation, if any (the newest)."""
        found = [op for op in self.operations.list_for_target("node", node_uuid)
                 if op["finished_at"] is None and op["kind"] in flows.FLOWS]
        return found[-1] if found else None

    def _owned(self, op_uuid: str, values: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.operations.update(op_uuid, values, owner=self.host)
        except errors.Conflict as exc:
            raise LostOwnership(str(exc)) from exc

    def adopt(self, op: dict[str, Any]) -> dict[str, Any]:
        """Make this conductor the operation's owner (it now serves the node)."""
        if op["owner"] == self.host:
            return op
        history = [*(op.get("owner_history") or []), op["owner"]]
        lease = utcnow() + datetime.timedelta(
            seconds=self.conf.conductor.operation_lease_duration)
        LOG.info("Conductor %s adopts operation %s of node %s from %s", self.host, op["uuid"],
                 op["target_id"], op["owner"])
        return self.operations.update(op["uuid"], {
            "owner": self.host, "owner_history": history, "lease_expires_at": lease})

    def finish(self, op: dict[str, Any], state: str, *, error: str | None = None) -> None:
        try:
            self.operations.finish(op["uuid"], state, error=error, owner=self.host)
        except errors.Conflict:
            LOG.warning("Operation %s is no longer owned by %s; not finishing it", op["uuid"],
                        self.host)

    # -- running ---------------------------------------------------------------------------
    def run(self, task: Task, op_uuid: str) -> None:
        """Run the operation's remaining steps (in a worker, holding the node's lock)."""
        self.claim(op_uuid)
        try:
            op = self.operations.get(op_uuid)
            self._run_steps(task, op)
        except LostOwnership as exc:
            LOG.warning("Stopped operation %s on node %s: %s", op_uuid, task.uuid, exc)
        except Exception as exc:
            LOG.exception("Operation %s on node %s broke", op_uuid, task.uuid)
            try:
                self.fail(task, self.operations.get(op_uuid),
                          f"Unexpected error while provisioning node {task.uuid}: {exc}")
            except Exception:
                LOG.exception("Could not record the failure of operation %s", op_uuid)
        finally:
            self.forget(op_uuid)

    def _run_steps(self, task: Task, op: dict[str, Any]) -> None:
        flow = flows.FLOWS[op["kind"]]
        steps: list[dict[str, Any]] = op["steps"]
        index = int(op["last_completed_step"]) + 1
        if op["state"] != "running":
            op = self._owned(op["uuid"], {"state": "running"})
        while index < len(steps):
            step = steps[index]
            try:
                result = self._execute(task, op, step)
            except StepFailed as exc:
                self.fail(task, op, str(exc))
                return
            if result is not None:
                self._wait(task, op, step, result)
                return
            self._owned(op["uuid"], {"last_completed_step": index})
            index += 1
        self.succeed(task, op, flow)

    def _execute(self, task: Task, op: dict[str, Any], step: dict[str, Any]) -> str | None:
        kind = step["kind"]
        if kind == "event":
            if states.is_actionable(task.node["provision_state"], step["event"]):
                move(task, step["event"], target_state=op["params"].get("target_state"))
            return None
        field = _STEP_FIELD.get(kind)
        if field is not None:
            task.update(**{field: _public_step(step)})
        result: str | None
        try:
            if kind == "phase":
                result = flows.run_phase(task, step)
            else:
                iface = getattr(task.driver, step["interface"])
                out = iface.execute_step(task.node_info, step["step"], step.get("args") or {})
                result = str(out) if isinstance(out, str) and out in states.WAIT_STATES else None
        except Exception as exc:
            name = f"{step['interface']}.{step['step']}"
            label = flows.FLOWS[op["kind"]].label
            what = f"{kind.capitalize()} step {name}" if field else f"{label.capitalize()}"
            LOG.exception("%s failed on node %s", what, task.uuid)
            raise StepFailed(f"{what} failed on node {task.uuid}: {exc}") from exc
        return result

    def _wait(self, task: Task, op: dict[str, Any], step: dict[str, Any], state: str) -> None:
        """The step continues asynchronously: wait for the agent's heartbeat."""
        if not states.is_actionable(task.node["provision_state"], "wait"):
            self.fail(task, op, f"Step {step['interface']}.{step['step']} answered {state!r}, "
                                f"but node {task.uuid} can't wait in "
                                f"{task.node['provision_state']!r}")
            return
        self._owned(op["uuid"], {"state": "waiting"})
        move(task, "wait", target_state=op["params"].get("target_state"), **_unlock(task))
        LOG.info("Node %s waits for its agent (%s) in step %s.%s", task.uuid,
                 task.node["provision_state"], step["interface"], step["step"])

    # -- endings ---------------------------------------------------------------------------
    def succeed(self, task: Task, op: dict[str, Any], flow: flows.Flow) -> None:
        move(task, flow.done_event, target_state=None, clean_step=None, deploy_step=None,
             last_error=None, **_unlock(task))
        self.finish(op, "succeeded")
        message = (f"{flow.label.capitalize()} of node {task.uuid} completed: now "
                   f"{task.node['provision_state']}")
        task.record_history(message, event_type=flow.event_type)
        LOG.info(message)

    def fail(self, task: Task, op: dict[str, Any] | None, message: str, *,
             event: str = "fail", maintenance: bool | None = None) -> None:
        """End the flow with ``event`` (``fail`` or ``abort``), ``last_error`` and history."""
        node = task.node
        values: dict[str, Any] = {"clean_step": None, "deploy_step": None,
                                  "last_error": message}
        in_cleaning = node["provision_state"] in (states.CLEANING, states.CLEANWAIT)
        if maintenance is None:
            maintenance = in_cleaning and bool(node.get("clean_step"))
        if maintenance and not node.get("maintenance"):
            values.update(maintenance=True, maintenance_reason=message, fault=CLEAN_FAILURE)
        try:
            if states.is_actionable(node["provision_state"], event):
                move(task, event, **values, **_unlock(task))
            else:
                task.update(**values, **_unlock(task))
        except Exception:
            LOG.exception("Could not move node %s to a failed state", task.uuid)
        event_type = flows.FLOWS[op["kind"]].event_type if op else "provisioning"
        task.record_history(message, event_type=event_type, error=True)
        if op is not None:
            self.finish(op, "failed", error=message)
        LOG.error(message)
