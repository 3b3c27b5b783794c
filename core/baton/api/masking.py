"""Hiding secrets in what the API shows, as Ironic's ``strutils.mask_dict_password`` does.

A key whose lower-cased name contains one of the sensitive fragments (password, secret,
token, key, ...) has its value shown as ``"******"``, in nested dicts too; free text
(``last_error``, history events) has ``password=...``-style values masked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["SECRET", "is_secret_key", "mask_dict", "mask_instance_info", "mask_text",
           "may_hold_secret"]

SECRET = "******"

_FRAGMENTS = (
    "password", "passwd", "pswd", "passphrase", "adminpass", "admin_pass", "new_pass",
    "secret", "token", "key", "configdrive", "credential", "kek", "cookie",
)

_memo: dict[str, bool] = {}

# One scan of a stored JSON document for anything that may need masking.
_MAY_HOLD_SECRET = re.compile("|".join((*_FRAGMENTS, "image_url")), re.IGNORECASE)

_TEXT_PATTERNS = [
    re.compile(
        r"(?P<k>['\"]?[\w-]*(?:password|passwd|secret|token|key)['\"]?\s*[:=]\s*)"
        r"(?P<q>['\"]?)(?P<v>[^'\"\s,}]+)(?P=q)", re.I),
]


def is_secret_key(key: str) -> bool:
    """Whether values under ``key`` are secrets (memoised: keys repeat a lot)."""
    found = _memo.get(key)
    if found is None:
        low = key.lower()
        found = any(fragment in low for fragment in _FRAGMENTS)
        if len(_memo) < 10000:
            _memo[key] = found
    return found


def may_hold_secret(document: str) -> bool:
    """Whether the JSON text ``document`` may hold a value to mask.

    Conservative: any secret-looking fragment anywhere in the text (a key, or a value that
    merely contains the word) says yes, and ``image_url`` too; a document that says no can
    be shown as stored.
    """
    return _MAY_HOLD_SECRET.search(document) is not None


def mask_dict(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """A copy of ``data`` with secret values masked (nested dicts included)."""
    if not data:
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out[key] = mask_dict(value)
        elif isinstance(key, str) and is_secret_key(key):
            out[key] = SECRET
        else:
            out[key] = value
    return out


def mask_instance_info(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """:func:`mask_dict`, and ``image_url`` too (it may hold a temporary URL), as Ironic."""
    out = mask_dict(data)
    if out.get("image_url"):
        out["image_url"] = SECRET
    return out


def mask_text(text: str | None) -> str | None:
    """``text`` with ``password=...``-like values masked."""
    if not text:
        return text
    low = text.lower()
    if not any(word in low for word in ("pass", "secret", "token", "key")):
        return text
    for pattern in _TEXT_PATTERNS:
        text = pattern.sub(lambda m: f"{m.group('k')}{m.group('q')}{SECRET}{m.group('q')}",
                           text)
    return text
