"""Conductor death (a peer resumes what is safe to resume) and NFVO grants over HTTP."""

from __future__ import annotations

import datetime
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from oslo_config import cfg

from baton.conductor import leases
from baton.conductor.manager import ConductorManager
from baton.conductor.vnflcm import catalog
from baton.db.engine import Database
from baton.db.models import utcnow
from baton.engine.loader import DriverRegistry
from baton.engine.workers import WorkerPool
from baton_drivers.infra.fake import FakeInfra

from .conftest import instantiate_request, run_op, wait_op


def _orphan(manager: ConductorManager, instance: dict[str, Any],
            safe: frozenset[str], done: int = -1) -> dict[str, Any]:
    """An INSTANTIATE occurrence whose conductor died after ``done`` steps."""
    op = manager.lcm.transitions.start(
        instance["id"], "INSTANTIATE",
        params={"operationParams": instantiate_request(), "isAutomaticInvocation": False},
        steps=catalog.forward_steps("INSTANTIATE", safe), check=lambda row: None)
    manager.operations.update(op["uuid"], {
        "last_completed_step": done,
        "lease_expires_at": utcnow() - datetime.timedelta(seconds=5)})
    return op


@pytest.fixture
def peer(conf: cfg.ConfigOpts, db: Database,
         registry: DriverRegistry) -> Iterator[ConductorManager]:
    mgr = ConductorManager(conf, db, registry, "cond-2", pool=WorkerPool(4))
    yield mgr
    mgr.pool.shutdown(wait=True, timeout=10)


def test_peer_resumes_an_operation_whose_steps_are_safe(
        manager: ConductorManager, peer: ConductorManager, conf: cfg.ConfigOpts,
        db: Database, instance: dict[str, Any]) -> None:
    op = _orphan(manager, instance, FakeInfra.safe_to_repeat)
    leases.LeaseKeeper(conf, db, "cond-2", manager=peer).check()
    done = wait_op(peer, op["uuid"], "COMPLETED")
    assert done["owner_history"] == ["cond-1"] and done["owner"] == "cond-2"
    assert done["params"]["takeovers"][0]["from"] == "cond-1"
    assert peer.vnf_instances.get(instance["id"])["instantiation_state"] == "INSTANTIATED"


def test_unsafe_step_goes_failed_temp_with_a_clear_error(
        manager: ConductorManager, peer: ConductorManager, conf: cfg.ConfigOpts,
        db: Database, instance: dict[str, Any]) -> None:
    op = _orphan(manager, instance, frozenset(), done=0)
    leases.LeaseKeeper(conf, db, "cond-2", manager=peer).check()
    failed = wait_op(peer, op["uuid"], "FAILED_TEMP")
    assert "cond-1 stopped while running step instantiate" in failed["error"]["detail"]
    assert "not safe to repeat" in failed["error"]["detail"]
    peer.rollback_vnf_lcm_op_occ(op["uuid"])
    wait_op(peer, op["uuid"], "ROLLED_BACK")


def test_restarted_conductor_resumes_its_own(manager: ConductorManager,
                                             conf: cfg.ConfigOpts, db: Database,
                                             instance: dict[str, Any]) -> None:
    op = _orphan(manager, instance, FakeInfra.safe_to_repeat)
    keeper = leases.LeaseKeeper(conf, db, "cond-1", manager=manager)
    assert keeper.adopt_own() == 1
    keeper.resume_pending()
    wait_op(manager, op["uuid"], "COMPLETED")


class _Nfvo(BaseHTTPRequestHandler):
    answer = 201
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body,
                                    "auth": self.headers.get("Authorization")})
        if self.answer != 201:
            out = {"status": self.answer, "detail": "no capacity"}
        else:
            out = {"id": "grant-1", "vnfInstanceId": body["vnfInstanceId"],
                   "vnfLcmOpOccId": body["vnfLcmOpOccId"],
                   "addResources": [{"resourceDefinitionId": r["id"]}
                                    for r in body.get("addResources", [])]}
        data = json.dumps(out).encode()
        self.send_response(self.answer)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def nfvo(conf: cfg.ConfigOpts) -> Iterator[type[_Nfvo]]:
    handler = type("Nfvo", (_Nfvo,), {"requests": [], "answer": 201})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    conf.set_override("nfvo_url", f"http://127.0.0.1:{server.server_port}", group="vnflcm")
    conf.set_override("nfvo_username", "vnfm", group="vnflcm")
    conf.set_override("nfvo_password", "secret", group="vnflcm")
    yield handler
    server.shutdown()
    server.server_close()


def test_nfvo_grant(manager: ConductorManager, instance: dict[str, Any],
                    nfvo: type[_Nfvo]) -> None:
    op = run_op(manager, instance["id"], "INSTANTIATE", instantiate_request())
    assert op["params"]["grantId"] == "grant-1"
    sent = nfvo.requests[0]
    assert sent["path"] == "/grant/v1/grants" and sent["auth"].startswith("Basic ")
    assert sent["body"]["operation"] == "INSTANTIATE"
    assert {r["resourceTemplateId"] for r in sent["body"]["addResources"]} >= {"VDU1", "VDU2"}


def test_nfvo_refusal_is_failed_temp(manager: ConductorManager, instance: dict[str, Any],
                                     nfvo: type[_Nfvo]) -> None:
    nfvo.answer = 403
    op = run_op(manager, instance["id"], "INSTANTIATE", instantiate_request(), "FAILED_TEMP")
    assert op["error"]["status"] == 403 and "no capacity" in op["error"]["detail"]
    nfvo.answer = 201
    manager.retry_vnf_lcm_op_occ(op["uuid"])
    wait_op(manager, op["uuid"], "COMPLETED")
