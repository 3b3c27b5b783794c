"""Start real Baton processes for functional tests: each on free loopback ports, each
stopped (SIGTERM, then SIGKILL) when the test ends."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_conf(path: Path, sections: dict[str, dict[str, object]]) -> Path:
    lines = []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value}" for key, value in values.items())
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def wait_for_http(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> float:
    """Poll GET /v1 until it answers 200; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"daemon exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/v1")
            if conn.getresponse().status == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"nothing answered on port {port} within {timeout}s")


@contextlib.contextmanager
def running(command: str, conf_file: Path, *, wait_port: int | None,
            log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``python -m baton.cmd.<command> --config-file conf_file`` until the block ends."""
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", f"baton.cmd.{command}", "--config-file", str(conf_file)],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True)
    try:
        if wait_port is not None:
            try:
                wait_for_http(wait_port, proc)
            except Exception as exc:
                raise RuntimeError(f"{command} did not start: {log_path.read_text()}") from exc
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


@dataclass(frozen=True)
class Server:
    """A running baton-server: its port, base URL and log file."""

    port: int
    url: str
    log: Path


@contextlib.contextmanager
def baton_server(root: Path, host: str,
                 sections: dict[str, dict[str, Any]] | None = None) -> Iterator[Server]:
    """An all-in-one baton-server with its state under ``root``, on a free loopback port.

    ``sections`` add to (or override) the configuration, ``[DEFAULT]`` included.
    """
    port = free_port()
    config: dict[str, dict[str, Any]] = {
        "DEFAULT": {"state_path": root / "state", "host": host},
        "api": {"host_ip": "127.0.0.1", "port": port},
    }
    for section, values in (sections or {}).items():
        config.setdefault(section, {}).update(values)
    conf = write_conf(root / "baton.conf", config)
    log = root / "server.log"
    with running("server", conf, wait_port=port, log_path=log):
        yield Server(port=port, url=f"http://127.0.0.1:{port}", log=log)
