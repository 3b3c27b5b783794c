"""What a client may write on a node (create and patch), checked as Ironic checks it.

:func:`check_node_values` validates a whole API-side node document (field types, UUIDs,
names, lengths) and answers the column values to store; nothing is written until every
field passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from baton import errors
from baton.api import validation
from baton.api.v1.node_view import FIELD_MINOR

__all__ = [
    "CREATE_FIELDS",
    "PATCH_FIELDS",
    "RESERVED_NAMES",
    "check_name",
    "check_node_values",
    "reject_newer",
]

DESCRIPTION_MAX = 4096
RESERVED_NAMES = frozenset({"detail", "validate"})
_CONDUCTOR_GROUP_RE = re.compile(r"^[a-zA-Z0-9_\-.]*$")

_STR = "string"
_DICT = "object"
_BOOL = "boolean"

# API field -> kind; both create and patch use these.
_KINDS: dict[str, str] = {
    "automated_clean": _BOOL,
    "bios_interface": _STR,
    "boot_interface": _STR,
    "boot_mode": _STR,
    "chassis_uuid": _STR,
    "conductor_group": _STR,
    "console_enabled": _BOOL,
    "console_interface": _STR,
    "deploy_interface": _STR,
    "description": _STR,
    "driver": _STR,
    "driver_info": _DICT,
    "extra": _DICT,
    "firmware_interface": _STR,
    "inspect_interface": _STR,
    "instance_info": _DICT,
    "instance_uuid": _STR,
    "lessee": _STR,
    "maintenance": _BOOL,
    "management_interface": _STR,
    "name": _STR,
    "network_data": _DICT,
    "network_interface": _STR,
    "owner": _STR,
    "power_interface": _STR,
    "properties": _DICT,
    "protected": _BOOL,
    "protected_reason": _STR,
    "raid_interface": _STR,
    "rescue_interface": _STR,
    "resource_class": _STR,
    "retired": _BOOL,
    "retired_reason": _STR,
    "secure_boot": _BOOL,
    "storage_interface": _STR,
    "uuid": _STR,
    "vendor_interface": _STR,
}

CREATE_FIELDS = frozenset(_KINDS) - {"protected", "protected_reason"}
PATCH_FIELDS = frozenset(_KINDS) - {"uuid", "boot_mode", "secure_boot", "console_enabled"}

# Fields with a NOT NULL column: what "unset" stores.
_EMPTY: dict[str, Any] = {
    "driver_info": {}, "extra": {}, "instance_info": {}, "properties": {}, "network_data": {},
    "maintenance": False, "console_enabled": False, "protected": False, "retired": False,
    "conductor_group": "",
}
_MAX_LEN = {"description": DESCRIPTION_MAX, "resource_class": 80, "name": 255, "owner": 255,
            "lessee": 255, "conductor_group": 255, "retired_reason": 65535,
            "protected_reason": 65535}


def _type_error(field: str, value: Any, kind: str) -> errors.Invalid:
    return errors.InvalidParameterValue(
        f"Schema error for {field}: {value!r} is not of type '{kind}'")


def _check_one(field: str, value: Any) -> Any:
    kind = _KINDS[field]
    if value is None:
        return _EMPTY.get(field)
    if kind == _BOOL:
        return validation.parse_bool(field, value)
    if kind == _DICT:
        if not isinstance(value, dict):
            raise _type_error(field, value, kind)
        return value
    if not isinstance(value, str):
        raise _type_error(field, value, kind)
    limit = _MAX_LEN.get(field)
    if limit is not None and len(value) > limit:
        raise errors.InvalidParameterValue(
            f"Schema error for {field}: '{value[:40]}...' is too long (maximum {limit})")
    check = _EXTRA_CHECKS.get(field)
    return check(field, value) if check is not None else value


def _conductor_group(field: str, value: str) -> str:
    if not _CONDUCTOR_GROUP_RE.match(value):
        raise errors.InvalidParameterValue(
            f"Invalid conductor_group {value!r}: only letters, digits, '_', '-' and '.' "
            f"are allowed")
    return value.lower()


_EXTRA_CHECKS: dict[str, Callable[[str, str], str]] = {
    "uuid": validation.valid_uuid,
    "instance_uuid": validation.valid_uuid,
    "chassis_uuid": validation.valid_uuid,
    "conductor_group": _conductor_group,
}


def check_name(name: str, minor: int, message: str) -> None:
    """Ironic's node name rules (406 before 1.5)."""
    if minor < 5:
        raise validation.not_acceptable()
    if not validation.is_valid_node_name(name, minor):
        raise errors.InvalidName(message % {"name": name}, name=name)
    if name in RESERVED_NAMES:
        raise errors.InvalidName(
            f'The word "{name}" is reserved and can not be used as a node name. Reserved '
            f'words are: {", ".join(sorted(RESERVED_NAMES))}.', name=name)


def reject_newer(doc: Mapping[str, Any], minor: int) -> None:
    """406 when ``doc`` sets a field newer than the request."""
    for field, value in doc.items():
        wanted = FIELD_MINOR.get(field)
        if wanted is None or wanted <= minor or value is None:
            continue
        if field == "conductor_group" and value == "":
            continue
        raise validation.not_acceptable()


def check_node_values(doc: Mapping[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    """Validated values of ``doc``'s keys (all must be in ``fields``)."""
    validation.check_keys(doc, fields)
    return {field: _check_one(field, value) for field, value in doc.items()}
