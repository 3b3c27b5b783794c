"""An oslo.service service that serves a WSGI app on :mod:`baton.api.http_server`."""

from __future__ import annotations

import logging
import threading
from typing import Any

from oslo_service.backend.base import ServiceBase

from baton.api.http_server import WSGIServer

LOG = logging.getLogger(__name__)

__all__ = ["HTTPService"]


class HTTPService(ServiceBase):  # type: ignore[misc]
    """Bind on :meth:`start` (so a bad address fails the start), serve in a thread."""

    def __init__(self, app: Any, host: str, port: int, *, threads: int, name: str,
                 idle_timeout: float = 30.0, stop_timeout: float = 10.0) -> None:
        self.name = name
        self.app = app
        self._address = (host, port)
        self._max_connections = threads
        self._idle_timeout = idle_timeout
        self._stop_timeout = stop_timeout
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound (useful when asked for port 0)."""
        return self._server.port if self._server is not None else 0

    def start(self) -> None:
        self._server = WSGIServer(self._address, self.app,
                                  max_connections=self._max_connections,
                                  idle_timeout=self._idle_timeout)
        LOG.info("%s listening on %s:%s", self.name, self._address[0], self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.5,),
                                        name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            if not self._server.stop(self._stop_timeout):
                LOG.warning("%s: connections still open after %s s", self.name,
                            self._stop_timeout)

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def reset(self) -> None:
        """Nothing to reset on SIGHUP."""
