"""The bounded worker pool: runs work, refuses beyond its queue, shuts down gracefully."""

from __future__ import annotations

import threading
import time

import pytest

from baton import errors
from baton.engine.workers import WorkerPool
from baton.testing.fixtures import make_test_conf


def test_runs_work_and_returns_result() -> None:
    pool = WorkerPool(2)
    assert pool.submit(lambda a, b: a + b, 2, b=3).result(timeout=5) == 5
    assert pool.shutdown(timeout=5)


def test_full_pool_and_queue_refuse_with_no_free_worker() -> None:
    gate = threading.Event()
    pool = WorkerPool(2, queue_size=1)
    running = [pool.submit(gate.wait, 5) for _ in range(2)]
    queued = pool.submit(gate.wait, 5)
    with pytest.raises(errors.NoFreeConductorWorker) as info:
        pool.submit(gate.wait, 5)
    assert info.value.code == 503
    assert info.value.headers == {"Retry-After": "1"}
    assert pool.pending == 3
    gate.set()
    for future in [*running, queued]:
        assert future.result(timeout=5) is True
    pool.wait(5)
    assert pool.pending == 0
    assert pool.submit(lambda: "again").result(timeout=5) == "again"
    pool.shutdown()


def test_failed_work_does_not_kill_the_pool() -> None:
    pool = WorkerPool(1)

    def boom() -> None:
        raise RuntimeError("boom")

    future = pool.submit(boom)
    with pytest.raises(RuntimeError):
        future.result(timeout=5)
    assert pool.submit(lambda: 1).result(timeout=5) == 1
    pool.shutdown()


def test_shutdown_waits_up_to_timeout_then_refuses() -> None:
    gate = threading.Event()
    pool = WorkerPool(1)
    pool.submit(gate.wait, 5)
    started = time.monotonic()
    assert pool.shutdown(timeout=0.2) is False
    assert 0.15 < time.monotonic() - started < 2
    with pytest.raises(errors.NoFreeConductorWorker):
        pool.submit(lambda: None)
    gate.set()
    assert pool.wait(5)


def test_from_conf_queue_defaults_to_pool_size() -> None:
    conf = make_test_conf(groups={"conductor": {"workers_pool_size": 7}})
    pool = WorkerPool.from_conf(conf)
    assert (pool.size, pool.queue_size) == (7, 7)
    pool.shutdown()
    conf = make_test_conf(groups={"conductor": {"workers_pool_size": 4,
                                                "workers_queue_size": 9}})
    pool = WorkerPool.from_conf(conf)
    assert (pool.size, pool.queue_size) == (4, 9)
    pool.shutdown()
