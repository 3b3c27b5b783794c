"""``/v1/nodes``: create, show, list, paging, fields, patch, delete, masking."""

from __future__ import annotations

import uuid

import pytest

from .conftest import Env, fault

URL = "http://falconframework.org"


def test_create_answers_201_with_location_and_full_node(env: Env) -> None:
    result = env.post("/v1/nodes", {"driver": "fake-hardware", "name": "node-1",
                                    "driver_info": {"ipmi_password": "pw", "user": "u"},
                                    "extra": {"a": 1}})
    assert result.status_code == 201
    node = result.json
    assert result.headers["Location"] == f"{URL}/v1/nodes/{node['uuid']}"
    assert node["name"] == "node-1"
    assert node["provision_state"] == "enroll"
    assert node["driver_info"] == {"ipmi_password": "******", "user": "u"}
    assert node["power_interface"] == "fake"
    assert node["conductor"] == "test-conductor"
    assert node["traits"] == [] and node["clean_step"] == {} and node["raid_config"] == {}
    assert node["links"] == [
        {"href": f"{URL}/v1/nodes/{node['uuid']}", "rel": "self"},
        {"href": f"{URL}/nodes/{node['uuid']}", "rel": "bookmark"}]
    for sub in ("ports", "states", "portgroups", "volume"):
        assert node[sub][0]["href"] == f"{URL}/v1/nodes/{node['uuid']}/{sub}"
    assert node["created_at"].endswith("+00:00")


def test_create_with_uuid_and_old_version(env: Env) -> None:
    ident = str(uuid.uuid4())
    result = env.post("/v1/nodes", {"driver": "fake-hardware", "uuid": ident}, version="1.10")
    assert result.status_code == 201
    node = result.json
    assert node["uuid"] == ident
    assert node["provision_state"] == "available"
    assert "conductor" not in node and "traits" not in node and "volume" not in node
    assert "boot_interface" not in node and "resource_class" not in node


@pytest.mark.parametrize("body,status,words", [
    ({"name": "x"}, 400, "'driver' is a required property"),
    ({"driver": "fake-hardware", "bogus": 1}, 400, "'bogus' was unexpected"),
    ({"driver": "fake-hardware", "extra": "notadict"}, 400, "extra"),
    ({"driver": "fake-hardware", "uuid": "not-a-uuid"}, 400, "UUID"),
    ({"driver": "fake-hardware", "name": "bad name!"}, 400, "invalid name"),
    ({"driver": "fake-hardware", "name": str(uuid.uuid4())}, 400, "invalid name"),
    ({"driver": "fake-hardware", "name": "detail"}, 400, "reserved"),
    ({"driver": "fake-hardware", "maintenance": "perhaps"}, 400, "maintenance"),
    ({"driver": "fake-hardware", "description": "x" * 5000}, 400, "too long"),
    ({"driver": "fake-hardware", "chassis_uuid": str(uuid.uuid4())}, 400, "Chassis"),
    ({"driver": "no-such-hardware"}, 400, "no-such-hardware"),
    ({"driver": "fake-hardware", "power_interface": "nope"}, 400, "nope"),
    ({"driver": "fake-hardware", "firmware_interface": "fake"}, 406, "not acceptable"),
])
def test_create_validation(env: Env, body: dict[str, object], status: int, words: str) -> None:
    result = env.post("/v1/nodes", body)
    assert result.status_code == status, result.text
    assert words.lower() in fault(result)["faultstring"].lower()
    assert env.get("/v1/nodes").json["nodes"] == []


def test_create_rejects_fields_newer_than_request(env: Env) -> None:
    assert env.post("/v1/nodes", {"driver": "fake-hardware", "owner": "p"},
                    version="1.49").status_code == 406
    assert env.post("/v1/nodes", {"driver": "fake-hardware", "name": "a"},
                    version="1.4").status_code == 406
    assert env.get("/v1/nodes").json["nodes"] == []


