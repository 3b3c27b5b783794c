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
    with daemon.baton_server(root, "functional-1", {
        "conductor": {"sync_power_state_interval": 0, "heartbeat_interval": 2,
                      "node_locked_retry_attempts": 2, "node_locked_retry_interval": 0.2},
        "fake": {"power_delay": 0},
    }) as running:
        yield running.url
