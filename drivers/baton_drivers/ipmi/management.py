"""``ipmi`` management interface: boot device (and the UEFI flag), NMI, through pyghmi."""

from __future__ import annotations

from typing import Any

from oslo_config import cfg

from baton import errors
from baton.interfaces.management import ManagementInterface
from baton.interfaces.types import BootDevice, BootDeviceInfo, BootMode, NodeInfo
from baton_drivers.ipmi import conf as ipmi_conf
from baton_drivers.ipmi.client import IPMIClient
from baton_drivers.ipmi.info import PROPERTIES, parse_driver_info
from baton_drivers.ipmi.power import chassis_control

__all__ = ["IPMIManagement"]

#: Baton's boot devices and pyghmi's names for them (the IPMI boot flags' device selector).
_TO_IPMI = {BootDevice.PXE: "network", BootDevice.DISK: "hd", BootDevice.CDROM: "optical",
            BootDevice.BIOS: "setup", BootDevice.SAFE: "safe"}
_FROM_IPMI = {name: device for device, name in _TO_IPMI.items()} | {
    "floppy": BootDevice.FLOPPY}

_DIAG_INTERRUPT = 4


class IPMIManagement(ManagementInterface):
    """Boot device get/set (``persistent`` and, for UEFI nodes, the EFI boot flag), the
    boot mode the BMC reports, NMI."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        super().__init__(conf)
        self.client = IPMIClient(conf)

    @classmethod
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        ipmi_conf.register_opts(conf)

    def get_properties(self) -> dict[str, str]:
        return dict(PROPERTIES)

    def validate(self, node: NodeInfo) -> None:
        parse_driver_info(node)

    def get_supported_boot_devices(self, node: NodeInfo) -> list[str]:
        return list(_TO_IPMI)

    def set_boot_device(self, node: NodeInfo, device: str, *, persistent: bool = False) -> None:
        if device not in _TO_IPMI:
            raise errors.InvalidParameterValue(err=f"Invalid boot device {device} specified.")
        info = parse_driver_info(node)
        uefi = node.boot_mode == BootMode.UEFI

        def request(command: Any) -> Any:
            return command.set_bootdev(_TO_IPMI[device], persist=bool(persistent),
                                       uefiboot=uefi)

        result = self.client.run(node, info, f"set the boot device to {device}", request)
        if isinstance(result, dict) and "error" in result:
            raise errors.BootDeviceFailure(node=node.uuid, reason=str(result["error"]))

    def _boot_flags(self, node: NodeInfo) -> dict[str, Any]:
        info = parse_driver_info(node)
        flags: dict[str, Any] = self.client.run(node, info, "read the boot device",
                                                lambda command: command.get_bootdev())
        return flags

    def get_boot_device(self, node: NodeInfo) -> BootDeviceInfo:
        flags = self._boot_flags(node)
        device = _FROM_IPMI.get(str(flags.get("bootdev")))
        if device is None:  # "default": no override is set
            return BootDeviceInfo(boot_device=None, persistent=None)
        return BootDeviceInfo(boot_device=device, persistent=bool(flags.get("persistent")))

    def get_boot_mode(self, node: NodeInfo) -> str | None:
        """UEFI or BIOS as the boot flags say, None when no boot override is set."""
        flags = self._boot_flags(node)
        if "uefimode" not in flags:
            return None
        return BootMode.UEFI if flags["uefimode"] else BootMode.BIOS

    def inject_nmi(self, node: NodeInfo) -> None:
        info = parse_driver_info(node)
        self.client.run(node, info, "inject an NMI", chassis_control(_DIAG_INTERRUPT))
