"""The ``redfish`` hardware type against DMTF's mockup of a real rack server
(``public-rackmount1``), served by :mod:`baton_drivers.testing.redfish_mockup`: sessions,
the fall back to HTTP Basic, AllowableValues, ResetType mapping and virtual media."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from oslo_config import cfg

from baton import errors
from baton.interfaces.types import BootDevice, BootMode, NodeInfo, PowerState
from baton.testing import make_node_info
from baton.testing.fixtures import make_test_conf
from baton_drivers.redfish import conf as redfish_conf
from baton_drivers.redfish.boot import RedfishVirtualMediaBoot
from baton_drivers.redfish.client import forget_connections
from baton_drivers.redfish.info import parse_driver_info
from baton_drivers.redfish.management import RedfishManagement
from baton_drivers.redfish.power import RedfishPower
from baton_drivers.testing.redfish_mockup import RedfishMockup

# ../shared beside the repository, as CI lays it out.
MOCKUP = Path(os.environ.get(
    "BATON_REDFISH_MOCKUP",
    Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "redfish-mockups"
    / "public-rackmount1"))
SYSTEM = "/redfish/v1/Systems/437XR1138R2"
RESET = f"{SYSTEM}/Actions/ComputerSystem.Reset"

pytestmark = pytest.mark.skipif(not (MOCKUP / "index.json").exists(),
                                reason=f"the DMTF mockup is not at {MOCKUP}")


def conf_for(**redfish: Any) -> cfg.ConfigOpts:
    values = {"power_state_poll_interval": 0.01, "power_state_timeout": 5,
              "connect_timeout": 2.0, "read_timeout": 5.0, **redfish}
    return make_test_conf(register=[redfish_conf.register_opts], groups={"redfish": values})


def make_peer(**options: Any) -> Iterator[RedfishMockup]:
    with RedfishMockup(MOCKUP, password="mockup-pw", **options) as peer:
        yield peer
    forget_connections()


@pytest.fixture
def peer() -> Iterator[RedfishMockup]:
    yield from make_peer()


@pytest.fixture
def sessionless() -> Iterator[RedfishMockup]:
    yield from make_peer(sessions=False)


def node_of(peer: RedfishMockup, **extra: Any) -> NodeInfo:
    return make_node_info(driver="redfish", driver_info=peer.driver_info(**extra))


def resets(peer: RedfishMockup) -> list[str]:
    return [body["ResetType"] for path, body in peer.actions if path == RESET]


# -- authentication ---------------------------------------------------------------------------
def test_a_session_is_made_and_used(peer: RedfishMockup) -> None:
    power, node = RedfishPower(conf_for()), node_of(peer)
    assert power.get_power_state(node) == PowerState.ON  # the mockup's system is On
    power.get_power_state(node)
    logins = [r for r in peer.requests if r[:2] == ("POST", "/redfish/v1/SessionService/Sessions")]
    assert len(logins) == 1  # one login, reused
    reads = [auth for method, path, auth in peer.requests if path == SYSTEM]
    assert reads == ["session", "session"]
    assert len(peer.tokens) == 1


def test_refused_sessions_fall_back_to_basic(sessionless: RedfishMockup) -> None:
    power, node = RedfishPower(conf_for()), node_of(sessionless)
    assert power.get_power_state(node) == PowerState.ON
    assert [auth for _, path, auth in sessionless.requests if path == SYSTEM] == ["basic"]
    assert not sessionless.tokens


def test_session_only_fails_clearly_when_refused(sessionless: RedfishMockup) -> None:
    node = node_of(sessionless, redfish_auth_type="session")
    with pytest.raises(errors.DriverOperationError, match=sessionless.address):
        RedfishPower(conf_for()).get_power_state(node)


def test_wrong_password_names_the_bmc(peer: RedfishMockup) -> None:
    node = node_of(peer, redfish_password="not-the-pw")
    with pytest.raises(errors.BMCAuthenticationError, match=peer.address) as exc:
        RedfishPower(conf_for()).get_power_state(node)
    assert "not-the-pw" not in str(exc.value)


def test_an_expired_session_logs_in_again(peer: RedfishMockup) -> None:
    power, node = RedfishPower(conf_for()), node_of(peer)
    power.get_power_state(node)
    peer.tokens.clear()  # the BMC forgot the session
    assert power.get_power_state(node) == PowerState.ON
    assert len(peer.tokens) == 1


# -- boot override ----------------------------------------------------------------------------
def test_boot_devices_come_from_allowable_values(peer: RedfishMockup) -> None:
    management, node = RedfishManagement(conf_for()), node_of(peer)
    # Pxe, Cd, Hdd, BiosSetup of the mockup's list; Usb, Diags, SDCard... have no Baton name
    assert management.get_supported_boot_devices(node) == [
        BootDevice.PXE, BootDevice.CDROM, BootDevice.DISK, BootDevice.BIOS]
    info = management.get_boot_device(node)  # the mockup: Pxe, Once
    assert (info.boot_device, info.persistent) == (BootDevice.PXE, False)
    management.set_boot_device(node, BootDevice.DISK, persistent=True)
    boot = peer.get(SYSTEM)["Boot"]
    assert (boot["BootSourceOverrideTarget"], boot["BootSourceOverrideEnabled"]) == (
        "Hdd", "Continuous")
    info = management.get_boot_device(node)
    assert (info.boot_device, info.persistent) == (BootDevice.DISK, True)
    patches = len([r for r in peer.requests if r[0] == "PATCH"])
    with pytest.raises(errors.InvalidParameterValue, match="floppy"):
        management.set_boot_device(node, BootDevice.FLOPPY)
    assert len([r for r in peer.requests if r[0] == "PATCH"]) == patches  # never sent


def test_boot_mode(peer: RedfishMockup) -> None:
    management, node = RedfishManagement(conf_for()), node_of(peer)
    assert management.get_boot_mode(node) == BootMode.UEFI
    assert set(management.get_supported_boot_modes(node)) == {BootMode.UEFI, BootMode.BIOS}
    management.set_boot_mode(node, BootMode.BIOS)
    assert peer.get(SYSTEM)["Boot"]["BootSourceOverrideMode"] == "Legacy"


def test_the_bmc_refusing_a_value_is_a_bmc_error(peer: RedfishMockup) -> None:
    """A value outside AllowableValues, sent anyway: the BMC's message comes back."""
    management, node = RedfishManagement(conf_for()), node_of(peer)
    with pytest.raises(errors.BMCError, match="not in the list of acceptable values"):
        management.client.request(node, parse_driver_info(node), "patch", SYSTEM,
                                  body={"Boot": {"BootSourceOverrideTarget": "Floppy"}},
                                  action="set floppy")


