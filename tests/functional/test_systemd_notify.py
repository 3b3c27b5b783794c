"""``Type=notify``: baton-server tells systemd it is ready once its API answers."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path

import pytest

from tests.functional import daemon


def test_ready_is_sent_once_the_api_is_bound(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    notify_path = str(tmp_path / "notify.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(notify_path)
    listener.settimeout(30)
    port = daemon.free_port()
    conf = daemon.write_conf(tmp_path / "baton.conf", {
        "DEFAULT": {"state_path": tmp_path / "state", "host": "notify-host"},
        "api": {"port": port},
        "conductor": {"sync_power_state_interval": 0},
    })
    monkeypatch.setenv("NOTIFY_SOCKET", notify_path)
    try:
        with daemon.running("server", conf, wait_port=None, log_path=tmp_path / "log"):
            message = listener.recv(4096)
            # By the time READY=1 arrives the API must already answer.
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/v1")
            assert conn.getresponse().status == 200
    finally:
        listener.close()
    assert message == b"READY=1"
