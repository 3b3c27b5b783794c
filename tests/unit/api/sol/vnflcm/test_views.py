"""The views produce Tacker's v2 response samples from the same data, without secrets."""

from __future__ import annotations

import copy
from typing import Any

from baton.api.sol.vnflcm import instance_view, op_occ_view
from baton.api.sol.vnflcm.secrets import scrub, scrub_vim_connections

from .helpers import sample

TACKER = "http://127.0.0.1:9890"


def _without_links(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "_links"}


def _no_secrets(doc: Any) -> None:
    text = repr(doc)
    for secret in ("'password'", "devstack", "dummy_password"):
        assert secret not in text, secret


def test_vnf_instance_samples() -> None:
    for name in ("create-vnf-instance-response", "show-vnf-instance-response"):
        expected = sample(name)
        rendered = instance_view.render(_without_links(expected), TACKER)
        assert rendered == expected
    for expected in sample("list-vnf-instance-response"):
        assert instance_view.render(_without_links(expected), TACKER) == expected


def test_vnf_instance_hides_vim_credentials() -> None:
    doc = _without_links(sample("show-vnf-instance-response"))
    doc["vimConnectionInfo"]["vim1"]["accessInfo"].update(
        password="devstack", bearer_token="t0k", client_secret="s3")
    rendered = instance_view.render(doc, TACKER)
    access = rendered["vimConnectionInfo"]["vim1"]["accessInfo"]
    assert set(access) == {"project", "projectDomain", "region", "userDomain", "username"}


def test_op_occ_samples_without_secrets() -> None:
    names = ["show-vnflcm-operation-occurrence-response",
             "fail-vnflcm-operation-occurrence-response"]
    docs = [sample(n) for n in names] + sample("list-vnflcm-operation-occurrence-response")
    for expected in docs:
        rendered = op_occ_view.render(_without_links(expected), TACKER)
        _no_secrets(rendered)
        scrubbed = copy.deepcopy(expected)
        params = scrubbed.get("operationParams", {})
        if "vimConnectionInfo" in params:
            params["vimConnectionInfo"] = scrub_vim_connections(params["vimConnectionInfo"])
        # Tacker's list sample links one occurrence to another instance than its
        # vnfInstanceId names: the link follows vnfInstanceId.
        assert rendered["_links"].pop("vnfInstance")["href"].endswith(
            f"/vnflcm/v2/vnf_instances/{expected['vnfInstanceId']}")
        scrubbed["_links"].pop("vnfInstance")
        # Baton can cancel a running occurrence (Tacker can't): one more link.
        if expected["operationState"] in ("STARTING", "PROCESSING"):
            assert rendered["_links"].pop("cancel")
        assert rendered == scrubbed


def test_op_occ_links_follow_the_state() -> None:
    doc = _without_links(sample("show-vnflcm-operation-occurrence-response"))
    doc["operationState"] = "PROCESSING"
    links = op_occ_view.render(doc, "http://h")["_links"]
    assert set(links) == {"self", "vnfInstance", "cancel", "retry", "rollback", "fail"}
    assert links["cancel"]["href"] == f"http://h/vnflcm/v2/vnf_lcm_op_occs/{doc['id']}/cancel"


def test_change_vnfpkg_passwords_are_scrubbed() -> None:
    doc = _without_links(sample("show-vnflcm-operation-occurrence-response"))
    doc["operation"] = "CHANGE_VNFPKG"
    doc["operationParams"] = sample("change-vnfpkg-request")
    rendered = op_occ_view.render(doc, TACKER)
    _no_secrets(rendered)
    vdu = rendered["operationParams"]["additionalParams"]["vdu_params"][0]
    assert vdu["old_vnfc_param"] == {"cp_name": "VDU1_CP1", "username": "ubuntu"}


def test_subscription_samples() -> None:
    expected = sample("show-subscription-response")
    record = {**_without_links(expected), "authentication": {
        "authType": ["BASIC"], "paramsBasic": {"userName": "u", "password": "p"}}}
    assert op_occ_view.render_subscription(record, TACKER) == expected


def test_scrub() -> None:
    assert scrub({"a": 1, "Password": 2, "nested": [{"clientSecret": 3, "b": 4}],
                  "bearer_token": 5}) == {"a": 1, "nested": [{"b": 4}]}
