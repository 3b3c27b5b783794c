"""Hardware types: which interface implementations a kind of hardware can use.

A hardware type composes nothing itself: it lists, per interface family, the names of the
implementations it supports (entry-point names), the first being the default. The engine
intersects that with what the operator enabled (``enabled_<family>_interfaces``).
"""

from __future__ import annotations

import abc
from typing import ClassVar

__all__ = ["HardwareType"]


class HardwareType(abc.ABC):
    """Subclass and list supported implementations; required families are abstract."""

    #: Set to False for hardware types not meant for production.
    supported: ClassVar[bool] = True

    @property
    @abc.abstractmethod
    def supported_power_interfaces(self) -> list[str]: ...

    @property
    @abc.abstractmethod
    def supported_management_interfaces(self) -> list[str]: ...

    @property
    def supported_boot_interfaces(self) -> list[str]:
        return ["fake"]

    @property
    def supported_deploy_interfaces(self) -> list[str]:
        return ["fake"]

    @property
    def supported_bios_interfaces(self) -> list[str]:
        return ["no-bios"]

    @property
    def supported_console_interfaces(self) -> list[str]:
        return ["no-console"]

    @property
    def supported_firmware_interfaces(self) -> list[str]:
        return ["no-firmware"]

    @property
    def supported_inspect_interfaces(self) -> list[str]:
        return ["no-inspect"]

    @property
    def supported_network_interfaces(self) -> list[str]:
        return ["noop"]

    @property
    def supported_raid_interfaces(self) -> list[str]:
        return ["no-raid"]

    @property
    def supported_rescue_interfaces(self) -> list[str]:
        return ["no-rescue"]

    @property
    def supported_storage_interfaces(self) -> list[str]:
        return ["noop"]

    @property
    def supported_vendor_interfaces(self) -> list[str]:
        return ["no-vendor"]

    def supported_interfaces(self, family: str) -> list[str]:
        """Supported implementation names for ``family``, default first."""
        value: list[str] = getattr(self, f"supported_{family}_interfaces")
        return list(value)
