"""Helpers of the vnflcm API tests: a client speaking ``Version: 2.0.0``, Tacker's v2 sample
bodies, a loopback subscriber that answers the callback test."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import falcon.testing

from api.conftest import Env

__all__ = ["BASE", "SAMPLES", "Lcm", "sample", "subscriber"]

BASE = "/vnflcm/v2"
SAMPLES = (Path(__file__).resolve().parents[6] / "shared" / "reference" / "tacker-samples"
           / "api-ref-v2-samples" / "vnflcm")
VERSION = {"Version": "2.0.0"}


def sample(name: str) -> Any:
    """Tacker's v2 sample body ``name`` (``instantiate-vnf-instance-request``...)."""
    return json.loads((SAMPLES / f"{name}.json").read_text())


class Lcm:
    """Requests to ``/vnflcm/v2`` with the Version header."""

    def __init__(self, env: Env) -> None:
        self.env = env
        self.client: falcon.testing.TestClient = env.client

    def req(self, method: str, path: str, body: Any = None, *,
            headers: dict[str, str] | None = None, version: bool = True,
            **kwargs: Any) -> falcon.testing.Result:
        hdrs = dict(VERSION if version else {})
        hdrs.update(headers or {})
        if body is not None:
            kwargs["body"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        if not path.startswith("/"):
            path = f"{BASE}/{path}"
        return self.client.simulate_request(method, path, headers=hdrs, **kwargs)

    def get(self, path: str, **kw: Any) -> falcon.testing.Result:
        return self.req("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> falcon.testing.Result:
        return self.req("POST", path, {} if body is None else body, **kw)

    def wait_op(self, op_id: str, states: tuple[str, ...] = ("COMPLETED", "FAILED_TEMP",
                                                             "FAILED", "ROLLED_BACK"),
                timeout: float = 20.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            result = self.get(f"vnf_lcm_op_occs/{op_id}")
            assert result.status_code == 200, result.text
            body: dict[str, Any] = result.json
            if body["operationState"] in states:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"operation {op_id} stuck in {body['operationState']}")
            time.sleep(0.02)


class _Handler(BaseHTTPRequestHandler):
    server: _Subscriber

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.tests += 1
        self.send_response(204)
        self.end_headers()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        self.server.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()


class _Subscriber(ThreadingHTTPServer):
    daemon_threads = True
    tests = 0
    received: list[tuple[dict[str, str], Any]]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/notify"


@contextmanager
def subscriber() -> Iterator[_Subscriber]:
    """A notification endpoint on 127.0.0.1 answering 204 to GET (the callback test) and
    to POST (notifications, kept in ``received``)."""
    server = _Subscriber(("127.0.0.1", 0), _Handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
