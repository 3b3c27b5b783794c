"""The periodic check that fails nodes whose wait for their agent lasted too long.

Every ``[conductor] check_provision_state_interval`` seconds, for the nodes this conductor
owns on the hash ring, unlocked and out of maintenance, that have sat in a wait state longer
than its timeout (``deploy_callback_timeout``, ``clean_callback_timeout``,
``inspect_wait_timeout``, ``rescue_callback_timeout``; 0 disables one), the flow fails with
Ironic's ``last_error``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from baton import errors
from baton.engine import states
from baton.engine.hash_ring import HashRing

__all__ = ["WaitTimeouts"]

LOG = logging.getLogger(__name__)


def _deploy(node: Mapping[str, Any]) -> str:
    return f"Timeout reached while waiting for callback for node {node['uuid']}"


def _clean(node: Mapping[str, Any]) -> str:
    return ("Timeout reached while cleaning the node. Please check if the ramdisk "
            "responsible for the cleaning is running on the node. Failed on step "
            f"{node.get('clean_step')}.")


def _inspect(node: Mapping[str, Any]) -> str:
    return ("Timeout reached while inspecting the node. Please check if the ramdisk "
            "responsible for the inspection is running on the node.")


def _rescue(node: Mapping[str, Any]) -> str:
    return f"Timeout reached while waiting for rescue ramdisk callback for node {node['uuid']}"


#: wait state -> (timeout option, last_error)
_CHECKS: dict[str, tuple[str, Callable[[Mapping[str, Any]], str]]] = {
    states.DEPLOYWAIT: ("deploy_callback_timeout", _deploy),
    states.CLEANWAIT: ("clean_callback_timeout", _clean),
    states.INSPECTWAIT: ("inspect_wait_timeout", _inspect),
    states.RESCUEWAIT: ("rescue_callback_timeout", _rescue),
}


class WaitTimeouts:
    """Fails timed-out waits for ``manager``'s conductor."""

    def __init__(self, manager: Any, hash_ring: HashRing | None = None) -> None:
        self.manager = manager
        self.hash_ring = hash_ring

    def _owned(self, node: Mapping[str, Any]) -> bool:
        if self.hash_ring is None:
            return True
        try:
            return bool(self.hash_ring.get_host_for(node) == self.manager.host)
        except errors.BatonError:
            return False

    def run_once(self) -> int:
        """Fail every timed-out wait; answer how many nodes failed."""
        failed = 0
        for state, (option, message) in _CHECKS.items():
            timeout = getattr(self.manager.conf.conductor, option)
            if timeout <= 0:
                continue
            nodes = self.manager.nodes.list(
                filters={"provision_state": state, "provisioned_before": timeout,
                         "reserved": False, "maintenance": False},
                columns=["uuid", "driver", "conductor_group"])
            for node in nodes:
                if self._owned(node) and self._fail(node["uuid"], state, message):
                    failed += 1
        return failed

    def _fail(self, uuid: str, state: str,
              message: Callable[[Mapping[str, Any]], str]) -> bool:
        try:
            with self.manager.tasks.acquire(uuid, purpose="wait timeout") as task:
                if task.node["provision_state"] != state:
                    return False
                op = self.manager.runner.current(uuid)
                if op is not None:
                    op = self.manager.runner.adopt(op)
                self.manager.runner.fail(task, op, message(task.node))
                return True
        except (errors.NodeLocked, errors.NodeNotFound):
            return False
