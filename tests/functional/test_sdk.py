"""A real baton-server driven by openstacksdk's baremetal proxy, as an Ironic user would."""

from __future__ import annotations

from collections.abc import Iterator

import openstack
import openstack.connection
import pytest
from openstack import exceptions as sdk_exc


@pytest.fixture(scope="module")
def conn(server: str) -> Iterator[openstack.connection.Connection]:
    connection = openstack.connect(auth_type="none", baremetal_endpoint_override=server,
                                   load_yaml_config=False, load_envvars=False)
    yield connection
    connection.close()


def test_negotiates_microversion(conn: openstack.connection.Connection) -> None:
    version = conn.baremetal.get_endpoint_data().max_microversion
    assert version is not None
    assert tuple(version) >= (1, 78)


def test_node_crud(conn: openstack.connection.Connection) -> None:
    node = conn.baremetal.create_node(driver="fake-hardware", name="sdk-crud",
                                      driver_info={"fake_password": "s3cret", "x": 1},
                                      properties={"cpus": 4})
    try:
        assert node.name == "sdk-crud"
        assert node.provision_state == "enroll"
        assert node.power_interface == "fake"
        assert node.driver_info["fake_password"] == "******"
        fetched = conn.baremetal.get_node("sdk-crud")
        assert fetched.id == node.id
        assert fetched.properties == {"cpus": 4}
        updated = conn.baremetal.update_node(node, extra={"rack": "r1"},
                                             description="functional test node")
        assert updated.extra == {"rack": "r1"}
        assert updated.description == "functional test node"
        assert "sdk-crud" in [n.name for n in conn.baremetal.nodes()]
        detailed = [n for n in conn.baremetal.nodes(details=True) if n.id == node.id]
        assert detailed[0].properties == {"cpus": 4}
        assert detailed[0].conductor == "functional-1"
    finally:
        conn.baremetal.delete_node(node.id)
    with pytest.raises(sdk_exc.NotFoundException):
        conn.baremetal.get_node(node.id)


def test_duplicate_name_is_a_conflict(conn: openstack.connection.Connection) -> None:
    node = conn.baremetal.create_node(driver="fake-hardware", name="sdk-dup")
    try:
        with pytest.raises(sdk_exc.ConflictException) as err:
            conn.baremetal.create_node(driver="fake-hardware", name="sdk-dup")
        assert "sdk-dup" in str(err.value)
    finally:
        conn.baremetal.delete_node(node.id)


def test_power_and_boot_device(conn: openstack.connection.Connection) -> None:
    node = conn.baremetal.create_node(driver="fake-hardware", name="sdk-power")
    try:
        conn.baremetal.set_node_power_state(node, "power on", wait=True, timeout=30)
        assert conn.baremetal.get_node(node.id).power_state == "power on"
        conn.baremetal.set_node_power_state(node, "power off", wait=True, timeout=30)
        assert conn.baremetal.get_node(node.id).power_state == "power off"
        conn.baremetal.set_node_boot_device(node, "pxe", persistent=True)
        assert conn.baremetal.get_node_boot_device(node) == {"boot_device": "pxe",
                                                             "persistent": True}
        supported = conn.baremetal.get_node_supported_boot_devices(node)
        assert {"pxe", "disk"} <= set(supported["supported_boot_devices"])
    finally:
        conn.baremetal.delete_node(node.id)


def test_traits_maintenance_validate(conn: openstack.connection.Connection) -> None:
    node = conn.baremetal.create_node(driver="fake-hardware", name="sdk-traits")
    try:
        conn.baremetal.add_node_trait(node, "CUSTOM_GPU")
        conn.baremetal.set_node_traits(node, ["CUSTOM_GPU", "HW_CPU_X86_AVX2"])
        assert sorted(conn.baremetal.get_node(node.id).traits) == ["CUSTOM_GPU",
                                                                    "HW_CPU_X86_AVX2"]
        conn.baremetal.remove_node_trait(node, "CUSTOM_GPU")
        assert conn.baremetal.get_node(node.id).traits == ["HW_CPU_X86_AVX2"]
        with pytest.raises(sdk_exc.BadRequestException):
            conn.baremetal.add_node_trait(node, "lowercase-is-invalid")

        conn.baremetal.set_node_maintenance(node, reason="disk swap")
        shown = conn.baremetal.get_node(node.id)
        assert shown.is_maintenance and shown.maintenance_reason == "disk swap"
        conn.baremetal.unset_node_maintenance(node)
        assert not conn.baremetal.get_node(node.id).is_maintenance

        result = conn.baremetal.validate_node(node, required=("power", "management"))
        assert result["power"].result and result["management"].result
    finally:
        conn.baremetal.delete_node(node.id)


def test_ports_and_vifs(conn: openstack.connection.Connection) -> None:
    node = conn.baremetal.create_node(driver="fake-hardware", name="sdk-ports")
    try:
        port = conn.baremetal.create_port(node_id=node.id, address="52:54:00:aa:bb:01")
        assert port.address == "52:54:00:aa:bb:01"
        with pytest.raises(sdk_exc.ConflictException):
            conn.baremetal.create_port(node_id=node.id, address="52:54:00:aa:bb:01")
        assert [p.id for p in conn.baremetal.ports(node=node.id)] == [port.id]
        conn.baremetal.attach_vif_to_node(node, "f0a1b2c3-0000-4000-8000-000000000001")
        assert conn.baremetal.list_node_vifs(node) == ["f0a1b2c3-0000-4000-8000-000000000001"]
        conn.baremetal.detach_vif_from_node(node, "f0a1b2c3-0000-4000-8000-000000000001")
        assert conn.baremetal.list_node_vifs(node) == []
        conn.baremetal.delete_port(port.id)
        assert list(conn.baremetal.ports(node=node.id)) == []
    finally:
        conn.baremetal.delete_node(node.id)
