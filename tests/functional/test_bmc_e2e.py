"""End to end over HTTP: a real baton-server drives an IPMI node (a simulated BMC on
pyghmi's server class) and a Redfish node (sushy-tools' emulator), and the simulators'
state changes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from baton_drivers.testing.ipmi_bmc import BMCSimulator
from baton_drivers.testing.sushy import SushyEmulator
from tests.functional import daemon

HEADERS = {"X-OpenStack-Ironic-API-Version": "1.78"}


@pytest.fixture(scope="module")
def peers() -> Iterator[tuple[BMCSimulator, SushyEmulator]]:
    with BMCSimulator(2, password="e2e-ipmi-pw") as sim, \
            SushyEmulator(1, password="e2e-rf-pw") as emu:
        yield sim, emu


@pytest.fixture(scope="module")
def bmc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("baton-bmc")
    with daemon.baton_server(root, "functional-bmc", {
        "DEFAULT": {"enabled_hardware_types": "fake-hardware,ipmi,redfish",
                    "enabled_power_interfaces": "fake,ipmi,redfish",
                    "enabled_management_interfaces": "fake,ipmi,redfish",
                    "enabled_boot_interfaces": "fake,redfish-virtual-media"},
        "conductor": {"sync_power_state_interval": 0},
        "ipmi": {"command_timeout": 2, "power_state_poll_interval": 0.05},
        "redfish": {"power_state_poll_interval": 0.1, "power_state_timeout": 20},
    }) as running:
        yield running.url


def api(method: str, url: str, body: Any = None, expect: int = 200) -> Any:
    response = requests.request(method, url, json=body, headers=HEADERS, timeout=30)
    assert response.status_code == expect, response.text
    return response.json() if response.content else None


def wait_idle(server: str, uuid: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        node: dict[str, Any] = api("GET", f"{server}/v1/nodes/{uuid}")
        if node["target_power_state"] is None and node["reservation"] is None:
            return node
        assert time.monotonic() < deadline, node
        time.sleep(0.05)


def power(server: str, uuid: str, target: str) -> dict[str, Any]:
    api("PUT", f"{server}/v1/nodes/{uuid}/states/power", {"target": target}, expect=202)
    return wait_idle(server, uuid)


def exercise(server: str, driver: str, driver_info: dict[str, Any], secret: str) -> str:
    node = api("POST", f"{server}/v1/nodes", {"driver": driver, "driver_info": driver_info},
               expect=201)
    uuid = node["uuid"]
    assert secret not in str(node)
    validation = api("GET", f"{server}/v1/nodes/{uuid}/validate")
    assert validation["power"]["result"] is True, validation
    assert validation["management"]["result"] is True, validation
    assert power(server, uuid, "power on")["power_state"] == "power on"
    api("PUT", f"{server}/v1/nodes/{uuid}/management/boot_device",
        {"boot_device": "pxe", "persistent": True}, expect=204)
    assert api("GET", f"{server}/v1/nodes/{uuid}/management/boot_device") == {
        "boot_device": "pxe", "persistent": True}
    return str(uuid)


def test_ipmi_node(bmc_server: str, peers: tuple[BMCSimulator, SushyEmulator]) -> None:
    sim, _ = peers
    uuid = exercise(bmc_server, "ipmi", sim.driver_info(0), sim.password)
    state = sim.state(0)
    assert (state["power"], state["bootdev"], state["persistent"]) == ("on", "network", True)
    assert power(bmc_server, uuid, "power off")["power_state"] == "power off"
    assert sim.state(0)["power"] == "off"


def test_redfish_node(bmc_server: str, peers: tuple[BMCSimulator, SushyEmulator]) -> None:
    _, emu = peers
    uuid = exercise(bmc_server, "redfish", emu.driver_info(0), emu.password)
    system = requests.get(f"{emu.address}/redfish/v1/Systems/{emu.systems[0]}",
                          auth=(emu.username, emu.password), timeout=10).json()
    assert system["PowerState"] == "On"
    assert system["Boot"]["BootSourceOverrideTarget"] == "Pxe"
    assert power(bmc_server, uuid, "power off")["power_state"] == "power off"


def test_dead_bmc_gives_a_clear_error_and_unknown_state(
        bmc_server: str, peers: tuple[BMCSimulator, SushyEmulator]) -> None:
    sim, _ = peers
    node = api("POST", f"{bmc_server}/v1/nodes",
               {"driver": "ipmi", "driver_info": sim.driver_info(1)}, expect=201)
    assert power(bmc_server, node["uuid"], "power on")["power_state"] == "power on"
    sim.mute(1)
    after = power(bmc_server, node["uuid"], "power off")
    assert after["power_state"] is None
    assert f"ipmi://127.0.0.1:{sim.ports[1]}" in after["last_error"]
    assert sim.password not in after["last_error"]
    response = requests.get(f"{bmc_server}/v1/nodes/{node['uuid']}/management/boot_device",
                            headers=HEADERS, timeout=30)
    assert response.status_code == 500
    assert "Could not reach the BMC" in response.json()["error_message"]
