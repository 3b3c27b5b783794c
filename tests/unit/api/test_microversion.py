"""Microversion negotiation and the version documents."""

from __future__ import annotations

import pytest

from baton.api import microversion
from baton.errors import NotAcceptable

from .conftest import Env, fault


def test_default_is_minimum_and_headers_always_present(env: Env) -> None:
    result = env.get("/v1/nodes", version=None)
    assert result.status_code == 200
    assert result.headers["X-OpenStack-Ironic-API-Version"] == "1.1"
    assert result.headers["X-OpenStack-Ironic-API-Minimum-Version"] == "1.1"
    assert result.headers["X-OpenStack-Ironic-API-Maximum-Version"] == "1.78"
    assert result.headers["OpenStack-API-Version"] == "baremetal 1.1"


def test_latest_and_standard_header(env: Env) -> None:
    assert env.get("/v1/nodes").headers["X-OpenStack-Ironic-API-Version"] == "1.78"
    result = env.get("/v1/nodes", version=None,
                     headers={"OpenStack-API-Version": "compute 2.1, baremetal 1.50"})
    assert result.headers["OpenStack-API-Version"] == "baremetal 1.50"


def test_standard_header_wins_over_legacy(env: Env) -> None:
    result = env.get("/v1/nodes", version="1.20",
                     headers={"OpenStack-API-Version": "baremetal 1.40"})
    assert result.headers["X-OpenStack-Ironic-API-Version"] == "1.40"


@pytest.mark.parametrize("value", ["1.79", "1.0", "2.1", "abc", "1.x", "1"])
def test_unsupported_versions_answer_406(env: Env, value: str) -> None:
    result = env.get("/v1/nodes", version=value)
    assert result.status_code == 406
    assert fault(result)["faultcode"] == "Client"
    assert result.headers["X-OpenStack-Ironic-API-Maximum-Version"] == "1.78"
    assert result.headers["X-OpenStack-Ironic-API-Minimum-Version"] == "1.1"


def test_parse_version() -> None:
    assert microversion.parse_version(None, None) == 1
    assert microversion.parse_version(None, "LATEST") == 78
    assert microversion.parse_version("baremetal 1.31", "1.2") == 31
    with pytest.raises(NotAcceptable):
        microversion.parse_version("baremetal 1.999", None)


def test_root_document(env: Env) -> None:
    body = env.get("/", version=None).json
    assert body["name"] == "OpenStack Ironic API"
    default = body["default_version"]
    assert default["id"] == "v1"
    assert default["min_version"] == "1.1"
    assert default["version"] == "1.78"
    assert default["status"] == "CURRENT"
    assert default["links"] == [{"href": "http://falconframework.org/v1/", "rel": "self"}]
    assert body["versions"] == [default]


def test_v1_document_shows_resources_by_version(env: Env) -> None:
    old = env.get("/v1", version="1.1").json
    assert "portgroups" not in old and "conductors" not in old and "volume" not in old
    new = env.get("/v1/").json
    for name in ("nodes", "ports", "chassis", "drivers", "portgroups", "volume",
                 "conductors"):
        assert new[name] == [
            {"href": f"http://falconframework.org/v1/{name}/", "rel": "self"},
            {"href": f"http://falconframework.org/{name}/", "rel": "bookmark"},
        ]
    assert new["version"]["version"] == "1.78"
    assert new["media_types"]["type"] == "application/vnd.openstack.ironic.v1+json"


def test_public_endpoint_is_used_in_links(env: Env) -> None:
    env.conf.set_override("public_endpoint", "https://bm.example.com:6385/", group="api")
    body = env.fresh_client().simulate_get("/").json
    assert body["default_version"]["links"][0]["href"] == "https://bm.example.com:6385/v1/"
