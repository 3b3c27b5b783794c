"""Debian's OpenIPMI BMC simulator (``ipmi_sim``, package ``openipmi``) on loopback, with a
serial port the test holds: a third-party IPMI 2.0 peer for Serial-over-LAN.

The simulator listens on a free UDP port of 127.0.0.1 and its SOL device is
``tcp:127.0.0.1:<port>`` (``man 5 ipmi_lan``): a TCP listener in this process that
``ipmi_sim`` connects to, standing for the node's serial port. :meth:`IPMISim.serial_write`
sends bytes as the node's serial output; :meth:`IPMISim.serial_read` reads what an SOL client
typed. ``IPMISim.available()`` is False when ``ipmi_sim`` is not installed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["IPMISim"]

_LAN_CONF = """\
name "baton-test"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 {port}
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789abcdef
  endlan
  sol "tcp:127.0.0.1:{serial_port}" 115200
  user 1 true  ""  "unused-pw" user 10 none md2 md5 straight
  user 2 true  "{username}" "{password}" admin 10 none md2 md5 straight
"""
_EMU = """\
mc_setbmc 0x20
mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
mc_enable 0x20
"""


def _free_port(kind: socket.SocketKind) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class IPMISim:
    """A context manager running one ``ipmi_sim`` BMC; ``port`` is its UDP port."""

    def __init__(self, *, username: str = "admin", password: str = "password") -> None:
        self.username = username
        self.password = password
        self.address = "127.0.0.1"
        self.port = 0
        self._dir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._listener: socket.socket | None = None
        self._serial: socket.socket | None = None
        self._connected = threading.Condition()

    @staticmethod
    def available() -> bool:
        return shutil.which("ipmi_sim") is not None

    def driver_info(self, **extra: Any) -> dict[str, Any]:
        return {"ipmi_address": self.address, "ipmi_port": self.port,
                "ipmi_username": self.username, "ipmi_password": self.password, **extra}

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> IPMISim:
        self._dir = Path(tempfile.mkdtemp(prefix="baton-ipmisim-"))
        self._listener = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self._accept, daemon=True, name="ipmi-sim-serial").start()
        self.port = _free_port(socket.SOCK_DGRAM)
        (self._dir / "lan.conf").write_text(_LAN_CONF.format(
            port=self.port, serial_port=self._listener.getsockname()[1],
            username=self.username, password=self.password))
        (self._dir / "emu.cmd").write_text(_EMU)
        (self._dir / "state").mkdir()
        log = open(self._dir / "ipmi_sim.log", "wb")
        self._proc = subprocess.Popen(
            ["ipmi_sim", "-n", "-c", str(self._dir / "lan.conf"), "-f",
             str(self._dir / "emu.cmd"), "-s", str(self._dir / "state")],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self._wait_serial(10.0)
        return self

    def _accept(self) -> None:
        listener = self._listener
        while listener is not None:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with self._connected:
                if self._serial is not None:
                    self._serial.close()
                self._serial = conn
                self._connected.notify_all()

    def _wait_serial(self, timeout: float) -> socket.socket:
        with self._connected:
            if not self._connected.wait_for(lambda: self._serial is not None, timeout):
                log = (self._dir / "ipmi_sim.log").read_text() if self._dir else ""
                self.stop()
                raise RuntimeError(f"ipmi_sim did not open its SOL device: {log[-2000:]}")
            assert self._serial is not None
            return self._serial

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for sock in (self._listener, self._serial):
            if sock is not None:
                sock.close()
        self._listener = self._serial = None
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> IPMISim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the node's serial port -------------------------------------------------------------
    def serial_write(self, data: bytes) -> None:
        """``data`` as if the node wrote it to its serial port."""
        self._wait_serial(5.0).sendall(data)

    def serial_read(self, until: bytes, timeout: float = 5.0) -> bytes:
        """What reached the node's serial port, up to and including ``until``."""
        serial = self._wait_serial(5.0)
        deadline = time.monotonic() + timeout
        got = b""
        while until not in got:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"serial port got {got!r}, not {until!r}")
            serial.settimeout(remaining)
            try:
                chunk = serial.recv(4096)
            except TimeoutError:
                continue
            if not chunk:
                raise ConnectionError(f"ipmi_sim closed the serial port after {got!r}")
            got += chunk
        return got
