"""upload_vnf_package_from_uri against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.repositories import OperationRepository, VnfPackageRepository

from . import samples
from .conftest import assert_nothing_left, stored_files, wait_for

USER, PASSWORD = "vendor", "s3cret-Pa55"


class _Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}
    auth: str | None = None
    seen_auth: list[str | None] = []

    def do_GET(self) -> None:
        type(self).seen_auth.append(self.headers.get("Authorization"))
        if self.path == "/redirect-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/x.zip")
            self.end_headers()
            return
        if self.auth is not None and self.headers.get("Authorization") != self.auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="pkgs"')
            self.end_headers()
            return
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"files": {}, "auth": None, "seen_auth": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def from_uri(manager: ConductorManager, packages: VnfPackageRepository
             ) -> Callable[..., dict[str, Any]]:
    def _run(address: str, **auth: Any) -> dict[str, Any]:
        package = packages.create({})
        manager.upload_vnf_package_from_uri(package["uuid"], address, **auth)
        return wait_for(lambda: _done(packages, package["uuid"]), timeout=20)

    return _run


def _done(packages: VnfPackageRepository, package_id: str) -> dict[str, Any] | None:
    ops = OperationRepository(packages.db).list_for_target("vnf_package", package_id)
    if ops and ops[-1]["finished_at"] is not None:
        return packages.get(package_id)
    return None


def test_fetch_and_onboard(server: tuple[str, type[_Handler]],
                           from_uri: Callable[..., dict[str, Any]]) -> None:
    base, handler = server
    csar, vnfd_id = samples.build("basic_lcms_min")
    handler.files["/pkg.zip"] = csar
    row = from_uri(f"{base}/pkg.zip")
    assert row["onboarding_state"] == "ONBOARDED", row["onboarding_failure_details"]
    assert row["vnfd_id"] == vnfd_id and row["size"] == len(csar)
    assert handler.seen_auth == [None]


def test_basic_auth(server: tuple[str, type[_Handler]], from_uri: Callable[..., dict[str, Any]],
                    manager: ConductorManager, tmp_path: Path,
                    caplog: pytest.LogCaptureFixture) -> None:
    base, handler = server
    handler.auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    handler.files["/pkg.zip"] = samples.build("test_instantiate_cnf_resources")[0]
    row = from_uri(f"{base}/pkg.zip", user_name=USER, password=PASSWORD)
    assert row["onboarding_state"] == "ONBOARDED", row["onboarding_failure_details"]
    # Wrong password: ERROR naming the HTTP status, nothing stored for it.
    refused = from_uri(f"{base}/pkg.zip", user_name=USER, password="wrong")
    assert refused["onboarding_state"] == "ERROR"
    assert "HTTP 401" in refused["onboarding_failure_details"]["detail"]
    assert refused["onboarding_failure_details"]["title"] == "Upload from URI failed"
    assert stored_files(tmp_path) == [f"{row['content_ref'][:2]}/{row['content_ref']}"]
    # The password is neither logged nor kept in the operation record.
    ops = OperationRepository(manager.db).list_for_target("vnf_package", row["uuid"])
    assert ops[0]["params"] == {"source": "uri", "address": f"{base}/pkg.zip",
                                "user_name": USER}
    assert PASSWORD not in caplog.text and PASSWORD not in str(ops)


def test_not_found_and_unreachable(server: tuple[str, type[_Handler]],
                                   from_uri: Callable[..., dict[str, Any]],
                                   tmp_path: Path) -> None:
    base, _ = server
    row = from_uri(f"{base}/missing.zip")
    assert_nothing_left(tmp_path, row)
    assert "HTTP 404" in row["onboarding_failure_details"]["detail"]
    row = from_uri("http://127.0.0.1:9/pkg.zip")
    assert_nothing_left(tmp_path, row)
    assert "Could not fetch the VNF package from http://127.0.0.1:9/pkg.zip" in \
        row["onboarding_failure_details"]["detail"]


def test_too_large(server: tuple[str, type[_Handler]], manager: ConductorManager,
                   from_uri: Callable[..., dict[str, Any]], tmp_path: Path) -> None:
    base, handler = server
    handler.files["/pkg.zip"] = samples.build("basic_lcms_min")[0]
    manager.conf.set_override("upload_from_uri_max_size", 1000, group="vnf_package")
    row = from_uri(f"{base}/pkg.zip")
    assert_nothing_left(tmp_path, row)
    assert row["onboarding_failure_details"]["status"] == 413
    assert "larger than the limit of 1000 bytes" in row["onboarding_failure_details"]["detail"]


def test_redirect_to_other_scheme_refused(server: tuple[str, type[_Handler]],
                                          from_uri: Callable[..., dict[str, Any]],
                                          tmp_path: Path) -> None:
    base, _ = server
    row = from_uri(f"{base}/redirect-ftp")
    assert_nothing_left(tmp_path, row)
    assert "redirected to a non-HTTP URL" in row["onboarding_failure_details"]["detail"]


@pytest.mark.parametrize("address", ["ftp://127.0.0.1/pkg.zip", "file:///etc/passwd",
                                     "http://", "not a url", ""])
def test_only_http(address: str, manager: ConductorManager,
                   packages: VnfPackageRepository) -> None:
    package = packages.create({})
    with pytest.raises(errors.InvalidParameterValue):
        manager.upload_vnf_package_from_uri(package["uuid"], address)
    assert packages.get(package["uuid"])["onboarding_state"] == "CREATED"


def test_needs_created(manager: ConductorManager, packages: VnfPackageRepository) -> None:
    package = packages.create({"onboarding_state": "ONBOARDED"})
    with pytest.raises(errors.InvalidPackageState):
        manager.upload_vnf_package_from_uri(package["uuid"], "http://127.0.0.1:9/x.zip")
