"""Keeping credentials out of API answers.

VIM credentials (``vimConnectionInfo.*.accessInfo``), passwords handed to an operation in
its ``additionalParams`` (Tacker's ``vdu_params``...) and subscription authentication
never leave Baton through the API: they are removed from every representation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["is_secret", "scrub", "scrub_vim_connections"]

_SECRET_RE = re.compile(r"password|secret|token|private_?key|credential", re.I)


def is_secret(key: str) -> bool:
    """Whether a member named ``key`` holds a credential (password, bearer_token,
    client_secret, clientPassword...)."""
    return bool(_SECRET_RE.search(key))


def scrub(value: Any) -> Any:
    """``value`` without any member whose name says it is a credential (recursively)."""
    if isinstance(value, Mapping):
        return {k: scrub(v) for k, v in value.items() if not is_secret(str(k))}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def _vim(info: Any) -> Any:
    if not isinstance(info, Mapping):
        return info
    out = dict(info)
    for part in ("accessInfo", "interfaceInfo", "extra"):
        if isinstance(out.get(part), Mapping):
            out[part] = scrub(out[part])
    return out


def scrub_vim_connections(connections: Any) -> Any:
    """A ``vimConnectionInfo`` map without the VIMs' credentials."""
    if not isinstance(connections, Mapping):
        return connections
    return {key: _vim(info) for key, info in connections.items()}
