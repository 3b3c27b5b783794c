"""A real conductor manager over a SQLite file in tmp_path with the real fake drivers."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from oslo_config import cfg

from baton.conductor.manager import ConductorManager
from baton.db import models
from baton.db.engine import Database
from baton.engine.loader import DriverRegistry
from baton.engine.workers import WorkerPool
from baton.testing.fixtures import make_test_conf

HOST = "cond-1"


def make_conf(tmp_path: Path, *, conductor: dict[str, Any] | None = None,
              fake: dict[str, Any] | None = None, json_rpc: dict[str, Any] | None = None,
              **defaults: Any) -> cfg.ConfigOpts:
    from baton_drivers import conf as fake_conf

    groups: dict[str, dict[str, Any]] = {
        "conductor": {"node_locked_retry_attempts": 0, "node_locked_retry_interval": 0.05,
                      **(conductor or {})},
    }
    if fake:
        groups["fake"] = fake
    if json_rpc:
        groups["json_rpc"] = json_rpc
    defaults.setdefault("host", HOST)
    return make_test_conf(state_path=str(tmp_path), register=[fake_conf.register_opts],
                          groups=groups, **defaults)


def make_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'baton.sqlite'}")
    models.metadata.create_all(db.engine)
    return db


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_db(tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def conf(tmp_path: Path) -> cfg.ConfigOpts:
    return make_conf(tmp_path)


@pytest.fixture
def registry(conf: cfg.ConfigOpts) -> DriverRegistry:
    return DriverRegistry(conf)


@pytest.fixture
def manager(conf: cfg.ConfigOpts, db: Database,
            registry: DriverRegistry) -> Iterator[ConductorManager]:
    mgr = ConductorManager(conf, db, registry, HOST, pool=WorkerPool(8))
    yield mgr
    mgr.pool.shutdown(wait=True, timeout=10)


@pytest.fixture
def node(manager: ConductorManager) -> dict[str, Any]:
    return manager.create_node({"driver": "fake-hardware", "name": "node-0"})


def idle(manager: ConductorManager, uuid: str) -> dict[str, Any]:
    """The node once no background work holds its lock."""
    manager.pool.wait(10)
    return manager.nodes.get(uuid)
