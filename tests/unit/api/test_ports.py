"""Ports, portgroups, volume connectors/targets and chassis."""

from __future__ import annotations

import uuid

import pytest

from .conftest import Env, fault

URL = "http://falconframework.org"


def test_port_crud(env: Env) -> None:
    node = env.node(name="pn")
    created = env.post("/v1/ports", {"address": "AA:BB:CC:DD:EE:01", "node_uuid": node["uuid"],
                                     "extra": {"k": "v"},
                                     "local_link_connection": {"switch_id": "0a:1b:2c:3d:4e:5f",
                                                               "port_id": "Eth1"}})
    assert created.status_code == 201, created.text
    port = created.json
    assert created.headers["Location"] == f"{URL}/v1/ports/{port['uuid']}"
    assert port["address"] == "aa:bb:cc:dd:ee:01"
    assert port["node_uuid"] == node["uuid"]
    assert port["portgroup_uuid"] is None and port["pxe_enabled"] is True
    assert port["links"][1] == {"href": f"{URL}/ports/{port['uuid']}", "rel": "bookmark"}
    assert env.get(f"/v1/ports/{port['uuid']}").json == port
    assert "is_smartnic" not in env.get(f"/v1/ports/{port['uuid']}", version="1.52").json
    assert set(env.get("/v1/ports").json["ports"][0]) == {"uuid", "address", "links"}
    assert env.get("/v1/ports/detail").json["ports"][0]["extra"] == {"k": "v"}
    assert env.get("/v1/nodes/pn/ports").json["ports"][0]["uuid"] == port["uuid"]
    assert env.get("/v1/ports?address=aa:bb:cc:dd:ee:01").json["ports"][0]["uuid"] == \
        port["uuid"]
    patched = env.patch(f"/v1/ports/{port['uuid']}", [
        {"op": "replace", "path": "/address", "value": "aa:bb:cc:dd:ee:02"},
        {"op": "remove", "path": "/extra/k"}])
    assert patched.status_code == 200, patched.text
    assert patched.json["address"] == "aa:bb:cc:dd:ee:02" and patched.json["extra"] == {}
    assert env.delete(f"/v1/ports/{port['uuid']}").status_code == 204
    assert env.get(f"/v1/ports/{port['uuid']}").status_code == 404


@pytest.mark.parametrize("body,status", [
    ({"address": "zz:zz", "node_uuid": "NODE"}, 400),
    ({"node_uuid": "NODE"}, 400),
    ({"address": "aa:bb:cc:dd:ee:03"}, 400),
    ({"address": "aa:bb:cc:dd:ee:03", "node_uuid": str(uuid.uuid4())}, 400),
    ({"address": "aa:bb:cc:dd:ee:03", "node_uuid": "NODE", "colour": "red"}, 400),
    ({"address": "aa:bb:cc:dd:ee:03", "node_uuid": "NODE", "pxe_enabled": "maybe"}, 400),
    ({"address": "aa:bb:cc:dd:ee:03", "node_uuid": "NODE", "physical_network": ""}, 400),
    ({"address": "aa:bb:cc:dd:ee:03", "node_uuid": "NODE",
      "local_link_connection": {"nope": "x"}}, 400),
    ({"address": "aa:bb:cc:dd:ee:03", "node_uuid": "NODE", "is_smartnic": True}, 400),
    ({"address": "aa:bb:cc:dd:ee:03", "node_uuid": "NODE",
      "portgroup_uuid": str(uuid.uuid4())}, 400),
])
def test_port_create_validation(env: Env, body: dict[str, str], status: int) -> None:
    node = env.node()
    body = {k: (node["uuid"] if v == "NODE" else v) for k, v in body.items()}
    result = env.post("/v1/ports", body)
    assert result.status_code == status, result.text
    fault(result)
    assert env.get("/v1/ports").json["ports"] == []


def test_port_duplicate_mac_and_patch_rules(env: Env) -> None:
    node = env.node()
    port = env.post("/v1/ports", {"address": "aa:bb:cc:dd:ee:10",
                                  "node_uuid": node["uuid"]}).json
    duplicate = env.post("/v1/ports", {"address": "aa:bb:cc:dd:ee:10",
                                       "node_uuid": node["uuid"]})
    assert duplicate.status_code == 409
    for ops in ([{"op": "replace", "path": "/uuid", "value": str(uuid.uuid4())}],
                [{"op": "replace", "path": "/address", "value": "bad"}],
                [{"op": "remove", "path": "/address"}],
                [{"op": "replace", "path": "/node_uuid", "value": str(uuid.uuid4())}]):
        result = env.patch(f"/v1/ports/{port['uuid']}",
                           [{"op": "add", "path": "/extra/x", "value": 1}] + ops)
        assert result.status_code == 400, (ops, result.text)
    assert env.get(f"/v1/ports/{port['uuid']}?fields=extra").json["extra"] == {}
    assert env.patch(f"/v1/ports/{port['uuid']}", [
        {"op": "replace", "path": "/is_smartnic", "value": True}], version="1.52"
    ).status_code == 406


def test_port_paging(env: Env) -> None:
    node = env.node()
    uuids = [env.post("/v1/ports", {"address": f"aa:bb:cc:dd:ee:2{i}",
                                    "node_uuid": node["uuid"]}).json["uuid"] for i in range(3)]
    page = env.get("/v1/ports?limit=2").json
    assert [p["uuid"] for p in page["ports"]] == uuids[:2]
    assert page["next"] == (f"{URL}/v1/ports?sort_key=id&sort_dir=asc&fields=uuid,address&"
                            f"limit=2&marker={uuids[1]}")


