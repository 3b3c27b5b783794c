"""``redfish`` management interface: Boot.BootSourceOverride*, boot mode, NMI."""

from __future__ import annotations

from oslo_config import cfg

from baton import errors
from baton.interfaces.management import ManagementInterface
from baton.interfaces.types import BootDevice, BootDeviceInfo, BootMode, NodeInfo
from baton_drivers.redfish import conf as redfish_conf
from baton_drivers.redfish.client import RedfishClient
from baton_drivers.redfish.info import PROPERTIES, parse_driver_info
from baton_drivers.redfish.power import reset_system

__all__ = ["RedfishManagement"]

_TO_TARGET = {BootDevice.PXE: "Pxe", BootDevice.DISK: "Hdd", BootDevice.CDROM: "Cd",
              BootDevice.BIOS: "BiosSetup", BootDevice.FLOPPY: "Floppy",
              BootDevice.UEFIHTTP: "UefiHttp"}
_FROM_TARGET = {target: device for device, target in _TO_TARGET.items()}
#: What a BMC that lists no AllowableValues is assumed to take.
_DEFAULT_DEVICES = [BootDevice.PXE, BootDevice.DISK, BootDevice.CDROM, BootDevice.BIOS]
_TO_MODE = {BootMode.UEFI: "UEFI", BootMode.BIOS: "Legacy"}
_FROM_MODE = {mode: name for name, mode in _TO_MODE.items()}


class RedfishManagement(ManagementInterface):
    """Boot device and mode through the system's ``Boot`` object, NMI through Reset."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        super().__init__(conf)
        self.client = RedfishClient(conf)

    @classmethod
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        redfish_conf.register_opts(conf)

    def get_properties(self) -> dict[str, str]:
        return dict(PROPERTIES)

    def validate(self, node: NodeInfo) -> None:
        parse_driver_info(node)

    def _boot(self, node: NodeInfo, action: str) -> tuple[str, dict[str, object]]:
        path, system = self.client.system(node, parse_driver_info(node), action=action)
        boot = system.get("Boot")
        return path, dict(boot) if isinstance(boot, dict) else {}

    def get_supported_boot_devices(self, node: NodeInfo) -> list[str]:
        _, boot = self._boot(node, "read the supported boot devices")
        allowed = boot.get("BootSourceOverrideTarget@Redfish.AllowableValues")
        if not isinstance(allowed, list):
            return list(_DEFAULT_DEVICES)
        return [_FROM_TARGET[v] for v in allowed if v in _FROM_TARGET]

    def set_boot_device(self, node: NodeInfo, device: str, *, persistent: bool = False) -> None:
        if device not in self.get_supported_boot_devices(node):
            raise errors.InvalidParameterValue(err=f"Invalid boot device {device} specified.")
        info = parse_driver_info(node)
        path = self.client.system_path(node, info)
        body = {"Boot": {"BootSourceOverrideTarget": _TO_TARGET[device],
                         "BootSourceOverrideEnabled": "Continuous" if persistent else "Once"}}
        self.client.request(node, info, "patch", path, body=body,
                            action=f"set the boot device to {device}")

    def get_boot_device(self, node: NodeInfo) -> BootDeviceInfo:
        _, boot = self._boot(node, "read the boot device")
        enabled = boot.get("BootSourceOverrideEnabled")
        device = _FROM_TARGET.get(str(boot.get("BootSourceOverrideTarget")))
        if device is None or enabled == "Disabled":
            return BootDeviceInfo(boot_device=None, persistent=None)
        persistent = {"Continuous": True, "Once": False}.get(str(enabled))
        return BootDeviceInfo(boot_device=device, persistent=persistent)

    def get_supported_boot_modes(self, node: NodeInfo) -> list[str]:
        _, boot = self._boot(node, "read the supported boot modes")
        allowed = boot.get("BootSourceOverrideMode@Redfish.AllowableValues")
        if isinstance(allowed, list):
            return [_FROM_MODE[v] for v in allowed if v in _FROM_MODE]
        return [BootMode.BIOS, BootMode.UEFI] if "BootSourceOverrideMode" in boot else []

    def set_boot_mode(self, node: NodeInfo, mode: str) -> None:
        if mode not in self.get_supported_boot_modes(node):
            raise errors.InvalidParameterValue(err=f"Invalid boot mode {mode} specified.")
        info = parse_driver_info(node)
        path = self.client.system_path(node, info)
        self.client.request(node, info, "patch", path,
                            body={"Boot": {"BootSourceOverrideMode": _TO_MODE[mode]}},
                            action=f"set the boot mode to {mode}")

    def get_boot_mode(self, node: NodeInfo) -> str | None:
        _, boot = self._boot(node, "read the boot mode")
        return _FROM_MODE.get(str(boot.get("BootSourceOverrideMode")))

    def inject_nmi(self, node: NodeInfo) -> None:
        info = parse_driver_info(node)
        path, system = self.client.system(node, info, action="inject an NMI")
        reset_system(self.client, node, info, path, system, "nmi")
