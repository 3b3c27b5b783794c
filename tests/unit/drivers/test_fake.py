"""Behaviour of the fake interfaces beyond the contracts: state that outlives instances,
Ironic's passthru methods, steps, and the no-* placeholders."""

from __future__ import annotations

import pytest
from oslo_config import cfg

from baton import errors
from baton.engine.composition import compose
from baton.engine.loader import DriverRegistry, load_interface
from baton.interfaces.types import BootDevice, PowerState
from baton.testing import make_node_info, make_registry
from baton_drivers.interfaces import _fake_state, fake, noop


def test_power_state_survives_new_instances_and_registries(conf: cfg.ConfigOpts) -> None:
    node = make_node_info()
    load_interface(conf, "power", "fake").set_power_state(node, PowerState.ON)  # type: ignore[attr-defined]
    assert load_interface(conf, "power", "fake").get_power_state(node) == PowerState.ON  # type: ignore[attr-defined]
    other = compose(make_registry(conf), {"driver": "fake-hardware", "uuid": node.uuid})
    assert other.power.get_power_state(node) == PowerState.ON
    # another node is untouched
    assert other.power.get_power_state(make_node_info()) == PowerState.OFF


def test_power_state_defaults_to_the_recorded_stable_state(conf: cfg.ConfigOpts) -> None:
    power = fake.FakePower(conf)
    assert power.get_power_state(make_node_info(power_state=PowerState.ON)) == PowerState.ON
    assert power.get_power_state(make_node_info(power_state=None)) == PowerState.OFF
    assert power.get_power_state(make_node_info(power_state="error")) == PowerState.OFF


def test_forget_and_reset(conf: cfg.ConfigOpts) -> None:
    power = fake.FakePower(conf)
    node = make_node_info()
    power.set_power_state(node, PowerState.ON)
    _fake_state.forget(node.uuid)
    assert power.get_power_state(node) == PowerState.OFF
    power.set_power_state(node, PowerState.ON)
    _fake_state.reset()
    assert power.get_power_state(node) == PowerState.OFF


def test_power_delay_is_honoured(conf_factory) -> None:  # type: ignore[no-untyped-def]
    import time

    conf = conf_factory(register=[fake.FakePower.register_opts],
                        groups={"fake": {"power_delay": "0.05"}})
    power = fake.FakePower(conf)
    started = time.monotonic()
    power.set_power_state(make_node_info(), PowerState.ON)
    assert time.monotonic() - started >= 0.05


def test_management_keeps_device_and_persistence_per_node(conf: cfg.ConfigOpts) -> None:
    first, second = make_node_info(), make_node_info()
    fake.FakeManagement(conf).set_boot_device(first, BootDevice.DISK, persistent=True)
    management = fake.FakeManagement(conf)
    assert management.get_boot_device(first).boot_device == BootDevice.DISK
    assert management.get_boot_device(first).persistent is True
    assert management.get_boot_device(second).boot_device == BootDevice.PXE
    assert management.get_boot_device(second).persistent is False
    management.set_boot_mode(first, "uefi")
    assert management.get_boot_mode(first) == "uefi"
    assert management.get_boot_mode(make_node_info(boot_mode="bios")) == "bios"
    management.inject_nmi(first)
    assert _fake_state.node_state(first.uuid).nmi_count == 1


def test_vendor_passthru_methods_as_ironic(conf: cfg.ConfigOpts) -> None:
    vendor = fake.FakeVendor(conf)
    node = make_node_info()
    methods = vendor.passthru_methods()
    assert set(methods) == {"first_method", "second_method", "third_method_sync",
                            "fourth_method_shared_lock"}
    assert methods["first_method"].as_dict() == {
        "http_methods": ["POST"], "async": True, "description": "Test if the value of bar is baz",
        "attach": False, "require_exclusive_lock": True}
    assert methods["third_method_sync"].async_call is False
    assert methods["fourth_method_shared_lock"].require_exclusive_lock is False
    assert vendor.first_method(node, "first_method", "POST", bar="baz") is True
    assert vendor.first_method(node, "first_method", "POST", bar="other") is False
    assert vendor.second_method(node, "second_method", "POST", bar="kazoo") is True
    with pytest.raises(errors.MissingParameterValue, match="bar"):
        vendor.first_method(node, "first_method", "POST")
    driver_methods = vendor.passthru_methods(driver_level=True)
    assert set(driver_methods) == {"echo"}
    assert vendor.echo("echo", "GET", a=1) == {"method": "echo", "http_method": "GET",
                                               "args": {"a": 1}}


