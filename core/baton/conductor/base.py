"""What every part of the conductor manager shares: config, database, drivers, locks.

The manager is split by concern (nodes, power, management, vendor, VIFs, ports, traits);
each part is a mixin over :class:`ManagerBase`, and :class:`baton.conductor.manager
.ConductorManager` puts them together.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from oslo_config import cfg

from baton.conductor.runner import OperationRunner
from baton.db.engine import Database
from baton.db.repositories import (
    NodeRepository,
    OperationRepository,
    PortgroupRepository,
    PortRepository,
    VolumeConnectorRepository,
    VolumeTargetRepository,
)
from baton.engine.task_manager import Task, TaskManager
from baton.engine.workers import WorkerPool

if TYPE_CHECKING:
    from baton.engine.loader import DriverRegistry

__all__ = ["ManagerBase", "States"]

LOG = logging.getLogger(__name__)


class States:
    """The provision states and history event types the manager refers to (Ironic's)."""

    ENROLL = "enroll"
    MANAGEABLE = "manageable"
    AVAILABLE = "available"
    ACTIVE = "active"
    RESCUE = "rescue"
    INSPECTING = "inspecting"
    INSPECTWAIT = "inspect wait"
    DEPLOYWAIT = "wait call-back"
    CLEANWAIT = "clean wait"
    ADOPTFAIL = "adopt failed"
    DELETING = "deleting"

    #: Deleting a node is allowed in these (plus any state in maintenance).
    DELETE_ALLOWED = (MANAGEABLE, ENROLL, ADOPTFAIL, AVAILABLE)
    #: Interfaces, driver and resource class may change in these (or in maintenance).
    UPDATE_ALLOWED = (ENROLL, INSPECTING, INSPECTWAIT, MANAGEABLE, AVAILABLE)
    #: The power sync leaves nodes in these alone.
    SYNC_EXCLUDED = (DEPLOYWAIT, CLEANWAIT, ENROLL, ADOPTFAIL)

    # Node history event types.
    EVENT_CONDUCTOR = "conductor"
    EVENT_MONITORING = "monitoring"
    EVENT_POWER = "power"


class ManagerBase:
    """State shared by the manager's parts.

    :param conf: the service's configuration.
    :param db: the database.
    :param registry: the loaded drivers.
    :param host: this conductor's hostname (lock holder, history author, RPC topic).
    :param pool: the worker pool for background work (one from ``[conductor]`` when None).
    """

    def __init__(self, conf: cfg.ConfigOpts, db: Database, registry: DriverRegistry,
                 host: str, *, pool: WorkerPool | None = None) -> None:
        self.conf = conf
        self.db = db
        self.registry = registry
        self.host = host
        self.pool = pool if pool is not None else WorkerPool.from_conf(conf)
        self.tasks = TaskManager(conf, db, registry, host)
        self.nodes: NodeRepository = self.tasks.nodes
        self.ports: PortRepository = self.tasks.ports
        self.portgroups: PortgroupRepository = self.tasks.portgroups
        self.volume_connectors = VolumeConnectorRepository(db)
        self.volume_targets = VolumeTargetRepository(db)
        self.operations = OperationRepository(db)
        self.runner = OperationRunner(conf, self.operations, host)

    def _record_error(self, task: Task, event: str, **values: Any) -> None:
        """``last_error`` + node history (event type: the node's provision state)."""
        try:
            task.record_failure(event, event_type=task.node.get("provision_state") or "",
                                **values)
        except Exception:
            LOG.exception("Could not record the error of node %s: %s", task.uuid, event)
