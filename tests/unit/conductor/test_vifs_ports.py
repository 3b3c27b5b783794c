"""VIFs on ports/portgroups (noop network), and port/portgroup/volume rules."""

from __future__ import annotations

from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.repositories import NodeHistoryRepository


def add_port(manager: ConductorManager, node: dict[str, Any], mac: str,
             **values: Any) -> dict[str, Any]:
    return manager.create_port({"node_uuid": node["uuid"], "address": mac, **values})


def test_vif_attach_list_detach(manager: ConductorManager, node: dict[str, Any]) -> None:
    no_pxe = add_port(manager, node, "52:54:00:00:00:01", pxe_enabled=False)
    pxe = add_port(manager, node, "52:54:00:00:00:02")
    manager.vif_attach(node["uuid"], {"id": "vif-1"})
    assert manager.ports.get(pxe["uuid"])["internal_info"] == {"tenant_vif_port_id": "vif-1"}
    manager.vif_attach(node["uuid"], {"id": "vif-2"})
    assert manager.ports.get(no_pxe["uuid"])["internal_info"] == {
        "tenant_vif_port_id": "vif-2"}
    assert sorted(v["id"] for v in manager.vif_list(node["uuid"])) == ["vif-1", "vif-2"]
    with pytest.raises(errors.VifAlreadyAttached):
        manager.vif_attach(node["uuid"], {"id": "vif-1"})
    with pytest.raises(errors.Invalid, match="not enough free physical ports"):
        manager.vif_attach(node["uuid"], {"id": "vif-3"})
    failed = manager.nodes.get(node["uuid"])
    assert "Failed to attach VIF vif-3" in failed["last_error"]
    assert NodeHistoryRepository(manager.db).list_for_node(node["id"])[-1]["severity"] == "ERROR"
    with pytest.raises(errors.InvalidStateConflict, match="bound to VIF vif-1"):
        manager.destroy_port(pxe["uuid"])
    manager.vif_detach(node["uuid"], "vif-1")
    assert manager.ports.get(pxe["uuid"])["internal_info"] == {}
    with pytest.raises(errors.VifNotAttached):
        manager.vif_detach(node["uuid"], "vif-1")
    manager.destroy_port(pxe["uuid"])
    assert [v["id"] for v in manager.vif_list(node["uuid"])] == ["vif-2"]
    assert manager.nodes.get(node["uuid"])["reservation"] is None


def test_vif_prefers_portgroup_and_honours_port_uuid(manager: ConductorManager,
                                                     node: dict[str, Any]) -> None:
    group = manager.create_portgroup({"node_uuid": node["uuid"], "name": "bond0",
                                      "address": "52:54:00:00:01:00"})
    member = add_port(manager, node, "52:54:00:00:00:11", portgroup_uuid=group["uuid"])
    single = add_port(manager, node, "52:54:00:00:00:12")
    manager.vif_attach(node["uuid"], {"id": "vif-pg"})
    assert manager.portgroups.get(group["uuid"])["internal_info"] == {
        "tenant_vif_port_id": "vif-pg"}
    manager.vif_attach(node["uuid"], {"id": "vif-p", "port_uuid": single["uuid"]})
    assert manager.ports.get(single["uuid"])["internal_info"]["tenant_vif_port_id"] == "vif-p"
    assert manager.ports.get(member["uuid"])["internal_info"] == {}
    with pytest.raises(errors.Invalid):
        manager.destroy_portgroup(group["uuid"])  # it still has a port


def test_vif_attach_needs_an_id(manager: ConductorManager, node: dict[str, Any]) -> None:
    with pytest.raises(errors.InvalidParameterValue):
        manager.vif_attach(node["uuid"], {})


def test_port_rules(manager: ConductorManager, node: dict[str, Any]) -> None:
    port = add_port(manager, node, "52:54:00:00:00:21")
    assert port["node_id"] == node["id"]
    with pytest.raises(errors.MACAlreadyExists):
        add_port(manager, node, "52:54:00:00:00:21")
    moved = manager.update_port(port["uuid"], {"address": "52:54:00:00:00:22",
                                               "pxe_enabled": False})
    assert moved["address"] == "52:54:00:00:00:22"
    manager.nodes.update(node["uuid"], {"provision_state": "active"})
    with pytest.raises(errors.InvalidStateConflict, match="hardware address"):
        manager.update_port(port["uuid"], {"address": "52:54:00:00:00:23"})
    with pytest.raises(errors.InvalidStateConflict, match="connectivity"):
        manager.update_port(port["uuid"], {"pxe_enabled": True})
    assert manager.update_port(port["uuid"], {"extra": {"k": "v"}})["extra"] == {"k": "v"}
    other = manager.create_node({"driver": "fake-hardware"})
    group = manager.create_portgroup({"node_uuid": other["uuid"]})
    with pytest.raises(errors.InvalidParameterValue, match="different node"):
        add_port(manager, node, "52:54:00:00:00:24", portgroup_uuid=group["uuid"])
    with pytest.raises(errors.NodeNotFound):
        manager.create_port({"node_uuid": "nope", "address": "52:54:00:00:00:25"})
    manager.destroy_portgroup(group["uuid"])


def test_volume_rules(manager: ConductorManager, node: dict[str, Any]) -> None:
    conn = manager.create_volume_connector({"node_uuid": node["uuid"], "type": "iqn",
                                            "connector_id": "iqn.2024-01.org:n0"})
    target = manager.create_volume_target({"node_uuid": node["uuid"], "volume_type": "iscsi",
                                           "boot_index": 0, "volume_id": "vol-1"})
    manager.nodes.update(node["uuid"], {"power_state": "power on",
                                        "provision_state": "active"})
    with pytest.raises(errors.InvalidStateRequested, match="volume connector update"):
        manager.update_volume_connector(conn["uuid"], {"extra": {"a": 1}})
    with pytest.raises(errors.InvalidStateRequested, match="volume target deletion"):
        manager.destroy_volume_target(target["uuid"])
    manager.nodes.update(node["uuid"], {"power_state": "power off"})
    assert manager.update_volume_target(target["uuid"], {"boot_index": 1})["boot_index"] == 1
    manager.destroy_volume_connector(conn["uuid"])
    manager.destroy_volume_target(target["uuid"])
    assert manager.volume_connectors.list() == [] and manager.volume_targets.list() == []
