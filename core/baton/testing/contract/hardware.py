"""The hardware type contract: it loads, lists installed implementations, and composes.

Subclass with ``entry_point`` set to the hardware type's name in ``baton.hardware.types``::

    class TestMyHardware(HardwareTypeContract):
        entry_point = "my-hardware"
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, ClassVar

import pytest
from oslo_config import cfg

from baton.engine.composition import compose
from baton.engine.loader import DriverRegistry, load_hardware_type, load_plugin_classes
from baton.interfaces import (
    BAREMETAL_FAMILIES,
    HARDWARE_TYPES_NAMESPACE,
    HardwareType,
    interface_namespace,
)
from baton.testing.fixtures import make_test_conf
from baton.testing.nodes import make_node_info

__all__ = ["HardwareTypeContract"]


class HardwareTypeContract:
    """Hooks: ``entry_point``; :meth:`make_conf` to register and set your options."""

    #: The hardware type's entry-point name in ``baton.hardware.types``.
    entry_point: ClassVar[str] = ""

    def make_conf(self, state_path: Path, **overrides: Any) -> cfg.ConfigOpts:
        """The configuration the registry is built with; ``overrides`` are [DEFAULT] ones."""
        return make_test_conf(state_path=str(state_path), **overrides)

    @pytest.fixture
    def hardware_type(self) -> HardwareType:
        if not self.entry_point:
            pytest.fail(f"{type(self).__name__}: set entry_point")
        return load_hardware_type(self.entry_point)

    @pytest.fixture
    def contract_registry(self, hardware_type: HardwareType, tmp_path: Path) -> DriverRegistry:
        """A registry with only this hardware type and everything it supports enabled."""
        enabled: dict[str, Any] = {"enabled_hardware_types": [self.entry_point]}
        for family in BAREMETAL_FAMILIES:
            enabled[f"enabled_{family}_interfaces"] = hardware_type.supported_interfaces(family)
        return DriverRegistry(self.make_conf(tmp_path, **enabled))

    def test_is_a_hardware_type(self, hardware_type: HardwareType) -> None:
        assert isinstance(hardware_type, HardwareType)
        assert not inspect.isabstract(type(hardware_type))
        classes = load_plugin_classes(HARDWARE_TYPES_NAMESPACE, [self.entry_point],
                                      HardwareType)
        assert isinstance(hardware_type, classes[self.entry_point])

    def test_supported_lists(self, hardware_type: HardwareType) -> None:
        for family in BAREMETAL_FAMILIES:
            names = hardware_type.supported_interfaces(family)
            assert isinstance(names, list) and names, f"no supported {family} interface"
            assert all(isinstance(n, str) and n for n in names), f"{family}: {names}"
            assert len(names) == len(set(names)), f"{family} lists a name twice: {names}"

    def test_supported_implementations_are_installed(self,
                                                     hardware_type: HardwareType) -> None:
        for family, base in BAREMETAL_FAMILIES.items():
            names = hardware_type.supported_interfaces(family)
            classes = load_plugin_classes(interface_namespace(family), names, base)
            assert list(classes) == names

    def test_registry_composes_defaults(self, hardware_type: HardwareType,
                                        contract_registry: DriverRegistry) -> None:
        described = contract_registry.describe()[self.entry_point]
        for family in BAREMETAL_FAMILIES:
            supported = hardware_type.supported_interfaces(family)
            assert described[family] == {"enabled": supported, "default": supported[0]}
        driver = compose(contract_registry, {"driver": self.entry_point})
        for family, base in BAREMETAL_FAMILIES.items():
            assert isinstance(driver.interface(family), base)

    def test_every_supported_implementation_composes(
            self, hardware_type: HardwareType, contract_registry: DriverRegistry) -> None:
        node = make_node_info(driver=self.entry_point)
        for family in BAREMETAL_FAMILIES:
            for name in hardware_type.supported_interfaces(family):
                driver = compose(contract_registry,
                                 {"driver": self.entry_point, f"{family}_interface": name})
                assert driver.interface_names[family] == name
                driver.interface(family).get_properties()
                driver.interface(family).get_clean_steps(node)

    def test_driver_properties(self, contract_registry: DriverRegistry) -> None:
        properties = contract_registry.get_driver_properties(self.entry_point)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in properties.items())
