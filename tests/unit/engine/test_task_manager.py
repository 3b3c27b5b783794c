"""Node locks with real threads on a real SQLite file, and handing them to background work."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baton import errors
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import NodeRepository
from baton.engine.loader import DriverRegistry
from baton.engine.task_manager import TaskManager, acquire, is_uuid_like, node_info_from
from baton.engine.workers import WorkerPool
from baton.testing.fixtures import make_test_conf

HOST = "tm-host"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'baton.sqlite'}")
    models.metadata.create_all(database.engine)
    yield database
    database.dispose()


def make_tm(tmp_path: Path, db: Database, *, retries: int = 0, interval: float = 0.05,
            host: str = HOST) -> TaskManager:
    conf = make_test_conf(state_path=str(tmp_path), groups={"conductor": {
        "node_locked_retry_attempts": retries, "node_locked_retry_interval": interval}})
    return TaskManager(conf, db, DriverRegistry(conf), host)


@pytest.fixture
def tm(tmp_path: Path, db: Database) -> TaskManager:
    return make_tm(tmp_path, db)


@pytest.fixture
def node(db: Database) -> dict[str, Any]:
    return NodeRepository(db).create({"driver": "fake-hardware", "name": "tm-node",
                                      "driver_info": {"a": 1}})


def reservation(db: Database, uuid: str) -> str | None:
    value: str | None = NodeRepository(db).get(uuid)["reservation"]
    return value


def test_exclusive_lock_is_taken_and_released(tm: TaskManager, db: Database,
                                              node: dict[str, Any]) -> None:
    with tm.acquire(node["uuid"], purpose="test") as task:
        assert reservation(db, node["uuid"]) == HOST
        assert task.node["reservation"] == HOST
        assert not task.shared
    assert reservation(db, node["uuid"]) is None


def test_lock_by_name_and_module_function(tm: TaskManager, db: Database,
                                          node: dict[str, Any]) -> None:
    with acquire(tm, "tm-node") as task:
        assert task.uuid == node["uuid"]
        assert reservation(db, node["uuid"]) == HOST
    assert reservation(db, node["uuid"]) is None


def test_lock_released_when_the_block_raises(tm: TaskManager, db: Database,
                                             node: dict[str, Any]) -> None:
    with pytest.raises(ValueError), tm.acquire(node["uuid"]):
        raise ValueError("boom")
    assert reservation(db, node["uuid"]) is None


def test_shared_lock_reserves_nothing_and_cannot_update(tm: TaskManager, db: Database,
                                                        node: dict[str, Any]) -> None:
    with tm.acquire(node["uuid"]) as holder, tm.acquire(node["uuid"], shared=True) as task:
        assert holder.node["reservation"] == HOST
        assert task.shared
        with pytest.raises(errors.BatonError, match="shared task"):
            task.update(extra={"x": 1})
    assert reservation(db, node["uuid"]) is None


def test_locked_node_gives_node_locked_naming_the_holder(tmp_path: Path, db: Database,
                                                         node: dict[str, Any]) -> None:
    other = make_tm(tmp_path, db, host="other-host", retries=2, interval=0.05)
    mine = make_tm(tmp_path, db)
    with other.acquire(node["uuid"]):
        started = time.monotonic()
        with pytest.raises(errors.NodeLocked) as info, other.acquire(node["uuid"]):
            pass
        waited = time.monotonic() - started
        assert "locked by host other-host" in str(info.value)
        assert info.value.code == 409
        assert 0.09 < waited < 2  # two retries 0.05 s apart
        with pytest.raises(errors.NodeLocked, match="other-host"), mine.acquire(node["uuid"]):
            pass
    assert reservation(db, node["uuid"]) is None


def test_waiter_gets_the_lock_within_its_retry_budget(tmp_path: Path, db: Database,
                                                      node: dict[str, Any]) -> None:
    holder = make_tm(tmp_path, db, host="holder")
    waiter = make_tm(tmp_path, db, host="waiter", retries=40, interval=0.025)
    taken = threading.Event()

    def hold() -> None:
        with holder.acquire(node["uuid"]):
            taken.set()
            time.sleep(0.2)

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait(5)
    with waiter.acquire(node["uuid"]) as task:
        assert task.node["reservation"] == "waiter"
    thread.join()
    assert reservation(db, node["uuid"]) is None


def test_many_threads_exactly_one_holds_at_a_time(tmp_path: Path, db: Database,
                                                  node: dict[str, Any]) -> None:
    managers = [make_tm(tmp_path, db, host=f"h{i}", retries=200, interval=0.005)
                for i in range(6)]
    inside = 0
    peak = 0
    lock = threading.Lock()

    def work(tm: TaskManager) -> None:
        nonlocal inside, peak
        with tm.acquire(node["uuid"]):
            with lock:
                inside += 1
                peak = max(peak, inside)
            time.sleep(0.01)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=work, args=(m,)) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 1
    assert reservation(db, node["uuid"]) is None


def test_unknown_node(tm: TaskManager) -> None:
    with pytest.raises(errors.NodeNotFound, match="missing-node"), tm.acquire("missing-node"):
        pass
    with pytest.raises(errors.NodeNotFound), tm.acquire("missing-node", shared=True):
        pass


def test_update_persists_and_refreshes_node_info(tm: TaskManager, db: Database,
                                                 node: dict[str, Any]) -> None:
    with tm.acquire(node["uuid"]) as task:
        assert task.node_info.driver_info == {"a": 1}
        task.update(driver_info={"a": 2}, power_state="power on")
        assert task.node_info.driver_info == {"a": 2}
        assert task.node_info.power_state == "power on"
    assert NodeRepository(db).get(node["uuid"])["driver_info"] == {"a": 2}


def test_driver_is_composed(tm: TaskManager, node: dict[str, Any]) -> None:
    with tm.acquire(node["uuid"], shared=True) as task:
        assert task.driver.power.interface_type == "power"
        assert task.driver.name == "fake-hardware"


def test_spawn_after_hands_the_lock_to_the_work(tm: TaskManager, db: Database,
                                                node: dict[str, Any]) -> None:
    pool = WorkerPool(2)
    gate = threading.Event()
    seen: list[str | None] = []

    def work(uuid: str) -> None:
        seen.append(reservation(db, uuid))
        gate.wait(5)

    with tm.acquire(node["uuid"]) as task:
        task.spawn_after(pool, work, node["uuid"])
    assert reservation(db, node["uuid"]) == HOST  # still held: the work has it
    gate.set()
    pool.wait(5)
    assert seen == [HOST]
    assert reservation(db, node["uuid"]) is None
    pool.shutdown()


def test_spawned_work_failure_still_releases(tm: TaskManager, db: Database,
                                             node: dict[str, Any]) -> None:
    pool = WorkerPool(1)

    def work() -> None:
        raise RuntimeError("driver exploded")

    with tm.acquire(node["uuid"]) as task:
        task.spawn_after(pool, work)
    pool.wait(5)
    assert reservation(db, node["uuid"]) is None
    pool.shutdown()


def test_no_spawn_when_the_block_raises(tm: TaskManager, db: Database,
                                        node: dict[str, Any]) -> None:
    pool = WorkerPool(1)
    ran: list[bool] = []
    with pytest.raises(RuntimeError), tm.acquire(node["uuid"]) as task:
        task.spawn_after(pool, lambda: ran.append(True))
        raise RuntimeError("validation failed")
    pool.wait(5)
    assert ran == []
    assert reservation(db, node["uuid"]) is None
    pool.shutdown()


def test_spawn_refused_runs_hook_and_releases(tm: TaskManager, db: Database,
                                              node: dict[str, Any]) -> None:
    pool = WorkerPool(1, queue_size=1)
    gate = threading.Event()
    pool.submit(gate.wait, 5)
    pool.submit(gate.wait, 5)
    hooked: list[BaseException] = []
    with pytest.raises(errors.NoFreeConductorWorker), tm.acquire(node["uuid"]) as task:
        task.set_spawn_error_hook(lambda exc, tag: hooked.append(exc), "tag")
        task.spawn_after(pool, lambda: None)
    assert len(hooked) == 1 and isinstance(hooked[0], errors.NoFreeConductorWorker)
    assert reservation(db, node["uuid"]) is None
    gate.set()
    pool.shutdown()


def test_upgrade_lock(tm: TaskManager, db: Database, node: dict[str, Any]) -> None:
    with tm.acquire(node["uuid"], shared=True) as task:
        assert reservation(db, node["uuid"]) is None
        task.upgrade_lock()
        assert reservation(db, node["uuid"]) == HOST
        task.update(extra={"upgraded": True})
    assert reservation(db, node["uuid"]) is None


def test_helpers() -> None:
    assert is_uuid_like("0b8f8a6e-1c5e-4bb5-8e43-56f5ba6d1e5a")
    assert is_uuid_like("0b8f8a6e1c5e4bb58e4356f5ba6d1e5a")
    assert not is_uuid_like("node-1")
    info = node_info_from({"uuid": "u", "driver": "d", "driver_info": None})
    assert info.driver_info == {} and info.provision_state == "enroll"