def test_steps_with_priorities(conf: cfg.ConfigOpts) -> None:
    node = make_node_info()
    deploy_steps = fake.FakeDeploy(conf).get_deploy_steps(node)
    assert [(s.step, s.priority) for s in deploy_steps] == [("deploy", 100)]
    vendor_steps = fake.FakeVendor(conf).get_clean_steps(node)
    assert [(s.step, s.priority) for s in vendor_steps] == [("log_passthrough", 1)]
    bios = fake.FakeBios(conf)
    assert {s.step: s.priority for s in bios.get_clean_steps(node)} == {
        "apply_configuration": 0, "factory_reset": 0, "cache_bios_settings": 0}
    bios.execute_step(node, "apply_configuration",
                      {"settings": [{"name": "NumLock", "value": "Off"}]})
    assert bios.execute_step(node, "cache_bios_settings", {}) == {"NumLock": "Off"}
    bios.execute_step(node, "factory_reset", {})
    assert bios.cache_bios_settings(node) == {}
    with pytest.raises(errors.InvalidParameterValue):
        bios.apply_configuration(node, [{"value": "nameless"}])


def test_firmware_update_is_remembered(conf: cfg.ConfigOpts) -> None:
    firmware = fake.FakeFirmware(conf)
    node = make_node_info()
    firmware.update(node, [{"component": "bios", "url": "http://x/y"}])
    assert firmware.cache_firmware_components(node) == [{"component": "bios",
                                                         "url": "http://x/y"}]


def test_console_state(conf: cfg.ConfigOpts) -> None:
    console = fake.FakeConsole(conf)
    node = make_node_info()
    console.start_console(node)
    assert _fake_state.node_state(node.uuid).console_enabled is True
    assert console.get_console(node)["url"].endswith(node.uuid)
    console.stop_console(node)
    assert _fake_state.node_state(node.uuid).console_enabled is False


@pytest.mark.parametrize(("cls", "call"), [
    (noop.NoConsole, lambda i, n: i.start_console(n)),
    (noop.NoRescue, lambda i, n: i.rescue(n, rescue_password="x")),
    (noop.NoInspect, lambda i, n: i.inspect_hardware(n)),
    (noop.NoRAID, lambda i, n: i.create_configuration(n)),
    (noop.NoRAID, lambda i, n: i.validate_raid_config(n, {"logical_disks": []})),
    (noop.NoBios, lambda i, n: i.apply_configuration(n, [])),
    (noop.NoFirmware, lambda i, n: i.update(n, [])),
])
def test_placeholders_refuse_actions(conf: cfg.ConfigOpts, cls, call) -> None:  # type: ignore[no-untyped-def]
    node = make_node_info(driver="fake-hardware")
    with pytest.raises(errors.UnsupportedDriverExtension) as caught:
        call(cls(conf), node)
    assert "fake-hardware" in str(caught.value)
    assert cls.interface_type in str(caught.value)


def test_placeholder_caches_are_empty(conf: cfg.ConfigOpts) -> None:
    node = make_node_info()
    assert noop.NoBios(conf).cache_bios_settings(node) == {}
    assert noop.NoFirmware(conf).cache_firmware_components(node) == []
    assert noop.NoVendor(conf).passthru_methods() == {}


def test_fake_hardware_defaults(conf: cfg.ConfigOpts) -> None:
    registry = DriverRegistry(conf)
    described = registry.describe()["fake-hardware"]
    assert {family: d["default"] for family, d in described.items()} == {
        "bios": "fake", "boot": "fake", "console": "fake", "deploy": "fake",
        "firmware": "fake", "inspect": "fake", "management": "fake", "network": "noop",
        "power": "fake", "raid": "fake", "rescue": "fake", "storage": "fake",
        "vendor": "fake"}
    assert described["vendor"]["enabled"] == ["fake", "no-vendor"]
    assert registry.get_driver_properties("fake-hardware") == {
        "B1": "B1 description. Required.", "B2": "B2 description. Required."}


def test_public_registry_fixture(registry: DriverRegistry) -> None:
    driver = compose(registry, {"driver": "fake-hardware"})
    node = make_node_info()
    driver.power.reboot(node)
    assert driver.power.get_power_state(node) == PowerState.ON
