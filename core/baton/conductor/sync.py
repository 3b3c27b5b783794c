"""The periodic power state sync (Ironic's ``_sync_power_states``).

Each run covers the nodes this conductor owns on the hash ring, skipping nodes that are
locked, in maintenance, or in states where the power may legitimately flap. Nodes are
synced in parallel on a small pool of its own (``[conductor] sync_power_state_workers``).
A dead BMC must not slow the others down, so there are two lanes: nodes whose previous
sync failed start in the slow lane, and a node whose BMC has not answered within
``[conductor] sync_power_state_slow_threshold`` is handed over to it while the read goes on
in its own thread: the thread is free again at once, the sync of that node finishes when
the read answers (or its driver gives up), and dead BMCs only ever wait out their
timeouts in threads of their own or in the slow lane.

When the hardware disagrees with the database, the change is recorded in node history;
with ``force_power_state_during_sync`` the hardware is set back to the recorded state,
otherwise the database takes the hardware's. After ``power_state_sync_max_retries`` failed
syncs in a row the node goes to maintenance with the fault ``power failure``.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase, States
from baton.conductor.power import node_power_action
from baton.engine.hash_ring import HashRing
from baton.engine.task_manager import Task
from baton.interfaces.types import PowerState

__all__ = ["POWER_FAILURE", "PowerSync"]

LOG = logging.getLogger(__name__)

#: The fault a node gets when its power state can't be synced (Ironic's name).
POWER_FAILURE = "power failure"


class _Slow(Exception):
    """The BMC did not answer within the slow threshold; ``read`` is still under way."""

    def __init__(self, read: concurrent.futures.Future[str]) -> None:
        super().__init__("slow BMC")
        self.read = read


def _notify(condition: threading.Condition) -> None:
    with condition:
        condition.notify_all()


def _read_in_thread(call: Callable[[], str]) -> concurrent.futures.Future[str]:
    """Run ``call`` in a thread of its own (a driver call that may hang until its
    timeout must not hold a sync worker)."""
    future: concurrent.futures.Future[str] = concurrent.futures.Future()

    def run() -> None:
        try:
            future.set_result(call())
        except BaseException as exc:  # handed to whoever waits on the future
            future.set_exception(exc)

    threading.Thread(target=run, name="power-sync-read", daemon=True).start()
    return future

_COLUMNS = ("id", "uuid", "driver", "conductor_group", "maintenance", "reservation",
            "provision_state", "power_state")


class PowerSync:
    """Syncs power states for ``manager``'s conductor.

    :param manager: the conductor manager (locks, drivers, database).
    :param hash_ring: tells which nodes this conductor owns; None means all of them.
    """

    def __init__(self, manager: ManagerBase, hash_ring: HashRing | None = None) -> None:
        self.manager = manager
        self.conf = manager.conf
        self.hash_ring = hash_ring
        self._failures: dict[str, int] = {}
        self._failures_lock = threading.Lock()

    # -- which nodes ---------------------------------------------------------------------
    def _owned(self, node: Mapping[str, Any]) -> bool:
        if self.hash_ring is None:
            return True
        try:
            return self.hash_ring.get_host_for(node) == self.manager.host
        except errors.BatonError:
            return False

    def nodes_to_sync(self) -> list[dict[str, Any]]:
        """Nodes owned here, unlocked, out of maintenance, not in an excluded state."""
        candidates = self.manager.nodes.list(
            filters={"maintenance": False, "reserved": False}, columns=list(_COLUMNS))
        return [n for n in candidates
                if n["provision_state"] not in States.SYNC_EXCLUDED and self._owned(n)]

    # -- one run ---------------------------------------------------------------------------
    def run_once(self) -> int:
        """Sync every node due; answer how many were looked at."""
        nodes = self.nodes_to_sync()
        if not nodes:
            return 0
        with self._failures_lock:
            failing = {n["uuid"] for n in nodes if self._failures.get(n["uuid"])}
        workers = self.conf.conductor.sync_power_state_workers
        fast = concurrent.futures.ThreadPoolExecutor(max_workers=workers,
                                                     thread_name_prefix="power-sync")
        slow = concurrent.futures.ThreadPoolExecutor(max_workers=workers,
                                                     thread_name_prefix="power-sync-slow")
        pending: list[concurrent.futures.Future[None]] = []
        done = threading.Condition()
        reads_in_flight = [0]

        def submit(pool: concurrent.futures.ThreadPoolExecutor, node: Mapping[str, Any],
                   **kwargs: Any) -> None:
            with done:
                future = pool.submit(self._sync_one, node, **kwargs)
                pending.append(future)
            future.add_done_callback(lambda _: _notify(done))

        def hand_over(node: Mapping[str, Any], read: concurrent.futures.Future[str]) -> None:
            # Nothing waits for the slow read: once it answers (or its driver gives up),
            # finishing the sync is quick work again, back on the fast lane.
            with done:
                reads_in_flight[0] += 1

            def resume(finished: concurrent.futures.Future[str]) -> None:
                submit(fast, node, read=finished)
                with done:
                    reads_in_flight[0] -= 1
                    done.notify_all()

            read.add_done_callback(resume)

        try:
            for node in nodes:
                if node["uuid"] in failing:
                    submit(slow, node)
                else:
                    submit(fast, node, hand_over=hand_over)
            with done:
                while reads_in_flight[0] or not all(f.done() for f in pending):
                    done.wait(1.0)
        finally:
            fast.shutdown(wait=True)
            slow.shutdown(wait=True)
        with self._failures_lock:
            known = {n["uuid"] for n in nodes}
            for uuid in list(self._failures):
                if uuid not in known:
                    del self._failures[uuid]
        return len(nodes)

    def failures(self, node_uuid: str) -> int:
        """Failed syncs in a row of a node (tests and diagnostics)."""
        with self._failures_lock:
            return self._failures.get(node_uuid, 0)

    def _sync_one(self, node: Mapping[str, Any], *,
                   read: concurrent.futures.Future[str] | None = None,
                   hand_over: Callable[[Mapping[str, Any], concurrent.futures.Future[str]],
                                       None] | None = None) -> None:
        """Sync one node. With ``hand_over``, a read slower than the threshold is handed
        over (and this thread freed); ``read`` is the future of a read already made."""
        uuid = node["uuid"]
        count = self.failures(uuid)
        try:
            with self.manager.tasks.acquire(uuid, shared=True,
                                            purpose="power state sync") as task:
                if task.node["maintenance"] or task.node.get("reservation"):
                    return
                count = self._sync(task, count, read=read, can_hand_over=hand_over is not None)
        except _Slow as slow:
            if hand_over is not None:
                LOG.info("Power state sync: the BMC of node %s is slow; it goes on in the "
                         "slow lane", uuid)
                hand_over(node, slow.read)
            return
        except (errors.NodeLocked, errors.NodeNotFound):
            return  # busy or gone: the next run will see
        except Exception:
            LOG.exception("Unexpected error syncing the power state of node %s", uuid)
            return
        with self._failures_lock:
            if count:
                self._failures[uuid] = count
            else:
                self._failures.pop(uuid, None)

    def _read_power(self, task: Task, read: concurrent.futures.Future[str] | None,
                    can_hand_over: bool) -> str:
        if read is None:
            power, node_info = task.driver.power, task.node_info
            read = _read_in_thread(lambda: power.get_power_state(node_info))
        if can_hand_over:
            try:
                return read.result(timeout=self.conf.conductor.sync_power_state_slow_threshold)
            except concurrent.futures.TimeoutError:
                raise _Slow(read) from None
        return read.result()

    def _sync(self, task: Task, count: int, *,
              read: concurrent.futures.Future[str] | None = None,
              can_hand_over: bool = False) -> int:
        """Ironic's ``do_sync_power_state``: answer the new count of failed syncs."""
        recorded = task.node.get("power_state")
        power = task.driver.power
        if recorded is None:
            try:
                power.validate(task.node_info)
            except errors.Invalid:
                return 0
        count += 1
        max_retries = self.conf.conductor.power_state_sync_max_retries
        try:
            actual = self._read_power(task, read, can_hand_over)
            if actual == PowerState.ERROR:
                raise errors.PowerStateFailure(
                    pstate=recorded, node=task.uuid,
                    reason="Power driver returned ERROR state while trying to sync power state.")
        except _Slow:
            raise  # not a failure (yet): the slow lane waits for the answer
        except Exception as exc:
            if count >= max_retries:
                self._upgrade(task)
                self._max_retries_exceeded(task, None, exc)
            else:
                LOG.warning("During sync_power_state, could not get power state for node %s, "
                            "attempt %d of %d. Error: %s.", task.uuid, count, max_retries, exc)
            return count
        if actual == recorded:
            return 0
        self._upgrade(task)
        return self._correct(task, actual, count, max_retries)

    @staticmethod
    def _upgrade(task: Task) -> None:
        """Take the exclusive lock now, without waiting (NodeLocked ends this sync)."""
        if task.shared:
            task.node = task.manager.nodes.reserve(task.uuid, task.host)
            task.shared = False
            task.released = False

    def _correct(self, task: Task, actual: str, count: int, max_retries: int) -> int:
        node = task.node
        recorded = node.get("power_state")
        if actual == recorded:
            return 0
        if node["provision_state"] in States.SYNC_EXCLUDED or node["maintenance"]:
            return 0
        if recorded is None:
            LOG.info("During sync_power_state, node %s has no previous known state. "
                     "Recording current state '%s'.", task.uuid, actual)
            task.update(power_state=actual)
            return 0
        if count >= max_retries:
            self._max_retries_exceeded(task, actual, None)
            return count
        if self.conf.conductor.force_power_state_during_sync:
            message = (f"During sync_power_state, node {task.uuid} state '{actual}' does not "
                       f"match expected state '{recorded}'. Changing hardware state to "
                       f"'{recorded}'.")
            LOG.warning(message)
            task.record_history(message, event_type=States.EVENT_MONITORING)
            try:
                task.update(target_power_state=recorded)
                node_power_action(task, recorded)
            except Exception as exc:
                LOG.error("Failed to change power state of node %s to '%s', attempt %d of "
                          "%d: %s", task.uuid, recorded, count, max_retries, exc)
        else:
            message = (f"During sync_power_state, node {task.uuid} state does not match "
                       f"expected state '{recorded}'. Updating recorded state to "
                       f"'{actual}'.")
            LOG.warning(message)
            task.update(power_state=actual)
            task.record_history(message, event_type=States.EVENT_MONITORING)
        return count

    def _max_retries_exceeded(self, task: Task, actual: str | None,
                              exc: BaseException | None) -> None:
        node = task.node
        message = (f"During sync_power_state, max retries exceeded for node {task.uuid}, "
                   f"node state {actual} does not match expected state "
                   f"'{node.get('power_state')}'. Updating DB state to '{actual}' Switching "
                   f"node to maintenance mode.")
        if exc is not None:
            message += f" Error: {exc}"
        values: dict[str, Any] = {"power_state": actual, "last_error": message}
        if not node["maintenance"]:
            values.update(maintenance=True, maintenance_reason=message, fault=POWER_FAILURE)
        task.update(**values)
        task.record_history(message, event_type=States.EVENT_MONITORING, error=True)
        LOG.error(message)
