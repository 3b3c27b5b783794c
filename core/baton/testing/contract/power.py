"""The power interface contract: states read back as set, reboots end powered on."""

from __future__ import annotations

from typing import ClassVar

import pytest

from baton import errors
from baton.interfaces.power import PowerInterface
from baton.interfaces.types import NodeInfo, PowerState
from baton.testing.contract.base import InterfaceContract

__all__ = ["PowerInterfaceContract"]


class PowerInterfaceContract(InterfaceContract):
    """Drives the node through on, off and reboot; each call must leave the state asked.

    ``make_node()`` is called once per test, so each test may use a fresh node.
    """

    family: ClassVar[str] = "power"
    #: The ``timeout`` passed to set_power_state and reboot.
    timeout: ClassVar[int | None] = None

    def _set(self, power: PowerInterface, node: NodeInfo, target: str) -> None:
        power.set_power_state(node, target, timeout=self.timeout)

    def test_supported_power_states(self, interface: PowerInterface, node: NodeInfo) -> None:
        supported = interface.get_supported_power_states(node)
        assert {PowerState.ON, PowerState.OFF} <= set(supported)
        assert set(supported) <= PowerState.REQUESTABLE

    def test_get_power_state_is_a_state(self, interface: PowerInterface,
                                        node: NodeInfo) -> None:
        assert interface.get_power_state(node) in PowerState.STABLE | {PowerState.ERROR}

    def test_power_on_then_off(self, interface: PowerInterface, node: NodeInfo) -> None:
        self._set(interface, node, PowerState.ON)
        assert interface.get_power_state(node) == PowerState.ON
        self._set(interface, node, PowerState.OFF)
        assert interface.get_power_state(node) == PowerState.OFF
        self._set(interface, node, PowerState.OFF)  # already there: still fine
        assert interface.get_power_state(node) == PowerState.OFF

    def test_reboot_ends_powered_on(self, interface: PowerInterface, node: NodeInfo) -> None:
        self._set(interface, node, PowerState.ON)
        interface.reboot(node, timeout=self.timeout)
        assert interface.get_power_state(node) == PowerState.ON
        self._set(interface, node, PowerState.OFF)
        interface.reboot(node, timeout=self.timeout)
        assert interface.get_power_state(node) == PowerState.ON

    def test_reboot_and_soft_targets(self, interface: PowerInterface, node: NodeInfo) -> None:
        supported = set(interface.get_supported_power_states(node))
        ends_as = {PowerState.REBOOT: PowerState.ON, PowerState.SOFT_REBOOT: PowerState.ON,
                   PowerState.SOFT_POWER_OFF: PowerState.OFF}
        for target, expected in ends_as.items():
            if target in supported:
                self._set(interface, node, PowerState.ON)
                self._set(interface, node, target)
                assert interface.get_power_state(node) == expected, target

    def test_unknown_target_is_refused(self, interface: PowerInterface, node: NodeInfo) -> None:
        with pytest.raises(errors.InvalidParameterValue):
            self._set(interface, node, "power sideways")
