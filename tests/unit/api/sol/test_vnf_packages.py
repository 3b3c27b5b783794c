"""``/vnfpkgm/v1/vnf_packages`` and ``/vnf_packages/{id}`` without content: create, read,
list (filters, selectors, paging), modify, delete.

Schemas checked (ETSI NFV-TST010 v2.6.1, SOL005 VNFPackageManagement-API, whose shape did
not change in later versions for these states): vnfPkgInfo, vnfPkgsInfo,
VnfPkgInfoModification.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from api.conftest import Env
from baton.db.repositories import VnfPackageRepository

from .helpers import BASE, Sol, check_schema, problem_of


def test_create_and_show(sol: Sol) -> None:
    result = sol.req("POST", BASE, {"userDefinedData": {"abc": "xyz", "n": 1}})
    assert result.status_code == 201
    info: dict[str, Any] = result.json
    check_schema("vnfPkgInfo", info)
    pkg = info["id"]
    url = f"http://falconframework.org{BASE}/{pkg}"
    assert result.headers["location"] == url
    assert info == {
        "id": pkg, "onboardingState": "CREATED", "operationalState": "DISABLED",
        "usageState": "NOT_IN_USE", "userDefinedData": {"abc": "xyz", "n": 1},
        "_links": {"self": {"href": url}, "packageContent": {"href": f"{url}/package_content"}},
    }
    assert sol.get(f"{BASE}/{pkg}").json == info


def test_create_without_user_data(sol: Sol) -> None:
    assert sol.create()["userDefinedData"] == {}


@pytest.mark.parametrize(("body", "detail"), [
    ({"userDefinedData": "x"}, "userDefinedData must be an object"),
    ({"vnfdId": "x"}, "Unknown attribute(s) in CreateVnfPkgInfoRequest: vnfdId"),
    ([], "must be a JSON object"),
])
def test_create_refuses_bad_bodies(sol: Sol, body: Any, detail: str) -> None:
    assert detail in problem_of(sol.req("POST", BASE, body), 400)["detail"]


def _make(env: Env, count: int, **values: Any) -> list[str]:
    repo = VnfPackageRepository(env.db)
    return [repo.create(dict(values))["uuid"] for _ in range(count)]


def _ids(result: Any) -> list[str]:
    assert result.status_code == 200, result.text
    return [item["id"] for item in result.json]


@pytest.fixture
def population(env: Env) -> dict[str, list[str]]:
    """Packages in several states, as onboarding would leave them."""
    onboarded = {"onboarding_state": "ONBOARDED", "vnf_provider": "Company",
                 "vnf_product_name": "Sample VNF", "vnfd_version": "1.0",
                 "vnf_software_version": "1.0",
                 "checksum": {"algorithm": "SHA-256", "hash": "ab" * 32}}
    image = {"id": "VDU1", "name": "img", "provider": "p", "version": "1",
             "checksum": {"algorithm": "SHA-256", "hash": "cd" * 32},
             "containerFormat": "BARE", "diskFormat": "QCOW2",
             "createdAt": "2024-01-01T00:00:00+00:00", "minDisk": 1, "minRam": 0,
             "size": 3000, "userMetadata": {}, "imagePath": "Files/images/img.qcow2"}
    return {
        "created": _make(env, 2, user_defined_data={"team": "a"}),
        "enabled": [VnfPackageRepository(env.db).create(
            {**onboarded, "vnfd_id": f"vnfd-{i}", "operational_state": "ENABLED",
             "software_images": [image], "user_defined_data": {"team": "b", "n": i}})["uuid"]
            for i in range(3)],
        "disabled": [VnfPackageRepository(env.db).create(
            {**onboarded, "vnfd_id": "vnfd-x", "vnf_provider": "Other, Inc.",
             "software_images": [{**image, "size": 10, "diskFormat": "RAW"}]})["uuid"]],
        "error": _make(env, 1, onboarding_state="ERROR", onboarding_failure_details={
            "title": "Bad Request", "status": 400, "detail": "Definitions/x.yaml: line 3"}),
    }


def test_list_default_excludes_complex_attributes(sol: Sol,
                                                  population: dict[str, list[str]]) -> None:
    result = sol.get(BASE)
    body = result.json
    # TST010 v2.6.1 predates the ERROR onboarding state (SOL005 v2.7.1 added it).
    check_schema("vnfPkgsInfo", [i for i in body if i["onboardingState"] != "ERROR"])
    assert len(body) == 7
    for item in body:
        assert not {"softwareImages", "additionalArtifacts", "userDefinedData", "checksum",
                    "onboardingFailureDetails"} & set(item)
        assert "_links" in item and "onboardingState" in item
    enabled = next(i for i in body if i["id"] == population["enabled"][0])
    assert enabled["vnfdId"] == "vnfd-0" and "vnfd" in enabled["_links"]


def test_list_all_fields(sol: Sol, population: dict[str, list[str]]) -> None:
    body = sol.get(BASE, query_string="all_fields").json
    check_schema("vnfPkgsInfo", [i for i in body if i["onboardingState"] != "ERROR"])
    by_id = {item["id"]: item for item in body}
    assert by_id[population["enabled"][0]]["softwareImages"][0]["size"] == 3000
    assert by_id[population["error"][0]]["onboardingFailureDetails"]["status"] == 400
    assert by_id[population["created"][0]]["userDefinedData"] == {"team": "a"}
    assert "softwareImages" not in by_id[population["created"][0]]


def test_list_fields_and_exclude_fields(sol: Sol, population: dict[str, list[str]]) -> None:
    body = sol.get(BASE, query_string="fields=softwareImages/size,checksum").json
    item = next(i for i in body if i["id"] == population["disabled"][0])
    assert item["softwareImages"] == [{"size": 10}]
    assert item["checksum"]["algorithm"] == "SHA-256"
    assert "userDefinedData" not in item and item["vnfProvider"] == "Other, Inc."
    body = sol.get(BASE, query_string="exclude_fields=softwareImages,_links").json
    item = next(i for i in body if i["id"] == population["disabled"][0])
    assert "softwareImages" not in item and "_links" in item and "checksum" in item
    problem_of(sol.get(BASE, query_string="all_fields&fields=checksum"), 400)
    assert "'nope'" in problem_of(sol.get(BASE, query_string="fields=nope"), 400)["detail"]


@pytest.mark.parametrize(("query", "groups"), [
    ("filter=(eq,onboardingState,ONBOARDED)", ["enabled", "disabled"]),
    ("filter=(eq,operationalState,ENABLED);(eq,onboardingState,ONBOARDED)", ["enabled"]),
    ("filter=(in,onboardingState,CREATED,ERROR)", ["created", "error"]),
    ("filter=(neq,onboardingState,ONBOARDED)", ["created", "error"]),
    ("filter=(nin,vnfdId,vnfd-0,vnfd-1,vnfd-2)", ["created", "disabled", "error"]),
    ("filter=(eq,vnfProvider,'Other, Inc.')", ["disabled"]),
    ("filter=(cont,vnfProvider,Inc)", ["disabled"]),
    ("filter=(ncont,vnfProvider,Inc)", ["created", "enabled", "error"]),
    ("filter=(gt,softwareImages/size,100)", ["enabled"]),
    ("filter=(eq,softwareImages/diskFormat,RAW)", ["disabled"]),
    ("filter=(eq,userDefinedData/team,b);(gte,userDefinedData/n,0)", ["enabled"]),
    ("filter=(eq,checksum/algorithm,SHA-256)", ["enabled", "disabled"]),
    ("filter=(eq,onboardingFailureDetails/status,400)", ["error"]),
    ("filter=(eq,onboardingState,ONBOARDED);(eq,onboardingState,CREATED)", []),
])
def test_list_filters(sol: Sol, population: dict[str, list[str]], query: str,
                      groups: list[str]) -> None:
    expected = [pkg for group in ("created", "enabled", "disabled", "error")
                if group in groups for pkg in population[group]]
    got = _ids(sol.get(BASE, query_string=query))
    assert sorted(got) == sorted(expected)


def test_list_filters_on_map_values(sol: Sol, population: dict[str, list[str]]) -> None:
    got = _ids(sol.get(BASE, query_string="filter=(gte,userDefinedData/n,1)"))
    assert got == population["enabled"][1:]


@pytest.mark.parametrize(("query", "detail"), [
    ("filter=(eq,nope,1)", "'nope'"),
    ("filter=(eq,onboardingState)", "needs an operator"),
    ("filter=(eq,softwareImages/size,big)", "'big' is not a number"),
    ("nextpage_opaque_marker=x", "Invalid nextpage_opaque_marker"),
    ("nextpage_opaque_marker=8e2e4d6d-6f16-4c43-9e3c-5f7c4c0d0e1f", "could not be found"),
    ("limit=3", "Unknown query parameter 'limit'"),
])
def test_list_bad_queries(sol: Sol, population: dict[str, list[str]], query: str,
                          detail: str) -> None:
    assert detail in problem_of(sol.get(BASE, query_string=query), 400)["detail"]


def _next(result: Any) -> str | None:
    link = result.headers.get("link")
    if link is None:
        return None
    assert link.startswith("<") and link.endswith('>; rel="next"')
    return str(link[1:-len('>; rel="next"')])


def test_paging_follows_link_headers(env: Env, sol: Sol,
                                     population: dict[str, list[str]]) -> None:
    env.conf.set_override("sol_page_size", 2, group="api")
    client = env.fresh_client()
    everything = [p for g in ("created", "enabled", "disabled", "error") for p in population[g]]
    seen: list[str] = []
    url: str | None = f"{BASE}?filter=(neq,onboardingState,CREATED)&fields=checksum"
    while url is not None:
        parts = urlsplit(url)
        result = client.simulate_get(parts.path, query_string=parts.query)
        assert len(result.json) <= 2
        assert all("checksum" in i or i["onboardingState"] == "ERROR" for i in result.json)
        seen += _ids(result)
        url = _next(result)
        if url is not None:
            query = parse_qs(urlsplit(url).query)
            assert query["filter"] == ["(neq,onboardingState,CREATED)"]
            assert query["fields"] == ["checksum"]
    assert seen == [p for p in everything if p not in population["created"]]


def test_paging_with_python_filters(env: Env, sol: Sol,
                                    population: dict[str, list[str]]) -> None:
    env.conf.set_override("sol_page_size", 1, group="api")
    client = env.fresh_client()
    result = client.simulate_get(BASE, query_string="filter=(eq,userDefinedData/team,b)")
    assert _ids(result) == population["enabled"][:1]
    seen = _ids(result)
    while (url := _next(result)) is not None:
        parts = urlsplit(url)
        result = client.simulate_get(parts.path, query_string=parts.query)
        seen += _ids(result)
    assert seen == population["enabled"]


def _patch(sol: Sol, pkg: str, body: Any,
           ctype: str = "application/merge-patch+json") -> Any:
    return sol.req("PATCH", f"{BASE}/{pkg}", body, headers={"Content-Type": ctype})


def test_patch_user_defined_data_is_a_merge_patch(sol: Sol) -> None:
    pkg = sol.create({"keep": 1, "drop": 2, "nested": {"a": 1, "b": 2}})["id"]
    patch = {"userDefinedData": {"drop": None, "new": "x", "nested": {"b": None}}}
    result = _patch(sol, pkg, patch)
    assert result.status_code == 200, result.text
    assert result.json == patch
    check_schema("VnfPkgInfoModification", result.json)
    assert sol.get(f"{BASE}/{pkg}").json["userDefinedData"] == {
        "keep": 1, "new": "x", "nested": {"a": 1}}
    assert _patch(sol, pkg, {"userDefinedData": {"k": 2}}, "application/json").status_code \
        == 200


def test_patch_operational_state(sol: Sol, population: dict[str, list[str]]) -> None:
    pkg = population["disabled"][0]
    result = _patch(sol, pkg, {"operationalState": "ENABLED"})
    assert result.status_code == 200 and result.json == {"operationalState": "ENABLED"}
    assert sol.get(f"{BASE}/{pkg}").json["operationalState"] == "ENABLED"
    detail = problem_of(_patch(sol, pkg, {"operationalState": "ENABLED"}), 409)["detail"]
    assert "already ENABLED" in detail
    both = {"operationalState": "DISABLED", "userDefinedData": {"x": 1}}
    assert _patch(sol, pkg, both).json == both
    info = sol.get(f"{BASE}/{pkg}").json
    assert info["operationalState"] == "DISABLED" and info["userDefinedData"] == {"x": 1}


@pytest.mark.parametrize("group", ["created", "error"])
def test_patch_operational_state_needs_onboarded(sol: Sol, population: dict[str, list[str]],
                                                 group: str) -> None:
    pkg = population[group][0]
    detail = problem_of(_patch(sol, pkg, {"operationalState": "ENABLED"}), 409)["detail"]
    assert "ONBOARDED" in detail
    assert sol.get(f"{BASE}/{pkg}").json["operationalState"] == "DISABLED"


@pytest.mark.parametrize(("body", "status", "detail"), [
    ({}, 400, "needs operationalState or userDefinedData"),
    ({"operationalState": "ON"}, 400, "ENABLED or DISABLED"),
    ({"userDefinedData": [1]}, 400, "must be an object"),
    ({"usageState": "IN_USE"}, 400, "Unknown attribute(s)"),
])
def test_patch_bad_bodies(sol: Sol, body: Any, status: int, detail: str) -> None:
    pkg = sol.create()["id"]
    assert detail in problem_of(_patch(sol, pkg, body), status)["detail"]


def test_patch_content_type(sol: Sol) -> None:
    pkg = sol.create()["id"]
    problem_of(_patch(sol, pkg, {"userDefinedData": {}}, "application/json-patch+json"), 415)
    problem_of(_patch(sol, "7f1d4b3e-0000-4000-8000-000000000000",
                      {"userDefinedData": {}}), 404)


def test_delete_rules(env: Env, sol: Sol, population: dict[str, list[str]]) -> None:
    enabled = population["enabled"][0]
    assert "operationalState ENABLED" in problem_of(
        sol.req("DELETE", f"{BASE}/{enabled}"), 409)["detail"]
    repo = VnfPackageRepository(env.db)
    in_use = population["disabled"][0]
    repo.update(in_use, {"usage_state": "IN_USE"})
    assert "IN_USE" in problem_of(sol.req("DELETE", f"{BASE}/{in_use}"), 409)["detail"]
    uploading = sol.create()["id"]
    repo.update(uploading, {"onboarding_state": "UPLOADING"})
    problem_of(sol.req("DELETE", f"{BASE}/{uploading}"), 409)
    for pkg in population["created"] + population["error"]:
        result = sol.req("DELETE", f"{BASE}/{pkg}")
        assert result.status_code == 204 and not result.content
        problem_of(sol.get(f"{BASE}/{pkg}"), 404)
    problem_of(sol.req("DELETE", f"{BASE}/{population['created'][0]}"), 404)
