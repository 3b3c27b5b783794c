"""The ``ipmi-socat`` console: a node's TCP console port bridged to Serial-over-LAN, proven
against Debian's OpenIPMI ``ipmi_sim`` (a third-party BMC) whose SOL device the test holds."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from oslo_config import cfg

from baton import errors
from baton.testing import make_node_info
from baton.testing.fixtures import make_test_conf
from baton_drivers.hardware.ipmi import IPMIHardware
from baton_drivers.ipmi import conf as ipmi_conf
from baton_drivers.ipmi.client import forget_sessions
from baton_drivers.ipmi.console import IPMISocatConsole, stop_all_consoles
from baton_drivers.testing.ipmi_sim import IPMISim

needs_ipmi_sim = pytest.mark.skipif(not IPMISim.available(),
                                    reason="ipmi_sim (Debian package openipmi) is not installed")


def free_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def console_conf(**ipmi: Any) -> cfg.ConfigOpts:
    values = {"command_timeout": 5.0, **ipmi}
    return make_test_conf(register=[ipmi_conf.register_opts], groups={"ipmi": values})


@pytest.fixture(autouse=True)
def _no_console_left() -> Iterator[None]:
    yield
    stop_all_consoles()


@pytest.fixture(scope="module")
def bmc() -> Iterator[IPMISim]:
    if not IPMISim.available():
        pytest.skip("ipmi_sim (Debian package openipmi) is not installed")
    with IPMISim(password="sol-secret") as sim:
        yield sim
    forget_sessions()


def node_for(sim: IPMISim, port: int, **extra: Any) -> Any:
    return make_node_info(driver="ipmi",
                          driver_info=sim.driver_info(ipmi_terminal_port=port, **extra))


def read_until(conn: socket.socket, until: bytes, timeout: float = 5.0) -> bytes:
    deadline, got = time.monotonic() + timeout, b""
    while until not in got:
        conn.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = conn.recv(4096)
        except TimeoutError:
            chunk = None
        if chunk == b"" or time.monotonic() > deadline:
            raise AssertionError(f"console gave {got!r}, not {until!r}")
        got += chunk or b""
    return got


# -- no network ---------------------------------------------------------------------------
def test_hardware_type_offers_the_console_after_no_console() -> None:
    assert IPMIHardware().supported_console_interfaces == ["no-console", "ipmi-socat"]


def test_validate_needs_the_terminal_port() -> None:
    console = IPMISocatConsole(console_conf())
    node = make_node_info(driver="ipmi", driver_info={"ipmi_address": "10.0.0.1"})
    with pytest.raises(errors.MissingParameterValue, match="ipmi_terminal_port"):
        console.validate(node)
    with pytest.raises(errors.InvalidParameterValue, match="ipmi_terminal_port"):
        console.validate(make_node_info(driver="ipmi", driver_info={
            "ipmi_address": "10.0.0.1", "ipmi_terminal_port": 0}))
    assert "ipmi_terminal_port" in console.get_properties()


@pytest.mark.parametrize(("address", "url"), [
    ("127.0.0.1", "tcp://127.0.0.1:8023"), ("::1", "tcp://[::1]:8023"),
    ("console.example.org", "tcp://console.example.org:8023")])
def test_get_console_answers_a_socat_url(address: str, url: str) -> None:
    console = IPMISocatConsole(console_conf(socat_address=address))
    node = make_node_info(driver="ipmi", driver_info={"ipmi_address": "10.0.0.1",
                                                      "ipmi_terminal_port": 8023})
    assert console.get_console(node) == {"type": "socat", "url": url}


def test_dead_bmc_fails_the_start_naming_it() -> None:
    console = IPMISocatConsole(console_conf(command_timeout=0.5))
    node = make_node_info(driver="ipmi", driver_info={
        "ipmi_address": "127.0.0.1", "ipmi_port": 9, "ipmi_password": "x",
        "ipmi_terminal_port": free_tcp_port()})
    with pytest.raises(errors.BMCConnectionError, match=r"ipmi://127\.0\.0\.1:9"):
        console.start_console(node)


# -- against ipmi_sim -----------------------------------------------------------------------
@needs_ipmi_sim
def test_bytes_flow_both_ways_through_the_console_port(bmc: IPMISim) -> None:
    console, port = IPMISocatConsole(console_conf()), free_tcp_port()
    node = node_for(bmc, port)
    console.start_console(node)
    console.start_console(node)  # already serving: nothing changes
    assert console.get_console(node) == {"type": "socat", "url": f"tcp://127.0.0.1:{port}"}
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(b"root\r\n")  # typed at the console ...
        assert bmc.serial_read(b"root\r\n").endswith(b"root\r\n")  # ... reaches the node
        bmc.serial_write(b"Password: ")  # the node's output ...
        assert read_until(client, b"Password: ").endswith(b"Password: ")  # ... comes back
        client.sendall(b"x" * 3000 + b"\n")  # more than one SOL packet
        assert bmc.serial_read(b"\n").count(b"x") == 3000

        with socket.create_connection(("127.0.0.1", port), timeout=5) as second:
            assert b"in use by another client" in read_until(second, b"client.")

        console.stop_console(node)
        client.settimeout(5)
        assert client.recv(4096) == b""  # the bridge closed the client
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    console.stop_console(node)  # stopping a stopped console is fine


@needs_ipmi_sim
def test_a_new_client_gets_a_new_sol_session(bmc: IPMISim) -> None:
    console, port = IPMISocatConsole(console_conf()), free_tcp_port()
    node = node_for(bmc, port)
    console.start_console(node)
    for word in (b"first\n", b"second\n"):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            client.sendall(word)
            assert bmc.serial_read(word).endswith(word)


@needs_ipmi_sim
def test_port_in_use_fails_the_start(bmc: IPMISim) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        console = IPMISocatConsole(console_conf())
        with pytest.raises(errors.DriverOperationError,
                           match=rf"127\.0\.0\.1:{port} .*ipmi://127\.0\.0\.1:{bmc.port}"):
            console.start_console(node_for(bmc, port))


@needs_ipmi_sim
def test_bad_password_fails_the_start_naming_the_bmc(bmc: IPMISim) -> None:
    console = IPMISocatConsole(console_conf())
    node = node_for(bmc, free_tcp_port(), ipmi_password="wrong-pw-77")
    with pytest.raises(errors.BMCAuthenticationError, match=rf":{bmc.port}") as exc:
        console.start_console(node)
    assert "wrong-pw-77" not in str(exc.value)
