"""SOL013 API versions: the ``Version`` header and the ``api_versions`` resources.

Each SOL API (:class:`SolApi`) lives under ``/{name}/{major}`` (``/vnfpkgm/v1``). Requests
name the version they speak in the ``Version`` header (SOL013 4.2.2), handled as Tacker's
``sol_refactored`` API does:

- ``Major.Minor.Patch``, optionally with an implementation suffix
  (``1.3.0-impl:example.com:product:4``); anything else is 400;
- a version the API does not serve is 406;
- a missing header is 400 when the API requires it (Tacker's v2 APIs), else the current
  version is assumed (Tacker's v1 vnfpkgm and vnflcm never looked at it; their clients
  don't send it);
- ``api_versions`` answers whatever the header says (SOL013 9.3: it tells the client
  which versions to use).

Every response under an API's prefix, errors included, carries ``Version``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import falcon

from baton import errors
from baton.api.media import set_json

__all__ = ["ApiVersions", "SolApi", "VersionMiddleware", "negotiate"]

HEADER = "Version"

_VERSION_RE = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0)\.([1-9]\d*|0)$")


@dataclass(frozen=True)
class SolApi:
    """One SOL API major version: ``/{name}/{major}``, serving ``versions`` (oldest first)."""

    name: str
    major: str
    versions: tuple[str, ...]
    require_version: bool = True

    @property
    def uri_prefix(self) -> str:
        return f"/{self.name}/{self.major}"

    @property
    def current(self) -> str:
        return self.versions[-1]

    def version_info(self) -> dict[str, Any]:
        """The ``ApiVersionInformation`` of this major version."""
        return {"uriPrefix": self.uri_prefix, "apiVersions": _listed(self.versions)}


def _listed(versions: Sequence[str]) -> list[dict[str, Any]]:
    return [{"version": v, "isDeprecated": False} for v in versions]


def _version_id(text: str) -> str:
    """``text`` without its ``-impl:...`` suffix (SOL013 table 4.2.2-1); 400 if malformed."""
    core, sep, impl = text.partition("-")
    if sep and not impl.startswith("impl:"):
        raise errors.Invalid(message=_invalid(text))
    if not _VERSION_RE.match(core):
        raise errors.Invalid(message=_invalid(text))
    return core


def _invalid(text: str) -> str:
    return (f"Version string {text} is of invalid format. Must be of format "
            f"Major.Minor.Patch.")


def negotiate(api: SolApi, header: str | None, *, check_supported: bool = True) -> str:
    """The version a request with ``Version: header`` speaks, for ``api``."""
    if header is None or not header.strip():
        if api.require_version and check_supported:
            raise errors.Invalid(message=f"'{HEADER}' HTTP header missing.")
        return api.current
    version = _version_id(header.strip())
    if not check_supported:
        return version if version in api.versions else api.current
    if version not in api.versions:
        raise errors.NotAcceptable(message=f"Version {version} not supported.")
    return version


class VersionMiddleware:
    """Checks ``Version`` on requests under the APIs' prefixes and stamps responses."""

    def __init__(self, apis: Sequence[SolApi]) -> None:
        self.apis = tuple(apis)

    def _api_for(self, path: str) -> tuple[SolApi | None, bool]:
        """The API serving ``path`` and whether ``path`` is an ``api_versions`` resource."""
        for api in self.apis:
            if path == api.uri_prefix or path.startswith(api.uri_prefix + "/"):
                return api, path == api.uri_prefix + "/api_versions"
        for api in self.apis:
            top = f"/{api.name}"
            if path == top or path.startswith(top + "/"):
                return api, path == top + "/api_versions"
        return None, False

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        api, is_versions = self._api_for(req.path)
        req.context.sol_api = api
        req.context.sol_version = None
        if api is None:
            return
        req.context.sol_version = api.current
        req.context.sol_version = negotiate(api, req.get_header(HEADER),
                                            check_supported=not is_versions)

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any,
                         req_succeeded: bool) -> None:
        version = req.context.get("sol_version")
        if version is not None:
            resp.set_header(HEADER, version)


class ApiVersions:
    """``GET /{name}/api_versions`` (every major version of the API ``name``) or, given
    ``major``, ``GET /{name}/{major}/api_versions``."""

    def __init__(self, apis: Sequence[SolApi], name: str, major: str | None = None) -> None:
        chosen = [a for a in apis if a.name == name and major in (None, a.major)]
        if not chosen:
            raise ValueError(f"No SOL API {name} {major or ''}")
        if major is None:
            versions = [v for a in chosen for v in a.versions]
            self.document = {"uriPrefix": f"/{name}", "apiVersions": _listed(versions)}
        else:
            self.document = chosen[0].version_info()

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        set_json(resp, self.document)
