"""What the v1 resources are given: configuration, repositories, the conductor RPC client."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from oslo_config import cfg

from baton import errors
from baton.api.v1.node_cache import RenderCache
from baton.db.engine import Database
from baton.db.repositories import (
    ChassisRepository,
    ConductorRepository,
    NodeHistoryRepository,
    NodeRepository,
    PortgroupRepository,
    PortRepository,
    VolumeConnectorRepository,
    VolumeTargetRepository,
)
from baton.rpc.conductor_api import ConductorAPI

__all__ = ["Deps", "HashRingLike"]


class HashRingLike(Protocol):
    def get_topic_for(self, node: Mapping[str, Any]) -> str: ...

    def host_lookup(self) -> Callable[[Mapping[str, Any]], str | None]: ...


@dataclass
class Deps:
    """Everything a resource needs; built once by :func:`baton.api.app.create_app`."""

    conf: cfg.ConfigOpts
    db: Database
    rpc: ConductorAPI
    hash_ring: HashRingLike | None
    nodes: NodeRepository
    ports: PortRepository
    portgroups: PortgroupRepository
    connectors: VolumeConnectorRepository
    targets: VolumeTargetRepository
    chassis: ChassisRepository
    conductors: ConductorRepository
    history: NodeHistoryRepository
    max_limit: int
    #: Whether the conductor runs in this process (no routing needed for RPC calls).
    in_process: bool
    #: Per-driver caches of what conductors answer the same for every call (as Ironic).
    cache: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: Detailed-list renderings of nodes, reused while a node's revision is unchanged.
    render_cache: RenderCache = field(default_factory=RenderCache)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, conf: cfg.ConfigOpts, db: Database, rpc: ConductorAPI,
              hash_ring: HashRingLike | None) -> Deps:
        return cls(
            conf=conf, db=db, rpc=rpc, hash_ring=hash_ring,
            nodes=NodeRepository(db), ports=PortRepository(db),
            portgroups=PortgroupRepository(db), connectors=VolumeConnectorRepository(db),
            targets=VolumeTargetRepository(db), chassis=ChassisRepository(db),
            conductors=ConductorRepository(db), history=NodeHistoryRepository(db),
            max_limit=conf.api.max_limit, in_process=conf.rpc_transport == "none",
        )

    # -- derived node fields -------------------------------------------------------------
    def conductor_for(self, node: Mapping[str, Any]) -> str | None:
        """The hostname of the conductor serving ``node``, or None when none does."""
        ring = self.hash_ring
        if ring is None:
            return None
        try:
            return ring.get_topic_for(node)
        except errors.TemporaryFailure:
            return None

    def conductor_lookup(self) -> Callable[[Mapping[str, Any]], str | None]:
        """:meth:`conductor_for` for one request, over one snapshot of the hash ring."""
        ring = self.hash_ring
        if ring is None:
            return lambda node: None
        return ring.host_lookup()

    def topic(self, node: Mapping[str, Any]) -> str | None:
        """The RPC topic for a node the API already read (None in process: no routing)."""
        if self.in_process:
            return None
        return self.rpc.get_topic_for(node)

    def chassis_uuids(self, chassis_ids: Sequence[int]) -> dict[int, str]:
        """Map chassis ids to uuids (one query, and only when some node has a chassis)."""
        if not chassis_ids:
            return {}
        wanted = set(chassis_ids)
        return {c["id"]: c["uuid"] for c in self.chassis.list(limit=None)
                if c["id"] in wanted}

    def cached(self, kind: str, key: str, fetch: Any) -> Any:
        """``fetch()`` once per (kind, key) for this process."""
        found = self.cache.get((kind, key))
        if found is None:
            found = fetch()
            with self._lock:
                self.cache[(kind, key)] = found
        return found

