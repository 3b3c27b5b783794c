"""Boot devices, NMI, validation, console, RAID, vendor passthru, driver properties."""

from __future__ import annotations

from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager

from .conftest import idle


def test_boot_device_round_trip(manager: ConductorManager, node: dict[str, Any]) -> None:
    supported = manager.get_supported_boot_devices(node["uuid"])
    assert "pxe" in supported and "disk" in supported
    manager.set_boot_device(node["uuid"], "disk", persistent=True)
    assert manager.get_boot_device("node-0") == {"boot_device": "disk", "persistent": True}
    with pytest.raises(errors.InvalidParameterValue, match="Invalid boot device"):
        manager.set_boot_device(node["uuid"], "floppy-ish")
    assert manager.nodes.get(node["uuid"])["reservation"] is None


def test_inject_nmi(manager: ConductorManager, node: dict[str, Any]) -> None:
    manager.inject_nmi(node["uuid"])


def test_validate_driver_interfaces(manager: ConductorManager, node: dict[str, Any]) -> None:
    result = manager.validate_driver_interfaces(node["uuid"])
    assert "vendor" not in result
    assert result["power"] == {"result": True}  # no reason when valid, as in Ironic
    assert set(result) == {"bios", "boot", "console", "deploy", "firmware", "inspect",
                           "management", "network", "power", "raid", "rescue", "storage"}
    for family, entry in result.items():
        assert isinstance(entry["result"], bool), family
        if not entry["result"]:
            assert entry["reason"]


def test_console(manager: ConductorManager, node: dict[str, Any]) -> None:
    manager.update_node(node["uuid"], {"console_interface": "fake"})
    with pytest.raises(errors.Invalid, match="not enabled"):
        manager.get_console_information(node["uuid"])
    manager.set_console_mode(node["uuid"], True)
    assert idle(manager, node["uuid"])["console_enabled"] is True
    info = manager.get_console_information(node["uuid"])
    assert info["type"] == "fake"
    manager.set_console_mode(node["uuid"], True)  # already: nothing happens
    manager.set_console_mode(node["uuid"], False)
    final = idle(manager, node["uuid"])
    assert final["console_enabled"] is False and final["reservation"] is None


def test_target_raid_config(manager: ConductorManager, node: dict[str, Any]) -> None:
    manager.update_node(node["uuid"], {"raid_interface": "fake"})
    config = {"logical_disks": [{"size_gb": 100, "raid_level": "1"}]}
    manager.set_target_raid_config(node["uuid"], config)
    assert manager.nodes.get(node["uuid"])["target_raid_config"] == config
    with pytest.raises(errors.InvalidParameterValue):
        manager.set_target_raid_config(node["uuid"], {"logical_disks": [{"size_gb": -1}]})
    manager.set_target_raid_config(node["uuid"], {})
    assert manager.nodes.get(node["uuid"])["target_raid_config"] == {}
    props = manager.get_raid_logical_disk_properties("fake-hardware")
    assert "raid_level" in props


def test_driver_properties(manager: ConductorManager) -> None:
    assert isinstance(manager.get_driver_properties("fake-hardware"), dict)
    with pytest.raises(errors.DriverNotFound):
        manager.get_driver_properties("nope")


def test_vendor_passthru(manager: ConductorManager, node: dict[str, Any]) -> None:
    manager.update_node(node["uuid"], {"vendor_interface": "fake"})
    methods = manager.get_node_vendor_passthru_methods(node["uuid"])
    assert methods["third_method_sync"]["async"] is False
    assert methods["first_method"]["http_methods"] == ["POST"]
    sync = manager.vendor_passthru(node["uuid"], "third_method_sync", "post", {"bar": "meow"})
    assert sync == {"return": True, "async": False, "attach": False}
    shared = manager.vendor_passthru(node["uuid"], "fourth_method_shared_lock", "POST",
                                     {"bar": "x"})
    assert shared["async"] is True and shared["return"] is None
    queued = manager.vendor_passthru(node["uuid"], "first_method", "POST", {"bar": "baz"})
    assert queued == {"return": None, "async": True, "attach": False}
    assert idle(manager, node["uuid"])["reservation"] is None
    with pytest.raises(errors.InvalidParameterValue, match="No handler"):
        manager.vendor_passthru(node["uuid"], "nope", "POST", {})
    with pytest.raises(errors.InvalidParameterValue, match="does not support HTTP GET"):
        manager.vendor_passthru(node["uuid"], "first_method", "GET", {})
    with pytest.raises(errors.MissingParameterValue):
        manager.vendor_passthru(node["uuid"], "third_method_sync", "POST", {})


def test_driver_vendor_passthru(manager: ConductorManager, tmp_path: Any) -> None:
    methods = manager.get_driver_vendor_passthru_methods("fake-hardware")
    if "echo" not in methods:
        pytest.skip("the default vendor interface of fake-hardware has no driver methods")
    answer = manager.driver_vendor_passthru("fake-hardware", "echo", "GET", {"x": 1})
    assert answer["return"] == {"method": "echo", "http_method": "GET", "args": {"x": 1}}
    assert answer["async"] is False
