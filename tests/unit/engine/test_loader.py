"""Driver loading through real entry points: what loads, what is refused, and how loudly.

Broken plugins are real distributions (a .dist-info with entry_points.txt in tmp_path put
on sys.path), not mocks of stevedore.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from oslo_config import cfg

from baton import errors
from baton.engine.loader import (
    DriverRegistry,
    load_hardware_type,
    load_interface,
    load_plugin_classes,
)
from baton.interfaces import BAREMETAL_FAMILIES, interface_namespace
from baton.interfaces.power import PowerInterface
from baton.testing.distributions import temporary_distribution
from baton.testing.fixtures import ConfFactory, make_test_conf

POWER_NS = interface_namespace("power")
TYPES_NS = "baton.hardware.types"


@pytest.fixture
def conf_factory(tmp_path: Path) -> ConfFactory:
    return functools.partial(make_test_conf, state_path=str(tmp_path))


@pytest.fixture
def conf(conf_factory: ConfFactory) -> cfg.ConfigOpts:
    return conf_factory()

PLUGIN_SOURCE = '''
from baton.interfaces.hardware_type import HardwareType
from baton.interfaces.power import PowerInterface
from baton.interfaces.types import PowerState


class GoodPower(PowerInterface):
    def get_properties(self):
        return {"ipmi_address": "Required. The BMC address.",
                "ipmi_port": "Optional. The BMC port."}

    def validate(self, node):
        pass

    def get_power_state(self, node):
        return PowerState.OFF

    def set_power_state(self, node, power_state, *, timeout=None):
        pass

    def reboot(self, node, *, timeout=None):
        pass


class AbstractPower(PowerInterface):
    def get_properties(self):
        return {}


class ExplodingPower(GoodPower):
    def __init__(self, conf):
        raise RuntimeError("the BMC library needs a licence file")


class NotAnInterface:
    pass


class ThirdPartyHardware(HardwareType):
    supported_power_interfaces = ["good", "fake"]
    supported_management_interfaces = ["fake"]


class UnloadableHardware(HardwareType):
    supported_power_interfaces = ["not-enabled-anywhere"]
    supported_management_interfaces = ["fake"]
'''


def _power_plugins(tmp_path: Path):  # type: ignore[no-untyped-def]
    return temporary_distribution(
        tmp_path / "site", "baton-test-plugin",
        entry_points={
            POWER_NS: {
                "good": "baton_test_plugin:GoodPower",
                "abstract": "baton_test_plugin:AbstractPower",
                "exploding": "baton_test_plugin:ExplodingPower",
                "not-an-interface": "baton_test_plugin:NotAnInterface",
                "broken": "baton_test_broken:Power",
            },
            TYPES_NS: {
                "third-party": "baton_test_plugin:ThirdPartyHardware",
                "unloadable": "baton_test_plugin:UnloadableHardware",
                "broken-type": "baton_test_broken:Hardware",
            },
        },
        modules={"baton_test_plugin": PLUGIN_SOURCE,
                 "baton_test_broken": "raise ImportError('pyghmi is not installed')"})


# -- the defaults ------------------------------------------------------------------------
def test_default_registry_loads_fake_hardware(conf: cfg.ConfigOpts) -> None:
    registry = DriverRegistry(conf)
    assert list(registry.hardware_types) == ["fake-hardware"]
    assert set(registry.interfaces) == set(BAREMETAL_FAMILIES)
    for family, implementations in registry.interfaces.items():
        for instance in implementations.values():
            assert isinstance(instance, BAREMETAL_FAMILIES[family])
            assert instance.conf is conf
    assert registry.enabled_interfaces("fake-hardware", "power") == ["fake"]
    assert registry.enabled_interfaces("fake-hardware", "bios") == ["fake", "no-bios"]
    assert registry.default_interface("fake-hardware", "storage") == "fake"


def test_enabled_follows_hardware_type_order_and_config(conf_factory: ConfFactory) -> None:
    registry = DriverRegistry(conf_factory(enabled_bios_interfaces=["no-bios"],
                                           enabled_storage_interfaces=["noop", "fake"]))
    assert registry.enabled_interfaces("fake-hardware", "bios") == ["no-bios"]
    assert registry.default_interface("fake-hardware", "bios") == "no-bios"
    assert "fake" not in registry.interfaces["bios"]
    # hardware type order, not configuration order
    assert registry.enabled_interfaces("fake-hardware", "storage") == ["fake", "noop"]


def test_configured_default_wins_when_usable(conf_factory: ConfFactory) -> None:
    registry = DriverRegistry(conf_factory(default_vendor_interface="no-vendor",
                                           default_storage_interface="noop"))
    assert registry.default_interface("fake-hardware", "vendor") == "no-vendor"
    assert registry.describe()["fake-hardware"]["storage"] == {"enabled": ["fake", "noop"],
                                                              "default": "noop"}
    assert registry.get_driver_properties("fake-hardware") == {}


def test_configured_default_must_be_enabled(conf_factory: ConfFactory) -> None:
    with pytest.raises(errors.DriverLoadError) as caught:
        DriverRegistry(conf_factory(default_bios_interface="no-bios",
                                    enabled_bios_interfaces=["fake"]))
    assert caught.value.kwargs["namespace"] == interface_namespace("bios")
    assert caught.value.kwargs["name"] == "no-bios"
    assert "enabled_bios_interfaces" in str(caught.value)


def test_describe_shape(conf: cfg.ConfigOpts) -> None:
    described = DriverRegistry(conf).describe()
    assert set(described) == {"fake-hardware"}
    assert set(described["fake-hardware"]) == set(BAREMETAL_FAMILIES)
    assert described["fake-hardware"]["power"] == {"enabled": ["fake"], "default": "fake"}
    assert described["fake-hardware"]["network"] == {"enabled": ["noop"], "default": "noop"}


def test_unknown_hardware_type_and_family(conf: cfg.ConfigOpts) -> None:
    registry = DriverRegistry(conf)
    for call in (lambda: registry.enabled_interfaces("ipmi", "power"),
                 lambda: registry.default_interface("ipmi", "power"),
                 lambda: registry.get_driver_properties("ipmi"),
                 lambda: registry.hardware_type("ipmi")):
        with pytest.raises(errors.DriverNotFound, match="ipmi"):
            call()
    with pytest.raises(errors.InvalidParameterValue, match="teleport"):
        registry.enabled_interfaces("fake-hardware", "teleport")
    with pytest.raises(errors.InvalidParameterValue, match="teleport"):
        registry.default_interface("fake-hardware", "teleport")


def test_get_interface_refuses_unusable(conf_factory: ConfFactory) -> None:
    registry = DriverRegistry(conf_factory(enabled_bios_interfaces=["no-bios"]))
    assert registry.get_interface("fake-hardware", "bios", "no-bios") is \
        registry.interfaces["bios"]["no-bios"]
    with pytest.raises(errors.InterfaceNotEnabled) as caught:
        registry.get_interface("fake-hardware", "bios", "fake")
    assert caught.value.code == 400
    assert "bios" in str(caught.value) and "fake-hardware" in str(caught.value)
    assert "no-bios" in str(caught.value)


def test_duplicate_and_blank_names_load_once(conf_factory: ConfFactory) -> None:
    registry = DriverRegistry(conf_factory(enabled_hardware_types=["fake-hardware", "",
                                                                   "fake-hardware"],
                                           enabled_power_interfaces=["fake", "fake"]))
    assert list(registry.hardware_types) == ["fake-hardware"]
    assert list(registry.interfaces["power"]) == ["fake"]


# -- loud failures -----------------------------------------------------------------------
def test_no_hardware_types_enabled(conf_factory: ConfFactory) -> None:
    with pytest.raises(errors.DriverLoadError, match="no hardware types are enabled"):
        DriverRegistry(conf_factory(enabled_hardware_types=[]))


def test_enabled_name_without_entry_point(conf_factory: ConfFactory) -> None:
    with pytest.raises(errors.DriverLoadError) as caught:
        DriverRegistry(conf_factory(enabled_power_interfaces=["fake", "ipmitool"]))
    message = str(caught.value)
    assert "ipmitool" in message and POWER_NS in message
    assert "no such entry point" in message and "available: fake" in message
    assert caught.value.kwargs == {"driver": caught.value.kwargs["driver"],
                                   "reason": caught.value.kwargs["reason"],
                                   "namespace": POWER_NS, "name": "ipmitool"}


def test_unknown_hardware_type_is_a_load_error(conf_factory: ConfFactory) -> None:
    with pytest.raises(errors.DriverLoadError, match="'redfish'.*baton.hardware.types"):
        DriverRegistry(conf_factory(enabled_hardware_types=["fake-hardware", "redfish"]))


def test_hardware_type_without_enabled_required_family(conf_factory: ConfFactory) -> None:
    with pytest.raises(errors.DriverLoadError) as caught:
        DriverRegistry(conf_factory(enabled_console_interfaces=[]))
    assert caught.value.kwargs["name"] == "fake-hardware"
    assert "console" in str(caught.value) and "enabled_console_interfaces" in str(caught.value)


def test_broken_plugin_fails_loudly(tmp_path: Path, conf_factory: ConfFactory) -> None:
    with _power_plugins(tmp_path):
        with pytest.raises(errors.DriverLoadError) as caught:
            DriverRegistry(conf_factory(enabled_power_interfaces=["fake", "broken"]))
    message = str(caught.value)
    assert POWER_NS in message and "'broken'" in message
    assert "ImportError" in message and "pyghmi is not installed" in message
    assert isinstance(caught.value.__cause__, ImportError)


def test_broken_plugin_that_is_not_enabled_is_ignored(tmp_path: Path,
                                                      conf: cfg.ConfigOpts) -> None:
    with _power_plugins(tmp_path):
        registry = DriverRegistry(conf)
    assert list(registry.interfaces["power"]) == ["fake"]


@pytest.mark.parametrize(("name", "reason"), [
    ("not-an-interface", "is not a subclass of baton.interfaces.power.PowerInterface"),
    ("abstract", "Can't instantiate abstract class AbstractPower"),
    ("exploding", "needs a licence file"),
])
def test_unusable_plugin_class(tmp_path: Path, conf_factory: ConfFactory, name: str,
                               reason: str) -> None:
    with _power_plugins(tmp_path):
        with pytest.raises(errors.DriverLoadError) as caught:
            DriverRegistry(conf_factory(enabled_power_interfaces=["fake", name]))
    assert caught.value.kwargs["namespace"] == POWER_NS
    assert caught.value.kwargs["name"] == name
    assert reason in str(caught.value)


def test_broken_hardware_type(tmp_path: Path, conf_factory: ConfFactory) -> None:
    with _power_plugins(tmp_path):
        with pytest.raises(errors.DriverLoadError, match="'broken-type'.*baton.hardware.types"):
            DriverRegistry(conf_factory(enabled_hardware_types=["broken-type"]))
        with pytest.raises(errors.DriverLoadError) as caught:
            DriverRegistry(conf_factory(enabled_hardware_types=["fake-hardware",
                                                                "unloadable"]))
    assert caught.value.kwargs["name"] == "unloadable"
    assert "not-enabled-anywhere" in str(caught.value)


def test_third_party_plugin_loads_and_composes(tmp_path: Path,
                                               conf_factory: ConfFactory) -> None:
    with _power_plugins(tmp_path):
        registry = DriverRegistry(conf_factory(
            enabled_hardware_types=["fake-hardware", "third-party"],
            enabled_power_interfaces=["fake", "good"]))
    assert registry.enabled_interfaces("third-party", "power") == ["good", "fake"]
    assert registry.enabled_interfaces("fake-hardware", "power") == ["fake"]
    assert registry.default_interface("third-party", "power") == "good"
    # HardwareType's defaults for the optional families
    assert registry.enabled_interfaces("third-party", "bios") == ["no-bios"]
    assert registry.get_driver_properties("third-party") == {
        "ipmi_address": "Required. The BMC address.", "ipmi_port": "Optional. The BMC port."}
    assert set(registry.describe()) == {"fake-hardware", "third-party"}


def test_two_distributions_claiming_one_name(tmp_path: Path,
                                             conf_factory: ConfFactory) -> None:
    clash = temporary_distribution(
        tmp_path / "clash", "baton-test-clash",
        entry_points={POWER_NS: {"fake": "baton_test_clash:Power"}},
        modules={"baton_test_clash": "from baton_test_plugin import GoodPower as Power\n"})
    with _power_plugins(tmp_path), clash:
        with pytest.raises(errors.DriverLoadError) as caught:
            DriverRegistry(conf_factory())
    assert caught.value.kwargs["name"] == "fake"
    assert "several installed distributions" in str(caught.value)


def test_registry_sees_distributions_installed_later(tmp_path: Path,
                                                     conf_factory: ConfFactory) -> None:
    with pytest.raises(errors.DriverLoadError):
        DriverRegistry(conf_factory(enabled_power_interfaces=["fake", "good"]))
    with _power_plugins(tmp_path):
        registry = DriverRegistry(conf_factory(enabled_power_interfaces=["fake", "good"]))
    assert list(registry.interfaces["power"]) == ["fake", "good"]


# -- single loads ------------------------------------------------------------------------
def test_load_single_plugins(conf: cfg.ConfigOpts) -> None:
    power = load_interface(conf, "power", "fake")
    assert isinstance(power, PowerInterface)
    assert type(load_hardware_type("fake-hardware")).__name__ == "FakeHardware"
    with pytest.raises(errors.DriverLoadError, match="not an interface family"):
        load_interface(conf, "teleport", "fake")
    assert load_plugin_classes(POWER_NS, [], PowerInterface) == {}
    with pytest.raises(errors.DriverLoadError, match="'nope'"):
        load_plugin_classes(POWER_NS, ["nope"], PowerInterface)
