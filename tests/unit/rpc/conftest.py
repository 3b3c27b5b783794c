"""A real conductor service with its JSON-RPC server on 127.0.0.1 (ephemeral port)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from oslo_config import cfg

from baton.conductor.service import ConductorService
from baton.db import models
from baton.db.engine import Database
from baton.engine.loader import DriverRegistry
from baton.rpc.conductor_api import ConductorAPI
from baton.testing.fixtures import make_test_conf

HOST = "rpc-cond"


def make_conf(tmp_path: Path, **defaults: Any) -> cfg.ConfigOpts:
    from baton_drivers import conf as fake_conf

    defaults.setdefault("host", HOST)
    defaults.setdefault("rpc_transport", "json-rpc")
    return make_test_conf(
        state_path=str(tmp_path), register=[fake_conf.register_opts],
        groups={"json_rpc": {"host_ip": "127.0.0.1", "port": 0, "timeout": 10,
                             "server_threads": 4},
                "conductor": {"sync_power_state_interval": 0, "hash_ring_reset_interval": 0,
                              "node_locked_retry_attempts": 0}},
        **defaults)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'baton.sqlite'}")
    models.metadata.create_all(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def service(tmp_path: Path, db: Database) -> Iterator[ConductorService]:
    conf = make_conf(tmp_path)
    svc = ConductorService(conf, db, DriverRegistry(conf))
    svc.start()
    yield svc
    svc.stop()


@pytest.fixture
def api(tmp_path: Path, db: Database, service: ConductorService) -> Iterator[ConductorAPI]:
    client = ConductorAPI(make_conf(tmp_path, host="api-host"), db)
    yield client
    client.client.close()