def test_portgroups(env: Env) -> None:
    node = env.node(name="pgn")
    created = env.post("/v1/portgroups", {"node_uuid": node["uuid"], "name": "bond0",
                                          "address": "aa:bb:cc:dd:ee:30"})
    assert created.status_code == 201, created.text
    pg = created.json
    assert pg["mode"] == "active-backup" and pg["standalone_ports_supported"] is True
    assert pg["ports"][0]["href"] == f"{URL}/v1/portgroups/{pg['uuid']}/ports"
    port = env.post("/v1/ports", {"address": "aa:bb:cc:dd:ee:31", "node_uuid": node["uuid"],
                                  "portgroup_uuid": pg["uuid"]}).json
    assert port["portgroup_uuid"] == pg["uuid"]
    assert env.get("/v1/portgroups/bond0/ports").json["ports"][0]["uuid"] == port["uuid"]
    assert env.get("/v1/nodes/pgn/portgroups").json["portgroups"][0]["name"] == "bond0"
    assert set(env.get("/v1/portgroups").json["portgroups"][0]) == {
        "uuid", "address", "name", "links"}
    assert "mode" not in env.get("/v1/portgroups/bond0", version="1.25").json
    assert env.get("/v1/portgroups", version="1.22").status_code == 404
    renamed = env.patch("/v1/portgroups/bond0", [{"op": "replace", "path": "/name",
                                                  "value": "bond1"}])
    assert renamed.json["name"] == "bond1"
    assert env.post("/v1/portgroups", {"node_uuid": node["uuid"], "name": "bad name"}
                    ).status_code == 400
    assert env.delete("/v1/portgroups/bond1").status_code in (204, 400, 409)


def test_volume(env: Env) -> None:
    node = env.node(name="vn", storage_interface="fake")
    root = env.get("/v1/volume").json
    assert root["connectors"][0]["href"] == f"{URL}/v1/volume/connectors"
    assert root["links"][0]["href"] == f"{URL}/v1/volume/"
    connector = env.post("/v1/volume/connectors", {"node_uuid": node["uuid"], "type": "iqn",
                                                   "connector_id": "iqn.2017-07.org:01"})
    assert connector.status_code == 201, connector.text
    cid = connector.json["uuid"]
    assert env.get("/v1/volume/connectors").json["connectors"][0]["node_uuid"] == node["uuid"]
    assert env.get("/v1/nodes/vn/volume/connectors").json["connectors"][0]["uuid"] == cid
    target = env.post("/v1/volume/targets", {"node_uuid": node["uuid"], "volume_type": "iscsi",
                                             "boot_index": 0, "volume_id": "vol-1"})
    assert target.status_code == 201, target.text
    tid = target.json["uuid"]
    # The conductor updates volume targets of powered off nodes only.
    env.put("/v1/nodes/vn/states/power", {"target": "power off"})
    from .test_node_actions import _wait_power

    _wait_power(env, "vn", "power off")
    assert env.patch(f"/v1/volume/targets/{tid}", [{"op": "replace", "path": "/boot_index",
                                                    "value": 1}]).json["boot_index"] == 1
    assert env.post("/v1/volume/connectors", {"node_uuid": node["uuid"], "type": "bogus",
                                              "connector_id": "x"}).status_code == 400
    assert env.post("/v1/volume/targets", {"node_uuid": node["uuid"], "volume_type": "iscsi",
                                           "boot_index": "one", "volume_id": "v"}
                    ).status_code == 400
    assert env.get("/v1/volume", version="1.31").status_code == 404
    assert env.delete(f"/v1/volume/targets/{tid}").status_code == 204
    assert env.delete(f"/v1/volume/connectors/{cid}").status_code == 204


def test_chassis_crud(env: Env) -> None:
    created = env.post("/v1/chassis", {"description": "rack", "extra": {"row": 1}})
    assert created.status_code == 201
    chassis = created.json
    assert created.headers["Location"] == f"{URL}/v1/chassis/{chassis['uuid']}"
    assert chassis["nodes"][0]["href"] == f"{URL}/v1/chassis/{chassis['uuid']}/nodes"
    assert set(env.get("/v1/chassis").json["chassis"][0]) == {"uuid", "description", "links"}
    updated = env.patch(f"/v1/chassis/{chassis['uuid']}",
                        [{"op": "replace", "path": "/description", "value": "rack 2"}]).json
    assert updated["description"] == "rack 2"
    node = env.node(chassis_uuid=chassis["uuid"])
    listed = env.get(f"/v1/chassis/{chassis['uuid']}/nodes").json["nodes"]
    assert [n["uuid"] for n in listed] == [node["uuid"]]
    refused = env.delete(f"/v1/chassis/{chassis['uuid']}")
    assert refused.status_code == 400
    fault(refused)
    env.delete(f"/v1/nodes/{node['uuid']}")
    assert env.delete(f"/v1/chassis/{chassis['uuid']}").status_code == 204
    assert env.post("/v1/chassis", {"description": 5}).status_code == 400
    assert env.post("/v1/chassis", {"colour": "red"}).status_code == 400
    assert env.get("/v1/chassis/not-a-uuid").status_code == 400
