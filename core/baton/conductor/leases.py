"""Operation leases and what dead conductors leave behind.

A conductor renews the lease of every unfinished operation it owns at each heartbeat. Every
``check_lease_interval`` seconds it claims the operations whose lease expired (their owner
stopped heartbeating) and clears the node locks of conductors that are no longer alive, so
no node stays locked by a dead conductor. Resuming claimed operations is the business of
the flows that own them (a later step); here the takeover is recorded on the operation.
"""

from __future__ import annotations

import logging
from typing import Any

from oslo_config import cfg

from baton.db.engine import Database
from baton.db.models import utcnow
from baton.db.repositories import ConductorRepository, NodeRepository, OperationRepository

__all__ = ["LeaseKeeper"]

LOG = logging.getLogger(__name__)


class LeaseKeeper:
    """Lease renewal and takeover checks for conductor ``host``."""

    def __init__(self, conf: cfg.ConfigOpts, db: Database, host: str) -> None:
        self.conf = conf
        self.host = host
        self.operations = OperationRepository(db)
        self.conductors = ConductorRepository(db)
        self.nodes = NodeRepository(db)

    def renew(self) -> int:
        """Extend the leases of this conductor's unfinished operations."""
        return self.operations.renew_leases(self.host,
                                            self.conf.conductor.operation_lease_duration)

    def claim_expired(self) -> list[dict[str, Any]]:
        """Take over operations whose owner let the lease expire."""
        claimed = self.operations.claim_expired(
            self.host, self.conf.conductor.operation_lease_duration, utcnow())
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

    def check(self) -> None:
        """One takeover check: claim expired operations, clear dead conductors' locks."""
        self.claim_expired()
        self.release_dead_locks()
