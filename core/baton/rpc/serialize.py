"""What crosses the JSON-RPC wire: orjson bytes, datetimes, and errors.

Datetimes (naive UTC inside Baton) travel as ISO 8601 strings; :func:`loads` turns the
values of the known timestamp keys back into naive-UTC datetimes, at any depth. Errors
travel as ``{"class": name, "message": ..., "code": ...}`` and come back as the same
:mod:`baton.errors` class (``errors.error_class``), so the API answers exactly as if the
conductor ran in its own process.
"""

from __future__ import annotations

import datetime
from typing import Any

import orjson

from baton import errors

__all__ = ["TIMESTAMP_KEYS", "dumps", "error_from_dict", "error_to_dict", "loads", "revive"]

#: Keys whose string values are turned back into datetimes by :func:`loads`.
TIMESTAMP_KEYS = frozenset({
    "created_at", "updated_at", "provision_updated_at", "inspection_started_at",
    "inspection_finished_at", "heartbeat_at", "lease_expires_at", "started_at",
    "finished_at",
})

_PRIMITIVES = (str, int, float, bool, type(None))


def _default(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return value.decode()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(value: Any) -> bytes:
    """``value`` as JSON bytes (datetimes as ISO 8601, sets and tuples as lists)."""
    return orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)


def _to_datetime(value: str) -> datetime.datetime | str:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.UTC).replace(tzinfo=None)
    return parsed


def revive(value: Any) -> Any:
    """Turn the string values of :data:`TIMESTAMP_KEYS` back into datetimes (in place)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TIMESTAMP_KEYS and isinstance(item, str):
                value[key] = _to_datetime(item)
            elif isinstance(item, (dict, list)):
                revive(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                revive(item)
    return value


def loads(data: bytes | str) -> Any:
    """Parse JSON and revive timestamps (see :func:`revive`)."""
    return revive(orjson.loads(data))


def error_to_dict(exc: errors.BatonError) -> dict[str, Any]:
    """The wire form of a Baton error."""
    kwargs = {key: value for key, value in exc.kwargs.items() if isinstance(value, _PRIMITIVES)}
    return {"class": type(exc).__name__, "message": exc.message, "code": exc.code,
            "kwargs": kwargs}


def error_from_dict(data: dict[str, Any]) -> errors.BatonError:
    """Rebuild the error :func:`error_to_dict` describes, as the same class."""
    cls = errors.error_class(str(data.get("class") or "BatonError"))
    exc = cls(str(data.get("message") or "Unknown RPC error"))
    kwargs = data.get("kwargs")
    if isinstance(kwargs, dict):
        exc.kwargs = kwargs
    return exc
