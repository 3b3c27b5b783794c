"""Management interface: boot device, boot mode, NMI, sensors."""

from __future__ import annotations

import abc
from typing import Any

from baton import errors
from baton.interfaces.base import BaseInterface
from baton.interfaces.types import BootDeviceInfo, NodeInfo

__all__ = ["ManagementInterface"]


class ManagementInterface(BaseInterface):
    interface_type = "management"

    @abc.abstractmethod
    def get_supported_boot_devices(self, node: NodeInfo) -> list[str]:
        """The :class:`BootDevice` values this node's BMC can boot from."""

    @abc.abstractmethod
    def set_boot_device(self, node: NodeInfo, device: str, *, persistent: bool = False) -> None:
        """Set the next (or every, with ``persistent``) boot to ``device``."""

    @abc.abstractmethod
    def get_boot_device(self, node: NodeInfo) -> BootDeviceInfo:
        """The boot device the BMC reports, and whether it is persistent."""

    def get_supported_boot_modes(self, node: NodeInfo) -> list[str]:
        """Boot modes the node supports; empty when the BMC does not say."""
        return []

    def set_boot_mode(self, node: NodeInfo, mode: str) -> None:
        raise errors.UnsupportedDriverExtension(driver=node.driver, extension="set_boot_mode")

    def get_boot_mode(self, node: NodeInfo) -> str | None:
        """The boot mode the BMC reports, or None when it can't tell."""
        return None

    def inject_nmi(self, node: NodeInfo) -> None:
        raise errors.UnsupportedDriverExtension(driver=node.driver, extension="inject_nmi")

    def get_sensors_data(self, node: NodeInfo) -> dict[str, Any]:
        raise errors.UnsupportedDriverExtension(driver=node.driver, extension="get_sensors_data")
