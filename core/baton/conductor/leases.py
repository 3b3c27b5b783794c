"""Operation leases and what dead conductors leave behind.

A conductor renews the lease of every unfinished operation it owns at each heartbeat. Every
``check_lease_interval`` seconds it claims the operations whose lease expired (their owner
stopped heartbeating) and clears the node locks of conductors that are no longer alive, so
no node stays locked by a dead conductor.

With a ``manager``, node operations are claimed only by the conductor that owns the node on
the hash ring, and each claimed one is handed to ``manager.resume_operation`` (which moves
the node's lock over atomically and resumes or fails the flow); one that can't be resumed
yet (node locked by a live conductor, no free worker) is retried at the next check. At
start, a conductor also resumes the unfinished operations it owned before it crashed.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from oslo_config import cfg

from baton import errors
from baton.db.engine import Database
from baton.db.models import utcnow
from baton.db.repositories import ConductorRepository, NodeRepository, OperationRepository

__all__ = ["LeaseKeeper"]

LOG = logging.getLogger(__name__)


class _Resumer(Protocol):
    def resume_operation(self, op: dict[str, Any]) -> bool: ...


class _Ring(Protocol):
    def get_host_for(self, node: dict[str, Any]) -> str: ...

    def reset(self) -> None: ...


class LeaseKeeper:
    """Lease renewal and takeover checks for conductor ``host``."""

    def __init__(self, conf: cfg.ConfigOpts, db: Database, host: str, *,
                 manager: _Resumer | None = None, hash_ring: _Ring | None = None) -> None:
        self.conf = conf
        self.host = host
        self.operations = OperationRepository(db)
        self.conductors = ConductorRepository(db)
        self.nodes = NodeRepository(db)
        self.manager = manager
        self.hash_ring = hash_ring
        #: Operations claimed here that still wait to be resumed (uuid -> operation).
        self.pending: dict[str, dict[str, Any]] = {}

    def renew(self) -> int:
        """Extend the leases of this conductor's unfinished operations."""
        return self.operations.renew_leases(self.host,
                                            self.conf.conductor.operation_lease_duration)

    def _owns(self, node_uuid: str) -> bool:
        if self.hash_ring is None:
            return True
        try:
            node = self.nodes.get(node_uuid)
        except errors.NodeNotFound:
            return True  # whoever claims it closes it
        try:
            return self.hash_ring.get_host_for(node) == self.host
        except errors.BatonError:
            return False

    def _claimable(self, now: Any) -> list[int] | None:
        """Expired operations this conductor may claim (None: any)."""
        if self.manager is None:
            return None
        expired = [op for op in self.operations.list_unfinished()
                   if op["lease_expires_at"] is not None and op["lease_expires_at"] < now]
        if expired and self.hash_ring is not None:
            self.hash_ring.reset()  # the dead owner must leave the ring first
        return [int(op["id"]) for op in expired
                if op["target_type"] != "node" or self._owns(op["target_id"])]

    def claim_expired(self) -> list[dict[str, Any]]:
        """Take over operations whose owner let the lease expire."""
        now = utcnow()
        claimed = self.operations.claim_expired(
            self.host, self.conf.conductor.operation_lease_duration, now,
            ids=self._claimable(now))
        for op in claimed:
            previous = (op.get("owner_history") or [None])[-1]
            LOG.warning("Took over operation %s (%s on %s %s) from conductor %s whose lease "
                        "expired", op["uuid"], op["kind"], op["target_type"], op["target_id"],
                        previous)
        return claimed

    def release_dead_locks(self) -> int:
        """Clear node locks (and pending power targets) held by conductors not alive."""
        alive = {c["hostname"] for c in
                 self.conductors.list_alive(self.conf.conductor.heartbeat_timeout)}
        holders = {n["reservation"] for n in self.nodes.list(
            filters={"reserved": True}, columns=["id", "reservation"])}
        released = 0
        for holder in sorted(holders - alive - {self.host}):
            for node in self.nodes.list(filters={"reservation": holder},
                                        columns=["uuid", "target_power_state"]):
                if node["target_power_state"] is not None:
                    try:
                        self.nodes.update(node["uuid"], {"target_power_state": None})
                    except Exception:
                        LOG.exception("Could not clear the power target of node %s",
                                      node["uuid"])
            count = self.nodes.release_all(holder)
            if count:
                LOG.warning("Released %d node lock(s) held by dead conductor %s", count,
                            holder)
            released += count
        return released

    def adopt_own(self) -> int:
        """At start: queue this host's unfinished operations (it crashed) for resuming."""
        own = [op for op in self.operations.list_unfinished(self.host)
               if op["target_type"] in ("node", "vnf_instance")]
        for op in own:
            self.pending[op["uuid"]] = op
        return len(own)

    def resume_pending(self) -> int:
        """Hand queued operations to the manager; answer how many were handled."""
        if self.manager is None:
            self.pending.clear()
            return 0
        handled = 0
        for uuid, op in list(self.pending.items()):
            try:
                done = self.manager.resume_operation(op)
            except Exception:
                LOG.exception("Resuming operation %s failed", uuid)
                done = False
            if done:
                handled += 1
                self.pending.pop(uuid, None)
        return handled

    def check(self) -> None:
        """One takeover check: claim expired operations, resume them, clear dead
        conductors' locks."""
        for op in self.claim_expired():
            self.pending[op["uuid"]] = op
        self.resume_pending()
        self.release_dead_locks()
