"""``POST package_content/upload_from_uri`` against a local HTTP server (with and without
basic authentication), and a truncated ``application/zip`` upload."""

from __future__ import annotations

import base64
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from api.conftest import Env

from .helpers import BASE, Sol, build, problem_of

CREDENTIALS = base64.b64encode(b"alice:s3cret").decode()


@pytest.fixture(scope="module")
def csar() -> bytes:
    return build("basic_lcms_min")[0]


@pytest.fixture
def server(csar: bytes) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving ``csar`` at /pkg.zip (/auth/pkg.zip: basic
    auth alice:s3cret); stops by itself."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/auth/pkg.zip" and \
                    self.headers.get("Authorization") != f"Basic {CREDENTIALS}":
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="pkgs"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path not in ("/pkg.zip", "/auth/pkg.zip"):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(csar)))
            self.end_headers()
            self.wfile.write(csar)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _from_uri(sol: Sol, pkg: str, body: Any) -> Any:
    return sol.req("POST", f"{BASE}/{pkg}/package_content/upload_from_uri", body)


def test_upload_from_uri(sol: Sol, server: str) -> None:
    pkg = sol.create()["id"]
    result = _from_uri(sol, pkg, {"addressInformation": f"{server}/pkg.zip"})
    assert result.status_code == 202, result.text
    assert sol.wait(pkg)["onboardingState"] == "ONBOARDED"
    assert "onboardingState ONBOARDED" in problem_of(
        _from_uri(sol, pkg, {"addressInformation": f"{server}/pkg.zip"}), 409)["detail"]


def test_upload_from_uri_with_basic_auth(sol: Sol, server: str) -> None:
    pkg = sol.create()["id"]
    result = _from_uri(sol, pkg, {"addressInformation": f"{server}/auth/pkg.zip",
                                  "userName": "alice", "password": "s3cret"})
    assert result.status_code == 202, result.text
    assert sol.wait(pkg)["onboardingState"] == "ONBOARDED"
    refused = sol.create()["id"]
    assert _from_uri(sol, refused, {"addressInformation": f"{server}/auth/pkg.zip",
                                    "userName": "alice", "password": "nope"}
                     ).status_code == 202
    info = sol.wait(refused)
    assert info["onboardingState"] == "ERROR"
    assert "s3cret" not in str(info) and "nope" not in str(info)


@pytest.mark.parametrize(("body", "detail"), [
    ({}, "needs addressInformation"),
    ({"addressInformation": 3}, "needs addressInformation"),
    ({"addressInformation": "ftp://host/pkg.zip"}, "http or https URL"),
    ({"addressInformation": "http://h/p.zip", "userName": 1}, "userName must be a string"),
    ({"addressInformation": "http://h/p.zip", "authType": "OAUTH2_CLIENT_CREDENTIALS"},
     "not supported"),
    ({"addressInformation": "http://h/p.zip", "extra": 1}, "Unknown attribute(s)"),
])
def test_upload_from_uri_bad_requests(sol: Sol, body: Any, detail: str) -> None:
    pkg = sol.create()["id"]
    assert detail in problem_of(_from_uri(sol, pkg, body), 400)["detail"]
    assert sol.get(f"{BASE}/{pkg}").json["onboardingState"] == "CREATED"


def test_truncated_zip_upload_ends_in_error(env: Env, sol: Sol, csar: bytes) -> None:
    pkg = sol.create()["id"]
    result = sol.client.simulate_put(
        f"{BASE}/{pkg}/package_content", body=csar[:100],
        headers={"Content-Type": "application/zip", "Content-Length": str(len(csar))})
    assert "truncated" in problem_of(result, 400)["detail"]
    info = sol.get(f"{BASE}/{pkg}").json
    assert info["onboardingState"] == "ERROR"
    assert "truncated" in info["onboardingFailureDetails"]["detail"]
