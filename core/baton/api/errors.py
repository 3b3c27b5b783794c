"""Errors as Ironic answers them on the bare metal API.

Every 4xx/5xx body is ``{"error_message": "<JSON string>"}`` where the string encodes
``{"faultcode": "Client"|"Server", "faultstring": message, "debuginfo": null}`` (Ironic sends
the inner document as a string; clients parse it twice). This covers Baton's error tree
(status and extra headers from the class), falcon's own errors (unknown route 404, 405,
413, ...) and unknown exceptions, which answer 500 without internals and are logged with
their traceback.

A resource that must answer an error with another status than its class's (Ironic turns
``NoValidHost`` into 400 on node create, for instance) raises :class:`StatusOverride`.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

import falcon
import orjson

from baton import errors

__all__ = [
    "StatusOverride",
    "error_body",
    "handle",
    "install",
    "reraise_with_status",
    "serialize_http_error",
]

LOG = logging.getLogger(__name__)

_INTERNAL = "Internal Server Error"


class StatusOverride(Exception):
    """Carries a Baton error to the handler with the HTTP status to answer instead."""

    def __init__(self, error: errors.BatonError, status: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.status = status


def reraise_with_status(error: errors.BatonError, status: int) -> NoReturn:
    """Raise ``error`` again, answered with ``status``."""
    raise StatusOverride(error, status) from error


def error_body(message: str, status: int) -> bytes:
    """Ironic's error body for ``message``."""
    inner = orjson.dumps({
        "faultcode": "Client" if status < 500 else "Server",
        "faultstring": message,
        "debuginfo": None,
    }).decode()
    return orjson.dumps({"error_message": inner})


def _answer(resp: falcon.Response, status: int, message: str,
            headers: dict[str, str] | None = None) -> None:
    resp.status = status
    resp.data = error_body(message, status)
    resp.content_type = falcon.MEDIA_JSON
    if headers:
        resp.set_headers(headers)


def _baton_error(req: falcon.Request, resp: falcon.Response, ex: errors.BatonError,
                 params: dict[str, Any]) -> None:
    if ex.code >= 500:
        LOG.error("Server-side error on %s %s: %s", req.method, req.path, ex.message)
    _answer(resp, ex.code, ex.message, ex.headers)


def _override(req: falcon.Request, resp: falcon.Response, ex: StatusOverride,
              params: dict[str, Any]) -> None:
    _answer(resp, ex.status, ex.error.message, ex.error.headers)


def _unknown(req: falcon.Request, resp: falcon.Response, ex: Exception,
             params: dict[str, Any]) -> None:
    LOG.exception("Unexpected error on %s %s", req.method, req.path)
    _answer(resp, 500, _INTERNAL)


def _http_error_message(ex: falcon.HTTPError) -> str:
    if ex.description:
        return str(ex.description)
    if ex.status_code == 404:
        return "The resource could not be found."
    if ex.status_code == 405:
        return "The method specified is not allowed for this resource."
    return str(ex.title or ex.status)


def _serialize_http_error(req: falcon.Request, resp: falcon.Response,
                          ex: falcon.HTTPError) -> None:
    status = ex.status_code
    resp.data = error_body(_http_error_message(ex), status)
    resp.content_type = falcon.MEDIA_JSON


def handle(req: falcon.Request, resp: falcon.Response, ex: Exception,
           params: dict[str, Any]) -> None:
    """Answer any exception but falcon's own errors as the handlers of :func:`install` do
    (for apps that route the errors of some paths elsewhere, see :mod:`baton.api.sol`)."""
    if isinstance(ex, StatusOverride):
        _override(req, resp, ex, params)
    elif isinstance(ex, errors.BatonError):
        _baton_error(req, resp, ex, params)
    else:
        _unknown(req, resp, ex, params)


def serialize_http_error(req: falcon.Request, resp: falcon.Response,
                         ex: falcon.HTTPError) -> None:
    """Write falcon's error ``ex`` in Ironic's shape (the error serializer of the app)."""
    _serialize_http_error(req, resp, ex)


def install(app: falcon.App[falcon.Request, falcon.Response]) -> None:
    """Register the handlers and the serializer on ``app``."""
    app.add_error_handler(Exception, _unknown)
    app.add_error_handler(errors.BatonError, _baton_error)
    app.add_error_handler(StatusOverride, _override)
    app.set_error_serializer(_serialize_http_error)
