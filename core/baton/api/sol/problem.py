"""ETSI NFV-SOL013 ProblemDetails: every error answered under the SOL APIs' prefixes.

Under ``/vnfpkgm``, ``/vnflcm``... (the prefixes given to :func:`install`), an error answers
``application/problem+json`` ``{"title", "status", "detail"}`` (RFC 7807 as SOL013 5.3
mandates it: ``status`` and ``detail`` always present). That covers Baton's error tree (the
class's status and extra headers), falcon's own errors (unknown route 404, 405 with
``Allow``, 400 for bad parameters, 413, 415, 416 with ``Content-Range``...) and unknown
exceptions, which answer 500 without internals and are logged with their traceback.

Everything else (``/v1``, ``/``) keeps Ironic's error body (:mod:`baton.api.errors`):
the handlers installed here look at the request path and hand other requests over.
"""

from __future__ import annotations

import http
import logging
from collections.abc import Sequence
from typing import Any

import falcon

from baton import errors
from baton.api import errors as ironic_errors
from baton.api import media

__all__ = ["PROBLEM_JSON", "install", "is_sol_path", "problem", "set_problem"]

LOG = logging.getLogger(__name__)

PROBLEM_JSON = media.PROBLEM_JSON_TYPE

_INTERNAL = "An internal error occurred; the service log has the details."

_DEFAULT_DETAILS = {
    404: "The resource could not be found.",
    405: "The method is not allowed for this resource.",
}


def _title(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(status: int, detail: str, *, title: str | None = None,
            type_uri: str | None = None, instance: str | None = None) -> dict[str, Any]:
    """A ProblemDetails document (``title`` defaults to the status's reason phrase)."""
    body: dict[str, Any] = {}
    if type_uri is not None:
        body["type"] = type_uri
    body["title"] = title if title is not None else _title(status)
    body["status"] = status
    body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    return body


def set_problem(resp: falcon.Response, status: int, detail: str,
                headers: dict[str, str] | None = None, **extra: Any) -> None:
    """Answer a ProblemDetails with ``status`` (``extra``: title, type_uri, instance)."""
    resp.status = status
    resp.content_type = PROBLEM_JSON
    resp.data = media.dumps(problem(status, detail, **extra))
    if headers:
        resp.set_headers(headers)


def is_sol_path(path: str, prefixes: Sequence[str]) -> bool:
    """Whether ``path`` lies under one of ``prefixes`` (whole path segments only)."""
    for prefix in prefixes:
        if path == prefix or path.startswith(prefix + "/"):
            return True
    return False


def _http_error_detail(ex: falcon.HTTPError) -> str:
    if ex.description:
        return str(ex.description)
    default = _DEFAULT_DETAILS.get(ex.status_code)
    if default is not None:
        return default
    return str(ex.title or _title(ex.status_code))


class _Handlers:
    """The app's error handlers and serializer, choosing the body by the request path."""

    def __init__(self, prefixes: Sequence[str]) -> None:
        self.prefixes = tuple(prefixes)

    def handle(self, req: falcon.Request, resp: falcon.Response, ex: Exception,
               params: dict[str, Any]) -> None:
        if not is_sol_path(req.path, self.prefixes):
            ironic_errors.handle(req, resp, ex, params)
            return
        if isinstance(ex, ironic_errors.StatusOverride):
            set_problem(resp, ex.status, ex.error.message, ex.error.headers)
        elif isinstance(ex, errors.BatonError):
            if ex.code >= 500:
                LOG.error("Server-side error on %s %s: %s", req.method, req.path, ex.message)
            set_problem(resp, ex.code, ex.message, ex.headers)
        else:
            LOG.exception("Unexpected error on %s %s", req.method, req.path)
            set_problem(resp, 500, _INTERNAL)

    def serialize(self, req: falcon.Request, resp: falcon.Response,
                  ex: falcon.HTTPError) -> None:
        # falcon has already set the status and the error's headers (Allow, Content-Range).
        if not is_sol_path(req.path, self.prefixes):
            ironic_errors.serialize_http_error(req, resp, ex)
            return
        resp.content_type = PROBLEM_JSON
        resp.data = media.dumps(problem(ex.status_code, _http_error_detail(ex)))


def install(app: falcon.App[falcon.Request, falcon.Response],
            prefixes: Sequence[str]) -> None:
    """Answer errors under ``prefixes`` as ProblemDetails, others as Ironic does.

    Call after :func:`baton.api.errors.install`: the handlers registered here replace
    Ironic's and hand them the requests outside ``prefixes``.
    """
    handlers = _Handlers(prefixes)
    # A JSON handler for the problem type, in case a resource answers one through
    # resp.media (falcon answers 415 with an empty body for a type it can't serialise).
    app.resp_options.media_handlers.setdefault(PROBLEM_JSON, media.handlers()[PROBLEM_JSON])
    for cls in (Exception, errors.BatonError, ironic_errors.StatusOverride):
        app.add_error_handler(cls, handlers.handle)
    app.set_error_serializer(handlers.serialize)
