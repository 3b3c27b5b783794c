"""ProblemDetails on the SOL prefixes (Ironic's body elsewhere), the Version header, and
the api_versions resources.

Schemas checked (ETSI NFV-TST010 v2.6.1, SOL005 VNFPackageManagement-API; unchanged in
shape in later versions): ProblemDetails, ApiVersionInformation.
"""

from __future__ import annotations

import json
from typing import Any

import falcon
import pytest

from api.conftest import Env, fault
from baton import errors

from .helpers import BASE, Sol, check_schema, problem_of


class Boom:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        raise errors.NoFreeConductorWorker()


def test_unknown_route_is_a_problem(sol: Sol) -> None:
    body = problem_of(sol.get("/vnfpkgm/v1/nothing_here"), 404)
    assert body == {"title": "Not Found", "status": 404,
                    "detail": "The resource could not be found."}
    problem_of(sol.get("/vnfpkgm/v9/vnf_packages"), 404)


def test_unknown_package_is_a_problem(sol: Sol) -> None:
    body = problem_of(sol.get(f"{BASE}/7f1d4b3e-0000-4000-8000-000000000000"), 404)
    assert "7f1d4b3e-0000-4000-8000-000000000000" in body["detail"]


def test_method_not_allowed_is_a_problem_with_allow(sol: Sol) -> None:
    result = sol.req("PUT", BASE)
    body = problem_of(result, 405)
    assert body["title"] == "Method Not Allowed"
    assert "GET" in result.headers["allow"] and "POST" in result.headers["allow"]


def test_bad_json_and_media_types_are_problems(sol: Sol) -> None:
    result = sol.client.simulate_post(BASE, body="{nope",
                                      headers={"Content-Type": "application/json"})
    assert "Malformed JSON" in problem_of(result, 400)["detail"]
    result = sol.client.simulate_post(BASE, body="<x/>",
                                      headers={"Content-Type": "application/xml"})
    assert "application/xml" in problem_of(result, 415)["detail"]


def test_unknown_exception_is_a_500_without_internals(env: Env, sol: Sol) -> None:
    env.client.app.add_route("/vnfpkgm/v1/boom", Boom())
    body = problem_of(sol.get("/vnfpkgm/v1/boom"), 500)
    assert "passwd" not in json.dumps(body) and "RuntimeError" not in json.dumps(body)
    result = sol.req("POST", "/vnfpkgm/v1/boom")
    assert problem_of(result, 503)["title"] == "Service Unavailable"
    assert result.headers["retry-after"] == "1"


def test_bare_metal_api_keeps_ironic_errors(env: Env) -> None:
    result = env.get("/v1/nodes/nothing-here")
    assert result.status_code == 404
    assert "nothing-here" in fault(result)["faultstring"]
    assert fault(env.get("/v1/nowhere"))["faultstring"]
    assert result.headers["x-openstack-ironic-api-version"] == "1.78"


def test_sol_responses_carry_no_ironic_headers(sol: Sol) -> None:
    result = sol.get(BASE, headers={"X-OpenStack-Ironic-API-Version": "9.99"})
    assert result.status_code == 200
    assert not any(h.startswith("x-openstack-ironic") for h in result.headers)
    assert result.headers["version"] == "1.3.0"


@pytest.mark.parametrize("header", [None, "1.3.0", "1.3.0-impl:example.com:baton:1"])
def test_version_header_accepted(sol: Sol, header: str | None) -> None:
    headers = {"Version": header} if header else {}
    result = sol.get(BASE, headers=headers)
    assert result.status_code == 200
    assert result.headers["version"] == "1.3.0"


@pytest.mark.parametrize(("header", "status", "detail"), [
    ("1.3", 400, "Version string 1.3 is of invalid format"),
    ("v1.3.0", 400, "invalid format"),
    ("01.3.0", 400, "invalid format"),
    ("1.3.0-beta", 400, "invalid format"),
    ("2.0.0", 406, "Version 2.0.0 not supported."),
    ("1.2.0-impl:x", 406, "Version 1.2.0 not supported."),
])
def test_version_header_refused(sol: Sol, header: str, status: int, detail: str) -> None:
    result = sol.get(BASE, headers={"Version": header})
    assert detail in problem_of(result, status)["detail"]
    assert result.headers["version"] == "1.3.0"


@pytest.mark.parametrize("path", ["/vnfpkgm/v1/api_versions", "/vnfpkgm/api_versions"])
def test_api_versions(sol: Sol, path: str) -> None:
    # Any Version header (even one not served) is fine here: this is how clients learn.
    result = sol.get(path, headers={"Version": "9.9.9"})
    assert result.status_code == 200
    body: dict[str, Any] = result.json
    check_schema("ApiVersionInformation", body)
    assert body["apiVersions"] == [{"version": "1.3.0", "isDeprecated": False}]
    assert body["uriPrefix"] == path.removesuffix("/api_versions")
    assert problem_of(sol.get(path, headers={"Version": "x"}), 400)


def test_version_header_required_where_the_api_says_so() -> None:
    from baton.api.sol.versions import SolApi, negotiate

    api = SolApi("vnflcm", "v2", ("2.0.0",), require_version=True)
    with pytest.raises(errors.Invalid, match="'Version' HTTP header missing."):
        negotiate(api, None)
    assert negotiate(api, None, check_supported=False) == "2.0.0"
    assert negotiate(api, "2.0.0") == "2.0.0"
