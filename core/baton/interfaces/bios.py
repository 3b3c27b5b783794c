"""BIOS interface: read and apply BIOS settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from baton import errors
from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["BIOSInterface"]


class BIOSInterface(BaseInterface):
    interface_type = "bios"

    def apply_configuration(self, node: NodeInfo, settings: Sequence[Mapping[str, Any]]) -> None:
        raise errors.UnsupportedDriverExtension(driver=node.driver, extension="bios")

    def factory_reset(self, node: NodeInfo) -> None:
        raise errors.UnsupportedDriverExtension(driver=node.driver, extension="bios")

    def cache_bios_settings(self, node: NodeInfo) -> dict[str, Any]:
        """Answer the node's current BIOS settings (name -> value)."""
        return {}
