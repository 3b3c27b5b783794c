"""Composing a node's driver, and settling interface fields on create and update."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from oslo_config import cfg

from baton import errors
from baton.engine.composition import INTERFACE_FIELDS, Driver, compose, fill_interfaces
from baton.engine.loader import DriverRegistry
from baton.interfaces import BAREMETAL_FAMILIES
from baton.testing.distributions import temporary_distribution
from baton.testing.fixtures import ConfFactory, make_test_conf


@pytest.fixture
def conf_factory(tmp_path: Path) -> ConfFactory:
    return functools.partial(make_test_conf, state_path=str(tmp_path))


@pytest.fixture
def conf(conf_factory: ConfFactory) -> cfg.ConfigOpts:
    return conf_factory()


@pytest.fixture
def registry(conf: cfg.ConfigOpts) -> DriverRegistry:
    return DriverRegistry(conf)


def test_compose_uses_defaults_for_unset_fields(registry: DriverRegistry) -> None:
    driver = compose(registry, {"uuid": "u", "driver": "fake-hardware",
                                "bios_interface": None})
    assert isinstance(driver, Driver)
    assert driver.name == "fake-hardware"
    assert driver.hardware_type is registry.hardware_types["fake-hardware"]
    for family, base in BAREMETAL_FAMILIES.items():
        instance = getattr(driver, family)
        assert isinstance(instance, base)
        assert instance is registry.interfaces[family][driver.interface_names[family]]
        assert driver.interface(family) is instance
    assert driver.interface_names["bios"] == "fake"
    assert set(driver.interfaces()) == set(BAREMETAL_FAMILIES)


def test_compose_honours_node_fields(registry: DriverRegistry) -> None:
    driver = compose(registry, {"driver": "fake-hardware", "vendor_interface": "no-vendor",
                                "storage_interface": "noop"})
    assert type(driver.vendor).__name__ == "NoVendor"
    assert type(driver.storage).__name__ == "NoopStorage"
    assert driver.interface_names["vendor"] == "no-vendor"


def test_compose_reuses_drivers(registry: DriverRegistry) -> None:
    node = {"driver": "fake-hardware", "raid_interface": "no-raid"}
    assert compose(registry, node) is compose(registry, dict(node))
    assert compose(registry, node) is not compose(registry, {"driver": "fake-hardware"})


def test_driver_is_read_only(registry: DriverRegistry) -> None:
    driver = compose(registry, {"driver": "fake-hardware"})
    with pytest.raises(AttributeError):
        driver.power = driver.power  # type: ignore[misc]
    with pytest.raises(errors.InvalidParameterValue):
        driver.interface("teleport")


def test_compose_errors(registry: DriverRegistry) -> None:
    with pytest.raises(errors.DriverNotFound, match="ipmi") as caught:
        compose(registry, {"driver": "ipmi", "power_interface": "ipmitool"})
    assert caught.value.code == 404
    with pytest.raises(errors.InterfaceNotEnabled) as not_enabled:
        compose(registry, {"driver": "fake-hardware", "power_interface": "ipmitool"})
    message = str(not_enabled.value)
    assert "power" in message and "ipmitool" in message and "fake-hardware" in message
    assert "enabled: fake" in message
    with pytest.raises(errors.MissingParameterValue):
        compose(registry, {"uuid": "u"})


def test_compose_refuses_an_interface_disabled_since(conf_factory: ConfFactory) -> None:
    registry = DriverRegistry(conf_factory(enabled_bios_interfaces=["no-bios"]))
    with pytest.raises(errors.InterfaceNotEnabled, match="enabled: no-bios"):
        compose(registry, {"driver": "fake-hardware", "bios_interface": "fake"})


def test_fill_interfaces_on_create(registry: DriverRegistry) -> None:
    values: dict[str, Any] = {"driver": "fake-hardware", "name": "n1",
                              "console_interface": "no-console"}
    result = fill_interfaces(registry, values)
    assert result is values
    assert values["name"] == "n1"
    assert values["console_interface"] == "no-console"
    assert {field: values[field] for field in INTERFACE_FIELDS.values()} == {
        f"{family}_interface": registry.default_interface("fake-hardware", family)
        if family != "console" else "no-console"
        for family in BAREMETAL_FAMILIES}


def test_fill_interfaces_errors(registry: DriverRegistry) -> None:
    with pytest.raises(errors.InterfaceNotEnabled, match="no-power"):
        fill_interfaces(registry, {"driver": "fake-hardware", "power_interface": "no-power"})
    with pytest.raises(errors.DriverNotFound, match="redfish"):
        fill_interfaces(registry, {"driver": "redfish"})
    with pytest.raises(errors.MissingParameterValue):
        fill_interfaces(registry, {"driver": None})


def test_fill_interfaces_on_update(registry: DriverRegistry) -> None:
    node = fill_interfaces(registry, {"driver": "fake-hardware", "bios_interface": "no-bios"})
    # an update keeps valid choices and refills fields that were removed (set to None)
    node["rescue_interface"] = None
    fill_interfaces(registry, node)
    assert node["bios_interface"] == "no-bios"
    assert node["rescue_interface"] == "fake"


def test_fill_interfaces_reset(registry: DriverRegistry) -> None:
    node = fill_interfaces(registry, {"driver": "fake-hardware", "bios_interface": "no-bios",
                                      "raid_interface": "no-raid"})
    fill_interfaces(registry, node, reset=True, keep={"raid_interface"})
    assert node["bios_interface"] == "fake"
    assert node["raid_interface"] == "no-raid"
    fill_interfaces(registry, node, reset=True)
    assert node["raid_interface"] == "fake"


HW_SOURCE = '''
from baton.interfaces.hardware_type import HardwareType


class OtherHardware(HardwareType):
    supported_power_interfaces = ["fake"]
    supported_management_interfaces = ["fake"]
'''


def test_driver_change_with_and_without_reset(tmp_path: Path,
                                              conf_factory: ConfFactory) -> None:
    with temporary_distribution(
            tmp_path, "baton-test-other-hw",
            entry_points={"baton.hardware.types": {"other": "baton_test_other_hw:OtherHardware"}},
            modules={"baton_test_other_hw": HW_SOURCE}):
        registry = DriverRegistry(conf_factory(enabled_hardware_types=["fake-hardware",
                                                                       "other"]))
    node = fill_interfaces(registry, {"driver": "fake-hardware"})
    node["driver"] = "other"
    with pytest.raises(errors.InterfaceNotEnabled) as caught:
        fill_interfaces(registry, dict(node))  # fake bios is not supported by "other"
    assert "other" in str(caught.value) and "enabled: no-bios" in str(caught.value)
    fill_interfaces(registry, node, reset=True, keep={"power_interface"})
    assert node["bios_interface"] == "no-bios"
    assert node["power_interface"] == "fake"
    driver = compose(registry, node)
    assert driver.name == "other"
    assert type(driver.vendor).__name__ == "NoVendor"
