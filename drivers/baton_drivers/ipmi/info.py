"""Read and check the ``ipmi_*`` keys of a node's ``driver_info`` (no network traffic)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from baton import errors
from baton.interfaces.types import NodeInfo

__all__ = ["PRIVILEGES", "PROPERTIES", "IPMIInfo", "parse_driver_info"]

#: IPMI privilege levels as Ironic names them, and their numbers on the wire.
PRIVILEGES = {"CALLBACK": 1, "USER": 2, "OPERATOR": 3, "ADMINISTRATOR": 4}

PROPERTIES = {
    "ipmi_address": "IP address or hostname of the node's BMC. Required.",
    "ipmi_port": "UDP port of the BMC's IPMI service. Optional, default 623.",
    "ipmi_username": "User name on the BMC. Optional, default: the null user name.",
    "ipmi_password": "Password of ipmi_username. Optional, default empty.",
    "ipmi_priv_level": "Privilege level of the session: ADMINISTRATOR (default), OPERATOR, "
                       "USER or CALLBACK. Optional.",
    "ipmi_kg_key": "The BMC key (Kg) when the BMC has one. Optional.",
    "ipmi_protocol_version": "IPMI protocol version; only '2.0' (RMCP+) is supported. "
                             "Optional, default '2.0'.",
    "ipmi_terminal_port": "TCP port of the node's serial console proxy. Optional.",
}

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)+$")


@dataclass(frozen=True)
class IPMIInfo:
    """How to reach one BMC. Secrets are kept out of ``repr``."""

    address: str
    port: int = 623
    username: str = ""
    password: str = field(default="", repr=False)
    kg_key: str | None = field(default=None, repr=False)
    privilege: int = 4
    terminal_port: int | None = None

    @property
    def bmc(self) -> str:
        """The BMC's name in messages: ``ipmi://address:port`` (never a credential)."""
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"ipmi://{host}:{self.port}"

    @property
    def credentials(self) -> tuple[bytes, bytes, bytes | None, int]:
        """pyghmi wants bytes: with ``str`` a second session to the same BMC hangs."""
        kg = self.kg_key.encode() if self.kg_key is not None else None
        return self.username.encode(), self.password.encode(), kg, self.privilege


def _port(value: Any, key: str) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = -1
    if isinstance(value, bool) or not 0 < port < 65536:
        raise errors.InvalidParameterValue(
            err=f"{key} must be a port number between 1 and 65535, got {value!r}.")
    return port


def _address(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise errors.InvalidParameterValue(
            err=f"ipmi_address must be an IP address or a hostname, got {value!r}.")
    address = value.strip()
    try:
        return str(ipaddress.ip_address(address.strip("[]")))
    except ValueError:
        pass
    if not _HOSTNAME.match(address):
        raise errors.InvalidParameterValue(
            err=f"ipmi_address must be an IP address or a hostname, got {value!r}.")
    return address


def _text(info: Mapping[str, Any], key: str, limit: int | None = None) -> str:
    value = info.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise errors.InvalidParameterValue(err=f"{key} must be a string.")
    if limit is not None and len(value.encode()) > limit:
        raise errors.InvalidParameterValue(err=f"{key} is longer than {limit} bytes.")
    return value


def _privilege(value: Any) -> int:
    name = str(value or "ADMINISTRATOR").upper()
    if name not in PRIVILEGES:
        raise errors.InvalidParameterValue(
            err=f"ipmi_priv_level must be one of {', '.join(PRIVILEGES)}, got {value!r}.")
    return PRIVILEGES[name]


def parse_driver_info(node: NodeInfo) -> IPMIInfo:
    """The node's :class:`IPMIInfo`; Missing/InvalidParameterValue naming the key."""
    info = node.driver_info
    if not info.get("ipmi_address"):
        raise errors.MissingParameterValue(
            err=f"Node {node.uuid} is missing ipmi_address in its driver_info.")
    version = str(info.get("ipmi_protocol_version") or "2.0")
    if version != "2.0":
        raise errors.InvalidParameterValue(
            err=f"ipmi_protocol_version {version!r} is not supported: only '2.0'.")
    terminal = info.get("ipmi_terminal_port")
    kg = info.get("ipmi_kg_key")
    return IPMIInfo(
        address=_address(info["ipmi_address"]),
        port=_port(info.get("ipmi_port", 623), "ipmi_port"),
        username=_text(info, "ipmi_username", 16),
        password=_text(info, "ipmi_password", 20),
        kg_key=_text(info, "ipmi_kg_key") if kg is not None else None,
        privilege=_privilege(info.get("ipmi_priv_level")),
        terminal_port=_port(terminal, "ipmi_terminal_port") if terminal is not None else None,
    )
