"""Node locks and the Task that work on a node runs under.

``TaskManager.acquire(node_ident)`` is the one context manager every conductor method that
touches a node goes through. An exclusive task reserves the node (one atomic ``UPDATE ...
WHERE reservation IS NULL``), retrying ``[conductor] node_locked_retry_attempts`` times
``node_locked_retry_interval`` seconds apart before answering
:class:`~baton.errors.NodeLocked` naming the holder. A shared task reads the node and
reserves nothing.

Work that outlives the request hands the lock over with :meth:`Task.spawn_after`: when the
``with`` block ends without error, the work is submitted to a :class:`WorkerPool` and the lock
is released when the work ends, whether it succeeded or not. If no worker is free the
spawn-error hook runs, the lock is released and
:class:`~baton.errors.NoFreeConductorWorker` propagates.

Driver interfaces see a :class:`~baton.interfaces.types.NodeInfo` snapshot (``task.node_info``)
and never the database; what changes about a node is written with :meth:`Task.update`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from oslo_config import cfg

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import (
    NodeHistoryRepository,
    NodeRepository,
    PortgroupRepository,
    PortRepository,
)
from baton.engine.workers import WorkerPool
from baton.interfaces.types import NodeInfo

if TYPE_CHECKING:
    from baton.engine.loader import DriverRegistry

__all__ = ["Task", "TaskManager", "acquire", "is_uuid_like", "node_info_from"]

LOG = logging.getLogger(__name__)

_UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


def is_uuid_like(value: str) -> bool:
    """Whether ``value`` looks like a UUID (with or without dashes)."""
    return bool(_UUID_RE.match(value))


def node_info_from(node: Mapping[str, Any]) -> NodeInfo:
    """The read-only snapshot of a node dict that drivers are given."""
    return NodeInfo(
        uuid=node["uuid"],
        driver=node["driver"],
        name=node.get("name"),
        driver_info=node.get("driver_info") or {},
        driver_internal_info=node.get("driver_internal_info") or {},
        properties=node.get("properties") or {},
        instance_info=node.get("instance_info") or {},
        power_state=node.get("power_state"),
        provision_state=node.get("provision_state") or "enroll",
        boot_mode=node.get("boot_mode"),
    )


SpawnHook = Callable[..., None]


class Task:
    """One piece of work on one node, under its lock (exclusive or shared).

    ``node`` is the node dict as last read or written; ``driver`` the node's composed driver
    (one attribute per interface family), built on first use.
    """

    def __init__(self, manager: TaskManager, node: dict[str, Any], *, shared: bool,
                 purpose: str) -> None:
        self.manager = manager
        self.node = node
        self.shared = shared
        self.purpose = purpose
        self._driver: Any = None
        self._node_info: NodeInfo | None = None
        self._info_of: dict[str, Any] | None = None
        self._spawn: tuple[WorkerPool, Callable[..., Any], tuple[Any, ...],
                           dict[str, Any]] | None = None
        self._spawn_error_hook: tuple[SpawnHook, tuple[Any, ...]] | None = None
        self._ports: list[dict[str, Any]] | None = None
        self._portgroups: list[dict[str, Any]] | None = None
        self.released = shared

    # -- what the work sees ------------------------------------------------------------
    @property
    def uuid(self) -> str:
        return str(self.node["uuid"])

    @property
    def host(self) -> str:
        return self.manager.host

    @property
    def driver(self) -> Any:
        """The node's composed driver: ``task.driver.power``, ``task.driver.management``..."""
        if self._driver is None:
            from baton.engine.composition import compose

            self._driver = compose(self.manager.registry, self.node)
        return self._driver

    @property
    def node_info(self) -> NodeInfo:
        """A :class:`NodeInfo` snapshot of :attr:`node` (rebuilt after each update)."""
        if self._node_info is None or self._info_of is not self.node:
            self._node_info = node_info_from(self.node)
            self._info_of = self.node
        return self._node_info

    @property
    def ports(self) -> list[dict[str, Any]]:
        """The node's ports (read once per task, refreshed by :meth:`refresh_ports`)."""
        if self._ports is None:
            self._ports = self.manager.ports.list_by_node(self.node["id"])
        return self._ports

    @property
    def portgroups(self) -> list[dict[str, Any]]:
        """The node's portgroups (read once per task)."""
        if self._portgroups is None:
            self._portgroups = self.manager.portgroups.list_by_node(self.node["id"])
        return self._portgroups

    def refresh_ports(self) -> None:
        self._ports = None
        self._portgroups = None

    # -- changes -----------------------------------------------------------------------
    def update(self, **values: Any) -> dict[str, Any]:
        """Persist node fields and refresh :attr:`node` with the stored row."""
        if self.shared:
            raise errors.BatonError(
                f"Node {self.uuid}: a shared task cannot update the node ({self.purpose}).")
        self.node = self.manager.nodes.update(self.uuid, values)
        return self.node

    def record_history(self, event: str, *, event_type: str, error: bool = False,
                       user: str | None = None) -> None:
        """Add a node history entry (severity ERROR when ``error``, else INFO).

        Only the history: pair it with ``update(last_error=...)`` for failures, or use
        :meth:`record_failure`.
        """
        self.manager.history.record(
            self.node["id"], event=event, event_type=event_type,
            severity="ERROR" if error else "INFO", conductor=self.host, user=user)

    def record_failure(self, event: str, *, event_type: str, **values: Any) -> None:
        """Record ``event`` as ``last_error`` (with other node ``values``) and in history."""
        self.update(last_error=event, **values)
        self.record_history(event, event_type=event_type, error=True)

    def upgrade_lock(self) -> None:
        """Turn a shared task into an exclusive one (reserve the node; re-read it).

        :raises NodeLocked: within the retry budget the node stayed locked.
        """
        if not self.shared:
            return
        self.node = self.manager.reserve(self.uuid, purpose=self.purpose)
        self.shared = False
        self.released = False

    # -- handing the lock to background work --------------------------------------------
    def spawn_after(self, pool: WorkerPool, fn: Callable[..., Any], *args: Any,
                    **kwargs: Any) -> None:
        """Run ``fn(*args, **kwargs)`` on ``pool`` once the ``with`` block ends cleanly.

        The lock goes with the work and is released when ``fn`` ends, even on error.
        """
        self._spawn = (pool, fn, args, kwargs)

    def set_spawn_error_hook(self, hook: SpawnHook, *args: Any) -> None:
        """Call ``hook(exc, *args)`` if the spawned work can't be submitted."""
        self._spawn_error_hook = (hook, args)

    def release(self) -> None:
        """Release the node's reservation (no-op for shared or released tasks)."""
        if self.released:
            return
        self.released = True
        try:
            self.manager.nodes.release(self.uuid, self.host)
        except errors.NodeNotFound:
            pass  # the work deleted the node
        except Exception:
            LOG.exception("Could not release the lock of node %s (%s)", self.uuid, self.purpose)

    def _run_spawned(self, fn: Callable[..., Any], args: tuple[Any, ...],
                     kwargs: dict[str, Any]) -> None:
        try:
            fn(*args, **kwargs)
        except Exception:
            LOG.exception("Background work on node %s (%s) failed", self.uuid, self.purpose)
        finally:
            self.release()

    def _finish(self) -> None:
        """End of a ``with`` block that raised nothing: spawn or release."""
        if self._spawn is None:
            self.release()
            return
        pool, fn, args, kwargs = self._spawn
        self._spawn = None
        try:
            pool.submit(self._run_spawned, fn, args, kwargs)
        except Exception as exc:
            try:
                if self._spawn_error_hook is not None:
                    hook, hook_args = self._spawn_error_hook
                    hook(exc, *hook_args)
            except Exception:
                LOG.exception("Spawn error hook failed for node %s", self.uuid)
            finally:
                self.release()
            raise


