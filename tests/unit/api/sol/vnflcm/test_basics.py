"""The vnflcm API's versions, Version header, ProblemDetails and request validation."""

from __future__ import annotations

import uuid

import pytest

from api.sol.helpers import problem_of
from baton import errors
from baton.api.sol.vnflcm import schemas
from baton.api.sol.vnflcm.validation import validate

from .helpers import BASE, Lcm, sample

V2 = {"uriPrefix": "/vnflcm/v2", "apiVersions": [{"version": "2.0.0", "isDeprecated": False}]}


@pytest.mark.parametrize("path", ["/vnflcm/v2/api_versions", "/vnflcm/api_versions"])
def test_api_versions_need_no_version_header(lcm: Lcm, path: str) -> None:
    result = lcm.get(path, version=False)
    assert result.status_code == 200, result.text
    expected = dict(V2)
    if path == "/vnflcm/api_versions":
        expected["uriPrefix"] = "/vnflcm"
    assert result.json == expected
    assert result.headers["version"] == "2.0.0"


def test_version_header_is_required(lcm: Lcm) -> None:
    result = lcm.get("vnf_instances", version=False)
    body = problem_of(result, 400)
    assert "Version" in body["detail"]
    assert result.headers["version"] == "2.0.0"


@pytest.mark.parametrize(("value", "status"), [("1.3.0", 406), ("2.0", 400), ("x", 400)])
def test_bad_versions(lcm: Lcm, value: str, status: int) -> None:
    result = lcm.get("vnf_instances", version=False, headers={"Version": value})
    problem_of(result, status)


def test_version_with_impl_suffix(lcm: Lcm) -> None:
    result = lcm.get("vnf_instances", version=False,
                     headers={"Version": "2.0.0-impl:baton.example:x:1"})
    assert result.status_code == 200, result.text
    assert result.json == []


@pytest.mark.parametrize("path", [
    "vnf_instances/{id}", "vnf_lcm_op_occs/{id}", "subscriptions/{id}"])
def test_unknown_resources_are_404_problems(lcm: Lcm, path: str) -> None:
    ident = str(uuid.uuid4())
    body = problem_of(lcm.get(path.format(id=ident)), 404)
    assert ident in body["detail"]


def test_unknown_route_and_method(lcm: Lcm) -> None:
    problem_of(lcm.get("nothing_here"), 404)
    result = lcm.req("PUT", "vnf_instances", {})
    problem_of(result, 405)
    assert "GET" in result.headers["allow"]


def test_empty_lists(lcm: Lcm) -> None:
    for path in ("vnf_instances", "vnf_lcm_op_occs", "subscriptions"):
        result = lcm.get(path)
        assert result.status_code == 200, result.text
        assert result.json == []


def test_list_parameters_are_checked(lcm: Lcm) -> None:
    problem_of(lcm.get("vnf_instances", params={"filter": "(eq,nope,1)"}), 400)
    problem_of(lcm.get("vnf_instances", params={"bogus": "1"}), 400)
    problem_of(lcm.get("vnf_lcm_op_occs", params={"fields": "nope"}), 400)
    # Subscriptions take no attribute selector (SOL003 5.4.18.3.2).
    problem_of(lcm.get("subscriptions", params={"all_fields": ""}), 400)
    ok = lcm.get("vnf_lcm_op_occs", params={"filter": "(eq,operationState,COMPLETED)"})
    assert ok.status_code == 200 and ok.json == []


@pytest.mark.parametrize(("name", "schema"), [
    ("create-vnf-instance-request", schemas.CREATE),
    ("instantiate-vnf-instance-request", schemas.INSTANTIATE),
    ("scale-vnf-instance-request", schemas.SCALE),
    ("heal-vnf-instance-request", schemas.HEAL),
    ("terminate-vnf-instance-request", schemas.TERMINATE),
    ("change-ext-conn-request", schemas.CHANGE_EXT_CONN),
    ("change-vnfpkg-request", schemas.CHANGE_VNFPKG),
    ("update-vnf-instance-request", schemas.MODIFY),
    ("create-subscription-request", schemas.SUBSCRIPTION),
])
def test_tacker_request_samples_are_valid(name: str, schema: dict[str, object]) -> None:
    validate(sample(name), schema, what=name)


