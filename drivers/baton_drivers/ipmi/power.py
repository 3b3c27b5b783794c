"""``ipmi`` power interface: chassis control through pyghmi, then wait for the state."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.interfaces.power import PowerInterface
from baton.interfaces.types import NodeInfo, PowerState
from baton_drivers.ipmi import conf as ipmi_conf
from baton_drivers.ipmi.client import IPMIClient
from baton_drivers.ipmi.info import PROPERTIES, IPMIInfo, parse_driver_info

__all__ = ["IPMIPower", "chassis_control"]

#: Chassis Control (netfn 0, command 2) directives.
_POWER_DOWN, _POWER_UP, _DIAG_INTERRUPT, _SOFT_SHUTDOWN = 0, 1, 4, 5



def _chassis_status(command: Any) -> int:
    """Get Chassis Status (netfn 0, command 1): bit 0 of the first byte is "power on".

    Raw, not pyghmi's ``get_power()``, which first asks the device id on every call."""
    response = command.xraw_command(netfn=0, command=1)
    return int(response["data"][0])


def chassis_control(directive: int) -> Callable[[Any], Any]:
    """A request sending Chassis Control ``directive`` (for :meth:`IPMIClient.run`)."""

    def request(command: Any) -> Any:
        return command.xraw_command(netfn=0, command=2, data=[directive])

    return request


class IPMIPower(PowerInterface):
    """On, off, reboot, soft off and soft reboot; each waits until the BMC reports the end
    state (``timeout`` seconds, else ``[ipmi] power_state_timeout`` or
    ``soft_power_off_timeout``)."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        super().__init__(conf)
        self.client = IPMIClient(conf)

    @classmethod
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        ipmi_conf.register_opts(conf)

    def get_properties(self) -> dict[str, str]:
        return dict(PROPERTIES)

    def validate(self, node: NodeInfo) -> None:
        parse_driver_info(node)

    def get_supported_power_states(self, node: NodeInfo) -> list[str]:
        return [PowerState.ON, PowerState.OFF, PowerState.REBOOT, PowerState.SOFT_REBOOT,
                PowerState.SOFT_POWER_OFF]

    # -- reading ---------------------------------------------------------------------------
    def _read(self, node: NodeInfo, info: IPMIInfo) -> str:
        status = self.client.run(node, info, "read the power state", _chassis_status)
        return PowerState.ON if status & 1 else PowerState.OFF

    def get_power_state(self, node: NodeInfo) -> str:
        return self._read(node, parse_driver_info(node))

    # -- changing --------------------------------------------------------------------------
    def _control(self, node: NodeInfo, info: IPMIInfo, directive: int, what: str) -> None:
        self.client.run(node, info, what, chassis_control(directive))

    def _wait(self, node: NodeInfo, info: IPMIInfo, target: str, timeout: int) -> None:
        interval = self.conf.ipmi.power_state_poll_interval
        deadline = time.monotonic() + timeout
        while True:
            state = self._read(node, info)
            if state == target:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise errors.PowerStateFailure(
                    pstate=target, node=node.uuid,
                    reason=f"the BMC {info.bmc} still reports '{state}' after {timeout} s")
            time.sleep(min(interval, remaining))

    def _timeout(self, timeout: int | None, soft: bool = False) -> int:
        if timeout is not None:
            return int(timeout)
        opts = self.conf.ipmi
        return int(opts.soft_power_off_timeout if soft else opts.power_state_timeout)

    def _on(self, node: NodeInfo, info: IPMIInfo, timeout: int) -> None:
        self._control(node, info, _POWER_UP, "power on")
        self._wait(node, info, PowerState.ON, timeout)

    def _off(self, node: NodeInfo, info: IPMIInfo, timeout: int, *, soft: bool) -> None:
        if soft:
            self._control(node, info, _SOFT_SHUTDOWN, "soft power off")
        else:
            self._control(node, info, _POWER_DOWN, "power off")
        self._wait(node, info, PowerState.OFF, timeout)

    def set_power_state(self, node: NodeInfo, power_state: str, *,
                        timeout: int | None = None) -> None:
        if power_state not in self.get_supported_power_states(node):
            raise errors.InvalidParameterValue(
                err=f"set_power_state called with an invalid power state: {power_state}.")
        info = parse_driver_info(node)
        if power_state == PowerState.ON:
            self._on(node, info, self._timeout(timeout))
        elif power_state == PowerState.OFF:
            self._off(node, info, self._timeout(timeout), soft=False)
        elif power_state == PowerState.SOFT_POWER_OFF:
            self._off(node, info, self._timeout(timeout, soft=True), soft=True)
        elif power_state == PowerState.REBOOT:
            self._reboot(node, info, timeout, soft=False)
        else:
            self._reboot(node, info, timeout, soft=True)

    def _reboot(self, node: NodeInfo, info: IPMIInfo, timeout: int | None, *,
                soft: bool) -> None:
        """Off (hard or soft) then on, as Ironic's IPMI reboot: a reset of a node that
        is off is refused by some BMCs."""
        if self._read(node, info) != PowerState.OFF:
            self._off(node, info, self._timeout(timeout, soft=soft), soft=soft)
        self._on(node, info, self._timeout(timeout))

    def reboot(self, node: NodeInfo, *, timeout: int | None = None) -> None:
        self._reboot(node, parse_driver_info(node), timeout, soft=False)
