"""Baton's own fakes and placeholders keep the public driver contracts."""

from __future__ import annotations

from typing import ClassVar

from oslo_config import cfg

from baton.interfaces import BaseInterface
from baton.interfaces.types import NodeInfo
from baton.testing import make_node_info
from baton.testing.contract import (
    BiosInterfaceContract,
    BootInterfaceContract,
    ConsoleInterfaceContract,
    DeployInterfaceContract,
    FirmwareInterfaceContract,
    HardwareTypeContract,
    InspectInterfaceContract,
    InterfaceContract,
    ManagementInterfaceContract,
    NetworkInterfaceContract,
    PowerInterfaceContract,
    RAIDInterfaceContract,
    RescueInterfaceContract,
    StorageInterfaceContract,
    UnsupportedInterfaceContract,
    VendorInterfaceContract,
)
from baton_drivers.interfaces import fake


class TestFakeHardware(HardwareTypeContract):
    entry_point = "fake-hardware"


class TestFakePower(PowerInterfaceContract):
    entry_point = "fake"


class TestFakePowerFromRecordedState(PowerInterfaceContract):
    """A node first seen powered on reads as on, then follows what is set."""

    entry_point = "fake"

    def make_node(self) -> NodeInfo:
        return make_node_info(power_state="power on")


class TestFakeManagement(ManagementInterfaceContract):
    entry_point = "fake"


class TestFakeBoot(BootInterfaceContract):
    entry_point = "fake"


class TestFakeDeploy(DeployInterfaceContract):
    entry_point = "fake"


class TestFakeConsole(ConsoleInterfaceContract):
    entry_point = "fake"


class TestFakeRAID(RAIDInterfaceContract):
    entry_point = "fake"


class TestFakeInspect(InspectInterfaceContract):
    entry_point = "fake"


class TestFakeRescue(RescueInterfaceContract):
    entry_point = "fake"


class TestFakeVendor(VendorInterfaceContract):
    entry_point = "fake"


class TestFakeBios(BiosInterfaceContract):
    entry_point = "fake"


class TestFakeFirmware(FirmwareInterfaceContract):
    entry_point = "fake"


class TestFakeStorage(StorageInterfaceContract):
    entry_point = "fake"


class TestNoopStorage(StorageInterfaceContract):
    entry_point = "noop"


class TestNoopNetwork(NetworkInterfaceContract):
    entry_point = "noop"


class TestNoBios(UnsupportedInterfaceContract):
    family: ClassVar[str] = "bios"
    entry_point = "no-bios"


class TestNoConsole(UnsupportedInterfaceContract):
    family: ClassVar[str] = "console"
    entry_point = "no-console"


class TestNoFirmware(UnsupportedInterfaceContract):
    family: ClassVar[str] = "firmware"
    entry_point = "no-firmware"


class TestNoInspect(UnsupportedInterfaceContract):
    family: ClassVar[str] = "inspect"
    entry_point = "no-inspect"


class TestNoRAID(UnsupportedInterfaceContract):
    family: ClassVar[str] = "raid"
    entry_point = "no-raid"


class TestNoRescue(UnsupportedInterfaceContract):
    family: ClassVar[str] = "rescue"
    entry_point = "no-rescue"


class TestNoVendor(UnsupportedInterfaceContract):
    family: ClassVar[str] = "vendor"
    entry_point = "no-vendor"


class TestGenericContractOnFakePower(InterfaceContract):
    """The family-agnostic base works on its own, with make_interface overridden."""

    family: ClassVar[str] = "power"
    entry_point = "fake"

    def make_interface(self, conf: cfg.ConfigOpts) -> BaseInterface:
        return fake.FakePower(conf)
