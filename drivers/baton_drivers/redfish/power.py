"""``redfish`` power interface: ComputerSystem.Reset, then PowerState until it settles."""

from __future__ import annotations

import time
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.interfaces.power import PowerInterface
from baton.interfaces.types import NodeInfo, PowerState
from baton_drivers.redfish import conf as redfish_conf
from baton_drivers.redfish.client import RedfishClient
from baton_drivers.redfish.info import PROPERTIES, RedfishInfo, parse_driver_info

__all__ = ["RedfishPower", "reset_system"]

#: PowerState values and what Baton reports for them (transitions count as the end state).
_STATES = {"On": PowerState.ON, "PoweringOn": PowerState.ON, "Off": PowerState.OFF,
           "PoweringOff": PowerState.OFF, "Paused": PowerState.ON}
#: ResetType values to use for each request, preferred first.
_RESET_TYPES = {
    PowerState.ON: ("On", "ForceOn"),
    PowerState.OFF: ("ForceOff",),
    PowerState.SOFT_POWER_OFF: ("GracefulShutdown",),
    PowerState.REBOOT: ("ForceRestart", "PowerCycle"),
    PowerState.SOFT_REBOOT: ("GracefulRestart",),
    "nmi": ("Nmi",),
}
_ENDS_AS = {PowerState.ON: "On", PowerState.OFF: "Off", PowerState.SOFT_POWER_OFF: "Off",
            PowerState.REBOOT: "On", PowerState.SOFT_REBOOT: "On"}


def reset_system(client: RedfishClient, node: NodeInfo, info: RedfishInfo, path: str,
                 system: dict[str, Any], request: str) -> None:
    """POST ComputerSystem.Reset with the first ResetType for ``request`` the BMC allows."""
    action = system.get("Actions", {}).get("#ComputerSystem.Reset", {})
    target = action.get("target") or f"{path}/Actions/ComputerSystem.Reset"
    allowed = action.get("ResetType@Redfish.AllowableValues")
    wanted = _RESET_TYPES[request]
    choice = next((t for t in wanted if allowed is None or t in allowed), None)
    if choice is None:
        raise errors.UnsupportedDriverExtension(
            driver=node.driver,
            extension=f"{request} (the BMC {info.bmc} allows ResetType {', '.join(allowed)})")
    client.request(node, info, "post", target, body={"ResetType": choice},
                   action=f"reset the system ({choice})")


class RedfishPower(PowerInterface):
    """On, off, reboot, soft off and soft reboot through ComputerSystem.Reset."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        super().__init__(conf)
        self.client = RedfishClient(conf)

    @classmethod
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        redfish_conf.register_opts(conf)

    def get_properties(self) -> dict[str, str]:
        return dict(PROPERTIES)

    def validate(self, node: NodeInfo) -> None:
        parse_driver_info(node)

    def get_supported_power_states(self, node: NodeInfo) -> list[str]:
        return [PowerState.ON, PowerState.OFF, PowerState.REBOOT, PowerState.SOFT_REBOOT,
                PowerState.SOFT_POWER_OFF]

    def _raw_state(self, node: NodeInfo, info: RedfishInfo) -> tuple[str, dict[str, Any]]:
        path, system = self.client.system(node, info, action="read the power state")
        return path, system

    def get_power_state(self, node: NodeInfo) -> str:
        _, system = self._raw_state(node, parse_driver_info(node))
        return _STATES.get(str(system.get("PowerState")), PowerState.ERROR)

    def _wait(self, node: NodeInfo, info: RedfishInfo, settled: str, timeout: int) -> None:
        """Read PowerState until it is ``settled`` (``On``/``Off``, not a transition)."""
        interval = self.conf.redfish.power_state_poll_interval
        deadline = time.monotonic() + timeout
        while True:
            _, system = self._raw_state(node, info)
            state = system.get("PowerState")
            if state == settled:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise errors.PowerStateFailure(
                    pstate=_STATES[settled], node=node.uuid,
                    reason=f"PowerState of {info.bmc} is still {state!r} after {timeout} s")
            time.sleep(min(interval, remaining))

    def set_power_state(self, node: NodeInfo, power_state: str, *,
                        timeout: int | None = None) -> None:
        if power_state not in self.get_supported_power_states(node):
            raise errors.InvalidParameterValue(
                err=f"set_power_state called with an invalid power state: {power_state}.")
        info = parse_driver_info(node)
        path, system = self._raw_state(node, info)
        request = power_state
        if power_state in (PowerState.REBOOT, PowerState.SOFT_REBOOT) and \
                system.get("PowerState") == "Off":
            request = PowerState.ON  # a restart of a node that is off: just power it on
        reset_system(self.client, node, info, path, system, request)
        opts = self.conf.redfish
        soft = power_state in (PowerState.SOFT_POWER_OFF, PowerState.SOFT_REBOOT)
        if timeout is None:
            timeout = opts.soft_power_off_timeout if soft else opts.power_state_timeout
        self._wait(node, info, _ENDS_AS[power_state], int(timeout))

    def reboot(self, node: NodeInfo, *, timeout: int | None = None) -> None:
        self.set_power_state(node, PowerState.REBOOT, timeout=timeout)
