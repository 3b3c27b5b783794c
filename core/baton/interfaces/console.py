"""Console interface: serial console access."""

from __future__ import annotations

import abc
from typing import Any

from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["ConsoleInterface"]


class ConsoleInterface(BaseInterface):
    interface_type = "console"

    @abc.abstractmethod
    def start_console(self, node: NodeInfo) -> None: ...

    @abc.abstractmethod
    def stop_console(self, node: NodeInfo) -> None: ...

    @abc.abstractmethod
    def get_console(self, node: NodeInfo) -> dict[str, Any]:
        """Answer ``{"type": ..., "url": ...}`` for an enabled console."""
