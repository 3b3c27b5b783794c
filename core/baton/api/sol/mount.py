"""Mounting the SOL APIs in Baton's falcon app, beside the bare metal API.

:func:`install` adds their routes, the ``Version`` middleware and the ProblemDetails error
handling (for their prefixes only); :class:`OutsideSol` keeps a bare-metal middleware (the
Ironic microversions) away from their requests.
"""

from __future__ import annotations

from typing import Any

import falcon
from oslo_config import cfg

from baton.api.sol import problem
from baton.api.sol.versions import ApiVersions, SolApi, VersionMiddleware
from baton.api.sol.vnflcm import routes as vnflcm
from baton.api.sol.vnflcm.build import build_deps as vnflcm_deps
from baton.api.sol.vnfpkgm import routes as vnfpkgm
from baton.api.sol.vnfpkgm.deps import VnfpkgmDeps
from baton.db.engine import Database
from baton.db.repositories import VnfPackageRepository
from baton.engine.package_store import load_package_store
from baton.interfaces.package_store import PackageStore

__all__ = ["APIS", "PREFIXES", "OutsideSol", "install"]

APIS: tuple[SolApi, ...] = (vnfpkgm.API, vnflcm.API)
#: Every path under these is a SOL API's (errors as ProblemDetails).
PREFIXES = tuple(dict.fromkeys(f"/{api.name}" for api in APIS))


def _is_sol(path: str) -> bool:
    return problem.is_sol_path(path, PREFIXES)


class OutsideSol:
    """Runs ``inner`` (a middleware with process_request/process_response) only for
    requests outside the SOL APIs."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if not _is_sol(req.path):
            self.inner.process_request(req, resp)

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any,
                         req_succeeded: bool) -> None:
        if not _is_sol(req.path):
            self.inner.process_response(req, resp, resource, req_succeeded)


def _api_versions_routes() -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for name in dict.fromkeys(api.name for api in APIS):
        found.append((f"/{name}/api_versions", ApiVersions(APIS, name)))
    for api in APIS:
        found.append((f"{api.uri_prefix}/api_versions", ApiVersions(APIS, api.name, api.major)))
    return found


def install(app: falcon.App[falcon.Request, falcon.Response], conf: cfg.ConfigOpts, *,
            db: Database, rpc: Any, package_store: PackageStore | None = None) -> None:
    """Serve the SOL APIs on ``app`` (call after :func:`baton.api.errors.install`).

    ``package_store``: the VNF package store; loaded from ``[vnf_package] package_store``
    on first use when None.
    """
    app.add_middleware(VersionMiddleware(APIS))
    problem.install(app, PREFIXES)
    deps = VnfpkgmDeps(
        conf=conf, rpc=rpc, packages=VnfPackageRepository(db),
        store_factory=lambda: load_package_store(conf),
        page_size=conf.api.sol_page_size, max_upload_size=conf.vnf_package.max_upload_size,
        _store=package_store)
    lcm = vnflcm.routes(vnflcm_deps(conf, db, rpc))
    for path, resource in _api_versions_routes() + vnfpkgm.routes(deps) + lcm:
        app.add_route(path, resource)
