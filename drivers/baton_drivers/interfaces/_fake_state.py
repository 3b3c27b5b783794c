"""What the fake interfaces remember about each node, for the life of the process.

Interface instances are shared and stateless, as every driver's must be; the fakes keep their
simulated hardware here, keyed by node UUID, so that a power state set through one instance
is read back through another (a new task, a new registry) in the same process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from baton.interfaces.types import BootDevice, BootDeviceInfo

__all__ = ["FakeNode", "forget", "node_state", "reset"]


@dataclass
class FakeNode:
    """The simulated hardware of one node."""

    power_state: str | None = None
    boot_device: BootDeviceInfo = field(
        default_factory=lambda: BootDeviceInfo(boot_device=BootDevice.PXE, persistent=False))
    boot_mode: str | None = None
    console_enabled: bool = False
    bios_settings: dict[str, Any] = field(default_factory=dict)
    firmware_components: list[dict[str, Any]] = field(default_factory=list)
    raid_config: dict[str, Any] = field(default_factory=dict)
    nmi_count: int = 0


_LOCK = threading.Lock()
_NODES: dict[str, FakeNode] = {}


def node_state(node_uuid: str) -> FakeNode:
    """The simulated hardware of ``node_uuid`` (created on first use)."""
    with _LOCK:
        state = _NODES.get(node_uuid)
        if state is None:
            state = _NODES[node_uuid] = FakeNode()
        return state


def forget(node_uuid: str) -> None:
    """Drop what is remembered about one node."""
    with _LOCK:
        _NODES.pop(node_uuid, None)


def reset() -> None:
    """Forget every node (tests)."""
    with _LOCK:
        _NODES.clear()
