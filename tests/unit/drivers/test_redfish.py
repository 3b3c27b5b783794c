"""The ``redfish`` hardware type against sushy-tools' emulator (fake systems driver) on
loopback, with HTTP Basic credentials."""

from __future__ import annotations

import functools
import http.server
import logging
import threading
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
from baton_drivers.redfish import conf as redfish_conf
from baton_drivers.redfish.boot import RedfishVirtualMediaBoot
from baton_drivers.redfish.info import parse_driver_info
from baton_drivers.redfish.management import RedfishManagement
from baton_drivers.redfish.power import RedfishPower
from baton_drivers.testing.sushy import SushyEmulator

EMU: SushyEmulator | None = None


@pytest.fixture(scope="module", autouse=True)
def emulator() -> Iterator[SushyEmulator]:
    global EMU
    with SushyEmulator(8, password="rf-secret") as emu:
        EMU = emu
        yield emu
        EMU = None


def redfish_conf_for(state_path: str | None = None, **redfish: Any) -> cfg.ConfigOpts:
    values = {"power_state_poll_interval": 0.1, "power_state_timeout": 20,
              "connect_timeout": 2.0, "read_timeout": 10.0, **redfish}
    return make_test_conf(state_path=state_path, register=[redfish_conf.register_opts],
                          groups={"redfish": values})


def node_on(index: int, **extra: Any) -> NodeInfo:
    assert EMU is not None
    return make_node_info(driver="redfish", driver_info=EMU.driver_info(index, **extra))


# -- public contracts ----------------------------------------------------------------------
class TestRedfishHardware(HardwareTypeContract):
    entry_point = "redfish"

    def make_conf(self, state_path: Path, **overrides: Any) -> cfg.ConfigOpts:
        families = {"enabled_power_interfaces": ["redfish"],
                    "enabled_management_interfaces": ["redfish"],
                    "enabled_boot_interfaces": ["redfish-virtual-media", "fake"]}
        return make_test_conf(state_path=str(state_path), **{**families, **overrides})


class _RedfishContract:
    index: ClassVar[int] = 0

    def make_conf(self, state_path: Path) -> cfg.ConfigOpts:
        return redfish_conf_for(str(state_path))

    def make_node(self) -> NodeInfo:
        return node_on(self.index)

    def make_invalid_node(self) -> NodeInfo | None:
        return make_node_info(driver="redfish", driver_info={"redfish_username": "x"})


class TestRedfishPowerContract(_RedfishContract, PowerInterfaceContract):
    """Each Reset lands within a second (the fast emulator): this contract does ~12."""

    entry_point = "redfish"
    index = 0


class TestRedfishManagementContract(_RedfishContract, ManagementInterfaceContract):
    entry_point = "redfish"
    index = 1

    def test_boot_device_round_trip(self, interface: Any, node: NodeInfo) -> None:
        """sushy-tools' fake driver always reports BootSourceOverrideEnabled Continuous, so
        only persistent round trips can read back as set there; and it turns UefiHttp without
        an HttpBootUri into Pxe."""
        for device in interface.get_supported_boot_devices(node):
            if device == BootDevice.UEFIHTTP:
                continue
            interface.set_boot_device(node, device, persistent=True)
            info = interface.get_boot_device(node)
            assert (info.boot_device, info.persistent) == (device, True)


# -- driver_info -------------------------------------------------------------------------
@pytest.mark.parametrize(("driver_info", "error", "names"), [
    ({}, errors.MissingParameterValue, "redfish_address"),
    ({"redfish_address": "ftp://bmc"}, errors.InvalidParameterValue, "redfish_address"),
    ({"redfish_address": "https://u:p@bmc"}, errors.InvalidParameterValue, "credentials"),
    ({"redfish_address": "bmc", "redfish_verify_ca": "/no/such/ca"},
     errors.InvalidParameterValue, "redfish_verify_ca"),
    ({"redfish_address": "bmc", "redfish_auth_type": "kerberos"},
     errors.InvalidParameterValue, "redfish_auth_type"),
])
def test_validate_names_the_bad_key(driver_info: dict[str, Any], error: type[Exception],
                                    names: str) -> None:
    with pytest.raises(error, match=names):
        RedfishPower(redfish_conf_for()).validate(
            make_node_info(driver="redfish", driver_info=driver_info))


def test_driver_info_normalised_without_secrets() -> None:
    info = parse_driver_info(make_node_info(driver_info={
        "redfish_address": "10.0.0.5:8443/", "redfish_system_id": "System 1",
        "redfish_password": "pw-secret", "redfish_verify_ca": "False"}))
    assert info.address == "https://10.0.0.5:8443"
    assert info.system_id == "/redfish/v1/Systems/System%201"
    assert info.verify_ca is False
    assert "pw-secret" not in repr(info) and "pw-secret" not in info.bmc


# -- behaviour against the emulator -------------------------------------------------------
def test_power_on_off_and_reboot_settle(emulator: SushyEmulator) -> None:
    power, node = RedfishPower(redfish_conf_for()), node_on(2)
    power.set_power_state(node, PowerState.ON)
    assert power.get_power_state(node) == PowerState.ON
    power.reboot(node)
    assert power.get_power_state(node) == PowerState.ON
    power.set_power_state(node, PowerState.SOFT_POWER_OFF)
    assert power.get_power_state(node) == PowerState.OFF


