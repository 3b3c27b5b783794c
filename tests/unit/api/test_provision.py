"""``PUT /v1/nodes/{id}/states/provision`` for every state and verb, and the agent's
``/v1/heartbeat`` and ``/v1/lookup``."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import falcon.testing
import pytest

from baton.api.app import create_app
from baton.conductor.service import ConductorService
from baton.conf import make_conf
from baton.db.engine import Database
from baton.db.migration import ensure_schema
from baton.engine import states
from baton.engine.hash_ring import HashRing
from baton.engine.loader import DriverRegistry
from baton.rpc.conductor_api import ConductorAPI

from .conftest import Env, fault


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """One API + in-process conductor for the whole (long) state x verb table."""
    conf = make_conf()
    conf([], default_config_files=[])
    conf.set_override("state_path", str(tmp_path_factory.mktemp("provision")))
    conf.set_override("host", "test-conductor")
    conf.set_override("sync_power_state_interval", 0, group="conductor")
    conf.set_override("node_locked_retry_attempts", 0, group="conductor")
    db = Database.from_conf(conf)
    ensure_schema(db)
    ring = HashRing(conf, db)
    service = ConductorService(conf, db, DriverRegistry(conf), hash_ring=ring)
    service.start()
    rpc = ConductorAPI(conf, db, ring, local_manager=service.manager)
    client = falcon.testing.TestClient(create_app(conf, db=db, rpc=rpc, hash_ring=ring))
    try:
        yield Env(client=client, db=db, service=service, conf=conf, rpc=rpc, ring=ring)
    finally:
        service.stop()
        db.dispose()
        conf.reset()

# API verb -> its state machine event.
VERBS = {"active": "deploy", "deploy": "deploy", "rebuild": "rebuild", "deleted": "delete",
         "undeploy": "delete", "manage": "manage", "provide": "provide",
         "inspect": "inspect", "clean": "clean", "adopt": "adopt", "rescue": "rescue",
         "unrescue": "unrescue", "abort": "abort"}
EXTRA = {"clean": {"clean_steps": [{"interface": "bios", "step": "factory_reset"}]},
         "rescue": {"rescue_password": "pw"}}
PAIRS = list(itertools.product(sorted(states.STATES), sorted(VERBS)))
# Allowed by the state machine but refused by the API at the highest microversion it serves.
NOT_ACCEPTABLE = {("wait call-back", "abort")}


def make(env: Env, **values: Any) -> dict[str, Any]:
    """A node created straight through the conductor (the API can't set states)."""
    node: dict[str, Any] = env.service.manager.create_node({"driver": "fake-hardware",
                                                           **values})
    return node


def wait_idle(env: Env, uuid: str, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        node: dict[str, Any] = env.service.manager.nodes.get(uuid)
        if node["reservation"] is None and env.service.manager.pool.wait(0.01) is not False:
            if node["reservation"] is None:
                return node
        if time.monotonic() > deadline:
            raise AssertionError(f"node {uuid} stayed busy: {node}")
        time.sleep(0.01)


@pytest.mark.parametrize(("state", "verb"), PAIRS, ids=[f"{s}-{v}" for s, v in PAIRS])
def test_every_state_and_verb(shared: Env, state: str, verb: str) -> None:
    env = shared
    node = make(env, provision_state=state, power_state="power off",
                    driver_info={"fake_wait": ["deploy", "clean", "inspect", "rescue"]})
    uuid = node["uuid"]
    before = env.service.manager.nodes.get(uuid)
    result = env.put(f"/v1/nodes/{uuid}/states/provision", {"target": verb, **EXTRA.get(verb,
                                                                                        {})})
    allowed = states.is_actionable(state, VERBS[verb])
    if (state, verb) in NOT_ACCEPTABLE:
        assert result.status_code == 406
    elif allowed:
        assert result.status_code == 202, (result.status_code, result.text)
        assert result.headers["location"].endswith(f"/v1/nodes/{uuid}/states")
        after = wait_idle(env, uuid)
        assert after["provision_state"] != state or after["updated_at"] != before["updated_at"]
    else:
        assert result.status_code == 400, result.text
        assert f'state "{state}"' in fault(result)["faultstring"]
        after = env.service.manager.nodes.get(uuid)
        assert after == before


def test_verb_microversions_and_arguments(env: Env) -> None:
    make(env, name="pa", provision_state="manageable")
    path = "/v1/nodes/pa/states/provision"
    assert env.put(path, {"target": "inspect"}, version="1.5").status_code == 406
    assert env.put(path, {"target": "rescue"}, version="1.37").status_code == 406
    assert env.put(path, {"target": "service"}).status_code == 406
    assert env.put(path, {"target": "fly"}).status_code == 400
    result = env.put(path, {"target": "clean"})
    assert result.status_code == 400 and "clean_steps" in fault(result)["faultstring"]
    result = env.put(path, {"target": "provide", "clean_steps": [{"interface": "bios",
                                                                   "step": "x"}]})
    assert result.status_code == 400 and "only valid" in fault(result)["faultstring"]
    result = env.put(path, {"target": "clean", "clean_steps": [{"interface": "bios",
                                                                 "step": "nope"}]})
    assert result.status_code == 400 and "bios.nope" in fault(result)["faultstring"]
    assert env.put(path, {"target": "provide", "configdrive": "abc"}).status_code == 400
    assert env.put(path, {"target": "provide", "rescue_password": "x"}).status_code == 400
    assert env.put(path, {"target": "provide", "bogus": 1}).status_code == 400
    node = env.get("/v1/nodes/pa").json
    assert node["provision_state"] == "manageable" and node["last_error"] is None


def test_deploy_arguments(env: Env) -> None:
    make(env, name="pd", provision_state="available")
    path = "/v1/nodes/pd/states/provision"
    steps = [{"interface": "deploy", "step": "deploy", "args": {}, "priority": 50}]
    assert env.put(path, {"target": "active", "deploy_steps": steps},
                   version="1.68").status_code == 406
    assert env.put(path, {"target": "active", "configdrive": {"user_data": "x"}},
                   version="1.55").status_code == 400
    assert env.put(path, {"target": "active", "deploy_steps": [{"interface": "deploy"}]}
                   ).status_code == 400
    result = env.put(path, {"target": "active", "configdrive": {"meta_data": {"a": 1}},
                            "deploy_steps": steps})
    assert result.status_code == 202, result.text
    node = wait_idle(env, env.get("/v1/nodes/pd").json["uuid"])
    assert node["provision_state"] == "active"
    shown = env.get("/v1/nodes/pd").json
    assert shown["instance_info"]["configdrive"] == {"meta_data": {"a": 1}}
    assert shown["target_provision_state"] is None and shown["provision_updated_at"]


def test_maintenance_and_locked(env: Env) -> None:
    make(env, name="pm", provision_state="available", maintenance=True)
    result = env.put("/v1/nodes/pm/states/provision", {"target": "active"})
    assert result.status_code == 400 and "maintenance" in fault(result)["faultstring"]
    node = make(env, name="pl", provision_state="deploying", reservation="other-host")
    result = env.put("/v1/nodes/pl/states/provision", {"target": "provide"})
    assert result.status_code == 409 and "other-host" in fault(result)["faultstring"]
    assert node["provision_state"] == "deploying"


def test_heartbeat_continues_a_waiting_deploy(env: Env) -> None:
    node = make(env, name="hb", provision_state="available",
                    driver_info={"fake_wait": ["deploy"]})
    assert env.put("/v1/nodes/hb/states/provision", {"target": "active"}).status_code == 202
    wait_idle(env, node["uuid"])
    shown = env.get("/v1/nodes/hb").json
    assert shown["provision_state"] == "wait call-back"
    assert shown["deploy_step"]["step"] == "deploy"
    body = {"callback_url": "http://10.1.2.3:9999", "agent_version": "9.1"}
    assert env.post("/v1/heartbeat/hb", body, version="1.21").status_code == 404
    assert env.post("/v1/heartbeat/hb", body, version="1.35").status_code == 400
    assert env.post("/v1/heartbeat/hb", {"callback_url": "ftp:x"}).status_code == 400
    looked = env.get(f"/v1/lookup?node_uuid={node['uuid']}")
    assert looked.status_code == 200 and looked.json["node"]["uuid"] == node["uuid"]
    result = env.post("/v1/heartbeat/hb", body)
    assert result.status_code == 202, result.text
    wait_idle(env, node["uuid"])
    shown = env.get("/v1/nodes/hb").json
    assert shown["provision_state"] == "active" and shown["deploy_step"] == {}
    assert env.get(f"/v1/lookup?node_uuid={node['uuid']}").status_code == 404
    assert env.get("/v1/lookup").status_code == 400
    history = env.get("/v1/nodes/hb/history?detail=true").json["history"]
    assert any("Deploy of node" in h["event"] for h in history)


def test_clean_step_shown_while_waiting_and_manual_clean(env: Env) -> None:
    node = make(env, name="mc", provision_state="manageable",
                    driver_info={"fake_wait": ["clean"]})
    steps = [{"interface": "vendor", "step": "log_passthrough"}]
    assert env.put("/v1/nodes/mc/states/provision",
                   {"target": "clean", "clean_steps": steps}).status_code == 202
    wait_idle(env, node["uuid"])
    shown = env.get("/v1/nodes/mc").json
    assert shown["provision_state"] == "clean wait"
    assert shown["target_provision_state"] == "manageable"
    assert shown["clean_step"] == {"interface": "vendor", "step": "log_passthrough",
                                   "args": {}, "priority": 1, "abortable": False}
    assert env.post("/v1/heartbeat/mc", {"callback_url": "http://h:1"}).status_code == 202
    wait_idle(env, node["uuid"])
    assert env.get("/v1/nodes/mc").json["provision_state"] == "manageable"
