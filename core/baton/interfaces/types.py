"""Value types shared by the driver interfaces and the engine.

These are part of the public plugin API: third-party drivers import them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BootDevice",
    "BootDeviceInfo",
    "BootMode",
    "NodeInfo",
    "PowerState",
    "StepInfo",
]


class PowerState:
    """Power states as Ironic names them (and as its API shows them)."""

    ON = "power on"
    OFF = "power off"
    REBOOT = "rebooting"
    SOFT_REBOOT = "soft rebooting"
    SOFT_POWER_OFF = "soft power off"
    ERROR = "error"
    #: Stable states a BMC can report.
    STABLE = frozenset({ON, OFF})
    #: Targets a client may request on ``PUT /v1/nodes/{id}/states/power``.
    REQUESTABLE = frozenset({ON, OFF, REBOOT, SOFT_REBOOT, SOFT_POWER_OFF})


class BootDevice:
    """Boot devices as Ironic names them."""

    PXE = "pxe"
    DISK = "disk"
    CDROM = "cdrom"
    BIOS = "bios"
    SAFE = "safe"
    WANBOOT = "wanboot"
    ISCSIBOOT = "iscsiboot"
    FLOPPY = "floppy"
    UEFIHTTP = "uefihttp"
    ALL = frozenset({PXE, DISK, CDROM, BIOS, SAFE, WANBOOT, ISCSIBOOT, FLOPPY, UEFIHTTP})


class BootMode:
    UEFI = "uefi"
    BIOS = "bios"
    ALL = frozenset({UEFI, BIOS})


@dataclass(frozen=True)
class BootDeviceInfo:
    """What ``get_boot_device`` answers; ``boot_device`` is None when the BMC can't tell."""

    boot_device: str | None
    persistent: bool | None = None


@dataclass(frozen=True)
class NodeInfo:
    """What a driver sees of a node: a read-only snapshot taken under the node's lock.

    Drivers never touch the database; what they change about a node they return.
    """

    uuid: str
    driver: str
    name: str | None = None
    driver_info: Mapping[str, Any] = field(default_factory=dict)
    driver_internal_info: Mapping[str, Any] = field(default_factory=dict)
    properties: Mapping[str, Any] = field(default_factory=dict)
    instance_info: Mapping[str, Any] = field(default_factory=dict)
    power_state: str | None = None
    provision_state: str = "enroll"
    boot_mode: str | None = None
    raid_config: Mapping[str, Any] | None = None
    target_raid_config: Mapping[str, Any] | None = None

    @property
    def ident(self) -> str:
        """The name to log and show: the node's UUID."""
        return self.uuid


@dataclass(frozen=True)
class StepInfo:
    """A clean or deploy step an interface offers."""

    interface: str
    step: str
    priority: int
    argsinfo: Mapping[str, Mapping[str, Any]] | None = None
    abortable: bool = False
    requires_ramdisk: bool = True
    #: May the step run again after a conductor died half-way through it?
    safe_to_repeat: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "interface": self.interface,
            "step": self.step,
            "priority": self.priority,
            "argsinfo": dict(self.argsinfo) if self.argsinfo is not None else None,
            "abortable": self.abortable,
            "requires_ramdisk": self.requires_ramdisk,
        }