@pytest.mark.parametrize(("schema", "body", "where"), [
    (schemas.CREATE, {}, "vnfdId"),
    (schemas.CREATE, {"vnfdId": ""}, "vnfdId"),
    (schemas.CREATE, {"vnfdId": "x", "vnfInstanceName": 3}, "vnfInstanceName"),
    (schemas.INSTANTIATE, {"instantiationLevelId": "l"}, "flavourId"),
    (schemas.INSTANTIATE, {"flavourId": "simple", "vimConnectionInfo": {"v": {}}},
     "vimType"),
    (schemas.SCALE, {"type": "SCALE_UP", "aspectId": "a"}, "type"),
    (schemas.SCALE, {"type": "SCALE_OUT", "aspectId": "a", "numberOfSteps": 0},
     "numberOfSteps"),
    (schemas.TERMINATE, {"terminationType": "SOON"}, "terminationType"),
    (schemas.TERMINATE, {"terminationType": "GRACEFUL", "gracefulTerminationTimeout": "1"},
     "gracefulTerminationTimeout"),
    (schemas.HEAL, {"vnfcInstanceId": "one"}, "vnfcInstanceId"),
    (schemas.CHANGE_EXT_CONN, {}, "extVirtualLinks"),
    (schemas.CHANGE_VNFPKG, {"additionalParams": {}}, "vnfdId"),
    (schemas.SUBSCRIPTION, {"callbackUri": "ftp://x/"}, "callbackUri"),
    (schemas.SUBSCRIPTION, {"callbackUri": "http://x/", "verbosity": "LOUD"}, "verbosity"),
    (schemas.SUBSCRIPTION, {"callbackUri": "http://x/",
                            "filter": {"operationStates": ["DONE"]}}, "operationStates"),
    (schemas.SUBSCRIPTION, {"callbackUri": "http://x/",
                            "authentication": {"authType": ["TLS_CERT"]}}, "authType"),
])
def test_bad_requests_name_the_attribute(schema: dict[str, object], body: object,
                                         where: str) -> None:
    with pytest.raises(errors.Invalid) as caught:
        validate(body, schema, what="Request")
    assert where in caught.value.message


def _ext_vl(address: dict[str, object]) -> dict[str, object]:
    return {"extVirtualLinks": [{"id": "vl", "resourceId": "net", "extCps": [{
        "cpdId": "CP1", "cpConfig": {"c": {"cpProtocolData": [{
            "layerProtocol": "IP_OVER_ETHERNET",
            "ipOverEthernet": {"ipAddresses": [address]}}]}}}]}]}


@pytest.mark.parametrize("address", [
    {"type": "IPV4", "fixedAddresses": ["10.0.0.300"]},
    {"type": "IPV6", "fixedAddresses": ["10.0.0.1"]},
    {"type": "IPV4"},
    {"type": "IPV4", "numDynamicAddresses": 1, "fixedAddresses": ["10.0.0.1"]},
    {"type": "IPV5", "numDynamicAddresses": 1},
])
def test_ip_addresses_are_checked(address: dict[str, object]) -> None:
    with pytest.raises(errors.Invalid):
        validate(_ext_vl(address), schemas.CHANGE_EXT_CONN, what="Request")
    validate(_ext_vl({"type": "IPV6", "fixedAddresses": ["fd00::1"]}),
             schemas.CHANGE_EXT_CONN, what="Request")


def test_bodies_over_http(lcm: Lcm) -> None:
    body = problem_of(lcm.post("vnf_instances", {"vnfInstanceName": "x"}), 400)
    assert "vnfdId" in body["detail"]
    problem_of(lcm.post("vnf_instances", "[1, 2]"), 400)
    problem_of(lcm.post("vnf_instances", "{not json"), 400)
    result = lcm.post("vnf_instances", {"vnfdId": "x"},
                      headers={"Content-Type": "application/xml"})
    problem_of(result, 415)
    ident = str(uuid.uuid4())
    # The body is checked before the instance is looked for.
    problem_of(lcm.post(f"vnf_instances/{ident}/scale", {"type": "UP"}), 400)
    problem_of(lcm.post(f"vnf_instances/{ident}/scale",
                        {"type": "SCALE_OUT", "aspectId": "a"}), 404)
    problem_of(lcm.req("PATCH", f"vnf_instances/{ident}", {"vnfInstanceName": "n"},
                       headers={"Content-Type": "application/merge-patch+json"}), 404)
    problem_of(lcm.post(f"{BASE}/vnf_lcm_op_occs/{ident}/retry"), 404)
    problem_of(lcm.post(f"{BASE}/vnf_lcm_op_occs/{ident}/cancel", {"cancelMode": "NOW"}), 400)
