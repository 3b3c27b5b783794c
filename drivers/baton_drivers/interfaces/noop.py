"""Placeholder implementations for optional families (Ironic's ``no-*`` and ``noop``).

The ``no-*`` ones fail validation and every user-visible action with
:class:`baton.errors.UnsupportedDriverExtension`, so ``GET /v1/nodes/{id}/validate`` reports
the family as unsupported. ``noop`` network and storage succeed doing nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NoReturn

from baton import errors
from baton.interfaces.bios import BIOSInterface
from baton.interfaces.console import ConsoleInterface
from baton.interfaces.firmware import FirmwareInterface
from baton.interfaces.inspect import InspectInterface
from baton.interfaces.network import NetworkInterface
from baton.interfaces.raid import RAIDInterface
from baton.interfaces.rescue import RescueInterface
from baton.interfaces.storage import StorageInterface
from baton.interfaces.types import NodeInfo
from baton.interfaces.vendor import VendorInterface

__all__ = [
    "NoBios",
    "NoConsole",
    "NoFirmware",
    "NoInspect",
    "NoRAID",
    "NoRescue",
    "NoVendor",
    "NoopNetwork",
    "NoopStorage",
]


class _Unsupported:
    """No properties; validation and actions raise UnsupportedDriverExtension."""

    interface_type: str

    def get_properties(self) -> dict[str, str]:
        return {}

    def _fail(self, node: NodeInfo) -> NoReturn:
        raise errors.UnsupportedDriverExtension(driver=node.driver,
                                                extension=self.interface_type)

    def validate(self, node: NodeInfo) -> None:
        self._fail(node)


class NoBios(_Unsupported, BIOSInterface):
    def apply_configuration(self, node: NodeInfo, settings: Sequence[Mapping[str, Any]]) -> None:
        self._fail(node)

    def factory_reset(self, node: NodeInfo) -> None:
        self._fail(node)

    def cache_bios_settings(self, node: NodeInfo) -> dict[str, Any]:
        return {}


class NoConsole(_Unsupported, ConsoleInterface):
    def start_console(self, node: NodeInfo) -> None:
        self._fail(node)

    def stop_console(self, node: NodeInfo) -> None:
        self._fail(node)

    def get_console(self, node: NodeInfo) -> dict[str, Any]:
        self._fail(node)


class NoFirmware(_Unsupported, FirmwareInterface):
    def update(self, node: NodeInfo, settings: Sequence[Mapping[str, Any]]) -> None:
        self._fail(node)

    def cache_firmware_components(self, node: NodeInfo) -> list[dict[str, Any]]:
        return []


class NoInspect(_Unsupported, InspectInterface):
    def inspect_hardware(self, node: NodeInfo) -> dict[str, Any]:
        self._fail(node)


class NoRAID(_Unsupported, RAIDInterface):
    def create_configuration(self, node: NodeInfo, *, create_root_volume: bool = True,
                             create_nonroot_volumes: bool = True) -> dict[str, Any]:
        self._fail(node)

    def delete_configuration(self, node: NodeInfo) -> dict[str, Any]:
        self._fail(node)

    def validate_raid_config(self, node: NodeInfo, raid_config: Mapping[str, Any]) -> None:
        self._fail(node)


class NoRescue(_Unsupported, RescueInterface):
    def rescue(self, node: NodeInfo, *, rescue_password: str) -> str | None:
        self._fail(node)

    def unrescue(self, node: NodeInfo) -> None:
        self._fail(node)


class NoVendor(_Unsupported, VendorInterface):
    """Offers no passthru methods."""


class NoopNetwork(NetworkInterface):
    """Does nothing, successfully (the networking is someone else's business)."""

    def get_properties(self) -> dict[str, str]:
        return {}

    def validate(self, node: NodeInfo) -> None:
        """Any node will do."""


class NoopStorage(StorageInterface):
    """No remote volumes: nothing to attach, the image is written locally."""

    def get_properties(self) -> dict[str, str]:
        return {}

    def validate(self, node: NodeInfo) -> None:
        """Any node will do."""
