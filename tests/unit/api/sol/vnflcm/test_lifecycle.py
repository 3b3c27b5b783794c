"""A VNF instance's life over ``/vnflcm/v2`` with the fake infra driver: create,
instantiate, scale, heal, modify, change_ext_conn, terminate, delete; the 409s."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from api.sol.helpers import BASE as PKG_BASE
from api.sol.helpers import Sol, problem_of

from .helpers import BASE, Lcm, sample

FAKE_VIM = {"vim1": {"vimId": str(uuid.uuid4()), "vimType": "BATON.FAKE.V_1",
                     "accessInfo": {"username": "u", "password": "hunter2"},
                     "interfaceInfo": {"endpoint": "http://127.0.0.1/fake"}}}


def _op_id(location: str) -> str:
    assert location.startswith(f"http://falconframework.org{BASE}/vnf_lcm_op_occs/")
    return location.rsplit("/", 1)[1]


def create(lcm: Lcm, package: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {**sample("create-vnf-instance-request"), "vnfdId": package["vnfdId"], **extra}
    result = lcm.post("vnf_instances", body)
    assert result.status_code == 201, result.text
    created: dict[str, Any] = result.json
    assert result.headers["location"] == created["_links"]["self"]["href"]
    return created


def run(lcm: Lcm, instance_id: str, task: str, body: dict[str, Any],
        state: str = "COMPLETED") -> dict[str, Any]:
    result = lcm.post(f"vnf_instances/{instance_id}/{task}", body)
    assert result.status_code == 202, result.text
    assert not result.content
    op = lcm.wait_op(_op_id(result.headers["location"]))
    assert op["operationState"] == state, op
    return op


def instantiate_body(**extra: Any) -> dict[str, Any]:
    return {"flavourId": "simple", "instantiationLevelId": "instantiation_level_1",
            "vimConnectionInfo": FAKE_VIM, **extra}


def instance(lcm: Lcm, instance_id: str) -> dict[str, Any]:
    result = lcm.get(f"vnf_instances/{instance_id}")
    assert result.status_code == 200, result.text
    body: dict[str, Any] = result.json
    return body


def _vnfcs(info: dict[str, Any]) -> list[str]:
    return sorted(v["vduId"] for v in info["instantiatedVnfInfo"]["vnfcResourceInfo"])


def _level(info: dict[str, Any], aspect: str = "VDU1_scale") -> int:
    status = info["instantiatedVnfInfo"]["scaleStatus"]
    return int(next(s["scaleLevel"] for s in status if s["aspectId"] == aspect))


def test_create_matches_tacker_and_marks_the_package(lcm: Lcm, sol: Sol,
                                                      package: dict[str, Any]) -> None:
    created = create(lcm, package)
    expected = sample("create-vnf-instance-response")
    assert set(created) == set(expected)
    assert set(created["_links"]) == set(expected["_links"])
    assert created["instantiationState"] == "NOT_INSTANTIATED"
    assert created["vnfInstanceName"] == "sample1"
    assert created["vnfdId"] == package["vnfdId"]
    assert created["vnfProvider"] == package["vnfProvider"]
    assert lcm.get(f"vnf_instances/{created['id']}").json == created
    assert sol.get(f"{PKG_BASE}/{package['id']}").json["usageState"] == "IN_USE"
    listed = lcm.get("vnf_instances").json
    assert [i["id"] for i in listed] == [created["id"]]


def test_create_needs_an_onboarded_vnfd(lcm: Lcm) -> None:
    result = lcm.post("vnf_instances", {"vnfdId": str(uuid.uuid4())})
    assert result.status_code in (400, 404, 422), result.text
    problem_of(result, result.status_code)


def test_whole_life(lcm: Lcm, package: dict[str, Any]) -> None:
    inst = create(lcm, package)
    ident = inst["id"]
    op = run(lcm, ident, "instantiate", instantiate_body())
    assert op["operation"] == "INSTANTIATE" and op["vnfInstanceId"] == ident
    assert "hunter2" not in lcm.get(f"vnf_lcm_op_occs/{op['id']}").text
    info = instance(lcm, ident)
    assert info["instantiationState"] == "INSTANTIATED"
    assert set(info["_links"]) == {"self", "terminate", "scale", "heal", "changeExtConn"}
    assert "hunter2" not in lcm.get(f"vnf_instances/{ident}").text
    assert _vnfcs(info) == ["VDU1", "VDU2"]
    assert _level(info) == 0

    run(lcm, ident, "scale", {"type": "SCALE_OUT", "aspectId": "VDU1_scale",
                              "numberOfSteps": 2})
    assert _vnfcs(instance(lcm, ident)) == ["VDU1"] * 3 + ["VDU2"]
    # Past the aspect's max_scale_level (2): refused up front.
    problem_of(lcm.post(f"vnf_instances/{ident}/scale",
                        {"type": "SCALE_OUT", "aspectId": "VDU1_scale"}), 400)
    run(lcm, ident, "scale", {"type": "SCALE_IN", "aspectId": "VDU1_scale"})
    info = instance(lcm, ident)
    assert _level(info) == 1 and _vnfcs(info) == ["VDU1"] * 2 + ["VDU2"]

    vnfc = info["instantiatedVnfInfo"]["vnfcInfo"][0]["id"]
    run(lcm, ident, "heal", {"cause": "test", "vnfcInstanceId": [vnfc]})
    # Tacker's sample, naming VNFCs of this instance.
    run(lcm, ident, "heal", {**sample("heal-vnf-instance-request"),
                             "vnfcInstanceId": [v["id"] for v in
                                                info["instantiatedVnfInfo"]["vnfcInfo"]]})
    problem_of(lcm.post(f"vnf_instances/{ident}/heal", {"vnfcInstanceId": ["nope"]}), 400)

    patch = lcm.req("PATCH", f"vnf_instances/{ident}",
                    {"vnfInstanceName": "renamed", "metadata": {"k": "v"}},
                    headers={"Content-Type": "application/merge-patch+json"})
    assert patch.status_code == 202, patch.text
    op = lcm.wait_op(_op_id(patch.headers["location"]))
    assert op["operation"] == "MODIFY_INFO" and op["operationState"] == "COMPLETED"
    info = instance(lcm, ident)
    assert info["vnfInstanceName"] == "renamed" and info["metadata"]["k"] == "v"

    ops = lcm.get("vnf_lcm_op_occs", params={"filter": f"(eq,vnfInstanceId,{ident})"}).json
    assert [o["operation"] for o in ops] == ["INSTANTIATE", "SCALE", "SCALE", "HEAL", "HEAL",
                                              "MODIFY_INFO"]
    assert all("operationParams" not in o for o in ops)
    full = lcm.get("vnf_lcm_op_occs", params={"all_fields": ""}).json
    assert all("operationParams" in o for o in full)

    problem_of(lcm.req("DELETE", f"vnf_instances/{ident}"), 409)
    problem_of(lcm.post(f"vnf_instances/{ident}/instantiate", instantiate_body()), 409)
    run(lcm, ident, "terminate", sample("terminate-vnf-instance-request"))
    info = instance(lcm, ident)
    assert info["instantiationState"] == "NOT_INSTANTIATED"
    assert "instantiatedVnfInfo" not in info
    problem_of(lcm.post(f"vnf_instances/{ident}/terminate",
                        {"terminationType": "FORCEFUL"}), 409)
    deleted = lcm.req("DELETE", f"vnf_instances/{ident}")
    assert deleted.status_code == 204, deleted.text
    problem_of(lcm.get(f"vnf_instances/{ident}"), 404)


@pytest.mark.parametrize("task", ["scale", "heal", "terminate", "change_ext_conn",
                                  "change_vnfpkg"])
def test_tasks_need_an_instantiated_instance(lcm: Lcm, package: dict[str, Any],
                                             task: str) -> None:
    inst = create(lcm, package)
    body = {"scale": {"type": "SCALE_OUT", "aspectId": "VDU1_scale"}, "heal": {},
            "terminate": {"terminationType": "FORCEFUL"},
            "change_ext_conn": sample("change-ext-conn-request"),
            "change_vnfpkg": {"vnfdId": package["vnfdId"]}}[task]
    body_ = problem_of(lcm.post(f"vnf_instances/{inst['id']}/{task}", body), 409)
    assert "NOT_INSTANTIATED" in body_["detail"]


def test_modify_vim_connection_needs_instantiated(lcm: Lcm, package: dict[str, Any]) -> None:
    inst = create(lcm, package)
    result = lcm.req("PATCH", f"vnf_instances/{inst['id']}",
                     {"vimConnectionInfo": FAKE_VIM})
    problem_of(result, 400)


def test_instance_lists_filter_and_select(lcm: Lcm, package: dict[str, Any],
                                          second_package: dict[str, Any]) -> None:
    one = create(lcm, package, vnfInstanceName="one")
    two = create(lcm, second_package, vnfInstanceName="two")
    run(lcm, two["id"], "instantiate", instantiate_body())

    def ids(**params: str) -> list[str]:
        result = lcm.get("vnf_instances", params=params)
        assert result.status_code == 200, result.text
        return [i["id"] for i in result.json]

    assert ids() == [one["id"], two["id"]]
    assert ids(filter=f"(eq,vnfdId,{package['vnfdId']})") == [one["id"]]
    assert ids(filter="(eq,instantiationState,INSTANTIATED)") == [two["id"]]
    assert ids(filter="(cont,vnfInstanceName,tw)") == [two["id"]]
    assert ids(filter="(eq,instantiatedVnfInfo/flavourId,simple)") == [two["id"]]
    listed = lcm.get("vnf_instances").json
    assert all("instantiatedVnfInfo" not in i and "vimConnectionInfo" not in i
               for i in listed)
    full = lcm.get("vnf_instances", params={"fields": "instantiatedVnfInfo/scaleStatus"}).json
    assert set(full[1]["instantiatedVnfInfo"]) == {"scaleStatus"}
    every = lcm.get("vnf_instances", params={"all_fields": ""}).json
    assert every[1]["vimConnectionInfo"]["vim1"]["accessInfo"] == {"username": "u"}
