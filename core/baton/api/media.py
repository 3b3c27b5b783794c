"""JSON in and out with orjson, for every API Baton serves.

Resources answer through :func:`set_json` (bytes straight onto the response, no second
encoding pass); :func:`read_json` parses request bodies with a size bound and Ironic's
error for malformed JSON. The falcon media handlers are registered too, for
``application/json`` and ``application/problem+json`` (the SOL APIs' error bodies).
Naive datetimes are UTC everywhere in Baton and render as ISO 8601 with ``+00:00``.
"""

from __future__ import annotations

from typing import Any

import falcon
import falcon.media
import orjson

from baton import errors

__all__ = ["JSON_TYPE", "PROBLEM_JSON_TYPE", "dumps", "handlers", "read_json", "set_json"]

JSON_TYPE = "application/json"
PROBLEM_JSON_TYPE = "application/problem+json"

_OPTIONS = orjson.OPT_NAIVE_UTC | orjson.OPT_NON_STR_KEYS


def dumps(obj: Any) -> bytes:
    """Serialise to JSON bytes (naive datetimes as UTC)."""
    return orjson.dumps(obj, option=_OPTIONS)


def _loads(text: str) -> Any:
    return orjson.loads(text)


def handlers() -> dict[str, falcon.media.BaseHandler]:
    """Media handlers to register on an app's request and response options."""
    handler = falcon.media.JSONHandler(dumps=dumps, loads=_loads)
    return {JSON_TYPE: handler, PROBLEM_JSON_TYPE: handler}


def set_json(resp: falcon.Response, body: Any, status: str | int | None = None) -> None:
    """Answer ``body`` as JSON (with ``status`` when given)."""
    resp.data = orjson.dumps(body, option=_OPTIONS)
    resp.content_type = JSON_TYPE
    if status is not None:
        resp.status = status


def read_json(req: falcon.Request, max_size: int) -> Any:
    """The request body parsed as JSON; None when the body is empty.

    Raises :class:`baton.errors.Invalid` (400) for malformed JSON and
    ``falcon.HTTPContentTooLarge`` (413) beyond ``max_size`` bytes.
    """
    length = req.content_length
    if length is not None and length > max_size:
        raise falcon.HTTPContentTooLarge(
            description=f"Request body is larger than {max_size} bytes.")
    raw = req.bounded_stream.read(max_size + 1)
    if len(raw) > max_size:
        raise falcon.HTTPContentTooLarge(
            description=f"Request body is larger than {max_size} bytes.")
    if not raw.strip():
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise errors.Invalid(f"Malformed JSON in the request body: {exc}") from None


def set_empty(resp: falcon.Response, status: str | int) -> None:
    """Answer ``status`` with an empty body.

    Typed ``text/plain``: a JSON type on an empty body makes ironicclient log a decoding
    error (Ironic sends no type at all, which WSGI validators reject).
    """
    resp.status = status
    resp.content_type = "text/plain; charset=utf-8"
