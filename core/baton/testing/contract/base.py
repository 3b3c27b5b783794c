"""The contract every interface implementation keeps, whatever its family.

Subclass in your own test suite (the class name must start with ``Test`` for pytest to
collect it) and say which implementation to test::

    class TestMyPower(PowerInterfaceContract):
        entry_point = "mypower"            # loaded from baton.hardware.interfaces.power

        def make_node(self) -> NodeInfo:   # a node your interface accepts
            return make_node_info(driver="myhw", driver_info={"address": "10.0.0.1"})

Override :meth:`InterfaceContract.make_interface` instead of setting ``entry_point`` to build
the instance yourself, and :meth:`InterfaceContract.make_conf` to set your options.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest
from oslo_config import cfg

from baton import errors
from baton.engine.loader import load_interface, load_plugin_classes
from baton.interfaces import BAREMETAL_FAMILIES, BaseInterface, interface_namespace
from baton.interfaces.base import PassthruInfo
from baton.interfaces.types import NodeInfo, StepInfo
from baton.testing.fixtures import make_test_conf
from baton.testing.nodes import make_node_info

__all__ = ["HTTP_METHODS", "InterfaceContract"]

#: HTTP methods a passthru method may declare.
HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


class InterfaceContract:
    """Checks that hold for an implementation of any family.

    Hooks: ``family`` and ``entry_point`` (class attributes), :meth:`make_conf`,
    :meth:`make_interface`, :meth:`make_node`, :meth:`make_invalid_node`; ``expect_valid``
    is False for placeholders whose ``validate`` always refuses (``no-*``).
    """

    #: The interface family (``power``, ``boot``...); family contracts set it.
    family: ClassVar[str] = ""
    #: The entry-point name in ``baton.hardware.interfaces.<family>``; None: override
    #: :meth:`make_interface`.
    entry_point: ClassVar[str | None] = None
    #: Does ``validate(make_node())`` succeed?
    expect_valid: ClassVar[bool] = True

    # -- hooks -------------------------------------------------------------------------
    def make_conf(self, state_path: Path) -> cfg.ConfigOpts:
        """The configuration the interface is built with."""
        return make_test_conf(state_path=str(state_path))

    def make_interface(self, conf: cfg.ConfigOpts) -> BaseInterface:
        """The instance under test; by default loaded from ``entry_point``."""
        if self.entry_point is None:
            pytest.fail(f"{type(self).__name__}: set entry_point or override make_interface()")
        return load_interface(conf, self.family, self.entry_point)

    def make_node(self) -> NodeInfo:
        """A node the interface accepts (``validate`` passes)."""
        return make_node_info()

    def make_invalid_node(self) -> NodeInfo | None:
        """A node ``validate`` must refuse, or None when every node is acceptable."""
        return None

    # -- fixtures ----------------------------------------------------------------------
    @pytest.fixture
    def contract_conf(self, tmp_path: Path) -> cfg.ConfigOpts:
        return self.make_conf(tmp_path)

    @pytest.fixture
    def interface(self, contract_conf: cfg.ConfigOpts) -> BaseInterface:
        return self.make_interface(contract_conf)

    @pytest.fixture
    def node(self) -> NodeInfo:
        return self.make_node()

    # -- the contract ------------------------------------------------------------------
    def test_family_is_known(self) -> None:
        assert self.family in BAREMETAL_FAMILIES, (
            f"family {self.family!r} is not one of {sorted(BAREMETAL_FAMILIES)}")

    def test_entry_point_loads(self) -> None:
        if self.entry_point is None:
            pytest.skip("no entry point named")
        classes = load_plugin_classes(interface_namespace(self.family), [self.entry_point],
                                      BAREMETAL_FAMILIES[self.family])
        assert issubclass(classes[self.entry_point], BAREMETAL_FAMILIES[self.family])

    def test_subclasses_family_abc(self, interface: BaseInterface) -> None:
        assert isinstance(interface, BAREMETAL_FAMILIES[self.family])
        assert interface.interface_type == self.family
        assert not inspect.isabstract(type(interface))

    def test_register_opts_is_repeatable(self, interface: BaseInterface,
                                         contract_conf: cfg.ConfigOpts) -> None:
        type(interface).register_opts(contract_conf)
        type(interface).register_opts(contract_conf)

    def test_get_properties_shape(self, interface: BaseInterface) -> None:
        properties = interface.get_properties()
        assert isinstance(properties, dict)
        for key, description in properties.items():
            assert isinstance(key, str) and key, f"property name {key!r}"
            assert isinstance(description, str), f"description of {key!r}"

    def test_validate(self, interface: BaseInterface, node: NodeInfo) -> None:
        if self.expect_valid:
            assert interface.validate(node) is None
        else:
            with pytest.raises(errors.Invalid):
                interface.validate(node)

    def test_validate_refuses_invalid_node(self, interface: BaseInterface) -> None:
        invalid = self.make_invalid_node()
        if invalid is None:
            return  # every node is acceptable: nothing to refuse
        with pytest.raises((errors.InvalidParameterValue, errors.MissingParameterValue)):
            interface.validate(invalid)

    def test_steps_are_well_formed(self, interface: BaseInterface, node: NodeInfo) -> None:
        for steps in (interface.get_clean_steps(node), interface.get_deploy_steps(node)):
            assert isinstance(steps, list)
            for step in steps:
                _check_step(interface, self.family, step)

    def test_unknown_step_is_refused(self, interface: BaseInterface, node: NodeInfo) -> None:
        with pytest.raises(errors.InvalidParameterValue):
            interface.execute_step(node, "no_such_step_anywhere", {})

    def test_passthru_methods_are_well_formed(self, interface: BaseInterface) -> None:
        for driver_level in (False, True):
            methods = interface.passthru_methods(driver_level=driver_level)
            assert isinstance(methods, dict)
            for name, info in methods.items():
                _check_passthru(interface, name, info)


def _check_step(interface: BaseInterface, family: str, step: StepInfo) -> None:
    assert isinstance(step, StepInfo)
    assert step.interface == family
    assert isinstance(step.priority, int) and not isinstance(step.priority, bool)
    assert step.priority >= 0, f"step {step.step} has a negative priority"
    assert callable(getattr(interface, step.step, None)), f"step {step.step} is not a method"
    if step.argsinfo is not None:
        _check_argsinfo(step.step, step.argsinfo)
    assert set(step.as_dict()) >= {"interface", "step", "priority", "argsinfo"}


def _check_argsinfo(step: str, argsinfo: Mapping[str, Mapping[str, Any]]) -> None:
    for arg, info in argsinfo.items():
        assert isinstance(arg, str) and arg, f"step {step}: argument name {arg!r}"
        assert isinstance(info.get("description"), str), f"step {step}: {arg} description"
        assert isinstance(info.get("required", False), bool), f"step {step}: {arg} required"


def _check_passthru(interface: BaseInterface, name: str, info: PassthruInfo) -> None:
    assert isinstance(info, PassthruInfo)
    assert info.http_methods, f"passthru {name} declares no HTTP method"
    assert set(info.http_methods) <= HTTP_METHODS, f"passthru {name}: {info.http_methods}"
    assert callable(getattr(interface, name, None)), f"passthru {name} is not a method"
    assert set(info.as_dict()) == {"http_methods", "async", "description", "attach",
                                   "require_exclusive_lock"}
