"""Fixtures that run a real ``baton-server`` process on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.functional import daemon


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An all-in-one baton-server on a free port; yields its endpoint URL."""
    root: Path = tmp_path_factory.mktemp("baton-server")
    port = daemon.free_port()
    conf = daemon.write_conf(root / "baton.conf", {
        "DEFAULT": {"state_path": root / "state", "host": "functional-1"},
        "api": {"host_ip": "127.0.0.1", "port": port},
        "conductor": {"sync_power_state_interval": 0, "heartbeat_interval": 2,
                      "node_locked_retry_attempts": 2, "node_locked_retry_interval": 0.2},
        "fake": {"power_delay": 0},
    })
    with daemon.running("server", conf, wait_port=port, log_path=root / "server.log"):
        yield f"http://127.0.0.1:{port}"
