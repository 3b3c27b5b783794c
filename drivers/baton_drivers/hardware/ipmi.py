"""``ipmi``: any server whose BMC speaks IPMI 2.0 over the LAN (RMCP+), through pyghmi."""

from __future__ import annotations

from baton.interfaces.hardware_type import HardwareType

__all__ = ["IPMIHardware"]


class IPMIHardware(HardwareType):
    """Power and management over IPMI; the other families keep their defaults."""

    @property
    def supported_power_interfaces(self) -> list[str]:
        return ["ipmi"]

    @property
    def supported_management_interfaces(self) -> list[str]:
        return ["ipmi"]
