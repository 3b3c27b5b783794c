"""The whole provisioning life of a fake-hardware node over real HTTP, with openstacksdk."""

from __future__ import annotations

from collections.abc import Iterator

import openstack
import openstack.connection
import pytest
from openstack import exceptions as sdk_exc

Conn = openstack.connection.Connection


@pytest.fixture(scope="module")
def conn(server: str) -> Iterator[Conn]:
    connection = openstack.connect(auth_type="none", baremetal_endpoint_override=server,
                                   load_yaml_config=False, load_envvars=False)
    yield connection
    connection.close()


def _go(conn: Conn, node: str, target: str, expected: str, **kwargs: object) -> None:
    # The SDK can't wait after every verb (it knows no end state for unrescue).
    conn.baremetal.set_node_provision_state(node, target, **kwargs)
    done = conn.baremetal.wait_for_nodes_provision_state([node], expected, timeout=30)[0]
    assert done.provision_state == expected, (target, done.provision_state, done.last_error)
    assert done.target_provision_state is None and done.last_error is None
    assert done.reservation is None


def test_node_life(conn: Conn) -> None:
    node = conn.baremetal.create_node(driver="fake-hardware", name="sdk-life",
                                      properties={"cpus": 2})
    try:
        _go(conn, "sdk-life", "manage", "manageable")
        _go(conn, "sdk-life", "inspect", "manageable")
        _go(conn, "sdk-life", "provide", "available")
        _go(conn, "sdk-life", "active", "active", config_drive="H4sIAAAAAAAA")
        shown = conn.baremetal.get_node("sdk-life")
        assert shown.power_state == "power on" and shown.deploy_step == {}
        _go(conn, "sdk-life", "rebuild", "active")
        _go(conn, "sdk-life", "rescue", "rescue", rescue_password="pw")
        _go(conn, "sdk-life", "unrescue", "active")
        _go(conn, "sdk-life", "deleted", "available")
        shown = conn.baremetal.get_node("sdk-life")
        assert shown.instance_info == {} and shown.power_state == "power off"
        with pytest.raises(sdk_exc.BadRequestException, match='state "available"'):
            conn.baremetal.set_node_provision_state("sdk-life", "unrescue")
        events = [e["event"] for e in conn.baremetal.get(
            f"/nodes/{node.id}/history?detail=true",
            headers={"X-OpenStack-Ironic-API-Version": "1.78"}).json()["history"]]
        assert any("Deploy of node" in e for e in events)
        assert any("Tear down of node" in e for e in events)
    finally:
        conn.baremetal.set_node_maintenance(node, reason="test cleanup")
        conn.baremetal.delete_node(node)


def test_manual_clean_with_steps(conn: Conn) -> None:
    node = conn.baremetal.create_node(driver="fake-hardware", name="sdk-clean")
    try:
        _go(conn, "sdk-clean", "manage", "manageable")
        steps = [{"interface": "bios", "step": "apply_configuration",
                  "args": {"settings": [{"name": "HyperThreading", "value": "Off"}]}},
                 {"interface": "bios", "step": "cache_bios_settings"}]
        _go(conn, "sdk-clean", "clean", "manageable", clean_steps=steps)
        with pytest.raises(sdk_exc.BadRequestException, match="bios.nope"):
            conn.baremetal.set_node_provision_state(
                "sdk-clean", "clean", clean_steps=[{"interface": "bios", "step": "nope"}])
        assert conn.baremetal.get_node("sdk-clean").provision_state == "manageable"
    finally:
        conn.baremetal.delete_node(node)
