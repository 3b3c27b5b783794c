"""The ``ipmi`` hardware type against simulated BMCs built on pyghmi's server class, and the
same simulator checked with Debian's ipmitool (so it speaks real IPMI, not pyghmi-to-pyghmi)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from oslo_config import cfg

from baton import errors
from baton.interfaces.types import BootDevice, BootMode, NodeInfo, PowerState
from baton.testing import make_node_info
from baton.testing.contract import (
    HardwareTypeContract,
    ManagementInterfaceContract,
    PowerInterfaceContract,
)
from baton.testing.fixtures import make_test_conf
from baton_drivers.ipmi import conf as ipmi_conf
from baton_drivers.ipmi.info import parse_driver_info
from baton_drivers.ipmi.management import IPMIManagement
from baton_drivers.ipmi.power import IPMIPower
from baton_drivers.testing.ipmi_bmc import BMCSimulator

#: BMC indexes: the contracts take 0-3, the tests below one each from 4 on.
BMC_COUNT = 14
SIM: BMCSimulator | None = None


@pytest.fixture(scope="module", autouse=True)
def sim() -> Iterator[BMCSimulator]:
    global SIM
    with BMCSimulator(BMC_COUNT, password="s3cret-pw") as simulator:
        SIM = simulator
        yield simulator
        SIM = None


def ipmi_conf_for(state_path: str | None = None, **ipmi: Any) -> cfg.ConfigOpts:
    values = {"power_state_poll_interval": 0.02, "command_timeout": 5.0, **ipmi}
    return make_test_conf(state_path=state_path, register=[ipmi_conf.register_opts],
                          groups={"ipmi": values})


def node_on(index: int, **fields: Any) -> NodeInfo:
    assert SIM is not None
    return make_node_info(driver="ipmi", driver_info=SIM.driver_info(index), **fields)


# -- public contracts ------------------------------------------------------------------------
class TestIPMIHardware(HardwareTypeContract):
    entry_point = "ipmi"

    def make_conf(self, state_path: Path, **overrides: Any) -> cfg.ConfigOpts:
        families = {"enabled_power_interfaces": ["ipmi"],
                    "enabled_management_interfaces": ["ipmi"]}
        return make_test_conf(state_path=str(state_path), **{**families, **overrides})


class _IPMIContract:
    index: ClassVar[int] = 0

    def make_conf(self, state_path: Path) -> cfg.ConfigOpts:
        return ipmi_conf_for(str(state_path))

    def make_node(self) -> NodeInfo:
        return node_on(self.index)

    def make_invalid_node(self) -> NodeInfo | None:
        return make_node_info(driver="ipmi", driver_info={"ipmi_port": 623})


class TestIPMIPowerContract(_IPMIContract, PowerInterfaceContract):
    entry_point = "ipmi"
    index = 0


class TestIPMIManagementContract(_IPMIContract, ManagementInterfaceContract):
    entry_point = "ipmi"
    index = 1


# -- driver_info -----------------------------------------------------------------------------
@pytest.mark.parametrize(("driver_info", "error", "names"), [
    ({}, errors.MissingParameterValue, "ipmi_address"),
    ({"ipmi_address": "10.0.0.1", "ipmi_port": "x"}, errors.InvalidParameterValue, "ipmi_port"),
    ({"ipmi_address": "10.0.0.1", "ipmi_port": 70000}, errors.InvalidParameterValue,
     "ipmi_port"),
    ({"ipmi_address": "not an address!"}, errors.InvalidParameterValue, "ipmi_address"),
    ({"ipmi_address": "10.0.0.1", "ipmi_priv_level": "ROOT"}, errors.InvalidParameterValue,
     "ipmi_priv_level"),
    ({"ipmi_address": "10.0.0.1", "ipmi_protocol_version": "1.5"},
     errors.InvalidParameterValue, "ipmi_protocol_version"),
    ({"ipmi_address": "10.0.0.1", "ipmi_username": "u" * 17}, errors.InvalidParameterValue,
     "ipmi_username"),
])
def test_validate_names_the_bad_key(driver_info: dict[str, Any], error: type[Exception],
                                    names: str) -> None:
    power = IPMIPower(ipmi_conf_for())
    with pytest.raises(error, match=names):
        power.validate(make_node_info(driver="ipmi", driver_info=driver_info))


def test_driver_info_defaults_and_secret_free_repr() -> None:
    info = parse_driver_info(make_node_info(driver_info={
        "ipmi_address": "bmc-1.example.org", "ipmi_password": "hunter2",
        "ipmi_priv_level": "operator", "ipmi_kg_key": "kgsecret"}))
    assert (info.address, info.port, info.privilege, info.bmc) == (
        "bmc-1.example.org", 623, 3, "ipmi://bmc-1.example.org:623")
    assert "hunter2" not in repr(info) and "kgsecret" not in repr(info)
    assert info.credentials == (b"", b"hunter2", b"kgsecret", 3)


def test_properties_list_required_address() -> None:
    properties = IPMIManagement(ipmi_conf_for()).get_properties()
    assert properties["ipmi_address"].endswith("Required.")
    assert {"ipmi_port", "ipmi_username", "ipmi_password"} <= set(properties)


# -- behaviour against the simulator --------------------------------------------------------
def test_power_changes_reach_the_bmc(sim: BMCSimulator) -> None:
    power, node = IPMIPower(ipmi_conf_for()), node_on(4)
    power.set_power_state(node, PowerState.ON)
    assert sim.state(4)["power"] == "on"
    sim.set(4, power="off")  # someone pressed the button
    assert power.get_power_state(node) == PowerState.OFF
    power.reboot(node)
    assert sim.state(4)["power"] == "on"
    power.set_power_state(node, PowerState.SOFT_POWER_OFF, timeout=5)
    assert sim.state(4)["power"] == "off"
    power.set_power_state(node, PowerState.SOFT_REBOOT, timeout=5)
    assert sim.state(4)["power"] == "on"


def test_session_is_reused(sim: BMCSimulator) -> None:
    power, node = IPMIPower(ipmi_conf_for()), node_on(5)
    power.get_power_state(node)
    before = sim.state(5)
    for _ in range(3):
        power.get_power_state(node)
    after = sim.state(5)
    assert after["logins"] == before["logins"] == 1
    assert after["commands"] - before["commands"] == 3  # one Get Chassis Status each


def test_boot_device_persistent_and_uefi(sim: BMCSimulator) -> None:
    management = IPMIManagement(ipmi_conf_for())
    node = node_on(6, boot_mode=BootMode.UEFI)
    management.set_boot_device(node, BootDevice.CDROM, persistent=True)
    state = sim.state(6)
    assert (state["bootdev"], state["persistent"], state["uefi"]) == ("optical", True, True)
    info = management.get_boot_device(node)
    assert (info.boot_device, info.persistent) == (BootDevice.CDROM, True)
    assert management.get_boot_mode(node) == BootMode.UEFI
    management.set_boot_device(node_on(6), BootDevice.PXE, persistent=False)
    assert management.get_boot_mode(node) == BootMode.BIOS
    assert management.get_boot_device(node).persistent is False


def test_inject_nmi(sim: BMCSimulator) -> None:
    management = IPMIManagement(ipmi_conf_for())
    before = sim.state(7)["nmi"]
    management.inject_nmi(node_on(7))
    assert sim.state(7)["nmi"] == before + 1


def test_dead_bmc_fails_within_the_timeout(sim: BMCSimulator) -> None:
    node = node_on(8)
    IPMIPower(ipmi_conf_for()).get_power_state(node)  # a session, then the BMC dies
    power = IPMIPower(ipmi_conf_for(command_timeout=1.0))
    sim.mute(8)
    try:
        start = time.monotonic()
        with pytest.raises(errors.BMCConnectionError, match=r"ipmi://127\.0\.0\.1:\d+.*1 s"):
            power.get_power_state(node)
        assert time.monotonic() - start < 5  # not pyghmi's own ~30 s
        with pytest.raises(errors.BMCConnectionError):
            power.set_power_state(node, PowerState.ON)
    finally:
        sim.mute(8, muted=False)


def test_nobody_listening_is_unreachable() -> None:
    power = IPMIPower(ipmi_conf_for(command_timeout=0.5))
    node = make_node_info(driver="ipmi", driver_info={"ipmi_address": "127.0.0.1",
                                                      "ipmi_port": 9, "ipmi_password": "x"})
    with pytest.raises(errors.BMCConnectionError, match="no answer within 0.5 s"):
        power.get_power_state(node)


def test_bad_password_is_refused_clearly_and_never_logged(
        sim: BMCSimulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    power = IPMIPower(ipmi_conf_for())
    node = make_node_info(driver="ipmi",
                          driver_info={**sim.driver_info(9), "ipmi_password": "wrong-pw-42"})
    with pytest.raises(errors.BMCAuthenticationError, match="refused the credentials") as exc:
        power.get_power_state(node)
    assert "wrong-pw-42" not in str(exc.value)
    assert power.get_power_state(node_on(9)) in PowerState.STABLE  # the right one works
    assert not [r for r in caplog.records
                if "wrong-pw-42" in r.getMessage() or "s3cret-pw" in r.getMessage()]


def test_lost_packets_are_retried(sim: BMCSimulator) -> None:
    power, node = IPMIPower(ipmi_conf_for()), node_on(10)
    power.set_power_state(node, PowerState.ON)
    sim.drop(10, count=1)
    assert power.get_power_state(node) == PowerState.ON


def test_timeout_waiting_for_the_state(sim: BMCSimulator) -> None:
    """A BMC that acknowledges but never gets there: PowerStateFailure after the timeout."""
    power, node = IPMIPower(ipmi_conf_for()), node_on(11)
    power.set_power_state(node, PowerState.ON)
    sim.mute(11)  # the answer to the state read never comes: a clear failure, fast
    try:
        with pytest.raises(errors.DriverOperationError):
            IPMIPower(ipmi_conf_for(command_timeout=0.3)).set_power_state(
                node, PowerState.OFF, timeout=1)
    finally:
        sim.mute(11, muted=False)


# -- a third-party peer: Debian's ipmitool ------------------------------------------------
def ipmitool(sim: BMCSimulator, index: int, *args: str) -> str:
    command = ["ipmitool", "-I", "lanplus", "-C", "3", "-H", sim.address, "-p",
               str(sim.ports[index]), "-U", sim.username, "-P", sim.password, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    return done.stdout


@pytest.mark.skipif(shutil.which("ipmitool") is None, reason="ipmitool is not installed")
def test_ipmitool_and_baton_see_the_same_bmc(sim: BMCSimulator) -> None:
    power, management = IPMIPower(ipmi_conf_for()), IPMIManagement(ipmi_conf_for())
    node = node_on(12)
    assert "Chassis Power is off" in ipmitool(sim, 12, "power", "status")
    ipmitool(sim, 12, "power", "on")
    assert power.get_power_state(node) == PowerState.ON
    power.set_power_state(node, PowerState.OFF)
    assert "Chassis Power is off" in ipmitool(sim, 12, "power", "status")
    ipmitool(sim, 12, "chassis", "bootdev", "pxe", "options=persistent")
    info = management.get_boot_device(node)
    assert (info.boot_device, info.persistent) == (BootDevice.PXE, True)
    management.set_boot_device(node, BootDevice.DISK)
    assert "Force Boot from default Hard-Drive" in ipmitool(sim, 12, "chassis", "bootparam",
                                                            "get", "5")
