"""Secrets never leave the API."""

from __future__ import annotations

from baton.api import masking

from .conftest import Env


def test_mask_dict_nested_and_keys() -> None:
    data = {"ipmi_password": "p", "redfish_username": "u", "snmp_auth_key": "k",
            "nested": {"auth_token": "t", "ok": 1}, "none_password": None}
    assert masking.mask_dict(data) == {
        "ipmi_password": "******", "redfish_username": "u", "snmp_auth_key": "******",
        "nested": {"auth_token": "******", "ok": 1}, "none_password": "******"}
    assert data["ipmi_password"] == "p"
    assert masking.mask_dict(None) == {}


def test_mask_text_and_instance_info() -> None:
    assert masking.mask_text("failed: password=hunter2 user=x") == \
        "failed: password=****** user=x"
    assert masking.mask_text("nothing secret") == "nothing secret"
    assert masking.mask_instance_info({"image_url": "http://x?temp", "root_gb": 10}) == {
        "image_url": "******", "root_gb": 10}


def test_masked_everywhere_on_the_api(env: Env) -> None:
    node = env.node(name="sec", driver_info={"ipmi_password": "hunter2"},
                    instance_info={"configdrive": "abc", "image_url": "http://t"})
    for body in (node, env.get("/v1/nodes/sec").json,
                 env.get("/v1/nodes/detail").json["nodes"][0],
                 env.get("/v1/nodes/sec?fields=driver_info,instance_info").json,
                 env.patch("/v1/nodes/sec", [{"op": "add", "path": "/extra/a",
                                              "value": 1}]).json):
        assert body["driver_info"] == {"ipmi_password": "******"}
        assert body["instance_info"] == {"configdrive": "******", "image_url": "******"}
    assert "hunter2" not in env.get("/v1/nodes/sec").text
