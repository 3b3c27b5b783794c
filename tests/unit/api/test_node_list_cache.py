"""Detailed node lists reuse a node's rendering only while the node is unchanged."""

from __future__ import annotations

import time
from typing import Any

from baton.db.repositories import NodeRepository

from .conftest import Env


def _detail(env: Env, version: str = "latest") -> dict[str, dict[str, Any]]:
    result = env.get("/v1/nodes/detail", version=version)
    assert result.status_code == 200, result.text
    return {n["uuid"]: n for n in result.json["nodes"]}


def test_revision_is_bumped_by_every_update(env: Env) -> None:
    repo = NodeRepository(env.db)
    node = env.node(name="rev")
    first = repo.get(node["uuid"])["revision"]
    repo.update(node["uuid"], {"extra": {"a": 1}})
    repo.reserve(node["uuid"], "somebody")
    repo.release(node["uuid"], "somebody")
    assert repo.get(node["uuid"])["revision"] == first + 3


def test_a_patched_node_is_rendered_again(env: Env) -> None:
    node = env.node(name="cached", extra={"v": 1})
    assert _detail(env)[node["uuid"]]["extra"] == {"v": 1}
    assert _detail(env)[node["uuid"]]["extra"] == {"v": 1}  # from the cache
    result = env.patch(f"/v1/nodes/{node['uuid']}",
                       [{"op": "replace", "path": "/extra/v", "value": 2}])
    assert result.status_code == 200, result.text
    assert _detail(env)[node["uuid"]]["extra"] == {"v": 2}


def test_changes_made_by_the_conductor_show(env: Env) -> None:
    node = env.node(name="powered")
    assert _detail(env)[node["uuid"]]["power_state"] in (None, "power off")
    assert env.put(f"/v1/nodes/{node['uuid']}/states/power",
                   {"target": "power on"}).status_code == 202
    deadline = time.monotonic() + 10
    while _detail(env)[node["uuid"]]["power_state"] != "power on":
        assert time.monotonic() < deadline, "the list kept showing the old power state"
        time.sleep(0.05)


def test_a_lock_taken_outside_the_api_shows(env: Env) -> None:
    node = env.node(name="locked")
    assert _detail(env)[node["uuid"]]["reservation"] is None
    NodeRepository(env.db).reserve(node["uuid"], "other-host")
    assert _detail(env)[node["uuid"]]["reservation"] == "other-host"


def test_each_microversion_gets_its_own_shape(env: Env) -> None:
    node = env.node(name="versions")
    assert "owner" in _detail(env)[node["uuid"]]
    old = _detail(env, version="1.40")[node["uuid"]]
    assert "owner" not in old and "traits" in old
    assert "owner" in _detail(env)[node["uuid"]]


def test_deleted_nodes_leave_the_list_and_secrets_stay_masked(env: Env) -> None:
    gone = env.node(name="gone")
    kept = env.node(name="kept", driver_info={"ipmi_password": "p4ss", "ipmi_address": "x"})
    assert set(_detail(env)) == {gone["uuid"], kept["uuid"]}
    assert env.delete(f"/v1/nodes/{gone['uuid']}").status_code == 204
    listed = _detail(env)
    assert set(listed) == {kept["uuid"]}
    assert listed[kept["uuid"]]["driver_info"] == {"ipmi_password": "******",
                                                   "ipmi_address": "x"}


def test_paging_through_a_detailed_list(env: Env) -> None:
    uuids = {env.node(name=f"page-{i}")["uuid"] for i in range(5)}
    seen: list[str] = []
    path = "/v1/nodes/detail?limit=2"
    while path:
        body = env.get(path.split("http://falconframework.org")[-1]).json
        seen.extend(n["uuid"] for n in body["nodes"])
        path = body.get("next", "")
    assert sorted(seen) == sorted(uuids) and len(seen) == 5
