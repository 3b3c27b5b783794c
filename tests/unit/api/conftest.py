"""An API over a real SQLite database and the real in-process conductor (fake drivers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import falcon.testing
import pytest

from baton.api.app import create_app
from baton.conductor.service import ConductorService
from baton.conf import make_conf
from baton.db.engine import Database
from baton.db.migration import ensure_schema
from baton.engine.hash_ring import HashRing
from baton.engine.loader import DriverRegistry
from baton.rpc.conductor_api import ConductorAPI

LATEST = {"X-OpenStack-Ironic-API-Version": "latest"}


@dataclass
class Env:
    client: falcon.testing.TestClient
    db: Database
    service: ConductorService
    conf: Any
    rpc: ConductorAPI
    ring: HashRing

    def fresh_client(self) -> falcon.testing.TestClient:
        """A client of a new app built from the current configuration."""
        return falcon.testing.TestClient(
            create_app(self.conf, db=self.db, rpc=self.rpc, hash_ring=self.ring))

    def req(self, method: str, path: str, body: Any = None, *, version: str | None = "latest",
            headers: dict[str, str] | None = None, **kwargs: Any) -> falcon.testing.Result:
        hdrs = dict(headers or {})
        if version is not None:
            hdrs.setdefault("X-OpenStack-Ironic-API-Version", version)
        if body is not None:
            kwargs["body"] = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        return self.client.simulate_request(method, path, headers=hdrs, **kwargs)

    def get(self, path: str, **kw: Any) -> falcon.testing.Result:
        return self.req("GET", path, **kw)

    def post(self, path: str, body: Any, **kw: Any) -> falcon.testing.Result:
        return self.req("POST", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> falcon.testing.Result:
        return self.req("PUT", path, body, **kw)

    def patch(self, path: str, body: Any, **kw: Any) -> falcon.testing.Result:
        return self.req("PATCH", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> falcon.testing.Result:
        return self.req("DELETE", path, **kw)

    def node(self, **values: Any) -> dict[str, Any]:
        values.setdefault("driver", "fake-hardware")
        result = self.post("/v1/nodes", values)
        assert result.status_code == 201, result.text
        node: dict[str, Any] = result.json
        return node


def fault(result: falcon.testing.Result) -> dict[str, Any]:
    """The decoded Ironic error of a response (and a check of its shape)."""
    body = result.json
    assert set(body) == {"error_message"}, body
    inner: dict[str, Any] = json.loads(body["error_message"])
    assert set(inner) == {"faultcode", "faultstring", "debuginfo"}
    assert inner["debuginfo"] is None
    assert inner["faultcode"] == ("Client" if result.status_code < 500 else "Server")
    return inner


@pytest.fixture
def env(tmp_path: Any) -> Iterator[Env]:
    conf = make_conf()
    conf([], default_config_files=[])
    conf.set_override("state_path", str(tmp_path))
    conf.set_override("host", "test-conductor")
    conf.set_override("sync_power_state_interval", 0, group="conductor")
    conf.set_override("node_locked_retry_attempts", 0, group="conductor")
    db = Database.from_conf(conf)
    ensure_schema(db)
    registry = DriverRegistry(conf)
    ring = HashRing(conf, db)
    service = ConductorService(conf, db, registry, hash_ring=ring)
    service.start()
    rpc = ConductorAPI(conf, db, ring, local_manager=service.manager)
    app = create_app(conf, db=db, rpc=rpc, hash_ring=ring)
    client = falcon.testing.TestClient(app)
    try:
        yield Env(client=client, db=db, service=service, conf=conf, rpc=rpc, ring=ring)
    finally:
        service.stop()
        db.dispose()
        # Option groups are module-level objects shared by every ConfigOpts: drop our
        # overrides so that they don't leak into other tests.
        conf.reset()
