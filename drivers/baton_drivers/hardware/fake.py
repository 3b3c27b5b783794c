"""``fake-hardware``: Ironic's fake hardware type, for tests, demos and benchmarks.

It supports the ``fake`` implementation of every family, and the ``no-*``/``noop`` ones of
the optional families; the first listed is the default (when enabled).
"""

from __future__ import annotations

from baton.interfaces.hardware_type import HardwareType

__all__ = ["FakeHardware"]


class FakeHardware(HardwareType):
    """Every family faked; nothing reaches real hardware."""

    @property
    def supported_power_interfaces(self) -> list[str]:
        return ["fake"]

    @property
    def supported_management_interfaces(self) -> list[str]:
        return ["fake"]

    @property
    def supported_boot_interfaces(self) -> list[str]:
        return ["fake"]

    @property
    def supported_deploy_interfaces(self) -> list[str]:
        return ["fake"]

    @property
    def supported_bios_interfaces(self) -> list[str]:
        return ["fake", "no-bios"]

    @property
    def supported_console_interfaces(self) -> list[str]:
        return ["fake", "no-console"]

    @property
    def supported_firmware_interfaces(self) -> list[str]:
        return ["fake", "no-firmware"]

    @property
    def supported_inspect_interfaces(self) -> list[str]:
        return ["fake", "no-inspect"]

    @property
    def supported_network_interfaces(self) -> list[str]:
        return ["noop"]

    @property
    def supported_raid_interfaces(self) -> list[str]:
        return ["fake", "no-raid"]

    @property
    def supported_rescue_interfaces(self) -> list[str]:
        return ["fake", "no-rescue"]

    @property
    def supported_storage_interfaces(self) -> list[str]:
        return ["fake", "noop"]

    @property
    def supported_vendor_interfaces(self) -> list[str]:
        return ["fake", "no-vendor"]
