"""Contracts of the other families: each call of the family's API succeeds with the right
shape on a node the implementation accepts, or refuses as a ``no-*`` placeholder must."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import pytest

from baton import errors
from baton.interfaces import BaseInterface
from baton.interfaces.bios import BIOSInterface
from baton.interfaces.boot import BootInterface
from baton.interfaces.console import ConsoleInterface
from baton.interfaces.deploy import DeployInterface
from baton.interfaces.firmware import FirmwareInterface
from baton.interfaces.inspect import InspectInterface
from baton.interfaces.raid import RAIDInterface
from baton.interfaces.rescue import RescueInterface
from baton.interfaces.storage import StorageInterface
from baton.interfaces.types import NodeInfo
from baton.interfaces.vendor import VendorInterface
from baton.testing.contract.base import InterfaceContract

__all__ = [
    "BiosInterfaceContract",
    "BootInterfaceContract",
    "ConsoleInterfaceContract",
    "DeployInterfaceContract",
    "FirmwareInterfaceContract",
    "InspectInterfaceContract",
    "NetworkInterfaceContract",
    "RAIDInterfaceContract",
    "RescueInterfaceContract",
    "StorageInterfaceContract",
    "UnsupportedInterfaceContract",
    "VendorInterfaceContract",
]


class BootInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "boot"

    def test_ramdisk_and_instance_cycle(self, interface: BootInterface, node: NodeInfo) -> None:
        interface.prepare_ramdisk(node, {})
        interface.clean_up_ramdisk(node)
        interface.prepare_instance(node)
        interface.clean_up_instance(node)


class DeployInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "deploy"

    def test_deploy_and_tear_down(self, interface: DeployInterface, node: NodeInfo) -> None:
        interface.prepare(node)
        result = interface.deploy(node)
        assert result is None or isinstance(result, str)
        assert isinstance(interface.tear_down(node), str)
        interface.clean_up(node)
        interface.take_over(node)


class ConsoleInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "console"

    def test_console_cycle(self, interface: ConsoleInterface, node: NodeInfo) -> None:
        interface.start_console(node)
        info = interface.get_console(node)
        assert isinstance(info, dict)
        assert {"type", "url"} <= set(info), f"console information {info}"
        interface.stop_console(node)


class RAIDInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "raid"

    def make_raid_config(self) -> Mapping[str, Any]:
        """A target RAID config the implementation accepts."""
        return {"logical_disks": [{"size_gb": 100, "raid_level": "1", "is_root_volume": True}]}

    def test_raid_config_validation(self, interface: RAIDInterface, node: NodeInfo) -> None:
        interface.validate_raid_config(node, self.make_raid_config())
        with pytest.raises(errors.InvalidParameterValue):
            interface.validate_raid_config(node, {"logical_disks": []})

    def test_logical_disk_properties(self, interface: RAIDInterface) -> None:
        properties = interface.get_logical_disk_properties()
        assert properties and all(isinstance(k, str) and isinstance(v, str)
                                  for k, v in properties.items())

    def test_create_and_delete(self, interface: RAIDInterface, node: NodeInfo) -> None:
        assert isinstance(interface.create_configuration(node), dict)
        assert isinstance(interface.delete_configuration(node), dict)


class InspectInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "inspect"

    def test_inspect_answers_properties(self, interface: InspectInterface,
                                        node: NodeInfo) -> None:
        found = interface.inspect_hardware(node)
        assert isinstance(found, dict)
        assert all(isinstance(k, str) for k in found)


class RescueInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "rescue"

    def test_rescue_and_unrescue(self, interface: RescueInterface, node: NodeInfo) -> None:
        result = interface.rescue(node, rescue_password="s3cret")
        assert result is None or isinstance(result, str)
        interface.unrescue(node)


class VendorInterfaceContract(InterfaceContract):
    """Passthru shapes are checked for every family; here: at least one method is offered."""

    family: ClassVar[str] = "vendor"

    def test_offers_passthru(self, interface: VendorInterface) -> None:
        assert interface.passthru_methods() or interface.passthru_methods(driver_level=True)


class BiosInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "bios"

    def make_settings(self) -> list[dict[str, Any]]:
        """BIOS settings the implementation accepts."""
        return [{"name": "ProcVirtualization", "value": "Enabled"}]

    def test_apply_and_cache(self, interface: BIOSInterface, node: NodeInfo) -> None:
        interface.apply_configuration(node, self.make_settings())
        assert isinstance(interface.cache_bios_settings(node), dict)
        interface.factory_reset(node)


class FirmwareInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "firmware"

    def make_settings(self) -> list[dict[str, Any]]:
        """Firmware components to update, as the implementation accepts them."""
        return [{"component": "bmc", "url": "http://127.0.0.1/bmc.bin"}]

    def test_update_and_cache(self, interface: FirmwareInterface, node: NodeInfo) -> None:
        interface.update(node, self.make_settings())
        components = interface.cache_firmware_components(node)
        assert isinstance(components, list)
        assert all(isinstance(c, dict) for c in components)


class StorageInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "storage"

    def test_attach_and_detach(self, interface: StorageInterface, node: NodeInfo) -> None:
        interface.attach_volumes(node)
        assert isinstance(interface.should_write_image(node), bool)
        interface.detach_volumes(node)


class NetworkInterfaceContract(InterfaceContract):
    family: ClassVar[str] = "network"


class UnsupportedInterfaceContract(InterfaceContract):
    """For ``no-*`` placeholders: no properties, and validation refuses every node.

    Set ``family`` as well as ``entry_point``.
    """

    expect_valid: ClassVar[bool] = False

    def test_refuses_as_unsupported(self, interface: BaseInterface, node: NodeInfo) -> None:
        assert interface.get_properties() == {}
        with pytest.raises(errors.UnsupportedDriverExtension):
            interface.validate(node)
