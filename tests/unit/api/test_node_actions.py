"""Node sub-resources: states, power, provision, management, maintenance, validate,
traits, VIFs, console, RAID, vendor passthru, history."""

from __future__ import annotations

import time

import pytest

from .conftest import Env, fault

URL = "http://falconframework.org"


def _wait_power(env: Env, ident: str, state: str) -> dict[str, object]:
    deadline = time.monotonic() + 5
    while True:
        states = env.get(f"/v1/nodes/{ident}/states").json
        if states["power_state"] == state and states["target_power_state"] is None:
            return states
        assert time.monotonic() < deadline, states
        time.sleep(0.02)


def test_states_document(env: Env) -> None:
    env.node(name="s")
    states = env.get("/v1/nodes/s/states").json
    assert set(states) == {"console_enabled", "last_error", "power_state", "provision_state",
                           "provision_updated_at", "target_power_state",
                           "target_provision_state", "raid_config", "target_raid_config",
                           "boot_mode", "secure_boot"}
    assert "raid_config" not in env.get("/v1/nodes/s/states", version="1.11").json


@pytest.mark.parametrize("target", ["power on", "power off", "rebooting", "soft rebooting",
                                    "soft power off"])
def test_power_targets(env: Env, target: str) -> None:
    env.node(name="pw")
    result = env.put("/v1/nodes/pw/states/power", {"target": target, "timeout": 10})
    assert result.status_code == 202, result.text
    assert result.text == ""
    assert result.headers["Location"] == f"{URL}/v1/nodes/pw/states"
    expected = "power off" if target in ("power off", "soft power off") else "power on"
    _wait_power(env, "pw", expected)


def test_power_errors(env: Env) -> None:
    env.node(name="pe")
    bad = env.put("/v1/nodes/pe/states/power", {"target": "sideways"})
    assert bad.status_code == 400
    assert '"sideways"' in fault(bad)["faultstring"]
    assert env.put("/v1/nodes/pe/states/power", {"target": "power on", "timeout": 0}
                   ).status_code == 400
    assert env.put("/v1/nodes/pe/states/power", {"target": "power on", "timeout": "x"}
                   ).status_code == 400
    assert env.put("/v1/nodes/pe/states/power", {"target": "soft rebooting"},
                   version="1.26").status_code == 406
    assert env.put("/v1/nodes/pe/states/power", {"target": "power on", "timeout": 5},
                   version="1.26").status_code == 406
    assert env.put("/v1/nodes/pe/states/power", {"target": "power on", "x": 1}
                   ).status_code == 400
    assert env.put("/v1/nodes/pe/states/power", {}).status_code == 400
    assert env.put("/v1/nodes/missing/states/power", {"target": "power on"}
                   ).status_code == 404


def test_provision_verbs_not_available_yet(env: Env) -> None:
    node = env.node(name="pv")
    result = env.put("/v1/nodes/pv/states/provision", {"target": "deploy"})
    assert result.status_code == 400
    assert '"enroll"' in fault(result)["faultstring"]
    assert env.put(f"/v1/nodes/{node['uuid']}/states/provision", {"target": "manage"},
                   version="1.3").status_code == 406


def test_boot_device(env: Env) -> None:
    env.node(name="bd")
    assert env.put("/v1/nodes/bd/management/boot_device",
                   {"boot_device": "pxe", "persistent": True}).status_code == 204
    assert env.get("/v1/nodes/bd/management/boot_device").json == {
        "boot_device": "pxe", "persistent": True}
    supported = env.get("/v1/nodes/bd/management/boot_device/supported").json
    assert "pxe" in supported["supported_boot_devices"]
    assert env.put("/v1/nodes/bd/management/boot_device", {"boot_device": 3}
                   ).status_code == 400
    assert env.put("/v1/nodes/bd/management/boot_device",
                   {"boot_device": "pxe", "persistent": "perhaps"}).status_code == 400
    assert env.put("/v1/nodes/bd/management/boot_device", {"boot_device": "floppyish"}
                   ).status_code == 400


def test_inject_nmi(env: Env) -> None:
    env.node(name="nmi")
    assert env.put("/v1/nodes/nmi/management/inject_nmi", {}).status_code == 204
    assert env.put("/v1/nodes/nmi/management/inject_nmi", {},
                   version="1.28").status_code == 404


def test_maintenance(env: Env) -> None:
    env.node(name="m")
    result = env.put("/v1/nodes/m/maintenance", {"reason": "disk swap"})
    assert result.status_code == 202
    node = env.get("/v1/nodes/m").json
    assert node["maintenance"] is True and node["maintenance_reason"] == "disk swap"
    assert env.delete("/v1/nodes/m/maintenance").status_code == 202
    node = env.get("/v1/nodes/m").json
    assert node["maintenance"] is False and node["maintenance_reason"] is None
    assert env.put("/v1/nodes/m/maintenance", {"reason": 5}).status_code == 400
    assert env.put("/v1/nodes/m/maintenance", {"why": "x"}).status_code == 400


def test_validate(env: Env) -> None:
    node = env.node(name="val")
    result = env.get("/v1/nodes/val/validate").json
    assert result["power"]["result"] is True
    assert env.get(f"/v1/nodes/validate?node={node['uuid']}").json == result
    assert env.get("/v1/nodes/validate").status_code == 400


