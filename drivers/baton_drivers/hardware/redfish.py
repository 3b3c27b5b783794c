"""``redfish``: servers whose BMC offers a DMTF Redfish service."""

from __future__ import annotations

from baton.interfaces.hardware_type import HardwareType

__all__ = ["RedfishHardware"]


class RedfishHardware(HardwareType):
    """Power, management and virtual media boot over Redfish."""

    @property
    def supported_power_interfaces(self) -> list[str]:
        return ["redfish"]

    @property
    def supported_management_interfaces(self) -> list[str]:
        return ["redfish"]

    @property
    def supported_boot_interfaces(self) -> list[str]:
        return ["redfish-virtual-media", "fake"]
