"""Reading SOL requests: JSON bodies by content type, query parameters, merge patches."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl

import falcon

from baton import errors
from baton.api import media

__all__ = [
    "JSON",
    "MERGE_PATCH",
    "merge_patch",
    "query_params",
    "read_object",
    "reject_unknown",
]

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"


def query_params(req: falcon.Request) -> list[tuple[str, str]]:
    """The query parameters in order, flags without a value included (``all_fields``)."""
    return parse_qsl(req.query_string, keep_blank_values=True)


def read_object(req: falcon.Request, max_size: int, *, what: str,
                types: Sequence[str] = (JSON,)) -> dict[str, Any]:
    """The request body, a JSON object (``what`` names its type in errors).

    A body in another type than ``types`` answers 415; a missing content type is taken as
    the first of them (as Tacker does).
    """
    ctype = (req.content_type or "").split(";", 1)[0].strip().lower()
    if ctype and ctype not in types:
        raise falcon.HTTPUnsupportedMediaType(
            description=f"Content-Type {ctype} is not supported here; use "
                        f"{' or '.join(types)}.")
    body = media.read_json(req, max_size)
    if not isinstance(body, dict):
        raise errors.Invalid(message=f"The request body must be a JSON object ({what}).")
    return body


def reject_unknown(body: Mapping[str, Any], allowed: Sequence[str], *, what: str) -> None:
    """400 naming the attributes of ``body`` that ``what`` does not have."""
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise errors.Invalid(
            message=f"Unknown attribute(s) in {what}: {', '.join(unknown)}.")


def merge_patch(target: Any, patch: Any) -> Any:
    """``target`` with the JSON merge patch ``patch`` applied (RFC 7396): objects merge
    recursively, ``null`` removes a member, anything else replaces. Inputs stay as they
    were."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out
