"""Helpers of the SOL API tests: a client for the SOL APIs, TST010 schema checks,
multipart bodies, ProblemDetails checks, CSARs from Tacker's samples."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import falcon.testing
import jsonschema
from conductor.vnf_packages.samples import build, rehash_meta, sample_package, zip_files

from api.conftest import Env

__all__ = ["BASE", "Sol", "build", "check_schema", "multipart", "problem_of", "rehash_meta",
           "sample_package", "zip_files"]

SCHEMAS = (Path(__file__).resolve().parents[5] / "shared" / "reference"
           / "etsi-nfv-api-tests-tst010-v2.6.1" / "SOL005" / "VNFPackageManagement-API"
           / "schemas")
BASE = "/vnfpkgm/v1/vnf_packages"


def check_schema(name: str, document: Any) -> None:
    """Validate ``document`` against the TST010 schema ``name`` (``vnfPkgInfo``...)."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    jsonschema.validate(document, schema)


def multipart(content: bytes, *, name: str = "file", filename: str = "package.zip",
              boundary: str = "batonboundary42") -> tuple[bytes, str]:
    """A multipart/form-data body with ``content`` as its file part, and its type."""
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/zip\r\n\r\n").encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Sol:
    def __init__(self, env: Env) -> None:
        self.env = env
        self.client: falcon.testing.TestClient = env.client

    def req(self, method: str, path: str, body: Any = None, *,
            headers: dict[str, str] | None = None, **kwargs: Any) -> falcon.testing.Result:
        hdrs = dict(headers or {})
        if body is not None:
            kwargs["body"] = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        return self.client.simulate_request(method, path, headers=hdrs, **kwargs)

    def get(self, path: str, **kw: Any) -> falcon.testing.Result:
        return self.req("GET", path, **kw)

    def create(self, user_data: dict[str, Any] | None = None) -> dict[str, Any]:
        body = {} if user_data is None else {"userDefinedData": user_data}
        result = self.req("POST", BASE, body)
        assert result.status_code == 201, result.text
        created: dict[str, Any] = result.json
        return created

    def upload(self, package_id: str, csar: bytes, *,
               as_multipart: bool = False) -> falcon.testing.Result:
        if as_multipart:
            body, ctype = multipart(csar)
        else:
            body, ctype = csar, "application/zip"
        return self.client.simulate_put(f"{BASE}/{package_id}/package_content", body=body,
                                        headers={"Content-Type": ctype})

    def wait(self, package_id: str, states: tuple[str, ...] = ("ONBOARDED", "ERROR"),
             timeout: float = 20.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            info: dict[str, Any] = self.get(f"{BASE}/{package_id}").json
            if info["onboardingState"] in states:
                return info
            if time.monotonic() > deadline:
                raise AssertionError(f"package {package_id} stuck in {info}")
            time.sleep(0.02)

    def onboard(self, csar: bytes, *, user_data: dict[str, Any] | None = None,
                as_multipart: bool = False) -> dict[str, Any]:
        package = self.create(user_data)
        result = self.upload(package["id"], csar, as_multipart=as_multipart)
        assert result.status_code == 202, result.text
        return self.wait(package["id"])


def problem_of(result: falcon.testing.Result, status: int) -> dict[str, Any]:
    """The ProblemDetails of an error response (and a check of its shape)."""
    assert result.status_code == status, result.text
    assert result.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = result.json
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    check_schema("ProblemDetails", body)
    return body
