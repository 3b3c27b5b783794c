"""Mounting the SOL APIs in Baton's falcon app, beside the bare metal API.

:func:`install` adds the ``Version`` middleware, the ProblemDetails error handling (for
their prefixes only) and the ``api_versions`` routes at once, and their resources on their
first request (:class:`LazyRoutes`): the VNF code is a third of what a process imports, and
a bare-metal-only deployment need not pay for it at start. :class:`OutsideSol` keeps a
bare-metal middleware (the Ironic microversions) away from their requests.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import falcon
from oslo_config import cfg

from baton.api.sol import problem
from baton.api.sol.apis import APIS, PREFIXES
from baton.api.sol.versions import ApiVersions, VersionMiddleware
from baton.db.engine import Database

if TYPE_CHECKING:
    from baton.interfaces.package_store import PackageStore

__all__ = ["APIS", "PREFIXES", "LazyRoutes", "OutsideSol", "install"]

Routes = list[tuple[str, Any]]


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


def _resource_routes(conf: cfg.ConfigOpts, db: Database, rpc: Any,
                     package_store: PackageStore | None) -> Routes:
    from baton.api.sol.vnflcm import routes as vnflcm
    from baton.api.sol.vnflcm.build import build_deps as vnflcm_deps
    from baton.api.sol.vnfpkgm import routes as vnfpkgm
    from baton.api.sol.vnfpkgm.deps import VnfpkgmDeps
    from baton.db.repositories import VnfPackageRepository
    from baton.engine.package_store import load_package_store

    deps = VnfpkgmDeps(
        conf=conf, rpc=rpc, packages=VnfPackageRepository(db),
        store_factory=lambda: load_package_store(conf),
        page_size=conf.api.sol_page_size, max_upload_size=conf.vnf_package.max_upload_size,
        _store=package_store)
    return vnfpkgm.routes(deps) + vnflcm.routes(vnflcm_deps(conf, db, rpc))


class LazyRoutes:
    """A falcon sink over the SOL prefixes that adds their routes on the first request.

    Routes take precedence over sinks, so once they are added the sink only sees paths no
    route matches (a 404), or a request that raced the adding: it is dispatched here to the
    route the router now finds.
    """

    def __init__(self, app: falcon.App[falcon.Request, falcon.Response],
                 build: Callable[[], Routes]) -> None:
        self._app = app
        self._build = build
        self._lock = threading.Lock()
        self._mounted = False

    def mount(self) -> None:
        with self._lock:
            if self._mounted:
                return
            for path, resource in self._build():
                self._app.add_route(path, resource)
            self._mounted = True

    def __call__(self, req: falcon.Request, resp: falcon.Response, **kwargs: Any) -> None:
        self.mount()
        route = self._app._router.find(req.path, req)
        if route is None:
            raise falcon.HTTPNotFound()
        _resource, method_map, params, template = route
        req.uri_template = template
        responder: Callable[..., None] = method_map[req.method]  # type: ignore[assignment]
        responder(req, resp, **params)


def install(app: falcon.App[falcon.Request, falcon.Response], conf: cfg.ConfigOpts, *,
            db: Database, rpc: Any, package_store: PackageStore | None = None,
            lazy: bool = True) -> LazyRoutes:
    """Serve the SOL APIs on ``app`` (call after :func:`baton.api.errors.install`).

    ``package_store``: the VNF package store; loaded from ``[vnf_package] package_store``
    on first use when None. With ``lazy``, the resources are added on the first request
    under a SOL prefix (see :class:`LazyRoutes`); else now.
    """
    app.add_middleware(VersionMiddleware(APIS))
    problem.install(app, PREFIXES)
    for path, resource in _api_versions_routes():
        app.add_route(path, resource)
    routes = LazyRoutes(app, lambda: _resource_routes(conf, db, rpc, package_store))
    app.add_sink(routes, re.compile("|".join(f"{re.escape(p)}(?:/|$)" for p in PREFIXES)))
    if not lazy:
        routes.mount()
    return routes
