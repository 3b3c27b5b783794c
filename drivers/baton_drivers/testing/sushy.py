"""sushy-tools' Redfish emulator (``sushy-emulator``) with its fake systems driver, run in a
child process on a free port of 127.0.0.1, with HTTP Basic credentials (bcrypt htpasswd).

The fake driver applies a ComputerSystem.Reset 1 to 11 seconds after it is asked, at random.
``fast=True`` starts the same emulator through :mod:`baton_drivers.testing.sushy_fast`, which
only shortens that delay to at most one second so that tests stay quick; ``fast=False`` runs
the stock ``sushy-emulator`` console script untouched.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid as uuidlib
from pathlib import Path
from typing import Any

__all__ = ["SushyEmulator"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SushyEmulator:
    """A context manager; ``systems[i]`` is the UUID of fake system i (its Redfish Id)."""

    def __init__(self, count: int = 1, *, username: str = "admin", password: str = "password",
                 fast: bool = True) -> None:
        self.count = count
        self.username = username
        self.password = password
        self.fast = fast
        self.port = 0
        self.systems = [str(uuidlib.uuid4()) for _ in range(count)]
        self._dir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def driver_info(self, index: int = 0, **extra: Any) -> dict[str, Any]:
        return {"redfish_address": self.address,
                "redfish_system_id": f"/redfish/v1/Systems/{self.systems[index]}",
                "redfish_username": self.username, "redfish_password": self.password,
                **extra}

    def _write_config(self, root: Path) -> Path:
        import bcrypt

        digest = bcrypt.hashpw(self.password.encode(), bcrypt.gensalt(rounds=4)).decode()
        (root / "htpasswd").write_text(f"{self.username}:{digest}\n")
        systems = [{"uuid": uuid, "name": f"fake-{i}", "power_state": "Off",
                    "boot_mode": "UEFI", "nics": [{"mac": f"52:54:00:00:00:{i:02x}"}]}
                   for i, uuid in enumerate(self.systems)]
        config = root / "emulator.conf"
        config.write_text("\n".join([
            "SUSHY_EMULATOR_LISTEN_IP = '127.0.0.1'",
            f"SUSHY_EMULATOR_LISTEN_PORT = {self.port}",
            "SUSHY_EMULATOR_FAKE_DRIVER = True",
            f"SUSHY_EMULATOR_FAKE_SYSTEMS = {json.dumps(systems)}",
            f"SUSHY_EMULATOR_AUTH_FILE = {str(root / 'htpasswd')!r}",
            f"SUSHY_EMULATOR_STATE_DIR = {str(root / 'state')!r}",
            "SUSHY_EMULATOR_VMEDIA_VERIFY_SSL = False",
            "",
        ]))
        return config

    def start(self) -> SushyEmulator:
        self._dir = Path(tempfile.mkdtemp(prefix="baton-sushy-"))
        self.port = _free_port()
        config = self._write_config(self._dir)
        if self.fast:
            command = [sys.executable, "-m", "baton_drivers.testing.sushy_fast"]
        else:
            script = Path(sys.executable).with_name("sushy-emulator")
            command = [str(script) if script.exists() else "sushy-emulator"]
        log = open(self._dir / "emulator.log", "wb")
        self._proc = subprocess.Popen([*command, "--config", str(config)], stdout=log,
                                      stderr=subprocess.STDOUT, env=dict(os.environ))
        log.close()
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                conn.request("GET", "/redfish/v1/")
                if conn.getresponse().status in (200, 401):
                    return
            except OSError:
                time.sleep(0.05)
        log = (self._dir / "emulator.log").read_text() if self._dir else ""
        self.stop()
        raise RuntimeError(f"sushy-emulator did not start: {log[-2000:]}")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self) -> SushyEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
