"""The conductor's bounded pool of worker threads for background work.

Power changes, deploys and other long work run here, never in the thread that answered the
request. The pool is bounded twice: ``size`` threads run work and at most ``queue_size``
items wait for a free thread; one more submission raises
:class:`baton.errors.NoFreeConductorWorker` (HTTP 503 with ``Retry-After``) instead of
queueing without limit, as Ironic does.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import futurist
from oslo_config import cfg

from baton import errors

__all__ = ["WorkerPool"]

LOG = logging.getLogger(__name__)

T = TypeVar("T")


class WorkerPool:
    """A futurist ThreadPoolExecutor that refuses work beyond its queue.

    :param size: worker threads.
    :param queue_size: work items allowed to wait for a thread; ``None`` or 0 means ``size``.
    :param name: used in log lines.
    """

    def __init__(self, size: int, queue_size: int | None = None, *,
                 name: str = "conductor-workers") -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one thread")
        self.size = size
        self.queue_size = queue_size or size
        self.name = name
        # Admission is counted here (running + waiting items), not with futurist's backlog
        # check, which sees a just-submitted item as waiting until a thread picks it up and
        # would refuse bursts spuriously.
        self._executor = futurist.ThreadPoolExecutor(max_workers=size)
        self._lock = threading.Lock()
        self._running: set[concurrent.futures.Future[Any]] = set()
        self._closed = False

    @classmethod
    def from_conf(cls, conf: cfg.ConfigOpts) -> WorkerPool:
        """The pool ``[conductor] workers_pool_size`` / ``workers_queue_size`` describe."""
        return cls(conf.conductor.workers_pool_size, conf.conductor.workers_queue_size or None)

    def submit(self, fn: Callable[..., T], *args: Any,
               **kwargs: Any) -> concurrent.futures.Future[T]:
        """Run ``fn(*args, **kwargs)`` on a worker thread.

        :raises NoFreeConductorWorker: every thread is busy and the queue is full, or the
            pool is shutting down.
        """
        with self._lock:
            if self._closed:
                raise errors.NoFreeConductorWorker()
            if len(self._running) >= self.size + self.queue_size:
                LOG.warning("%s: refusing work, %d running and %d waiting", self.name,
                            self.size, self.queue_size)
                raise errors.NoFreeConductorWorker()
            try:
                future: concurrent.futures.Future[T] = self._executor.submit(
                    fn, *args, **kwargs)
            except RuntimeError as exc:  # the executor is shutting down
                LOG.warning("%s: refusing work, %s", self.name, exc)
                raise errors.NoFreeConductorWorker() from exc
            self._running.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._running.discard(future)
        exc = future.exception() if not future.cancelled() else None
        if exc is not None:
            LOG.error("%s: background work failed: %s", self.name, exc,
                      exc_info=(type(exc), exc, exc.__traceback__))

    @property
    def pending(self) -> int:
        """Work items submitted and not finished (running or queued)."""
        with self._lock:
            return len(self._running)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the work submitted so far; True if it all ended within ``timeout``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                running = list(self._running)
            if not running:
                return True
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            concurrent.futures.wait(running, timeout=remaining)

    def shutdown(self, *, wait: bool = True, timeout: float | None = None) -> bool:
        """Refuse new work, then (with ``wait``) wait up to ``timeout`` s for running work.

        Answers whether all the work ended. Threads of work still running after the timeout
        are left to finish on their own.
        """
        with self._lock:
            self._closed = True
        finished = self.wait(timeout) if wait else self.pending == 0
        # Idle futurist workers notice the shutdown within a second on their own.
        self._executor.shutdown(wait=False)
        return finished
