"""Fixtures for the notification tests: a migrated SQLite database, a configuration with
fast retries, a subscriber and an OAuth2 token endpoint on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from oslo_config import cfg

from baton.db import models
from baton.db.engine import Database
from baton.testing.fixtures import make_test_conf

from .servers import Subscriber, TokenEndpoint

FAST = {"retry_initial_delay": 0.05, "retry_backoff_factor": 2.0, "retry_max_delay": 0.4,
        "poll_interval": 0.05, "request_timeout": 2.0, "max_attempts": 4}


def notify_conf(tmp_path: Path, **overrides: Any) -> cfg.ConfigOpts:
    return make_test_conf(state_path=str(tmp_path), host="cond-1",
                          groups={"vnflcm_notifications": {**FAST, **overrides},
                                  "api": {"public_endpoint": "http://vnfm.example:9890"}})


@pytest.fixture
def conf(tmp_path: Path) -> cfg.ConfigOpts:
    return notify_conf(tmp_path)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'baton.sqlite'}")
    models.metadata.create_all(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def subscriber() -> Iterator[Subscriber]:
    server = Subscriber()
    yield server
    server.stop()


@pytest.fixture
def token_endpoint() -> Iterator[TokenEndpoint]:
    server = TokenEndpoint("client-1", "s3cret-client")
    yield server
    server.stop()
