"""Firmware interface: update firmware components."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from baton import errors
from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["FirmwareInterface"]


class FirmwareInterface(BaseInterface):
    interface_type = "firmware"

    def update(self, node: NodeInfo, settings: Sequence[Mapping[str, Any]]) -> None:
        raise errors.UnsupportedDriverExtension(driver=node.driver, extension="firmware")

    def cache_firmware_components(self, node: NodeInfo) -> list[dict[str, Any]]:
        return []