def test_system_found_without_system_id(emulator: SushyEmulator) -> None:
    """Eight systems: without redfish_system_id the BMC is ambiguous, and it says so."""
    node = make_node_info(driver="redfish", driver_info={
        **emulator.driver_info(0), "redfish_system_id": None})
    with pytest.raises(errors.InvalidParameterValue, match="manages 8 systems"):
        RedfishPower(redfish_conf_for()).get_power_state(node)


def test_boot_device_and_mode(emulator: SushyEmulator) -> None:
    management, node = RedfishManagement(redfish_conf_for()), node_on(3)
    supported = management.get_supported_boot_devices(node)
    assert {BootDevice.PXE, BootDevice.DISK, BootDevice.CDROM} <= set(supported)
    management.set_boot_device(node, BootDevice.CDROM, persistent=True)
    assert management.get_boot_device(node).boot_device == BootDevice.CDROM
    assert management.get_boot_mode(node) == BootMode.UEFI
    management.set_boot_mode(node, BootMode.BIOS)
    assert management.get_boot_mode(node) == BootMode.BIOS
    with pytest.raises(errors.InvalidParameterValue):
        management.set_boot_device(node, BootDevice.SAFE)


def test_nmi_refused_by_the_emulator_is_a_clear_error(emulator: SushyEmulator) -> None:
    with pytest.raises(errors.BMCError, match=r"failed to reset the system \(Nmi\)"):
        RedfishManagement(redfish_conf_for()).inject_nmi(node_on(4))


def test_bad_credentials_and_no_secret_in_logs(emulator: SushyEmulator,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    node = node_on(4, redfish_password="not-the-pw-77")
    with pytest.raises(errors.BMCAuthenticationError, match="refused the credentials") as exc:
        RedfishPower(redfish_conf_for()).get_power_state(node)
    assert "not-the-pw-77" not in str(exc.value)
    assert not [r for r in caplog.records
                if "not-the-pw-77" in r.getMessage() or "rf-secret" in r.getMessage()]


@pytest.mark.parametrize("auth", ["basic", "auto"])
def test_auth_types(emulator: SushyEmulator, auth: str) -> None:
    """The emulator has no session service: auto falls back to Basic."""
    node = node_on(5, redfish_auth_type=auth)
    assert RedfishPower(redfish_conf_for()).get_power_state(node) in PowerState.STABLE


def test_session_auth_without_a_session_service_fails_clearly(emulator: SushyEmulator) -> None:
    with pytest.raises(errors.DriverOperationError, match=str(emulator.port)):
        RedfishPower(redfish_conf_for()).get_power_state(
            node_on(5, redfish_auth_type="session"))


def test_dead_bmc_fails_fast() -> None:
    power = RedfishPower(redfish_conf_for(connection_attempts=1))
    node = make_node_info(driver="redfish",
                          driver_info={"redfish_address": "http://127.0.0.1:9"})
    start = time.monotonic()
    with pytest.raises(errors.BMCConnectionError, match=r"http://127\.0\.0\.1:9"):
        power.get_power_state(node)
    assert time.monotonic() - start < 5


def test_silent_bmc_hits_the_read_timeout() -> None:
    """A BMC that accepts the connection but never answers."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        power = RedfishPower(redfish_conf_for(read_timeout=0.5, connection_attempts=1))
        node = make_node_info(driver="redfish",
                              driver_info={"redfish_address": f"http://127.0.0.1:{port}"})
        start = time.monotonic()
        with pytest.raises(errors.BMCConnectionError, match="Timeout"):
            power.get_power_state(node)
        assert time.monotonic() - start < 5


@pytest.fixture
def image_server(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "deploy.iso").write_bytes(b"\0" * 4096)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/deploy.iso"
    server.shutdown()
    server.server_close()


def test_virtual_media_insert_and_eject(emulator: SushyEmulator, image_server: str) -> None:
    boot = RedfishVirtualMediaBoot(redfish_conf_for())
    management = RedfishManagement(redfish_conf_for())
    with pytest.raises(errors.MissingParameterValue, match="redfish_deploy_iso"):
        boot.validate(node_on(6))
    node = node_on(6, redfish_deploy_iso=image_server)
    boot.validate(node)
    boot.prepare_ramdisk(node, {})
    _, drive = boot.cd_drive(node)
    assert drive["Inserted"] is True and drive["Image"].endswith("deploy.iso")
    assert management.get_boot_device(node).boot_device == BootDevice.CDROM
    boot.clean_up_ramdisk(node)
    _, drive = boot.cd_drive(node)
    assert not drive["Inserted"] and not drive["Image"]
    boot.prepare_instance(node)  # no boot_iso: boot the disk
    assert management.get_boot_device(node).boot_device == BootDevice.DISK


@pytest.mark.slow
def test_stock_emulator_with_its_real_reset_delay() -> None:
    """sushy-emulator as shipped: a Reset lands 1 to 11 s later; the driver waits for it."""
    with SushyEmulator(1, fast=False) as emu:
        power = RedfishPower(redfish_conf_for(power_state_poll_interval=0.5))
        node = make_node_info(driver="redfish", driver_info=emu.driver_info(0))
        power.set_power_state(node, PowerState.ON, timeout=20)
        assert power.get_power_state(node) == PowerState.ON