def test_duplicate_name_conflict(env: Env) -> None:
    env.node(name="twin")
    result = env.post("/v1/nodes", {"driver": "fake-hardware", "name": "twin"})
    assert result.status_code == 409
    assert "twin" in fault(result)["faultstring"]


def test_show_by_uuid_and_name_and_fields(env: Env) -> None:
    node = env.node(name="shown", properties={"cpus": 4})
    by_name = env.get("/v1/nodes/shown").json
    assert by_name["uuid"] == node["uuid"]
    assert env.get(f"/nodes/{node['uuid']}").json["name"] == "shown"
    some = env.get("/v1/nodes/shown?fields=uuid,properties,chassis_uuid,conductor").json
    assert set(some) == {"uuid", "properties", "chassis_uuid", "conductor", "links"}
    assert some["properties"] == {"cpus": 4}


def test_show_errors(env: Env) -> None:
    node = env.node(name="n")
    assert env.get("/v1/nodes/missing").status_code == 404
    assert env.get("/v1/nodes/bad%20name").status_code == 400
    assert env.get("/v1/nodes/n?fields=nonsense").status_code == 400
    assert env.get("/v1/nodes/n?fields=owner", version="1.49").status_code == 406
    assert env.get(f"/v1/nodes/{node['uuid']}?fields=uuid", version="1.7").status_code == 406
    assert env.get("/v1/nodes/n", version="1.4").status_code == 400


def test_hidden_fields_by_version(env: Env) -> None:
    node = env.node()
    old = env.get(f"/v1/nodes/{node['uuid']}", version="1.48").json
    assert "conductor" not in old and "owner" not in old and "protected" in old
    assert "states" in old and "portgroups" in old and "volume" in old
    older = env.get(f"/v1/nodes/{node['uuid']}", version="1.13").json
    assert "states" not in older and "raid_config" in older and "name" in older
    assert "lessee" in env.get(f"/v1/nodes/{node['uuid']}", version="1.65").json
    assert "boot_mode" not in env.get(f"/v1/nodes/{node['uuid']}", version="1.74").json


def test_list_default_and_detail(env: Env) -> None:
    node = env.node(name="listed", driver_info={"password": "x"})
    plain = env.get("/v1/nodes").json
    assert set(plain) == {"nodes"}
    (item,) = plain["nodes"]
    assert set(item) == {"uuid", "name", "instance_uuid", "maintenance", "power_state",
                         "provision_state", "links"}
    detail = env.get("/v1/nodes/detail").json["nodes"]
    assert detail[0]["driver_info"] == {"password": "******"}
    assert detail[0]["conductor"] == "test-conductor"
    assert env.get("/v1/nodes?detail=True").json["nodes"] == detail
    assert env.get("/v1/nodes?detail=True", version="1.42").status_code == 400
    assert env.get("/v1/nodes?detail=True&fields=uuid").status_code == 400
    only = env.get("/v1/nodes?fields=uuid,driver").json["nodes"][0]
    assert set(only) == {"uuid", "driver", "links"}
    assert only["uuid"] == node["uuid"]


def test_list_paging_next_links(env: Env) -> None:
    uuids = [env.node(name=f"p{i}")["uuid"] for i in range(5)]
    page = env.get("/v1/nodes?limit=2").json
    assert [n["uuid"] for n in page["nodes"]] == uuids[:2]
    assert page["next"] == (f"{URL}/v1/nodes?sort_key=id&sort_dir=asc&fields=instance_uuid,"
                            f"maintenance,power_state,provision_state,uuid,name&limit=2&"
                            f"marker={uuids[1]}")
    seen = [n["uuid"] for n in page["nodes"]]
    next_url = page["next"]
    while next_url:
        page = env.get(next_url[len(URL):]).json
        seen += [n["uuid"] for n in page["nodes"]]
        next_url = page.get("next")
    assert seen == uuids
    detail = env.get("/v1/nodes/detail?limit=3&sort_dir=desc").json
    assert [n["uuid"] for n in detail["nodes"]] == uuids[::-1][:3]
    assert detail["next"].startswith(f"{URL}/v1/nodes/detail?sort_key=id&sort_dir=desc&")
    assert "next" not in env.get("/v1/nodes?limit=10").json


