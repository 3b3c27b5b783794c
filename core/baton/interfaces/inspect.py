"""Inspect interface: discover a node's hardware properties."""

from __future__ import annotations

import abc
from typing import Any

from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["InspectInterface"]


class InspectInterface(BaseInterface):
    interface_type = "inspect"

    @abc.abstractmethod
    def inspect_hardware(self, node: NodeInfo) -> dict[str, Any]:
        """Inspect; answer the properties found (merged into ``node.properties``)."""
