"""Rendered nodes, kept as JSON bytes while the node's row is unchanged.

Listing nodes with ``detail`` is what Nova's resource tracker and operators' dashboards do
over and over, against nodes that rarely change. Every UPDATE of a node bumps its
``revision`` in the same statement, so a node's JSON rendered at one revision is exactly
right for as long as the revision, the microversion, the public URL and the derived fields
(conductor, chassis) stay the same. A detailed list then reads a few columns per node and
renders only the nodes that changed.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

__all__ = ["RenderCache"]


class RenderCache:
    """Node uuid -> (key, JSON bytes); the oldest entries go first beyond ``max_entries``."""

    def __init__(self, max_entries: int = 20000) -> None:
        self.max_entries = max_entries
        self._entries: dict[str, tuple[Hashable, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, uuid: str, key: Hashable) -> bytes | None:
        """The JSON of ``uuid`` rendered under ``key``; None when absent or stale."""
        entry = self._entries.get(uuid)
        if entry is None or entry[0] != key:
            return None
        return entry[1]

    def put(self, uuid: str, key: Hashable, data: bytes) -> None:
        with self._lock:
            self._entries.pop(uuid, None)
            self._entries[uuid] = (key, data)
            while len(self._entries) > self.max_entries:
                del self._entries[next(iter(self._entries))]

    def __len__(self) -> int:
        return len(self._entries)