def test_list_parameter_errors(env: Env) -> None:
    assert env.get("/v1/nodes?limit=0").status_code == 400
    assert env.get("/v1/nodes?limit=abc").status_code == 400
    assert env.get("/v1/nodes?sort_dir=up").status_code == 400
    assert env.get("/v1/nodes?sort_key=driver_info").status_code == 400
    assert env.get("/v1/nodes?sort_key=owner", version="1.49").status_code == 406
    assert env.get("/v1/nodes?marker=not-uuid").status_code == 400
    assert env.get(f"/v1/nodes?marker={uuid.uuid4()}").status_code == 400
    assert env.get("/v1/nodes?maintenance=maybe").status_code == 400
    assert env.get("/v1/nodes?provision_state=nowhere").status_code == 400
    assert env.get("/v1/nodes?driver=x", version="1.15").status_code == 406
    assert env.get("/v1/nodes?unknown=1").status_code == 400


def test_list_filters(env: Env) -> None:
    a = env.node(name="a", resource_class="gold", owner="p1")
    env.node(name="b", resource_class="silver", lessee="p1")
    env.put("/v1/nodes/b/maintenance", {"reason": "broken"})
    names = lambda q: sorted(n["name"] for n in env.get(f"/v1/nodes?{q}").json["nodes"])  # noqa
    assert names("resource_class=gold") == ["a"]
    assert names("maintenance=true") == ["b"]
    assert names("maintenance=false") == ["a"]
    assert names("owner=p1") == ["a"]
    assert names("project=p1") == ["a", "b"]
    assert names("driver=fake-hardware") == ["a", "b"]
    assert names("provision_state=enroll") == ["a", "b"]
    assert names("associated=false") == ["a", "b"]
    assert names("conductor=test-conductor") == ["a", "b"]
    assert names("conductor=elsewhere") == []
    assert names(f"instance_uuid={uuid.uuid4()}") == []
    assert a["uuid"]


def test_patch_replace_add_remove(env: Env) -> None:
    node = env.node(name="p", driver_info={"ipmi_password": "old", "ipmi_address": "1.2.3.4"},
                    extra={"keep": 1, "drop": 2})
    result = env.patch("/v1/nodes/p", [
        {"op": "replace", "path": "/driver_info/ipmi_password", "value": "new"},
        {"op": "add", "path": "/extra/new", "value": [1, 2]},
        {"op": "remove", "path": "/extra/drop"},
        {"op": "replace", "path": "/description", "value": "desc"},
        {"op": "replace", "path": "/name", "value": "renamed"},
    ])
    assert result.status_code == 200, result.text
    patched = result.json
    assert patched["driver_info"] == {"ipmi_password": "******", "ipmi_address": "1.2.3.4"}
    assert patched["extra"] == {"keep": 1, "new": [1, 2]}
    assert patched["description"] == "desc" and patched["name"] == "renamed"
    stored = env.service.manager.nodes.get(node["uuid"])
    assert stored["driver_info"]["ipmi_password"] == "new"
    removed = env.patch("/v1/nodes/renamed", [{"op": "remove", "path": "/extra"},
                                              {"op": "remove", "path": "/description"}]).json
    assert removed["extra"] == {} and removed["description"] is None


