"""Node create/update/destroy and traits with Ironic's rules."""

from __future__ import annotations

from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.repositories import NodeHistoryRepository, PortRepository

from .conftest import idle


def test_create_fills_default_interfaces(manager: ConductorManager) -> None:
    node = manager.create_node({"driver": "fake-hardware", "name": "n1"})
    assert node["power_interface"] == "fake"
    assert node["network_interface"] == "noop"
    assert node["provision_state"] == "enroll"
    with pytest.raises(errors.DriverNotFound):
        manager.create_node({"driver": "no-such-hw"})
    with pytest.raises(errors.InterfaceNotEnabled):
        manager.create_node({"driver": "fake-hardware", "power_interface": "ipmitool"})
    with pytest.raises(errors.DuplicateName):
        manager.create_node({"driver": "fake-hardware", "name": "n1"})


def test_update_fields_and_maintenance(manager: ConductorManager,
                                       node: dict[str, Any]) -> None:
    updated = manager.update_node(node["uuid"], {"maintenance": True,
                                                 "maintenance_reason": "disk", "fault": "x",
                                                 "extra": {"a": 1}})
    assert updated["maintenance"] and updated["maintenance_reason"] == "disk"
    assert updated["reservation"] is None or updated["reservation"] == manager.host
    assert manager.nodes.get(node["uuid"])["reservation"] is None
    back = manager.update_node("node-0", {"maintenance": False})
    assert (back["maintenance"], back["maintenance_reason"], back["fault"]) == (False, None, None)
    assert back["extra"] == {"a": 1}


def test_update_interfaces_validated(manager: ConductorManager, node: dict[str, Any]) -> None:
    changed = manager.update_node(node["uuid"], {"console_interface": "fake"})
    assert changed["console_interface"] == "fake"
    with pytest.raises(errors.InterfaceNotEnabled):
        manager.update_node(node["uuid"], {"power_interface": "redfish"})
    reset = manager.update_node(node["uuid"], {"console_interface": None})
    assert reset["console_interface"] == manager.registry.default_interface("fake-hardware",
                                                                              "console")
    with pytest.raises(errors.DriverNotFound):
        manager.update_node(node["uuid"], {"driver": "nope"})


def test_update_interfaces_refused_when_active(manager: ConductorManager,
                                               node: dict[str, Any]) -> None:
    manager.nodes.update(node["uuid"], {"provision_state": "active"})
    other = "no-console" if node["console_interface"] == "fake" else "fake"
    with pytest.raises(errors.InvalidStateConflict, match="console_interface"):
        manager.update_node(node["uuid"], {"console_interface": other})
    manager.nodes.update(node["uuid"], {"maintenance": True})
    assert manager.update_node(node["uuid"],
                               {"console_interface": other})["console_interface"] == other


def test_protected_and_retired_rules(manager: ConductorManager, node: dict[str, Any]) -> None:
    with pytest.raises(errors.InvalidStateConflict, match="protected"):
        manager.update_node(node["uuid"], {"protected": True})
    with pytest.raises(errors.InvalidParameterValue, match="protected_reason"):
        manager.update_node(node["uuid"], {"protected_reason": "why"})
    manager.nodes.update(node["uuid"], {"provision_state": "active"})
    prot = manager.update_node(node["uuid"], {"protected": True, "protected_reason": "prod"})
    assert prot["protected"] and prot["protected_reason"] == "prod"
    unprot = manager.update_node(node["uuid"], {"protected": False})
    assert unprot["protected_reason"] is None
    manager.nodes.update(node["uuid"], {"provision_state": "available"})
    with pytest.raises(errors.InvalidStateConflict, match="retired"):
        manager.update_node(node["uuid"], {"retired": True})


def test_instance_uuid_cannot_be_overwritten(manager: ConductorManager,
                                             node: dict[str, Any]) -> None:
    first = "11111111-1111-1111-1111-111111111111"
    manager.update_node(node["uuid"], {"instance_uuid": first})
    with pytest.raises(errors.NodeAssociated):
        manager.update_node(node["uuid"], {"instance_uuid": "22222222-2222-2222-2222-222222222222"})


