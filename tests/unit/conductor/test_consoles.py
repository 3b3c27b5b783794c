"""Consoles are opened again when a conductor starts, and closed when it stops."""

from __future__ import annotations

from typing import Any

from baton.conductor.manager import ConductorManager
from baton_drivers.interfaces._fake_state import node_state

from .conftest import idle


def _owns_all(node: Any) -> bool:
    return True


def test_enabled_consoles_are_restored_and_closed(manager: ConductorManager,
                                                  node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    manager.set_console_mode(uuid, True)
    assert idle(manager, uuid)["console_enabled"] is True
    assert node_state(uuid).console_enabled is True
    # A conductor stopping closes the console but keeps it enabled for the next one...
    assert manager.close_consoles(_owns_all) == 1
    assert node_state(uuid).console_enabled is False
    assert manager.nodes.get(uuid)["console_enabled"] is True
    # ...which opens it again.
    assert manager.restore_consoles(_owns_all) == 1
    assert node_state(uuid).console_enabled is True


def test_only_the_nodes_this_conductor_owns(manager: ConductorManager,
                                            node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    manager.set_console_mode(uuid, True)
    idle(manager, uuid)
    node_state(uuid).console_enabled = False
    assert manager.restore_consoles(lambda n: False) == 0
    assert node_state(uuid).console_enabled is False


def test_a_console_that_cannot_start_is_disabled_with_the_reason(
        manager: ConductorManager) -> None:
    node = manager.create_node({"driver": "fake-hardware", "name": "no-console",
                                "console_interface": "no-console"})
    manager.nodes.update(node["uuid"], {"console_enabled": True})
    assert manager.restore_consoles(_owns_all) == 0
    row = manager.nodes.get(node["uuid"])
    assert row["console_enabled"] is False
    assert "Failed to start console" in row["last_error"]


def test_a_locked_node_is_left_alone(manager: ConductorManager, node: dict[str, Any]) -> None:
    uuid = node["uuid"]
    manager.nodes.update(uuid, {"console_enabled": True})
    manager.nodes.reserve(uuid, "another-conductor")
    assert manager.restore_consoles(_owns_all) == 0
    assert manager.nodes.get(uuid)["console_enabled"] is True
