"""Read and check the ``redfish_*`` keys of a node's ``driver_info`` (no network traffic)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from baton import errors
from baton.interfaces.types import NodeInfo

__all__ = ["PROPERTIES", "RedfishInfo", "parse_driver_info"]

PROPERTIES = {
    "redfish_address": "URL of the BMC's Redfish service, e.g. https://10.0.0.5 (https is "
                       "assumed without a scheme). Required.",
    "redfish_system_id": "Path of the ComputerSystem resource, e.g. /redfish/v1/Systems/1, "
                         "or its Id. Optional when the BMC manages a single system.",
    "redfish_username": "User name on the BMC. Optional.",
    "redfish_password": "Password of redfish_username. Optional.",
    "redfish_verify_ca": "true (default) to verify the BMC's certificate against the "
                         "system's CAs, false not to, or the path of a CA bundle file or "
                         "directory. Optional.",
    "redfish_auth_type": "session, basic or auto (a session, falling back to Basic). "
                         "Optional, default [redfish] auth_type.",
}

_SYSTEMS = "/redfish/v1/Systems/"
_TRUE = {"1", "t", "true", "on", "y", "yes"}
_FALSE = {"0", "f", "false", "off", "n", "no"}


@dataclass(frozen=True)
class RedfishInfo:
    """How to reach one BMC and one system on it. Secrets are kept out of ``repr``."""

    address: str
    system_id: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    verify_ca: bool | str = True
    auth_type: str | None = None

    @property
    def bmc(self) -> str:
        """The BMC's name in messages (never a credential)."""
        return self.address + (self.system_id or "")

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.address, self.username, self.password, self.verify_ca, self.auth_type)


def _address(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise errors.InvalidParameterValue(err=f"redfish_address must be a URL, got {value!r}.")
    text = value.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.InvalidParameterValue(
            err=f"redfish_address must be an http(s) URL with a host, got {value!r}.")
    if parts.username or parts.password:
        raise errors.InvalidParameterValue(
            err="redfish_address must not carry credentials: use redfish_username and "
                "redfish_password.")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def _system_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise errors.InvalidParameterValue(err="redfish_system_id must be a string.")
    text = value.strip()
    if text.startswith("/"):
        return text.rstrip("/")
    return _SYSTEMS + quote(text, safe="")


def _verify_ca(value: Any) -> bool | str:
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    text = str(value).strip()
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    if not os.path.exists(text):
        raise errors.InvalidParameterValue(
            err=f"redfish_verify_ca must be a boolean or the path of an existing CA file "
                f"or directory, got {value!r}.")
    return text


def _optional_text(info: Mapping[str, Any], key: str) -> str | None:
    value = info.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise errors.InvalidParameterValue(err=f"{key} must be a string.")
    return value


def parse_driver_info(node: NodeInfo) -> RedfishInfo:
    """The node's :class:`RedfishInfo`; Missing/InvalidParameterValue naming the key."""
    info = node.driver_info
    if not info.get("redfish_address"):
        raise errors.MissingParameterValue(
            err=f"Node {node.uuid} is missing redfish_address in its driver_info.")
    auth = info.get("redfish_auth_type")
    if auth is not None and auth not in ("auto", "session", "basic"):
        raise errors.InvalidParameterValue(
            err=f"redfish_auth_type must be auto, session or basic, got {auth!r}.")
    return RedfishInfo(
        address=_address(info["redfish_address"]),
        system_id=_system_id(info.get("redfish_system_id")),
        username=_optional_text(info, "redfish_username"),
        password=_optional_text(info, "redfish_password"),
        verify_ca=_verify_ca(info.get("redfish_verify_ca")),
        auth_type=auth,
    )