def test_update_locked_node(manager: ConductorManager, node: dict[str, Any]) -> None:
    manager.nodes.reserve(node["uuid"], "someone-else")
    with pytest.raises(errors.NodeLocked, match="someone-else"):
        manager.update_node(node["uuid"], {"extra": {}})


def test_destroy_rules(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    manager.nodes.update(uuid, {"provision_state": "active"})
    with pytest.raises(errors.InvalidStateConflict, match="provision state \"active\""):
        manager.destroy_node(uuid)
    manager.nodes.update(uuid, {"instance_uuid": "33333333-3333-3333-3333-333333333333"})
    with pytest.raises(errors.NodeAssociated):
        manager.destroy_node(uuid)
    manager.nodes.update(uuid, {"protected": True, "instance_uuid": None})
    with pytest.raises(errors.NodeProtected):
        manager.destroy_node(uuid)
    manager.nodes.update(uuid, {"protected": False, "maintenance": True,
                                "instance_uuid": "33333333-3333-3333-3333-333333333333"})
    assert manager.nodes.get(uuid)["reservation"] is None
    PortRepository(manager.db).create({"node_id": node["id"], "address": "52:54:00:00:00:01"})
    manager.destroy_node(uuid)
    with pytest.raises(errors.NodeNotFound):
        manager.nodes.get(uuid)
    assert PortRepository(manager.db).list() == []


def test_destroy_in_enroll_and_available(manager: ConductorManager) -> None:
    a = manager.create_node({"driver": "fake-hardware"})
    manager.destroy_node(a["uuid"])
    b = manager.create_node({"driver": "fake-hardware", "provision_state": "available"})
    manager.destroy_node(b["uuid"])
    assert manager.nodes.count() == 0


def test_destroy_stops_console(manager: ConductorManager, node: dict[str, Any]) -> None:
    manager.update_node(node["uuid"], {"console_interface": "fake"})
    manager.set_console_mode(node["uuid"], True)
    assert idle(manager, node["uuid"])["console_enabled"] is True
    manager.destroy_node(node["uuid"])


def test_traits(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    manager.add_node_traits(uuid, ["CUSTOM_GOLD", "HW_CPU_X86_VMX"])
    manager.add_node_traits(uuid, ["CUSTOM_GOLD", "CUSTOM_RAID"])
    assert manager.nodes.get(uuid)["traits"] == ["CUSTOM_GOLD", "HW_CPU_X86_VMX", "CUSTOM_RAID"]
    manager.add_node_traits(uuid, ["CUSTOM_ONLY"], replace=True)
    assert manager.nodes.get(uuid)["traits"] == ["CUSTOM_ONLY"]
    for bad in ("custom_lower", "CUSTOM_", "CUSTOM_a", "", "has space"):
        with pytest.raises(errors.InvalidTrait):
            manager.add_node_traits(uuid, [bad])
    with pytest.raises(errors.InvalidParameterValue, match=r"\(51 vs. 50\)"):
        manager.add_node_traits(uuid, [f"CUSTOM_T{i}" for i in range(50)])
    manager.add_node_traits(uuid, [f"CUSTOM_T{i}" for i in range(50)], replace=True)
    assert len(manager.nodes.get(uuid)["traits"]) == 50
    with pytest.raises(errors.NotFound, match="CUSTOM_NOPE"):
        manager.remove_node_traits(uuid, ["CUSTOM_T1", "CUSTOM_NOPE"])
    assert len(manager.nodes.get(uuid)["traits"]) == 50
    manager.remove_node_traits(uuid, ["CUSTOM_T1"])
    assert "CUSTOM_T1" not in manager.nodes.get(uuid)["traits"]
    manager.remove_node_traits(uuid, None)
    assert manager.nodes.get(uuid)["traits"] == []
    assert manager.nodes.get(uuid)["reservation"] is None
    assert NodeHistoryRepository(manager.db).list_for_node(node["id"]) == []
