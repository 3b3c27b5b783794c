"""The management interface contract: boot devices and boot modes read back as set."""

from __future__ import annotations

from typing import ClassVar

import pytest

from baton import errors
from baton.interfaces.management import ManagementInterface
from baton.interfaces.types import BootDevice, BootDeviceInfo, BootMode, NodeInfo
from baton.testing.contract.base import InterfaceContract

__all__ = ["ManagementInterfaceContract"]


class ManagementInterfaceContract(InterfaceContract):
    """Sets each supported boot device, persistent or not, and reads it back.

    A BMC that cannot tell persistence may answer ``persistent=None``.
    """

    family: ClassVar[str] = "management"

    def test_supported_boot_devices(self, interface: ManagementInterface,
                                    node: NodeInfo) -> None:
        devices = interface.get_supported_boot_devices(node)
        assert devices, "no supported boot device"
        assert set(devices) <= BootDevice.ALL
        assert len(devices) == len(set(devices))

    def test_boot_device_round_trip(self, interface: ManagementInterface,
                                    node: NodeInfo) -> None:
        for device in interface.get_supported_boot_devices(node):
            for persistent in (True, False):
                interface.set_boot_device(node, device, persistent=persistent)
                info = interface.get_boot_device(node)
                assert isinstance(info, BootDeviceInfo)
                assert info.boot_device == device
                assert info.persistent in (persistent, None)

    def test_get_boot_device_shape(self, interface: ManagementInterface, node: NodeInfo) -> None:
        info = interface.get_boot_device(node)
        assert isinstance(info, BootDeviceInfo)
        assert info.boot_device is None or info.boot_device in BootDevice.ALL
        assert info.persistent in (True, False, None)

    def test_unsupported_boot_device_is_refused(self, interface: ManagementInterface,
                                                node: NodeInfo) -> None:
        unsupported = sorted(BootDevice.ALL - set(interface.get_supported_boot_devices(node)))
        with pytest.raises(errors.InvalidParameterValue):
            interface.set_boot_device(node, unsupported[0] if unsupported else "carrier-pigeon")

    def test_boot_modes(self, interface: ManagementInterface, node: NodeInfo) -> None:
        modes = interface.get_supported_boot_modes(node)
        assert set(modes) <= BootMode.ALL
        for mode in modes:
            try:
                interface.set_boot_mode(node, mode)
            except errors.UnsupportedDriverExtension:
                pytest.skip("boot modes are reported but can't be set")
            assert interface.get_boot_mode(node) in (mode, None)
        current = interface.get_boot_mode(node)
        assert current is None or current in BootMode.ALL
