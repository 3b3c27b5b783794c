"""Power interface: read and change a node's power state."""

from __future__ import annotations

import abc

from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo, PowerState

__all__ = ["PowerInterface"]


class PowerInterface(BaseInterface):
    interface_type = "power"

    @abc.abstractmethod
    def get_power_state(self, node: NodeInfo) -> str:
        """Ask the hardware; answer a :class:`PowerState` value (``ERROR`` if unknown)."""

    @abc.abstractmethod
    def set_power_state(self, node: NodeInfo, power_state: str, *,
                        timeout: int | None = None) -> None:
        """Move the node to ``power_state`` and wait (up to ``timeout`` s) until it is there."""

    @abc.abstractmethod
    def reboot(self, node: NodeInfo, *, timeout: int | None = None) -> None:
        """Power cycle the node; it ends powered on."""

    def get_supported_power_states(self, node: NodeInfo) -> list[str]:
        """Targets ``set_power_state`` accepts; soft states only where implemented."""
        return [PowerState.ON, PowerState.OFF, PowerState.REBOOT]
