"""The conductor service: registration, heartbeat, periodic tasks, RPC server, graceful stop.

``start()``:
1. with ``rpc_transport = json-rpc``, bind the JSON-RPC server (so the advertised address
   carries the real port);
2. release the node locks this host held before a crash (and their pending power targets);
3. register in the ``conductors`` table with the loaded drivers and the RPC API version;
4. queue this host's own unfinished operations (it crashed) and resume them;
5. start the heartbeat thread (heartbeat + operation lease renewal every
   ``heartbeat_interval``) and the periodic tasks: power sync every
   ``sync_power_state_interval`` (if > 0), the takeover check every
   ``check_lease_interval`` (claim expired operations of nodes this conductor owns and
   resume them) and the agent wait timeouts every ``check_provision_state_interval``.

``stop()`` stops the periodic tasks and the RPC server, waits up to
``graceful_shutdown_timeout`` for background work, unregisters, and releases what locks are
still held here. The cmd layer picks oslo.service's threading backend; nothing here needs
eventlet.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from oslo_config import cfg
from oslo_service.backend.base import ServiceBase

from baton import errors
from baton.conductor.leases import LeaseKeeper
from baton.conductor.manager import ConductorManager
from baton.conductor.notifications.worker import DeliveryWorker
from baton.conductor.sync import PowerSync
from baton.conductor.timeouts import WaitTimeouts
from baton.db.engine import Database
from baton.db.repositories import ConductorRepository
from baton.engine.hash_ring import HashRing
from baton.engine.workers import WorkerPool
from baton.rpc.jsonrpc_server import JSONRPCApp, JSONRPCServer
from baton.rpc.versions import RPC_API_VERSION

if TYPE_CHECKING:
    from baton.engine.loader import DriverRegistry

__all__ = ["ConductorService", "Periodic"]

LOG = logging.getLogger(__name__)


class Periodic:
    """Run ``fn`` every ``interval`` seconds in a daemon thread until stopped."""

    def __init__(self, name: str, interval: float, fn: Callable[[], Any]) -> None:
        self.name = name
        self.interval = interval
        self.fn = fn
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.fn()
            except Exception:
                LOG.exception("Periodic task %s failed", self.name)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)


def _format_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class ConductorService(ServiceBase):  # type: ignore[misc]
    """One conductor: :attr:`manager` answers RPC calls; the rest keeps it alive.

    :param conf: the configuration (``[conductor]``, ``[json_rpc]``, ``host``...).
    :param db: the database.
    :param registry: the loaded drivers (their description is registered).
    :param host: the conductor's name (default ``conf.host``).
    :param hash_ring: shared with the API in all-in-one mode; built when None.
    """

    def __init__(self, conf: cfg.ConfigOpts, db: Database, registry: DriverRegistry, *,
                 host: str | None = None, hash_ring: HashRing | None = None,
                 pool: WorkerPool | None = None) -> None:
        self.conf = conf
        self.db = db
        self.registry = registry
        self.host: str = host or conf.host
        self.hash_ring = hash_ring if hash_ring is not None else HashRing(conf, db)
        self.manager = ConductorManager(conf, db, registry, self.host, pool=pool)
        self.power_sync = PowerSync(self.manager, self.hash_ring)
        self.leases = LeaseKeeper(conf, db, self.host, manager=self.manager,
                                  hash_ring=self.hash_ring)
        self.wait_timeouts = WaitTimeouts(self.manager, self.hash_ring)
        self.conductors = ConductorRepository(db)
        # VNF LCM notifications: delivers the outbox (see conductor/notifications).
        self.notifications = DeliveryWorker(conf, db, self.host)
        self.rpc_server: JSONRPCServer | None = None
        self.rpc_address = ""
        self._periodics: list[Periodic] = []
        self._started = False

    # -- start -----------------------------------------------------------------------------
    def _start_rpc_server(self) -> None:
        if self.conf.rpc_transport != "json-rpc":
            return
        opts = self.conf.json_rpc
        app = JSONRPCApp(self.manager, host=self.host)
        self.rpc_server = JSONRPCServer(app, opts.host_ip, opts.port,
                                        threads=opts.server_threads)
        self.rpc_server.start()
        self.rpc_address = _format_address(opts.advertise_address or opts.host_ip,
                                           self.rpc_server.port)

    def release_own_locks(self) -> int:
        """Release locks this host holds (after a crash, or left at stop)."""
        nodes = self.manager.nodes
        for node in nodes.list(filters={"reservation": self.host},
                               columns=["uuid", "target_power_state"]):
            if node["target_power_state"] is not None:
                nodes.update(node["uuid"], {"target_power_state": None})
        count = nodes.release_all(self.host)
        if count:
            LOG.warning("Released %d stale node lock(s) held by %s", count, self.host)
        return count

    def register(self) -> dict[str, Any]:
        row = self.conductors.register(
            self.host, rpc_address=self.rpc_address, rpc_version=RPC_API_VERSION,
            drivers=self.registry.describe())
        self.hash_ring.reset()
        return row

    def heartbeat(self) -> None:
        """Heartbeat, and renew the leases of the operations this conductor owns."""
        self.conductors.heartbeat(self.host)
        self.leases.renew()

    def start(self) -> None:
        self._start_rpc_server()
        try:
            self.release_own_locks()
            self.register()
            self.leases.adopt_own()
        except Exception:
            if self.rpc_server is not None:
                self.rpc_server.stop()
            raise
        cond = self.conf.conductor
        self._periodics = [Periodic("conductor-heartbeat", cond.heartbeat_interval,
                                    self.heartbeat),
                           Periodic("takeover-check", cond.check_lease_interval,
                                    self.leases.check)]
        if cond.sync_power_state_interval > 0:
            self._periodics.append(Periodic("power-sync", cond.sync_power_state_interval,
                                            self.power_sync.run_once))
        if cond.check_provision_state_interval > 0:
            self._periodics.append(Periodic("provision-timeouts",
                                            cond.check_provision_state_interval,
                                            self.wait_timeouts.run_once))
        if self.leases.pending:
            self.leases.resume_pending()
        self.manager.restore_consoles(self._owns)
        for periodic in self._periodics:
            periodic.start()
        self.notifications.start()
        self._started = True
        LOG.info("Conductor %s started (RPC %s, drivers: %s)", self.host,
                 self.rpc_address or "in-process", ", ".join(self.registry.describe()))

    def _owns(self, node: Mapping[str, Any]) -> bool:
        """Whether this conductor serves ``node`` on the hash ring."""
        try:
            return self.hash_ring.get_host_for(node) == self.host
        except errors.NoValidHost:
            return False

    # -- stop ------------------------------------------------------------------------------
    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        for periodic in self._periodics:
            periodic.stop()
        if self.rpc_server is not None:
            self.rpc_server.stop()
        self.notifications.stop()
        timeout = self.conf.conductor.graceful_shutdown_timeout
        if not self.manager.pool.shutdown(wait=True, timeout=timeout):
            LOG.warning("Background work still running after %s s; stopping anyway", timeout)
        for periodic in self._periodics:
            periodic.join(timeout=max(1.0, float(timeout)))
        self.manager.close_consoles(self._owns)
        try:
            self.conductors.unregister(self.host)
            self.release_own_locks()
        except Exception:
            LOG.exception("Could not unregister conductor %s", self.host)
        self.hash_ring.reset()
        LOG.info("Conductor %s stopped", self.host)

    def wait(self) -> None:
        for periodic in self._periodics:
            periodic.join()

    def reset(self) -> None:
        """Nothing to reload on SIGHUP."""
