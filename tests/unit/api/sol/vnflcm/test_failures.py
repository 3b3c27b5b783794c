"""Failure paths over ``/vnflcm/v2``: a fake infra step made to fail gives FAILED_TEMP;
retry, rollback, fail and cancel do what SOL003 says; the instance is held meanwhile."""

from __future__ import annotations

from typing import Any

from api.sol.helpers import problem_of

from .helpers import Lcm, sample
from .test_lifecycle import _op_id, _vnfcs, create, instance, instantiate_body, run


def _fake(**knobs: dict[str, Any]) -> dict[str, Any]:
    return {"additionalParams": {"baton.fake": knobs}}


def _task(lcm: Lcm, path: str, body: Any = None, status: int = 202) -> Any:
    result = lcm.post(path, body)
    assert result.status_code == status, result.text
    return result


def test_failed_instantiate_retried(lcm: Lcm, package: dict[str, Any]) -> None:
    ident = create(lcm, package)["id"]
    op = run(lcm, ident, "instantiate",
             instantiate_body(**_fake(fail={"instantiate": 1})), state="FAILED_TEMP")
    assert op["error"]["status"] >= 400 and op["error"]["detail"]
    assert set(op["_links"]) == {"self", "vnfInstance", "retry", "rollback", "fail"}
    # The instance is held by the FAILED_TEMP occurrence.
    problem_of(lcm.post(f"vnf_instances/{ident}/instantiate", instantiate_body()), 409)
    problem_of(lcm.req("DELETE", f"vnf_instances/{ident}"), 409)
    retried = _task(lcm, f"vnf_lcm_op_occs/{op['id']}/retry")
    assert not retried.content
    assert lcm.wait_op(op["id"])["operationState"] == "COMPLETED"
    assert instance(lcm, ident)["instantiationState"] == "INSTANTIATED"
    problem_of(lcm.post(f"vnf_lcm_op_occs/{op['id']}/retry"), 409)
    problem_of(lcm.post(f"vnf_lcm_op_occs/{op['id']}/rollback"), 409)
    problem_of(lcm.post(f"vnf_lcm_op_occs/{op['id']}/fail"), 409)


def test_failed_scale_out_rolled_back(lcm: Lcm, package: dict[str, Any]) -> None:
    ident = create(lcm, package)["id"]
    run(lcm, ident, "instantiate", instantiate_body())
    before = instance(lcm, ident)
    op = run(lcm, ident, "scale", {"type": "SCALE_OUT", "aspectId": "VDU1_scale",
                                   **_fake(fail={"scale": 1})}, state="FAILED_TEMP")
    _task(lcm, f"vnf_lcm_op_occs/{op['id']}/rollback")
    assert lcm.wait_op(op["id"])["operationState"] == "ROLLED_BACK"
    after = instance(lcm, ident)
    assert _vnfcs(after) == _vnfcs(before)
    assert after["instantiatedVnfInfo"]["scaleStatus"] == \
        before["instantiatedVnfInfo"]["scaleStatus"]
    # The instance is free again.
    run(lcm, ident, "scale", {"type": "SCALE_OUT", "aspectId": "VDU1_scale"})


def test_failed_heal_failed(lcm: Lcm, package: dict[str, Any]) -> None:
    ident = create(lcm, package)["id"]
    run(lcm, ident, "instantiate", instantiate_body())
    op = run(lcm, ident, "heal", _fake(fail={"heal": 9}), state="FAILED_TEMP")
    result = _task(lcm, f"vnf_lcm_op_occs/{op['id']}/fail", status=200)
    failed = result.json
    assert failed["operationState"] == "FAILED" and failed["id"] == op["id"]
    expected = sample("fail-vnflcm-operation-occurrence-response")
    assert set(expected) - {"grantId", "resourceChanges"} <= set(failed)
    assert set(failed["_links"]) == set(expected["_links"])
    problem_of(lcm.post(f"vnf_lcm_op_occs/{op['id']}/retry"), 409)
    run(lcm, ident, "terminate", {"terminationType": "FORCEFUL"})


def test_cancel_a_running_operation(lcm: Lcm, package: dict[str, Any]) -> None:
    ident = create(lcm, package)["id"]
    started = _task(lcm, f"vnf_instances/{ident}/instantiate",
                    instantiate_body(**_fake(delay={"instantiate": 30})))
    op_id = _op_id(started.headers["location"])
    running = lcm.get(f"vnf_lcm_op_occs/{op_id}").json
    assert running["operationState"] in ("STARTING", "PROCESSING")
    assert "cancel" in running["_links"]
    problem_of(lcm.post(f"vnf_lcm_op_occs/{op_id}/cancel", {}), 400)
    _task(lcm, f"vnf_lcm_op_occs/{op_id}/cancel", {"cancelMode": "FORCEFUL"})
    final = lcm.wait_op(op_id, timeout=10)
    assert final["operationState"] == "FAILED_TEMP", final
    problem_of(lcm.post(f"vnf_lcm_op_occs/{op_id}/cancel", {"cancelMode": "GRACEFUL"}), 409)
    _task(lcm, f"vnf_lcm_op_occs/{op_id}/rollback")
    assert lcm.wait_op(op_id)["operationState"] == "ROLLED_BACK"
    assert instance(lcm, ident)["instantiationState"] == "NOT_INSTANTIATED"


def test_change_ext_conn_and_vnfpkg(lcm: Lcm, package: dict[str, Any],
                                    second_package: dict[str, Any]) -> None:
    ident = create(lcm, package)["id"]
    run(lcm, ident, "instantiate", instantiate_body())
    request = sample("change-ext-conn-request")
    request.pop("vimConnectionInfo")
    op = run(lcm, ident, "change_ext_conn", request)
    assert op["operation"] == "CHANGE_EXT_CONN"
    info = instance(lcm, ident)["instantiatedVnfInfo"]
    assert {vl["id"] for vl in info["extVirtualLinkInfo"]} == \
        {vl["id"] for vl in request["extVirtualLinks"]}
    body = {**sample("change-vnfpkg-request"), "vnfdId": second_package["vnfdId"]}
    body.pop("extVirtualLinks")
    body.pop("vimConnectionInfo", None)     # the sample's VIM is OpenStack's
    op = run(lcm, ident, "change_vnfpkg", body)
    # The sample's vdu_params carry VNFC passwords: never shown.
    assert op["operationParams"]["additionalParams"]["vdu_params"][0]["old_vnfc_param"] == \
        {"cp_name": "VDU1_CP1", "username": "ubuntu"}
    listed = lcm.get("vnf_lcm_op_occs", params={"all_fields": ""}).text
    assert '"password"' not in listed and "hunter2" not in listed
    assert instance(lcm, ident)["vnfdId"] == second_package["vnfdId"]
