"""``redfish-virtual-media`` boot interface: an ISO in the BMC's virtual CD drive.

The drive is found through the system's managers (``Links.ManagedBy`` -> Manager ->
``VirtualMedia``), else the system's own ``VirtualMedia`` (as sushy-tools serves it): the
first member whose ``MediaTypes`` include CD or DVD. Images go in with
``VirtualMedia.InsertMedia`` and out with ``VirtualMedia.EjectMedia``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.interfaces.boot import BootInterface
from baton.interfaces.types import BootDevice, NodeInfo
from baton_drivers.redfish import conf as redfish_conf
from baton_drivers.redfish.client import RedfishClient
from baton_drivers.redfish.info import PROPERTIES, RedfishInfo, parse_driver_info
from baton_drivers.redfish.management import RedfishManagement

__all__ = ["RedfishVirtualMediaBoot"]

_CD_TYPES = {"CD", "DVD"}


class RedfishVirtualMediaBoot(BootInterface):
    """Boots the deploy ISO (``redfish_deploy_iso``) for the ramdisk and, when the
    instance has one (``instance_info.boot_iso``), its ISO; otherwise the disk."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        super().__init__(conf)
        self.client = RedfishClient(conf)
        self.management = RedfishManagement(conf)

    @classmethod
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        redfish_conf.register_opts(conf)

    def get_properties(self) -> dict[str, str]:
        return {**PROPERTIES,
                "redfish_deploy_iso": "URL of the ISO image the node boots to run the "
                                      "deploy ramdisk. Required."}

    def validate(self, node: NodeInfo) -> None:
        parse_driver_info(node)
        iso = node.driver_info.get("redfish_deploy_iso")
        if not iso:
            raise errors.MissingParameterValue(
                err=f"Node {node.uuid} is missing redfish_deploy_iso in its driver_info.")
        if not isinstance(iso, str) or not iso.startswith(("http://", "https://")):
            raise errors.InvalidParameterValue(
                err=f"redfish_deploy_iso must be an http(s) URL, got {iso!r}.")

    # -- the virtual CD drive --------------------------------------------------------------
    def _collections(self, node: NodeInfo, info: RedfishInfo) -> list[str]:
        _, system = self.client.system(node, info, action="find its virtual media")
        found = []
        for link in system.get("Links", {}).get("ManagedBy", []):
            manager = self.client.get(node, info, link["@odata.id"], action="read a manager")
            if "VirtualMedia" in manager:
                found.append(manager["VirtualMedia"]["@odata.id"])
        if "VirtualMedia" in system:
            found.append(system["VirtualMedia"]["@odata.id"])
        return found

    def cd_drive(self, node: NodeInfo) -> tuple[RedfishInfo, dict[str, Any]]:
        """The first virtual media device that takes CDs or DVDs."""
        info = parse_driver_info(node)
        for collection in self._collections(node, info):
            listing = self.client.get(node, info, collection, action="list virtual media")
            for member in listing.get("Members", []):
                device = self.client.get(node, info, member["@odata.id"],
                                         action="read a virtual media device")
                if _CD_TYPES & set(device.get("MediaTypes") or []):
                    return info, device
        raise errors.UnsupportedDriverExtension(
            driver=node.driver, extension=f"virtual CD media (none found at {info.bmc})")

    @staticmethod
    def _action(device: Mapping[str, Any], name: str) -> str:
        action = device.get("Actions", {}).get(f"#VirtualMedia.{name}", {})
        return str(action.get("target") or f"{device['@odata.id']}/Actions/VirtualMedia.{name}")

    def eject(self, node: NodeInfo) -> None:
        """Eject whatever is in the virtual CD drive (nothing to do when it is empty)."""
        info, device = self.cd_drive(node)
        if device.get("Inserted") or device.get("Image"):
            self.client.request(node, info, "post", self._action(device, "EjectMedia"),
                                body={}, action="eject virtual media")

    def insert(self, node: NodeInfo, image: str) -> None:
        """Put ``image`` (a URL the BMC downloads) in the virtual CD drive."""
        info, device = self.cd_drive(node)
        if device.get("Inserted") or device.get("Image"):
            if device.get("Image") == image:
                return
            self.client.request(node, info, "post", self._action(device, "EjectMedia"),
                                body={}, action="eject virtual media")
        self.client.request(node, info, "post", self._action(device, "InsertMedia"),
                            body={"Image": image, "Inserted": True, "WriteProtected": True},
                            action="insert virtual media")

    # -- the boot interface ----------------------------------------------------------------
    def prepare_ramdisk(self, node: NodeInfo, ramdisk_params: Mapping[str, Any]) -> None:
        self.validate(node)
        self.insert(node, str(node.driver_info["redfish_deploy_iso"]))
        self.management.set_boot_device(node, BootDevice.CDROM, persistent=False)

    def clean_up_ramdisk(self, node: NodeInfo) -> None:
        self.eject(node)

    def prepare_instance(self, node: NodeInfo) -> None:
        iso = node.instance_info.get("boot_iso")
        if iso:
            self.insert(node, str(iso))
            self.management.set_boot_device(node, BootDevice.CDROM, persistent=True)
        else:
            self.eject(node)
            self.management.set_boot_device(node, BootDevice.DISK, persistent=True)

    def clean_up_instance(self, node: NodeInfo) -> None:
        self.eject(node)
