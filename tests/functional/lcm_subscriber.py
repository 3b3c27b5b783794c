"""A notification subscriber on 127.0.0.1 for the VNF LCM functional tests.

It answers the callback test (GET, 204) and keeps every notification POSTed to it, in
arrival order, after checking its credentials: HTTP Basic (``user``/``password``) or an
OAuth2 bearer token that its own token endpoint (``/token``, client credentials grant)
issued. Requests with wrong credentials answer 401 and are counted, not kept.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

__all__ = ["Subscriber", "running_subscriber"]

USER, PASSWORD = "lcm-user", "lcm-s3cret"
CLIENT_ID, CLIENT_SECRET = "baton-client", "client-s3cret"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class _Handler(BaseHTTPRequestHandler):
    server: Subscriber

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: Any = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if not self.server.authorized(self.headers.get("Authorization")):
            self.server.refused += 1
            self._answer(401)
            return
        self.server.tests += 1
        self._answer(204)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path == "/token":
            self._token(raw)
            return
        if not self.server.authorized(self.headers.get("Authorization")):
            self.server.refused += 1
            self._answer(401)
            return
        self.server.keep(json.loads(raw))
        self._answer(204)

    def _token(self, raw: bytes) -> None:
        form = parse_qs(raw.decode())
        grant = form.get("grant_type", [""])[0]
        client = self.headers.get("Authorization") == _basic(CLIENT_ID, CLIENT_SECRET) or (
            form.get("client_id") == [CLIENT_ID] and form.get("client_secret") == [CLIENT_SECRET])
        if grant != "client_credentials" or not client:
            self._answer(401, {"error": "invalid_client"})
            return
        token = secrets.token_hex(8)
        self.server.tokens.add(token)
        self.server.token_requests += 1
        self._answer(200, {"access_token": token, "token_type": "Bearer",
                           "expires_in": 3600})


class Subscriber(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, auth: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.auth = auth
        self.received: list[dict[str, Any]] = []
        self.tokens: set[str] = set()
        self.tests = self.refused = self.token_requests = 0
        self.cond = threading.Condition()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def callback(self) -> str:
        return f"{self.base}/notifications"

    def authentication(self) -> dict[str, Any]:
        """The SubscriptionAuthentication a subscription to this endpoint needs."""
        if self.auth == "BASIC":
            return {"authType": ["BASIC"],
                    "paramsBasic": {"userName": USER, "password": PASSWORD}}
        return {"authType": ["OAUTH2_CLIENT_CREDENTIALS"],
                "paramsOauth2ClientCredentials": {
                    "clientId": CLIENT_ID, "clientPassword": CLIENT_SECRET,
                    "tokenEndpoint": f"{self.base}/token"}}

    def authorized(self, header: str | None) -> bool:
        if self.auth == "BASIC":
            return header == _basic(USER, PASSWORD)
        return bool(header) and header.startswith("Bearer ") and \
            header.removeprefix("Bearer ") in self.tokens

    def keep(self, notification: dict[str, Any]) -> None:
        with self.cond:
            self.received.append(notification)
            self.cond.notify_all()

    def wait_for(self, done: Callable[[list[dict[str, Any]]], bool],
                 timeout: float = 30.0) -> list[dict[str, Any]]:
        """The notifications received once ``done(received)`` holds (AssertionError after
        ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not done(self.received):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"notifications so far: {self.received}")
                self.cond.wait(left)
            return list(self.received)


@contextmanager
def running_subscriber(auth: str) -> Iterator[Subscriber]:
    server = Subscriber(auth)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
