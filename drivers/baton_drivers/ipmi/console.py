"""``ipmi-socat`` console interface: each node's serial console on a TCP port of its own.

What Ironic's ``ipmitool-socat`` does with ``socat`` and ``ipmitool sol activate``, done in
process with pyghmi (:mod:`baton_drivers.ipmi.sol`): ``start_console`` listens on the node's
``ipmi_terminal_port`` at ``[ipmi] socat_address``; a client that connects there is bridged
to the BMC's Serial-over-LAN. ``get_console`` answers ``{"type": "socat", "url":
"tcp://address:port"}``. One console per node, held by this conductor process.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.interfaces.console import ConsoleInterface
from baton.interfaces.types import NodeInfo
from baton_drivers.ipmi import conf as ipmi_conf
from baton_drivers.ipmi.client import IPMIClient
from baton_drivers.ipmi.info import PROPERTIES, IPMIInfo, parse_driver_info
from baton_drivers.ipmi.sol import SolBridge

__all__ = ["IPMISocatConsole", "stop_all_consoles"]

LOG = logging.getLogger(__name__)

_CONSOLES: dict[str, SolBridge] = {}
_CONSOLES_LOCK = threading.Lock()

_SOL_ENABLE = 1  # SOL configuration parameter 1: "SOL Enable"
_CURRENT_CHANNEL = 0x0E


def _sol_enabled(command: Any) -> bool:
    """Get SOL Configuration Parameters (netfn 0x0c, command 0x22), parameter SOL Enable."""
    response = command.xraw_command(netfn=0x0C, command=0x22,
                                    data=[_CURRENT_CHANNEL, _SOL_ENABLE, 0, 0])
    data = response["data"]
    return len(data) < 2 or bool(data[1] & 1)


def stop_all_consoles() -> None:
    """Stop every console this process serves (conductor shutdown, tests)."""
    with _CONSOLES_LOCK:
        bridges = list(_CONSOLES.values())
        _CONSOLES.clear()
    for bridge in bridges:
        bridge.stop()


def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


class IPMISocatConsole(ConsoleInterface):
    """Serial-over-LAN on a TCP port per node (``ipmi_terminal_port``)."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        super().__init__(conf)
        self.client = IPMIClient(conf)

    @classmethod
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        ipmi_conf.register_opts(conf)

    def get_properties(self) -> dict[str, str]:
        return dict(PROPERTIES)

    def _info(self, node: NodeInfo) -> tuple[IPMIInfo, int]:
        info = parse_driver_info(node)
        if info.terminal_port is None:
            raise errors.MissingParameterValue(
                err=f"Node {node.uuid} is missing ipmi_terminal_port in its driver_info.")
        return info, info.terminal_port

    def validate(self, node: NodeInfo) -> None:
        self._info(node)

    def _check_sol(self, node: NodeInfo, info: IPMIInfo) -> None:
        """Reach the BMC once so that a dead BMC or wrong credentials fail the start."""
        try:
            enabled = self.client.run(node, info, "read the serial-over-LAN settings",
                                      _sol_enabled)
        except errors.BMCAuthenticationError:
            raise
        except errors.BMCError as exc:  # an answer, but not this command: SOL will tell
            LOG.debug("BMC %s of node %s has no SOL settings to read: %s", info.bmc,
                      node.uuid, exc)
            return
        if not enabled:
            raise errors.BMCError(bmc=info.bmc, node=node.uuid, action="start the console",
                                  reason="Serial-over-LAN is disabled on the BMC")

    def start_console(self, node: NodeInfo) -> None:
        info, port = self._info(node)
        address = self.conf.ipmi.socat_address
        with _CONSOLES_LOCK:
            current = _CONSOLES.get(node.uuid)
            if current is not None and current.running and current.info == info \
                    and (current.address, current.port) == (address, port):
                return  # already serving this console
        self._check_sol(node, info)
        self.stop_console(node)
        try:
            bridge = SolBridge(node.uuid, info, address, port,
                               connect_timeout=self.conf.ipmi.command_timeout)
        except OSError as exc:
            raise errors.DriverOperationError(
                node=node.uuid,
                reason=f"could not listen on {_url_host(address)}:{port} for the serial "
                       f"console of {info.bmc}: {exc.strerror or exc}") from exc
        with _CONSOLES_LOCK:
            _CONSOLES[node.uuid] = bridge
        LOG.info("Serial console of node %s (BMC %s) listening on %s:%d", node.uuid,
                 info.bmc, address, port)

    def stop_console(self, node: NodeInfo) -> None:
        with _CONSOLES_LOCK:
            bridge = _CONSOLES.pop(node.uuid, None)
        if bridge is not None:
            bridge.stop(timeout=self.conf.ipmi.command_timeout)
            LOG.info("Serial console of node %s stopped", node.uuid)

    def get_console(self, node: NodeInfo) -> dict[str, Any]:
        _, port = self._info(node)
        host = _url_host(self.conf.ipmi.socat_address)
        return {"type": "socat", "url": f"tcp://{host}:{port}"}