def test_traits(env: Env) -> None:
    env.node(name="t")
    assert env.get("/v1/nodes/t/traits").json == {"traits": []}
    assert env.put("/v1/nodes/t/traits", {"traits": ["CUSTOM_B", "HW_CPU_X86_AVX2"]}
                   ).status_code == 204
    assert env.get("/v1/nodes/t/traits").json == {"traits": ["CUSTOM_B", "HW_CPU_X86_AVX2"]}
    added = env.put("/v1/nodes/t/traits/CUSTOM_A")
    assert added.status_code == 204
    assert added.headers["Location"] == f"{URL}/v1/nodes/t/traits/CUSTOM_A"
    assert sorted(env.get("/v1/nodes/t").json["traits"]) == [
        "CUSTOM_A", "CUSTOM_B", "HW_CPU_X86_AVX2"]
    assert env.delete("/v1/nodes/t/traits/CUSTOM_B").status_code == 204
    assert env.delete("/v1/nodes/t/traits/CUSTOM_B").status_code == 404
    assert env.put("/v1/nodes/t/traits/lowercase").status_code == 400
    assert env.put("/v1/nodes/t/traits", {"traits": ["CUSTOM_OK", "bad"]}).status_code == 400
    assert env.put("/v1/nodes/t/traits", {"traits": [f"CUSTOM_{i}" for i in range(51)]}
                   ).status_code == 400
    assert env.get("/v1/nodes/t/traits").json == {"traits": ["CUSTOM_A", "HW_CPU_X86_AVX2"]}
    assert env.delete("/v1/nodes/t/traits").status_code == 204
    assert env.get("/v1/nodes/t/traits").json == {"traits": []}
    assert env.get("/v1/nodes/t/traits", version="1.36").status_code == 404


def test_vifs(env: Env) -> None:
    env.node(name="v")
    vif = "1974dcfa-836f-41b2-b541-686c100900e5"
    assert env.get("/v1/nodes/v/vifs").json == {"vifs": []}
    attach = env.post("/v1/nodes/v/vifs", {"id": vif})
    assert attach.status_code in (204, 400, 409), attach.text
    if attach.status_code == 204:
        assert env.get("/v1/nodes/v/vifs").json == {"vifs": [{"id": vif}]}
        assert env.delete(f"/v1/nodes/v/vifs/{vif}").status_code == 204
    else:
        fault(attach)
    assert env.post("/v1/nodes/v/vifs", {"name": "x"}).status_code == 400
    assert env.post("/v1/nodes/v/vifs", {"id": vif, "port_uuid": vif, "portgroup_uuid": vif}
                    ).status_code == 400
    assert env.get("/v1/nodes/v/vifs", version="1.27").status_code == 404


def test_console(env: Env) -> None:
    env.node(name="c", console_interface="fake")
    assert env.get("/v1/nodes/c/states/console").json == {"console_enabled": False,
                                                          "console_info": None}
    result = env.put("/v1/nodes/c/states/console", {"enabled": True})
    assert result.status_code == 202
    assert result.headers["Location"] == f"{URL}/v1/nodes/c/states/console"
    assert env.put("/v1/nodes/c/states/console", {}).status_code == 400
    assert env.put("/v1/nodes/c/states/console", {"enabled": "maybe"}).status_code == 400


def test_raid(env: Env) -> None:
    env.node(name="raid", raid_interface="fake")
    config = {"logical_disks": [{"size_gb": 100, "raid_level": "1"}]}
    assert env.put("/v1/nodes/raid/states/raid", config).status_code == 204
    assert env.get("/v1/nodes/raid").json["target_raid_config"] == config
    assert env.put("/v1/nodes/raid/states/raid", config, version="1.11").status_code == 406
    bad = env.put("/v1/nodes/raid/states/raid", {"logical_disks": []})
    assert bad.status_code == 400


def test_vendor_passthru(env: Env) -> None:
    env.node(name="vp", vendor_interface="fake")
    methods = env.get("/v1/nodes/vp/vendor_passthru/methods").json
    assert "first_method" in methods
    assert methods["first_method"]["http_methods"] == ["POST"]
    sync = env.post("/v1/nodes/vp/vendor_passthru?method=third_method_sync", {"bar": "meow"})
    assert sync.status_code == 200, sync.text
    by_path = env.post("/v1/nodes/vp/vendor_passthru/third_method_sync", {"bar": "meow"})
    assert by_path.status_code == 200
    async_call = env.post("/v1/nodes/vp/vendor_passthru?method=first_method", {"bar": "baz"})
    assert async_call.status_code == 202
    assert env.post("/v1/nodes/vp/vendor_passthru", {}).status_code == 400


def test_history(env: Env) -> None:
    node = env.node(name="h")
    history = env.service.manager.nodes  # the repositories share the database
    from baton.db.repositories import NodeHistoryRepository

    repo = NodeHistoryRepository(env.db)
    for i in range(3):
        repo.record(node["id"] if "id" in node else history.get("h")["id"],
                    event=f"event {i} " + "x" * 300 * (i == 2) + " password=hunter2",
                    event_type="power", severity="ERROR", conductor="test-conductor")
    listed = env.get("/v1/nodes/h/history?limit=2").json
    assert len(listed["history"]) == 2
    first = listed["history"][0]
    assert set(first) == {"uuid", "created_at", "severity", "event", "links"}
    assert "hunter2" not in first["event"]
    assert listed["next"].startswith(f"{URL}/v1/nodes/h/history?limit=2&marker=")
    rest = env.get(listed["next"][len(URL):]).json["history"]
    assert len(rest) == 1 and rest[0]["event"].endswith("...")
    detail = env.get(f"/v1/nodes/h/history/{first['uuid']}").json
    assert detail["event_type"] == "power" and detail["conductor"] == "test-conductor"
    assert env.get("/v1/nodes/h/history", version="1.77").status_code == 404
