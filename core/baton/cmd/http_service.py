"""An oslo.service service that serves a WSGI app with cheroot in background threads.

cheroot is what Ironic 39 serves its API with; here it serves both the REST API and the
conductor's JSON-RPC endpoint.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from cheroot import wsgi
from oslo_service.backend.base import ServiceBase

LOG = logging.getLogger(__name__)

__all__ = ["HTTPService"]


class HTTPService(ServiceBase):  # type: ignore[misc]
    """Bind on :meth:`start` (so a bad address fails the start), serve in a thread."""

    def __init__(self, app: Any, host: str, port: int, *, threads: int, name: str,
                 max_body_size: int = 0) -> None:
        self.name = name
        # Keep-alive connections are what clients (openstacksdk, bench tools) use; the
        # idle timeout keeps stale ones from pinning threads. A bigger listen backlog
        # absorbs bursts of new connections.
        self._server = wsgi.Server((host, port), app, numthreads=threads, server_name=name,
                                   request_queue_size=128, timeout=30)
        # Bodies beyond this answer 413 before the app reads them.
        self._server.max_request_body_size = max_body_size
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound (useful when asked for port 0)."""
        addr = self._server.bind_addr
        return int(addr[1]) if isinstance(addr, tuple) else 0

    def start(self) -> None:
        self._server.prepare()
        LOG.info("%s listening on %s:%s", self.name, self._server.bind_addr[0], self.port)
        self._thread = threading.Thread(target=self._server.serve, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.stop()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def reset(self) -> None:
        """Nothing to reset on SIGHUP."""
