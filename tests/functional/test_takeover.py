"""A conductor dies mid-deploy; another one finishes the deploy.

``baton-api`` and two ``baton-conductor`` processes share one database and talk JSON-RPC.
A slow fake deploy starts on the conductor that owns the node; that conductor is SIGKILLed
while the deploy step runs. The survivor notices (no heartbeat, expired lease), takes the
node's lock and the operation over, and resumes from the last completed step: the node ends
``active``, unlocked, and the operation record and node history show the takeover.

Runs on SQLite, and on PostgreSQL (database ``test``, a schema of its own) when one answers
on 127.0.0.1:5432.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import time
import uuid as uuidlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from baton.db import migration, models
from baton.db.engine import Database
from tests.functional import daemon

HEADERS = {"Content-Type": "application/json", "Accept": "application/json",
           "X-OpenStack-Ironic-API-Version": "1.78"}
_PG_CANDIDATES = ("postgresql+psycopg://postgres@127.0.0.1:5432/test",
                  "postgresql+psycopg://root@127.0.0.1:5432/test")


def call(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers=HEADERS)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return resp.status, (json.loads(raw) if raw else None)


def wait_until(what: str, predicate: Callable[[], Any], timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _pg_base() -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    urls = [os.environ["BATON_TEST_PG_URL"]] if os.environ.get("BATON_TEST_PG_URL") \
        else list(_PG_CANDIDATES)
    for url in urls:
        try:
            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                                 connect_timeout=2):
                return url
        except psycopg.Error:
            continue
    return None


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database for the three processes."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
        schema = None
    else:
        base = _pg_base()
        if base is None:
            pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
        schema = f"baton_takeover_{uuidlib.uuid4().hex[:10]}"
        admin = Database(base)
        with admin.transaction() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        url = f"{base}?options=-csearch_path%3D{schema}"
    db = Database(url)
    migration.ensure_schema(db)
    db.dispose()
    try:
        yield url
    finally:
        if schema is not None:
            admin = Database(str(_pg_base()))
            with admin.transaction() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def _conf(tmp: Path, name: str, url: str, api_port: int) -> Path:
    return daemon.write_conf(tmp / f"{name}.conf", {
        "DEFAULT": {"host": name, "rpc_transport": "json-rpc", "state_path": tmp / name},
        "database": {"connection": url, "auto_upgrade": False},
        "api": {"host_ip": "127.0.0.1", "port": api_port},
        "json_rpc": {"host_ip": "127.0.0.1", "port": 0, "timeout": 20},
        "conductor": {"heartbeat_interval": 1, "heartbeat_timeout": 3,
                      "operation_lease_duration": 5, "check_lease_interval": 1,
                      "hash_ring_reset_interval": 1, "sync_power_state_interval": 0,
                      "check_provision_state_interval": 0,
                      "node_locked_retry_attempts": 5, "node_locked_retry_interval": 0.2},
        "fake": {"deploy_delay": 2},
    })


def _alive(port: int, count: int) -> bool:
    status, body = call(port, "GET", "/v1/conductors")
    return status == 200 and sum(c["alive"] for c in body["conductors"]) >= count


def _node(port: int, uuid: str) -> dict[str, Any]:
    status, node = call(port, "GET", f"/v1/nodes/{uuid}")
    assert status == 200, node
    return dict(node)


def _to(port: int, uuid: str, target: str, state: str) -> None:
    status, body = call(port, "PUT", f"/v1/nodes/{uuid}/states/provision", {"target": target})
    assert status == 202, body
    wait_until(f"{uuid} {state}", lambda: (lambda n: n["provision_state"] == state
                                           and n["reservation"] is None)(_node(port, uuid)))


def test_surviving_conductor_finishes_a_deploy(tmp_path: Path, database_url: str) -> None:
    api_port = daemon.free_port()
    confs = {name: _conf(tmp_path, name, database_url, api_port)
             for name in ("api", "cond-a", "cond-b")}
    with ExitStack() as stack:
        procs: dict[str, subprocess.Popen[bytes]] = {}
        for name in ("cond-a", "cond-b"):
            procs[name] = stack.enter_context(daemon.running(
                "conductor", confs[name], wait_port=None, log_path=tmp_path / f"{name}.log"))
        stack.enter_context(daemon.running("api", confs["api"], wait_port=api_port,
                                           log_path=tmp_path / "api.log"))
        wait_until("two live conductors", lambda: _alive(api_port, 2))
        status, node = call(api_port, "POST", "/v1/nodes",
                            {"driver": "fake-hardware", "name": "survivor"})
        assert status == 201, node
        uuid = node["uuid"]
        _to(api_port, uuid, "manage", "manageable")
        _to(api_port, uuid, "provide", "available")

        status, body = call(api_port, "PUT", f"/v1/nodes/{uuid}/states/provision",
                            {"target": "active"})
        assert status == 202, body
        running = wait_until("the deploy step to run", lambda: (
            lambda n: n if (n["deploy_step"] or {}).get("step") == "deploy" else None)(
                _node(api_port, uuid)), timeout=30)
        owner = running["reservation"]
        assert owner in procs and running["provision_state"] == "deploying"
        survivor = "cond-b" if owner == "cond-a" else "cond-a"
        os.kill(procs[owner].pid, signal.SIGKILL)
        procs[owner].wait()
        began = time.monotonic()

        final = wait_until("the survivor to finish the deploy", lambda: (
            lambda n: n if n["provision_state"] in ("active", "deploy failed") else None)(
                _node(api_port, uuid)), timeout=60)
        assert final["provision_state"] == "active", final["last_error"]
        assert final["last_error"] is None and final["power_state"] == "power on"
        wait_until("the lock to go", lambda: _node(api_port, uuid)["reservation"] is None)
        assert _node(api_port, uuid)["conductor"] == survivor
        assert time.monotonic() - began < 45

        status, body = call(api_port, "GET", f"/v1/nodes/{uuid}/history?detail=true")
        takeovers = [h for h in body["history"] if h["event_type"] == "takeover"]
        assert len(takeovers) == 1 and takeovers[0]["conductor"] == survivor
        assert owner in takeovers[0]["event"]

    db = Database(database_url)
    try:
        with db.connect() as conn:
            ops = [dict(r._mapping) for r in conn.execute(
                select(models.operations).where(models.operations.c.target_id == uuid)
                .order_by(models.operations.c.id))]
    finally:
        db.dispose()
    deploy = ops[-1]
    assert deploy["kind"] == "deploy" and deploy["state"] == "succeeded"
    assert deploy["owner"] == survivor and deploy["owner_history"] == [owner]
    moved = deploy["params"]["takeovers"]
    assert [(t["from"], t["to"]) for t in moved] == [(owner, survivor)]
    assert moved[0]["node_state"] == "deploying" and moved[0]["resume_step"] >= 1
    assert deploy["last_completed_step"] == len(deploy["steps"]) - 1
