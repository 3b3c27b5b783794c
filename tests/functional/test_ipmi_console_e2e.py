"""End to end over HTTP: a real baton-server enables an ``ipmi`` node's ``ipmi-socat``
console, and bytes typed at the console URL it answers reach the serial port of Debian's
``ipmi_sim`` (and back)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from baton_drivers.testing.ipmi_sim import IPMISim
from tests.functional import daemon

HEADERS = {"X-OpenStack-Ironic-API-Version": "1.78"}

pytestmark = pytest.mark.skipif(not IPMISim.available(),
                                reason="ipmi_sim (Debian package openipmi) is not installed")


@pytest.fixture(scope="module")
def sim() -> Iterator[IPMISim]:
    with IPMISim(password="e2e-sol-pw") as bmc:
        yield bmc


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("baton-console")
    with daemon.baton_server(root, "functional-console", {
        "DEFAULT": {"enabled_hardware_types": "ipmi",
                    "enabled_power_interfaces": "ipmi",
                    "enabled_management_interfaces": "ipmi",
                    "enabled_console_interfaces": "no-console,ipmi-socat"},
        "conductor": {"sync_power_state_interval": 0},
        "ipmi": {"command_timeout": 5, "socat_address": "127.0.0.1"},
    }) as running:
        yield running.url


def api(method: str, url: str, body: Any = None, expect: int = 200) -> Any:
    response = requests.request(method, url, json=body, headers=HEADERS, timeout=30)
    assert response.status_code == expect, response.text
    return response.json() if response.content else None


def wait_console(server: str, uuid: str, enabled: bool) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while True:
        node: dict[str, Any] = api("GET", f"{server}/v1/nodes/{uuid}")
        if node["console_enabled"] is enabled and node["reservation"] is None:
            return node
        assert time.monotonic() < deadline, node
        time.sleep(0.05)


def test_console_over_the_api(server: str, sim: IPMISim) -> None:
    terminal = daemon.free_port()
    node = api("POST", f"{server}/v1/nodes", {
        "driver": "ipmi", "console_interface": "ipmi-socat",
        "driver_info": sim.driver_info(ipmi_terminal_port=terminal)}, expect=201)
    assert api("GET", f"{server}/v1/nodes/{node['uuid']}/validate")["console"]["result"]
    api("PUT", f"{server}/v1/nodes/{node['uuid']}/states/console", {"enabled": True},
        expect=202)
    wait_console(server, node["uuid"], True)
    info = api("GET", f"{server}/v1/nodes/{node['uuid']}/states/console")
    assert info == {"console_enabled": True, "console_info": {
        "type": "socat", "url": f"tcp://127.0.0.1:{terminal}"}}
    with socket.create_connection(("127.0.0.1", terminal), timeout=10) as client:
        client.sendall(b"through the API\r\n")
        assert sim.serial_read(b"through the API\r\n").endswith(b"through the API\r\n")
        sim.serial_write(b"login: ")
        got = b""
        while b"login: " not in got:
            chunk = client.recv(4096)
            assert chunk, got
            got += chunk
    api("PUT", f"{server}/v1/nodes/{node['uuid']}/states/console", {"enabled": False},
        expect=202)
    wait_console(server, node["uuid"], False)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", terminal), timeout=2).close()