@pytest.mark.parametrize("ops,status,words", [
    ([{"op": "replace", "path": "/uuid", "value": str(uuid.uuid4())}], 400, "Cannot patch /uuid"),
    ([{"op": "replace", "path": "/created_at", "value": "x"}], 400, "Cannot patch"),
    ([{"op": "replace", "path": "/provision_state", "value": "active"}], 400, "Cannot patch"),
    ([{"op": "add", "path": "/nonsense", "value": 1}], 400, "Cannot patch"),
    ([{"op": "move", "path": "/extra", "from": "/x"}], 400, "Invalid patch"),
    ([{"op": "replace", "path": "/extra"}], 400, "value"),
    ([{"op": "remove", "path": "/extra/absent"}], 400, "Couldn't apply patch"),
    ([{"op": "replace", "path": "/maintenance", "value": "sometimes"}], 400, "maintenance"),
    ([{"op": "replace", "path": "/extra", "value": 5}], 400, "extra"),
    ([{"op": "add", "path": "/traits", "value": ["CUSTOM_A"]}], 400, "traits"),
    ([{"op": "replace", "path": "/name", "value": "bad name"}], 400, "invalid name"),
    ([{"op": "replace", "path": "/instance_uuid", "value": "nope"}], 400, "UUID"),
    ([{"op": "replace", "path": "/chassis_uuid", "value": str(uuid.uuid4())}], 400, "Chassis"),
    ([{"op": "replace", "path": "/power_interface", "value": "nope"}], 400, "nope"),
    ([{"op": "replace", "path": "/firmware_interface", "value": "fake"}], 406, "acceptable"),
    ({"op": "replace"}, 400, "array"),
])
def test_patch_rules_and_no_partial_write(env: Env, ops: object, status: int,
                                          words: str) -> None:
    node = env.node(name="guarded", extra={"a": 1}, driver_info={"x": 1})
    # Each failing patch also carries a valid change: none of it may be written.
    body = ([{"op": "replace", "path": "/extra/a", "value": 2}] + ops
            if isinstance(ops, list) else ops)
    result = env.patch("/v1/nodes/guarded", body)
    assert result.status_code == status, result.text
    assert words.lower() in fault(result)["faultstring"].lower()
    after = env.service.manager.nodes.get(node["uuid"])
    assert after["extra"] == {"a": 1}
    assert after["updated_at"] == env.service.manager.nodes.get(node["uuid"])["updated_at"]


def test_patch_newer_field_by_version(env: Env) -> None:
    env.node(name="v")
    assert env.patch("/v1/nodes/v", [{"op": "add", "path": "/owner", "value": "x"}],
                     version="1.49").status_code == 406
    assert env.patch("/v1/nodes/v", [{"op": "add", "path": "/owner", "value": "x"}],
                     version="1.50").json["owner"] == "x"


def test_patch_reset_interfaces_rules(env: Env) -> None:
    env.node(name="r")
    result = env.req("PATCH", "/v1/nodes/r?reset_interfaces=true",
                     [{"op": "replace", "path": "/extra", "value": {}}])
    assert result.status_code == 400
    result = env.req("PATCH", "/v1/nodes/r?reset_interfaces=true",
                     [{"op": "replace", "path": "/driver", "value": "fake-hardware"}],
                     version="1.44")
    assert result.status_code == 406


def test_patch_protected_rules(env: Env) -> None:
    env.node(name="prot")
    result = env.patch("/v1/nodes/prot", [{"op": "replace", "path": "/protected",
                                           "value": True}])
    assert result.status_code == 409
    fault(result)


def test_delete(env: Env) -> None:
    node = env.node(name="gone")
    result = env.delete("/v1/nodes/gone")
    assert result.status_code == 204
    assert result.text == ""
    assert env.get(f"/v1/nodes/{node['uuid']}").status_code == 404
    assert env.delete("/v1/nodes/gone").status_code == 404


def test_chassis_uuid_on_nodes(env: Env) -> None:
    chassis = env.post("/v1/chassis", {"description": "rack 1"}).json
    node = env.node(chassis_uuid=chassis["uuid"])
    assert node["chassis_uuid"] == chassis["uuid"]
    listed = env.get(f"/v1/nodes?chassis_uuid={chassis['uuid']}&fields=uuid,chassis_uuid")
    assert listed.json["nodes"][0]["chassis_uuid"] == chassis["uuid"]
    moved = env.patch(f"/v1/nodes/{node['uuid']}",
                      [{"op": "remove", "path": "/chassis_uuid"}]).json
    assert moved["chassis_uuid"] is None
