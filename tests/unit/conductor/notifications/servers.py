"""Real HTTP servers on 127.0.0.1 for the notification tests: a subscriber and an OAuth2
token endpoint. Each binds an ephemeral port, serves from a daemon thread and is stopped by
the fixture that made it (``stop()`` is idempotent)."""

from __future__ import annotations

import base64
import http.server
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int
    at: float = field(default_factory=time.monotonic)


class _Server:
    """A ThreadingHTTPServer that can be stopped and started again on the same port."""

    def __init__(self, handler: Callable[..., None]) -> None:
        self._handler_fn = handler
        self.port = 0
        self._httpd: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                outer._handler_fn(self, raw)

            do_GET = do_POST = _any

        return Handler

    def start(self) -> None:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self._handler_class())
        httpd.daemon_threads = True
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={
            "poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None


def reply(handler: http.server.BaseHTTPRequestHandler, status: int,
          body: bytes = b"", content_type: str = "application/json") -> None:
    handler.send_response(status)
    if body:
        handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if body:
        handler.wfile.write(body)


@dataclass
class Subscriber:
    """Records every request; answers 204, or the statuses queued in ``answers`` first.
    With ``expect_auth`` set, a request without that Authorization header gets 401."""

    answers: list[int] = field(default_factory=list)
    expect_auth: Callable[[str | None], bool] | None = None
    received: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.server = _Server(self._handle)
        self.server.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/notify"

    def _handle(self, handler: http.server.BaseHTTPRequestHandler, raw: bytes) -> None:
        auth = handler.headers.get("Authorization")
        with self._lock:
            if self.expect_auth is not None and not self.expect_auth(auth):
                status = 401
            elif self.answers:
                status = self.answers.pop(0)
            else:
                status = 204
            self.received.append(Received(handler.command, handler.path,
                                          dict(handler.headers.items()),
                                          json.loads(raw) if raw else None, status))
        reply(handler, status)

    def posts(self) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.method == "POST"]

    def delivered(self) -> list[Any]:
        """Bodies of the notifications answered 2xx, in arrival order."""
        return [r.body for r in self.posts() if 200 <= r.status < 300]

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        self.server.start()


class TokenEndpoint:
    """An OAuth2 token endpoint (client credentials grant, client authenticated with HTTP
    Basic). Issues tok-1, tok-2... valid ``lifetime`` seconds; remembers the tokens issued."""

    def __init__(self, client_id: str, secret: str, *, lifetime: int = 3600) -> None:
        self.client_id = client_id
        self.secret = secret
        self.lifetime = lifetime
        self.issued: list[tuple[str, float]] = []
        self.requests = 0
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self.server = _Server(self._handle)
        self.server.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/token"

    def _handle(self, handler: http.server.BaseHTTPRequestHandler, raw: bytes) -> None:
        expected = "Basic " + base64.b64encode(
            f"{self.client_id}:{self.secret}".encode()).decode()
        with self._lock:
            self.requests += 1
            if (handler.command != "POST" or raw != b"grant_type=client_credentials"
                    or handler.headers.get("Authorization") != expected):
                reply(handler, 401, b'{"error": "invalid_client"}')
                return
            token = f"tok-{next(self._counter)}"
            self.issued.append((token, time.monotonic() + self.lifetime))
        body = json.dumps({"access_token": token, "token_type": "Bearer",
                           "expires_in": self.lifetime}).encode()
        reply(handler, 200, body)

    def valid(self, authorization: str | None) -> bool:
        """Whether ``authorization`` carries an unexpired token this endpoint issued."""
        if not authorization or not authorization.startswith("Bearer "):
            return False
        token = authorization.removeprefix("Bearer ")
        with self._lock:
            return any(t == token and expiry > time.monotonic() for t, expiry in self.issued)

    def revoke_all(self) -> None:
        with self._lock:
            self.issued.clear()

    def stop(self) -> None:
        self.server.stop()
