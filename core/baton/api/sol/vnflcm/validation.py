"""Checking a request body against its JSON schema (:mod:`.schemas`): a 400 naming the
attribute at fault and the reason.

jsonschema is imported on first use (it costs start-up time every process would pay).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from baton import errors

__all__ = ["validate"]

_MAC_RE = re.compile(r"^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")
_LOCK = threading.Lock()


def _is_ipv4(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def _is_ipv6(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def _is_mac(value: object) -> bool:
    return not isinstance(value, str) or bool(_MAC_RE.match(value))


def _is_http_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@functools.cache
def _checker() -> Any:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("ipv4")(_is_ipv4)
    checker.checks("ipv6")(_is_ipv6)
    checker.checks("mac-address")(_is_mac)
    checker.checks("uri")(_is_http_uri)
    return checker


_VALIDATORS: dict[int, Any] = {}


def _validator(schema: Mapping[str, Any]) -> Any:
    found = _VALIDATORS.get(id(schema))
    if found is None:
        with _LOCK:
            import jsonschema

            found = jsonschema.Draft202012Validator(schema, format_checker=_checker())
            _VALIDATORS[id(schema)] = found
    return found


def _where(path: Any) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f"/{p}" for p in path]
    text = "".join(parts).lstrip("/")
    return text or "the request body"


def validate(body: Any, schema: Mapping[str, Any], *, what: str) -> None:
    """400 unless ``body`` conforms to ``schema`` (``what`` names the request type).

    ``schema`` must be a module-level constant (validators are cached by its identity).
    """
    validator = _validator(schema)
    error = next(iter(sorted(validator.iter_errors(body), key=lambda e: list(e.path))), None)
    if error is None:
        return
    import jsonschema

    best = jsonschema.exceptions.best_match([error]) or error
    raise errors.Invalid(
        message=f"Invalid {what}: {_where(best.absolute_path)}: {best.message}")
