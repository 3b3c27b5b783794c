"""Baton's public plugin API: one ABC module per driver family, plus shared value types.

``BAREMETAL_FAMILIES`` maps each bare-metal interface family to its ABC; the loader reads
implementations of family ``f`` from the entry-point namespace ``baton.hardware.interfaces.f``
and hardware types from ``baton.hardware.types``. ``NFV_FAMILIES`` likewise, from
``baton.nfv.<family>``.
"""

from __future__ import annotations

from baton.interfaces.base import BaseInterface
from baton.interfaces.bios import BIOSInterface
from baton.interfaces.boot import BootInterface
from baton.interfaces.console import ConsoleInterface
from baton.interfaces.deploy import DeployInterface
from baton.interfaces.firmware import FirmwareInterface
from baton.interfaces.hardware_type import HardwareType
from baton.interfaces.inspect import InspectInterface
from baton.interfaces.management import ManagementInterface
from baton.interfaces.network import NetworkInterface
from baton.interfaces.nfv import (
    CoordinationDriver,
    InfraDriver,
    MgmtDriver,
    MonitorDriver,
    NfvDriver,
    VimDriver,
)
from baton.interfaces.package_store import PackageStore
from baton.interfaces.power import PowerInterface
from baton.interfaces.raid import RAIDInterface
from baton.interfaces.rescue import RescueInterface
from baton.interfaces.storage import StorageInterface
from baton.interfaces.vendor import VendorInterface

__all__ = [
    "BAREMETAL_FAMILIES",
    "HARDWARE_TYPES_NAMESPACE",
    "NFV_FAMILIES",
    "BaseInterface",
    "HardwareType",
    "PackageStore",
    "interface_namespace",
    "nfv_namespace",
]

BAREMETAL_FAMILIES: dict[str, type[BaseInterface]] = {
    "bios": BIOSInterface,
    "boot": BootInterface,
    "console": ConsoleInterface,
    "deploy": DeployInterface,
    "firmware": FirmwareInterface,
    "inspect": InspectInterface,
    "management": ManagementInterface,
    "network": NetworkInterface,
    "power": PowerInterface,
    "raid": RAIDInterface,
    "rescue": RescueInterface,
    "storage": StorageInterface,
    "vendor": VendorInterface,
}

NFV_FAMILIES: dict[str, type[NfvDriver]] = {
    "infra": InfraDriver,
    "vim": VimDriver,
    "mgmt": MgmtDriver,
    "monitor": MonitorDriver,
    "coordination": CoordinationDriver,
    "package_store": PackageStore,
}

HARDWARE_TYPES_NAMESPACE = "baton.hardware.types"


def interface_namespace(family: str) -> str:
    """The entry-point namespace of a bare-metal interface family."""
    return f"baton.hardware.interfaces.{family}"


def nfv_namespace(family: str) -> str:
    """The entry-point namespace of an NFV driver family."""
    return f"baton.nfv.{family}"