class TaskManager:
    """Takes node locks for a conductor.

    :param conf: reads ``[conductor] node_locked_retry_attempts``/``_interval``.
    :param db: the database.
    :param registry: the driver registry tasks compose drivers from.
    :param host: this conductor's hostname (the reservation holder).
    """

    def __init__(self, conf: cfg.ConfigOpts, db: Database, registry: DriverRegistry,
                 host: str) -> None:
        self.conf = conf
        self.db = db
        self.registry = registry
        self.host = host
        self.nodes = NodeRepository(db)
        self.ports = PortRepository(db)
        self.portgroups = PortgroupRepository(db)
        self.history = NodeHistoryRepository(db)

    def resolve_uuid(self, node_ident: str) -> str:
        """The UUID of the node named or identified by ``node_ident`` (NodeNotFound)."""
        if is_uuid_like(node_ident):
            return node_ident
        return str(self.nodes.get(node_ident)["uuid"])

    def reserve(self, node_ident: str, *, purpose: str = "") -> dict[str, Any]:
        """Reserve the node for this host, retrying while another holds it.

        :returns: the node dict, reserved.
        :raises NodeLocked: naming the holder, once the retry budget is spent.
        :raises NodeNotFound:
        """
        uuid = self.resolve_uuid(node_ident)
        retries = self.conf.conductor.node_locked_retry_attempts
        interval = self.conf.conductor.node_locked_retry_interval
        attempt = 0
        while True:
            try:
                node: dict[str, Any] = self.nodes.reserve(uuid, self.host)
            except errors.NodeLocked:
                if attempt >= retries:
                    raise
                attempt += 1
                LOG.debug("Node %s is locked; retry %d of %d for %s", uuid, attempt,
                          retries, purpose or "a task")
                time.sleep(interval)
                continue
            except errors.NodeNotFound:
                raise errors.NodeNotFound(node=node_ident) from None
            return node

    @contextlib.contextmanager
    def acquire(self, node_ident: str, *, shared: bool = False,
                purpose: str = "") -> Iterator[Task]:
        """A :class:`Task` on the node, exclusive unless ``shared``.

        :raises NodeLocked: (exclusive) the node stayed locked within the retry budget.
        :raises NodeNotFound:
        """
        if shared:
            node = self.nodes.get(node_ident)
        else:
            node = self.reserve(node_ident, purpose=purpose)
        task = Task(self, node, shared=shared, purpose=purpose)
        try:
            yield task
        except BaseException:
            task.release()
            raise
        task._finish()


@contextlib.contextmanager
def acquire(ctx: TaskManager, node_ident: str, *, shared: bool = False,
            purpose: str = "") -> Iterator[Task]:
    """``ctx.acquire(...)`` as a function, as Ironic spells it."""
    with ctx.acquire(node_ident, shared=shared, purpose=purpose) as task:
        yield task
