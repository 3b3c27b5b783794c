"""Rescue interface: boot a rescue ramdisk on a deployed node, and come back."""

from __future__ import annotations

import abc

from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["RescueInterface"]


class RescueInterface(BaseInterface):
    interface_type = "rescue"

    @abc.abstractmethod
    def rescue(self, node: NodeInfo, *, rescue_password: str) -> str | None:
        """Boot the rescue ramdisk; answer None when done, or a wait state."""

    @abc.abstractmethod
    def unrescue(self, node: NodeInfo) -> None:
        """Boot the instance again."""
