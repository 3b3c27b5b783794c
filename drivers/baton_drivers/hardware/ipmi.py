"""``ipmi``: any server whose BMC speaks IPMI 2.0 over the LAN (RMCP+), through pyghmi."""

from __future__ import annotations

from baton.interfaces.hardware_type import HardwareType

__all__ = ["IPMIHardware"]


class IPMIHardware(HardwareType):
    """Power, management and the serial console (``ipmi-socat``) over IPMI; the other
    families keep their defaults."""

    @property
    def supported_power_interfaces(self) -> list[str]:
        return ["ipmi"]

    @property
    def supported_management_interfaces(self) -> list[str]:
        return ["ipmi"]

    @property
    def supported_console_interfaces(self) -> list[str]:
        return ["no-console", "ipmi-socat"]