# -- power --------------------------------------------------------------------------------------
def test_reset_types_map_as_ironic(peer: RedfishMockup) -> None:
    power, node = RedfishPower(conf_for()), node_of(peer)
    power.set_power_state(node, PowerState.OFF)
    assert peer.get(SYSTEM)["PowerState"] == "Off"
    power.set_power_state(node, PowerState.REBOOT)  # off: a restart is just "On"
    power.set_power_state(node, PowerState.REBOOT)
    power.set_power_state(node, PowerState.SOFT_REBOOT)
    power.set_power_state(node, PowerState.SOFT_POWER_OFF)
    power.set_power_state(node, PowerState.ON)
    RedfishManagement(conf_for()).inject_nmi(node)
    assert resets(peer) == ["ForceOff", "On", "ForceRestart", "GracefulRestart",
                            "GracefulShutdown", "On", "Nmi"]
    assert peer.get(SYSTEM)["PowerState"] == "On"


def test_a_reset_type_the_bmc_does_not_allow_is_refused_before_sending(
        peer: RedfishMockup) -> None:
    action = peer.resources[SYSTEM]["Actions"]["#ComputerSystem.Reset"]
    action["ResetType@Redfish.AllowableValues"] = ["On", "ForceOff"]
    with pytest.raises(errors.UnsupportedDriverExtension, match="On, ForceOff"):
        RedfishPower(conf_for()).set_power_state(node_of(peer), PowerState.SOFT_REBOOT)
    assert resets(peer) == []


# -- virtual media ----------------------------------------------------------------------------
def test_virtual_media_of_the_system(peer: RedfishMockup) -> None:
    """The mockup keeps VirtualMedia under the system; its CD1 holds an image already."""
    boot = RedfishVirtualMediaBoot(conf_for())
    node = node_of(peer, redfish_deploy_iso="http://images.example.org/deploy.iso")
    boot.prepare_ramdisk(node, {})
    cd = peer.get(f"{SYSTEM}/VirtualMedia/CD1")
    assert (cd["Image"], cd["Inserted"]) == ("http://images.example.org/deploy.iso", True)
    assert [path.rsplit(".", 1)[1] for path, _ in peer.actions] == ["EjectMedia",
                                                                     "InsertMedia"]
    assert peer.get(SYSTEM)["Boot"]["BootSourceOverrideTarget"] == "Cd"
    floppy = peer.get(f"{SYSTEM}/VirtualMedia/Floppy1")
    assert floppy["Image"] == "https://www.dmtf.org/freeImages/Sardine.img"  # untouched
    boot.clean_up_ramdisk(node)
    assert peer.get(f"{SYSTEM}/VirtualMedia/CD1")["Inserted"] is False


def test_virtual_media_through_the_manager(peer: RedfishMockup) -> None:
    peer.move_virtual_media_to_manager()
    boot = RedfishVirtualMediaBoot(conf_for())
    node = make_node_info(driver="redfish", driver_info=peer.driver_info(),
                          instance_info={"boot_iso": "http://images.example.org/boot.iso"})
    boot.prepare_instance(node)
    cd = peer.get("/redfish/v1/Managers/BMC/VirtualMedia/CD1")
    assert (cd["Image"], cd["Inserted"]) == ("http://images.example.org/boot.iso", True)
    assert all(path.startswith("/redfish/v1/Managers/BMC/VirtualMedia/CD1/Actions/")
               for path, _ in peer.actions)
    boot_flags = peer.get(SYSTEM)["Boot"]
    assert (boot_flags["BootSourceOverrideTarget"],
            boot_flags["BootSourceOverrideEnabled"]) == ("Cd", "Continuous")
    boot.prepare_instance(node)  # the same image again: nothing to do
    assert len(peer.actions) == 2
