"""The VNF package half of the conductor RPC client (RPC API 1.2).

Mixed into :class:`baton.rpc.conductor_api.ConductorAPI`. Package work belongs to no node:
it goes to a live conductor chosen on a consistent hash ring of all live conductors, keyed
by the package id (any conductor can do it; the same package lands on the same one while
the set of conductors holds).
"""

from __future__ import annotations

from typing import Any

from baton.engine.hash_ring import ConsistentRing, HashRing

__all__ = ["VnfPackageAPI"]


class VnfPackageAPI:
    """``upload_vnf_package_content``, ``upload_vnf_package_from_uri``,
    ``delete_vnf_package``."""

    hash_ring: HashRing
    in_process: bool
    conf: Any
    _package_ring: ConsistentRing | None = None

    def call(self, topic: str | None, method: str, /, **params: Any) -> Any:
        raise NotImplementedError

    def get_topic_for_package(self, package_id: str) -> str | None:
        """The conductor serving package ``package_id`` (None in-process); NoValidHost
        when no conductor is alive."""
        if self.in_process:
            return None
        hosts = frozenset(c["hostname"] for c in self.hash_ring.live_conductors())
        ring = self._package_ring
        if ring is None or ring.hosts != hosts:
            ring = ConsistentRing(hosts, 2 ** self.conf.conductor.hash_partition_exponent)
            self._package_ring = ring
        return ring.get_host(package_id)

    def upload_vnf_package_content(self, package_id: str, content_ref: str, *,
                                   topic: str | None = None) -> None:
        self.call(topic or self.get_topic_for_package(package_id),
                  "upload_vnf_package_content", package_id=package_id,
                  content_ref=content_ref)

    def upload_vnf_package_from_uri(self, package_id: str, address: str,
                                    user_name: str | None = None,
                                    password: str | None = None, *,
                                    topic: str | None = None) -> None:
        self.call(topic or self.get_topic_for_package(package_id),
                  "upload_vnf_package_from_uri", package_id=package_id, address=address,
                  user_name=user_name, password=password)

    def delete_vnf_package(self, package_id: str, *, topic: str | None = None) -> None:
        self.call(topic or self.get_topic_for_package(package_id), "delete_vnf_package",
                  package_id=package_id)
