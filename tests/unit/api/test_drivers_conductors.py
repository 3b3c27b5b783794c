"""Drivers and conductors."""

from __future__ import annotations

from .conftest import Env, fault

URL = "http://falconframework.org"


def test_driver_list_and_detail(env: Env) -> None:
    drivers = env.get("/v1/drivers").json["drivers"]
    (fake,) = [d for d in drivers if d["name"] == "fake-hardware"]
    assert fake["hosts"] == ["test-conductor"] and fake["type"] == "dynamic"
    assert "default_power_interface" not in fake
    assert fake["links"][0]["href"] == f"{URL}/v1/drivers/fake-hardware"
    detail = env.get("/v1/drivers?detail=True").json["drivers"][0]
    assert detail["default_power_interface"] == "fake"
    assert "fake" in detail["enabled_power_interfaces"]
    assert "default_firmware_interface" not in detail
    assert "default_bios_interface" not in env.get("/v1/drivers/fake-hardware",
                                                   version="1.39").json
    assert "type" not in env.get("/v1/drivers", version="1.29").json["drivers"][0]
    assert env.get("/v1/drivers?detail=True", version="1.29").status_code == 406
    assert env.get("/v1/drivers?type=classic").json == {"drivers": []}
    assert env.get("/v1/drivers?type=odd").status_code == 400
    only = env.get("/v1/drivers/fake-hardware?fields=name,hosts").json
    assert set(only) == {"name", "hosts", "links"}


def test_driver_show_properties_raid_vendor(env: Env) -> None:
    missing = env.get("/v1/drivers/nope")
    assert missing.status_code == 404
    fault(missing)
    props = env.get("/v1/drivers/fake-hardware/properties")
    assert props.status_code == 200 and isinstance(props.json, dict)
    raid = env.get("/v1/drivers/fake-hardware/raid/logical_disk_properties")
    assert raid.status_code == 200 and "size_gb" in raid.json
    methods = env.get("/v1/drivers/fake-hardware/vendor_passthru/methods")
    assert methods.status_code == 200
    assert "echo" in methods.json
    echo = env.get("/v1/drivers/fake-hardware/vendor_passthru?method=echo")
    assert echo.status_code == 200


def test_conductors(env: Env) -> None:
    listed = env.get("/v1/conductors").json["conductors"]
    assert listed == [{"hostname": "test-conductor", "conductor_group": "", "alive": True,
                       "links": [{"href": f"{URL}/v1/conductors/test-conductor",
                                  "rel": "self"},
                                 {"href": f"{URL}/conductors/test-conductor",
                                  "rel": "bookmark"}]}]
    shown = env.get("/v1/conductors/test-conductor").json
    assert shown["drivers"] == ["fake-hardware"] and shown["alive"] is True
    assert shown["created_at"].endswith("+00:00")
    assert env.get("/v1/conductors?detail=True").json["conductors"][0]["drivers"] == [
        "fake-hardware"]
    assert env.get("/v1/conductors/elsewhere").status_code == 404
    assert env.get("/v1/conductors", version="1.48").status_code == 404
    assert env.get("/v1/conductors?fields=nonsense").status_code == 400
