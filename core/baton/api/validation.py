"""Checks on values arriving at the API edge, with Ironic's rules and messages.

Each function either returns the (normalised) value or raises a 400 error naming the
parameter; nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from baton import errors

__all__ = [
    "MAX_TRAITS",
    "as_bool",
    "as_int",
    "check_keys",
    "is_uuid_like",
    "is_valid_logical_name",
    "is_valid_node_name",
    "not_acceptable",
    "parse_bool",
    "valid_mac",
    "valid_trait",
    "valid_uuid",
    "valid_uuid_or_name",
]

_UUID_RE = re.compile(
    r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_LOGICAL_NAME_RE = re.compile(r"^[A-Z0-9\-._~]+$", re.I)
_HOSTNAME_SAFE_RE = re.compile(r"""^
[a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?
(\.[a-z0-9\-_]{0,62}[a-z0-9])*
\.?
$""", re.X)
_MAC_RE = re.compile(r"^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$", re.I)
_CUSTOM_TRAIT_RE = re.compile(r"^CUSTOM_[A-Z0-9_]+$")
# Standard traits (os-traits) all live under these namespaces.
_STANDARD_TRAIT_RE = re.compile(
    r"^(COMPUTE|HW|MISC|STORAGE|OWNER|BAREMETAL)_[A-Z0-9_]+$")
MAX_TRAITS = 50

_TRUE = frozenset({"1", "t", "true", "on", "y", "yes"})
_FALSE = frozenset({"0", "f", "false", "off", "n", "no"})


def not_acceptable(reason: str | None = None) -> errors.NotAcceptable:
    """Ironic's 406 for a feature the requested microversion lacks."""
    return errors.NotAcceptable(reason or "Request not acceptable.")


def is_uuid_like(value: object) -> bool:
    return isinstance(value, str) and _UUID_RE.match(value) is not None


def is_valid_logical_name(value: object, minor: int = 78) -> bool:
    """Ironic's logical names: RFC 3986 unreserved characters (hostnames before 1.10)."""
    if not isinstance(value, str) or not value or len(value) > 255:
        return False
    if minor < 10:
        return _HOSTNAME_SAFE_RE.match(value) is not None
    return _LOGICAL_NAME_RE.match(value) is not None


def is_valid_node_name(value: object, minor: int = 78) -> bool:
    return is_valid_logical_name(value, minor) and not is_uuid_like(value)


def valid_uuid(name: str, value: object) -> str:
    if not is_uuid_like(value):
        raise errors.InvalidParameterValue(f"Expected UUID for {name}: {value}")
    assert isinstance(value, str)
    return value


def valid_uuid_or_name(name: str, value: object) -> str:
    if not isinstance(value, str) or not (
            is_uuid_like(value) or _LOGICAL_NAME_RE.match(value) and len(value) <= 255):
        raise errors.InvalidParameterValue(f"Expected UUID or name for {name}: {value}")
    return value


def valid_mac(name: str, value: object) -> str:
    """A MAC address, normalised to lower case with colons."""
    if not isinstance(value, str) or not _MAC_RE.match(value):
        raise errors.InvalidMAC(
            f"Expected valid MAC address for {name}: {value}", mac=value)
    return value.lower().replace("-", ":")


def valid_trait(value: object) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 255:
        raise errors.InvalidTrait(trait=value, reason="a trait is a string of 1 to 255 "
                                                      "characters")
    if not (_CUSTOM_TRAIT_RE.match(value) or _STANDARD_TRAIT_RE.match(value)):
        raise errors.InvalidTrait(
            trait=value, reason="a trait must be a standard trait or match "
                                "'^CUSTOM_[A-Z0-9_]+$'")
    return value


def parse_bool(name: str, value: object) -> bool:
    """Booleans as Ironic reads them (JSON booleans or the usual strings)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    raise errors.InvalidParameterValue(
        f"Invalid {name}: Unrecognized value '{value}', acceptable values are: "
        f"'0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'")


def as_bool(name: str, value: object) -> bool | None:
    return None if value is None else parse_bool(name, value)


def as_int(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise errors.InvalidParameterValue(f"Expected an integer for {name}: {value}")
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        raise errors.InvalidParameterValue(
            f"Expected an integer for {name}: {value}") from None


def check_keys(body: Mapping[str, Any], allowed: frozenset[str] | set[str]) -> None:
    """400 naming the first key of ``body`` not in ``allowed`` (as jsonschema words it)."""
    for key in body:
        if key not in allowed:
            raise errors.InvalidParameterValue(
                f"Additional properties are not allowed ('{key}' was unexpected)")


def _typed(name: str, kind: str, value: Any) -> Any:
    nullable = kind.endswith("?")
    kind = kind.rstrip("?")
    if value is None:
        if nullable:
            return None
        raise errors.InvalidParameterValue(f"Schema error for {name}: None is not of type "
                                           f"'{kind}'")
    if kind == "bool":
        return parse_bool(name, value)
    if kind == "mac":
        return valid_mac(name, value)
    if kind == "uuid":
        return valid_uuid(name, value)
    if kind == "name":
        if not is_valid_logical_name(value) or is_uuid_like(value):
            raise errors.InvalidName(f"Expected a logical name but received {value}",
                                     name=value)
        return value
    python = {"str": str, "dict": dict, "int": int}[kind]
    if not isinstance(value, python) or isinstance(value, bool):
        raise errors.InvalidParameterValue(
            f"Schema error for {name}: {value!r} is not of type "
            f"'{ {'str': 'string', 'dict': 'object', 'int': 'integer'}[kind]}'")
    return value


def check_typed(body: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, Any]:
    """Check ``body`` against ``kinds`` (field -> str, dict, bool, int, mac, uuid, name;
    a trailing ``?`` allows null); unknown fields answer 400 naming them."""
    check_keys(body, frozenset(kinds))
    return {name: _typed(name, kinds[name], value) for name, value in body.items()}
