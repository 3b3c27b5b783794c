"""Which conductor serves which node: a consistent hash ring per hardware type.

Every live conductor (one that heartbeated within ``[conductor] heartbeat_timeout``) places
``2 ** hash_partition_exponent`` points on the ring of each hardware type it loaded, within
its conductor group. A node belongs to the conductor owning the first point at or after the
hash of the node's UUID, so a conductor joining or leaving moves only about ``1/n`` of the
nodes. The topic of a conductor is its hostname.

The rings are rebuilt from the ``conductors`` table at most every
``hash_ring_reset_interval`` seconds, and once more at once when a lookup misses (a
conductor may just have joined), as Ironic does.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import ConductorRepository

__all__ = ["ConsistentRing", "HashRing"]

LOG = logging.getLogger(__name__)


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.md5(key.encode(), usedforsecurity=False).digest()[:8], "big")


class ConsistentRing:
    """One consistent hash ring over ``hosts``, ``partitions`` points per host."""

    def __init__(self, hosts: Iterable[str], partitions: int) -> None:
        self.hosts = frozenset(hosts)
        points = sorted(
            (_hash(f"{host}-{index}"), host)
            for host in self.hosts
            for index in range(partitions)
        )
        self._keys = [key for key, _ in points]
        self._hosts = [host for _, host in points]

    def get_host(self, key: str) -> str:
        """The host owning ``key`` (e.g. a node UUID)."""
        if not self._keys:
            raise errors.NoValidHost(reason="the hash ring is empty")
        index = bisect.bisect(self._keys, _hash(key)) % len(self._keys)
        return self._hosts[index]


def _ring_key(conductor_group: str, hardware_type: str) -> str:
    return f"{conductor_group}:{hardware_type}"


class HashRing:
    """The rings of every hardware type, built from the live conductors.

    :param conf: reads ``[conductor] heartbeat_timeout``, ``hash_ring_reset_interval`` and
        ``hash_partition_exponent``.
    :param db: the database holding the ``conductors`` table.
    """

    def __init__(self, conf: cfg.ConfigOpts, db: Database) -> None:
        self.conf = conf
        self._conductors = ConductorRepository(db)
        self._lock = threading.Lock()
        self._rings: dict[str, ConsistentRing] = {}
        self._by_driver: dict[str, frozenset[str]] = {}
        self._alive: dict[str, dict[str, Any]] = {}
        self._built_at: float | None = None
        # Read once: oslo.config attribute access costs microseconds, and lookups are hot.
        self._reset_interval: float = conf.conductor.hash_ring_reset_interval

    # -- cache -------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget the cached rings: the next lookup rebuilds them."""
        with self._lock:
            self._built_at = None

    def _fresh(self) -> bool:
        built = self._built_at
        return built is not None and (
            time.monotonic() - built < self._reset_interval)

    def _ensure(self, *, force: bool = False) -> None:
        if not force and self._fresh():
            return
        with self._lock:
            if not force and self._fresh():
                return
            self._build()

    def _build(self) -> None:
        alive = self._conductors.list_alive(self.conf.conductor.heartbeat_timeout)
        partitions = 2 ** self.conf.conductor.hash_partition_exponent
        members: dict[str, set[str]] = {}
        by_driver: dict[str, set[str]] = {}
        for conductor in alive:
            host = conductor["hostname"]
            group = conductor.get("conductor_group") or ""
            for hardware_type in conductor.get("drivers") or {}:
                members.setdefault(_ring_key(group, hardware_type), set()).add(host)
                by_driver.setdefault(hardware_type, set()).add(host)
        self._rings = {key: ConsistentRing(hosts, partitions) for key, hosts in members.items()}
        self._by_driver = {name: frozenset(hosts) for name, hosts in by_driver.items()}
        self._alive = {c["hostname"]: dict(c) for c in alive}
        self._built_at = time.monotonic()
        LOG.debug("Hash rings rebuilt: %s", ", ".join(sorted(self._rings)) or "<none>")

    # -- lookups -----------------------------------------------------------------------
    def _lookup_ring(self, driver: str, conductor_group: str) -> ConsistentRing | None:
        self._ensure()
        ring = self._rings.get(_ring_key(conductor_group, driver))
        if ring is None:
            # A conductor may have joined since the rings were built: look once more.
            self._ensure(force=True)
            ring = self._rings.get(_ring_key(conductor_group, driver))
        return ring

    def get_host_for(self, node: Mapping[str, Any]) -> str:
        """The hostname of the conductor owning ``node`` (a node dict).

        :raises NoValidHost: no live conductor serves the node's hardware type in its
            conductor group.
        """
        driver = node["driver"]
        group = node.get("conductor_group") or ""
        ring = self._lookup_ring(driver, group)
        if ring is None:
            raise errors.NoValidHost(
                reason=(f"No conductor service registered which supports driver {driver} "
                        f"for conductor group \"{group}\"."))
        return ring.get_host(node["uuid"])

    def host_lookup(self) -> Callable[[Mapping[str, Any]], str | None]:
        """A node-to-hostname function over one snapshot of the rings, for a whole list.

        It answers None for a node no live conductor serves, and never rebuilds the rings:
        a 1000-node list costs one freshness check, not a thousand.
        """
        self._ensure()
        rings = self._rings

        def lookup(node: Mapping[str, Any]) -> str | None:
            ring = rings.get(_ring_key(node.get("conductor_group") or "", node["driver"]))
            return None if ring is None or not ring.hosts else ring.get_host(node["uuid"])

        return lookup

    def get_topic_for(self, node: Mapping[str, Any]) -> str:
        """The RPC topic (conductor hostname) for ``node``; see :meth:`get_host_for`."""
        return self.get_host_for(node)

    def get_topic_for_driver(self, driver: str) -> str:
        """A live conductor (at random) that loaded hardware type ``driver``, any group.

        :raises DriverNotFound: no live conductor loaded it (Ironic answers 404 here).
        """
        self._ensure()
        hosts = self._by_driver.get(driver)
        if not hosts:
            self._ensure(force=True)
            hosts = self._by_driver.get(driver)
        if not hosts:
            raise errors.DriverNotFound(driver_name=driver)
        return random.choice(sorted(hosts))

    def get_conductor(self, hostname: str) -> dict[str, Any]:
        """The live conductor row of ``hostname`` (rpc_address, rpc_version, drivers...).

        :raises NoValidHost: it is not alive (any more).
        """
        self._ensure()
        row = self._alive.get(hostname)
        if row is None:
            self._ensure(force=True)
            row = self._alive.get(hostname)
        if row is None:
            raise errors.NoValidHost(reason=f"conductor {hostname} is not alive")
        return row

    def live_conductors(self) -> list[dict[str, Any]]:
        """The live conductors the rings were built from."""
        self._ensure()
        return list(self._alive.values())

    def drivers(self) -> dict[str, frozenset[str]]:
        """Hardware types served by live conductors, with the hostnames serving each."""
        self._ensure()
        return dict(self._by_driver)
