"""The ramdisk agent's side: heartbeats, and continuing flows that waited for them.

A step that answered a wait state (``wait call-back``, ``clean wait``, ``rescue wait``,
``inspect wait``) is complete when the node's agent heartbeats: the waiting step is
recorded done, the node resumes (``resume`` event) and the rest of the flow runs in the
background. A clean step marked ``abort_after`` (abort requested while a non-abortable step
ran) ends cleaning there instead.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from baton import errors
from baton.conductor import flows
from baton.conductor.base import ManagerBase
from baton.conductor.runner import move
from baton.db.models import utcnow
from baton.engine import states
from baton.engine.task_manager import Task

__all__ = ["AgentMixin"]

LOG = logging.getLogger(__name__)

_CONTINUABLE = (states.DEPLOYWAIT, states.CLEANWAIT, states.RESCUEWAIT, states.INSPECTWAIT)


class AgentMixin(ManagerBase):
    """``heartbeat``, ``continue_node_clean``, ``continue_node_deploy``."""

    def heartbeat(self, node_id: str, callback_url: str, agent_version: str | None = None,
                  agent_token: str | None = None) -> None:
        """Record the agent's heartbeat; continue the flow the node waits in, if any.

        :raises InvalidParameterValue: the node expects an agent token and got another.
        """
        with self.tasks.acquire(node_id, purpose="heartbeat") as task:
            internal = dict(task.node.get("driver_internal_info") or {})
            expected = internal.get("agent_secret_token")
            if expected and not (agent_token and hmac.compare_digest(str(expected),
                                                                     str(agent_token))):
                raise errors.InvalidParameterValue(
                    err="Invalid or missing agent token received.")
            internal.update(agent_url=callback_url, agent_version=agent_version,
                            agent_last_heartbeat=utcnow().isoformat())
            task.update(driver_internal_info=internal)
            state = task.node["provision_state"]
            if state in _CONTINUABLE and not task.node.get("maintenance"):
                self._continue(task)
            else:
                LOG.debug("Heartbeat from node %s in %s: nothing to continue", task.uuid,
                          state)

    def continue_node_clean(self, node_id: str) -> None:
        """The clean step the node waits for is done: go on cleaning."""
        self._continue_in(node_id, states.CLEANWAIT, "continue cleaning")

    def continue_node_deploy(self, node_id: str) -> None:
        """The deploy step the node waits for is done: go on deploying."""
        self._continue_in(node_id, states.DEPLOYWAIT, "continue deploying")

    def _continue_in(self, node_id: str, state: str, purpose: str) -> None:
        with self.tasks.acquire(node_id, purpose=purpose) as task:
            if task.node["provision_state"] != state:
                raise errors.InvalidStateRequested(action=purpose, node=task.uuid,
                                                   state=task.node["provision_state"])
            self._continue(task)

    def _continue(self, task: Task) -> None:
        op = self.runner.current(task.uuid)
        if op is None:
            self.runner.fail(task, None, f"Node {task.uuid} waited in "
                                         f"{task.node['provision_state']} with no operation "
                                         f"to continue")
            return
        op = self.runner.adopt(op)
        waiting = int(op["last_completed_step"]) + 1
        step = task.node.get("clean_step") or {}
        if step.get("abort_after"):
            self.runner.fail(task, op, f"By request, the clean operation was aborted after "
                                       f"step {step['interface']}.{step['step']}",
                             event="abort", maintenance=False)
            return
        updated = self.operations.update(
            op["uuid"], {"last_completed_step": min(waiting, len(op["steps"]) - 1),
                         "state": "running"}, owner=self.host)
        move(task, "resume", target_state=op["params"].get("target_state"))
        if task.node["provision_state"] == states.INSPECTING:
            task.update(inspection_finished_at=utcnow())
        self.runner.claim(updated["uuid"])
        task.set_spawn_error_hook(self._continue_failed, task, updated)
        task.spawn_after(self.pool, self.runner.run, task, updated["uuid"])
        LOG.info("Node %s resumes its %s after the agent's callback", task.uuid,
                 flows.FLOWS[op["kind"]].label)

    def _continue_failed(self, exc: BaseException, task: Task, op: dict[str, Any]) -> None:
        """No worker for the rest of the flow: the node waits again for the next heartbeat."""
        self.runner.forget(op["uuid"])
        self.operations.update(op["uuid"], {"last_completed_step": op["last_completed_step"] - 1,
                                            "state": "waiting"})
        move(task, "wait", target_state=op["params"].get("target_state"))
