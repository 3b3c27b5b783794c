"""Ports, portgroups, volume connectors/targets and chassis repositories."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import (
    ChassisRepository,
    NodeRepository,
    PortgroupRepository,
    PortRepository,
    VolumeConnectorRepository,
    VolumeTargetRepository,
)


@pytest.fixture
def node(db: Database) -> dict[str, Any]:
    return NodeRepository(db).create({"driver": "fake-hardware", "name": "node-1"})


def test_ports(db: Database, node: dict[str, Any]) -> None:
    ports = PortRepository(db)
    port = ports.create({"node_id": node["id"], "address": "52:54:00:12:34:56", "name": "p0",
                         "local_link_connection": {"switch_id": "x"}})
    assert port["pxe_enabled"] is True and port["local_link_connection"] == {"switch_id": "x"}
    assert ports.get(port["uuid"]) == port == ports.get("p0")
    assert ports.get_by_address("52:54:00:12:34:56") == port
    with pytest.raises(errors.MACAlreadyExists, match="52:54:00:12:34:56"):
        ports.create({"node_id": node["id"], "address": "52:54:00:12:34:56"})
    with pytest.raises(errors.Conflict, match="name p0"):
        ports.create({"node_id": node["id"], "address": "52:54:00:12:34:57", "name": "p0"})
    with pytest.raises(errors.NodeNotFound):
        ports.create({"node_id": 9999, "address": "52:54:00:12:34:58"})
    with pytest.raises(errors.PortgroupNotFound):
        ports.update(port["uuid"], {"portgroup_id": 9999})
    with pytest.raises(errors.PortNotFound):
        ports.get("missing")
    with pytest.raises(errors.PortNotFound):
        ports.get_by_address("00:00:00:00:00:00")
    assert ports.count() == 1
    assert ports.update("p0", {"pxe_enabled": False})["pxe_enabled"] is False
    assert [p["uuid"] for p in ports.list_by_node(node["id"])] == [port["uuid"]]
    assert ports.list_by_node(node["id"] + 1) == []
    ports.destroy("p0")
    with pytest.raises(errors.PortNotFound):
        ports.destroy(port["uuid"])


def test_portgroups(db: Database, node: dict[str, Any]) -> None:
    groups = PortgroupRepository(db)
    group = groups.create({"node_id": node["id"], "name": "bond0",
                           "address": "52:54:00:00:00:aa", "mode": "802.3ad"})
    assert groups.get("bond0") == group == groups.get_by_address("52:54:00:00:00:aa")
    with pytest.raises(errors.PortgroupAlreadyExists, match="name bond0"):
        groups.create({"node_id": node["id"], "name": "bond0"})
    with pytest.raises(errors.PortgroupAlreadyExists, match="MAC address"):
        groups.create({"node_id": node["id"], "address": "52:54:00:00:00:aa"})
    with pytest.raises(errors.PortgroupAlreadyExists, match="UUID"):
        groups.create({"node_id": node["id"], "uuid": group["uuid"]})
    port = PortRepository(db).create({"node_id": node["id"], "address": "52:54:00:00:00:01",
                                      "portgroup_id": group["id"]})
    assert PortRepository(db).list_by_portgroup(group["id"]) == [port]
    with pytest.raises(errors.Invalid, match="contains ports"):
        groups.destroy("bond0")
    PortRepository(db).update(port["uuid"], {"portgroup_id": None})
    groups.destroy("bond0")
    with pytest.raises(errors.PortgroupNotFound):
        groups.get(group["uuid"])


def test_volume_connectors(db: Database, node: dict[str, Any]) -> None:
    connectors = VolumeConnectorRepository(db)
    conn = connectors.create({"node_id": node["id"], "type": "iqn",
                              "connector_id": "iqn.2024-01.org:node1"})
    assert connectors.get(conn["uuid"]) == conn
    with pytest.raises(errors.VolumeConnectorAlreadyExists, match="connector ID"):
        other = NodeRepository(db).create({"driver": "fake-hardware"})
        connectors.create({"node_id": other["id"], "type": "iqn",
                           "connector_id": "iqn.2024-01.org:node1"})
    with pytest.raises(errors.VolumeConnectorAlreadyExists, match="type iqn"):
        connectors.create({"node_id": node["id"], "type": "iqn", "connector_id": "other"})
    with pytest.raises(errors.VolumeConnectorNotFound):
        connectors.get(str(uuid.uuid4()))
    assert len(connectors.list_by_node(node["id"])) == 1


def test_volume_targets(db: Database, node: dict[str, Any]) -> None:
    targets = VolumeTargetRepository(db)
    target = targets.create({"node_id": node["id"], "volume_type": "iscsi", "boot_index": 0,
                             "volume_id": "vol-1", "properties": {"lun": 1}})
    assert targets.get(target["uuid"])["properties"] == {"lun": 1}
    with pytest.raises(errors.VolumeTargetAlreadyExists, match="boot index '0'"):
        targets.create({"node_id": node["id"], "volume_type": "iscsi", "boot_index": 0,
                        "volume_id": "vol-2"})
    with pytest.raises(errors.VolumeTargetAlreadyExists, match=target["uuid"]):
        targets.create({"node_id": node["id"], "volume_type": "iscsi", "boot_index": 1,
                        "volume_id": "vol-2", "uuid": target["uuid"]})
    targets.destroy(target["uuid"])
    with pytest.raises(errors.VolumeTargetNotFound):
        targets.get(target["uuid"])


def test_chassis(db: Database) -> None:
    chassis = ChassisRepository(db)
    one = chassis.create({"description": "rack 1", "extra": {"row": 3}})
    assert chassis.get(one["uuid"]) == one
    with pytest.raises(errors.Conflict, match=one["uuid"]):
        chassis.create({"uuid": one["uuid"]})
    node = NodeRepository(db).create({"driver": "fake-hardware", "chassis_id": one["id"]})
    assert chassis.list_nodes(one["id"]) == [{"id": node["id"], "uuid": node["uuid"]}]
    with pytest.raises(errors.Invalid, match="contains nodes"):
        chassis.destroy(one["uuid"])
    NodeRepository(db).update(node["uuid"], {"chassis_id": None})
    assert chassis.update(one["uuid"], {"description": "rack 2"})["description"] == "rack 2"
    chassis.destroy(one["uuid"])
    with pytest.raises(errors.ChassisNotFound):
        chassis.get(one["uuid"])
