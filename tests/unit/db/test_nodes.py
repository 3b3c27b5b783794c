"""NodeRepository: CRUD, error mapping without partial writes, lists, the node lock."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import (
    ChassisRepository,
    NodeHistoryRepository,
    NodeRepository,
    PortgroupRepository,
    PortRepository,
    VolumeConnectorRepository,
    VolumeTargetRepository,
)
from baton.db.repositories.base import is_uuid_like


@pytest.fixture
def nodes(db: Database) -> NodeRepository:
    return NodeRepository(db)


def _node(nodes: NodeRepository, **values: Any) -> dict[str, Any]:
    return nodes.create({"driver": "fake-hardware", **values})


def test_create_fills_defaults_and_reads_back(nodes: NodeRepository) -> None:
    node = _node(nodes, name="n1", driver_info={"ipmi_password": "x"}, traits=["CUSTOM_A"])
    assert uuid.UUID(node["uuid"])
    assert node["provision_state"] == "enroll"
    assert node["maintenance"] is False
    assert node["properties"] == {} and node["traits"] == ["CUSTOM_A"]
    assert node["created_at"] is not None and node["updated_at"] is None
    assert nodes.get(node["uuid"]) == node
    assert nodes.get("n1") == node
    assert nodes.get_by_id(node["id"]) == node


def test_get_missing(nodes: NodeRepository) -> None:
    with pytest.raises(errors.NodeNotFound, match="nope"):
        nodes.get("nope")
    with pytest.raises(errors.NodeNotFound):
        nodes.get(str(uuid.uuid4()))
    with pytest.raises(errors.NodeNotFound):
        nodes.get_by_id(12345)


def test_duplicates_map_to_errors_and_write_nothing(nodes: NodeRepository) -> None:
    first = _node(nodes, name="n1", instance_uuid="00000000-0000-0000-0000-00000000000a")
    with pytest.raises(errors.NodeAlreadyExists, match=first["uuid"]):
        _node(nodes, uuid=first["uuid"])
    with pytest.raises(errors.DuplicateName, match="n1"):
        _node(nodes, name="n1")
    with pytest.raises(errors.InstanceAssociated):
        _node(nodes, instance_uuid=first["instance_uuid"])
    assert nodes.count() == 1
    second = _node(nodes, name="n2")
    with pytest.raises(errors.DuplicateName):
        nodes.update(second["uuid"], {"name": "n1", "description": "changed"})
    assert nodes.get(second["uuid"])["description"] is None


def test_create_validates(nodes: NodeRepository) -> None:
    with pytest.raises(errors.InvalidParameterValue, match="bogus"):
        _node(nodes, bogus=1)
    with pytest.raises(errors.MissingParameterValue, match="driver"):
        nodes.create({"name": "nodriver"})
    with pytest.raises(errors.ChassisNotFound):
        _node(nodes, chassis_id=999)
    assert nodes.count() == 0


def test_update(nodes: NodeRepository) -> None:
    node = _node(nodes, name="n1")
    updated = nodes.update("n1", {"power_state": "power on", "extra": {"a": 1}})
    assert updated["power_state"] == "power on" and updated["extra"] == {"a": 1}
    assert updated["updated_at"] is not None
    assert nodes.update(node["uuid"], {"provision_state": "manageable"})[
        "provision_updated_at"] is not None
    with pytest.raises(errors.InvalidParameterValue, match="UUID"):
        nodes.update(node["uuid"], {"uuid": str(uuid.uuid4())})
    with pytest.raises(errors.NodeNotFound):
        nodes.update("ghost", {"name": "x"})
    with pytest.raises(errors.InvalidParameterValue):
        nodes.update(node["uuid"], {"no_such_column": 1})


def test_update_instance_association(nodes: NodeRepository) -> None:
    node = _node(nodes)
    inst = str(uuid.uuid4())
    nodes.update(node["uuid"], {"instance_uuid": inst})
    nodes.update(node["uuid"], {"instance_uuid": inst})  # same value: fine
    with pytest.raises(errors.NodeAssociated, match=inst):
        nodes.update(node["uuid"], {"instance_uuid": str(uuid.uuid4())})
    assert nodes.update(node["uuid"], {"instance_uuid": None})["instance_uuid"] is None
    other = _node(nodes)
    nodes.update(node["uuid"], {"instance_uuid": inst})
    with pytest.raises(errors.InstanceAssociated):
        nodes.update(other["uuid"], {"instance_uuid": inst})


def test_destroy_removes_dependents(db: Database, nodes: NodeRepository) -> None:
    node = _node(nodes, name="gone")
    keep = _node(nodes, name="kept")
    pg = PortgroupRepository(db).create({"node_id": node["id"], "address": "52:54:00:00:00:01"})
    PortRepository(db).create({"node_id": node["id"], "address": "52:54:00:00:00:02",
                               "portgroup_id": pg["id"]})
    kept_port = PortRepository(db).create({"node_id": keep["id"],
                                           "address": "52:54:00:00:00:03"})
    VolumeConnectorRepository(db).create({"node_id": node["id"], "type": "iqn",
                                          "connector_id": "iqn.2024-01.x"})
    VolumeTargetRepository(db).create({"node_id": node["id"], "volume_type": "iscsi",
                                       "boot_index": 0, "volume_id": "v1"})
    NodeHistoryRepository(db).record(node["id"], event="x", event_type="power",
                                     severity="ERROR", conductor="c1")
    nodes.destroy("gone")
    with pytest.raises(errors.NodeNotFound):
        nodes.get("gone")
    assert PortRepository(db).list() == [kept_port]
    assert PortgroupRepository(db).count() == 0
    assert VolumeConnectorRepository(db).count() == 0
    assert VolumeTargetRepository(db).count() == 0
    assert NodeHistoryRepository(db).count() == 0
    with pytest.raises(errors.NodeNotFound):
        nodes.destroy("gone")


def test_list_filters(db: Database, nodes: NodeRepository) -> None:
    chassis = ChassisRepository(db).create({})
    a = _node(nodes, name="a", maintenance=True, owner="p1", resource_class="gold",
              chassis_id=chassis["id"], description="rack 12 left")
    b = _node(nodes, name="b", instance_uuid=str(uuid.uuid4()), lessee="p1",
              provision_state="active", driver="other")
    c = _node(nodes, name="c", retired=True, fault="power failure", conductor_group="g1")

    def names(**filters: Any) -> list[str]:
        return [n["name"] for n in nodes.list(filters=filters)]

    assert names() == ["a", "b", "c"]
    assert names(maintenance=True) == ["a"]
    assert names(associated=True) == ["b"]
    assert names(associated=False) == ["a", "c"]
    assert names(driver="other") == ["b"]
    assert names(provision_state=["active", "manageable"]) == ["b"]
    assert names(project="p1") == ["a", "b"]
    assert names(owner="p1") == ["a"]
    assert names(lessee="p1") == ["b"]
    assert names(resource_class="gold") == ["a"]
    assert names(chassis_id=chassis["id"]) == ["a"]
    assert names(retired=True) == ["c"]
    assert names(fault="power failure") == ["c"]
    assert names(conductor_group="g1") == ["c"]
    assert names(instance_uuid=b["instance_uuid"]) == ["b"]
    assert names(name=["a", "c", "zzz"]) == ["a", "c"]
    assert names(uuid_in=[a["uuid"], c["uuid"]]) == ["a", "c"]
    assert names(name=[]) == []
    assert names(description_contains="12 l") == ["a"]
    assert names(description_contains="%") == []
    nodes.reserve("c", "host-1")
    assert names(reserved=True) == ["c"]
    assert names(reservation="host-1") == ["c"]
    assert names(reserved_by_any_of=["host-2", "host-1"]) == ["c"]
    assert names(maintenance=False, retired=False) == ["b"]
    assert nodes.count({"maintenance": False}) == 2
    with pytest.raises(errors.InvalidParameterValue, match="nonsense"):
        nodes.list(filters={"nonsense": 1})


def test_list_columns_limit_and_sort(nodes: NodeRepository) -> None:
    for name in ("b", "a", "c"):
        _node(nodes, name=name)
    rows = nodes.list(columns=["uuid", "name"], sort_key="name", sort_dir="desc", limit=2)
    assert [set(r) for r in rows] == [{"uuid", "name"}] * 2
    assert [r["name"] for r in rows] == ["c", "b"]
    with pytest.raises(errors.InvalidParameterValue, match="sort"):
        nodes.list(sort_key="driver_info")
    with pytest.raises(errors.InvalidParameterValue, match="sort"):
        nodes.list(sort_key="nonexistent")
    with pytest.raises(errors.InvalidParameterValue, match="direction"):
        nodes.list(sort_dir="up")
    with pytest.raises(errors.InvalidParameterValue, match="bogus"):
        nodes.list(columns=["uuid", "bogus"])
    with pytest.raises(errors.InvalidParameterValue, match="Marker"):
        nodes.list(marker=str(uuid.uuid4()))


@pytest.mark.parametrize("sort_key", ["id", "name", "resource_class", "created_at"])
@pytest.mark.parametrize("sort_dir", ["asc", "desc"])
def test_marker_pages_cover_every_row_once(nodes: NodeRepository, sort_key: str,
                                           sort_dir: str) -> None:
    # Nullable sort keys with NULLs and ties: paging must neither skip nor repeat.
    for i in range(11):
        _node(nodes, name=None if i % 3 == 0 else f"n{i % 5}-{i}",
              resource_class=None if i % 2 else f"rc{i % 3}")
    everything = nodes.list(sort_key=sort_key, sort_dir=sort_dir)
    seen: list[dict[str, Any]] = []
    marker = None
    while True:
        page = nodes.list(sort_key=sort_key, sort_dir=sort_dir, limit=3, marker=marker)
        if not page:
            break
        seen.extend(page)
        marker = page[-1]["uuid"]
    assert [n["uuid"] for n in seen] == [n["uuid"] for n in everything]
    assert len(seen) == 11


def test_reserve_and_release(nodes: NodeRepository) -> None:
    node = _node(nodes, name="n1")
    reserved = nodes.reserve(node["uuid"], "host-a")
    assert reserved["reservation"] == "host-a"
    with pytest.raises(errors.NodeLocked, match="host-a") as caught:
        nodes.reserve("n1", "host-b")
    assert caught.value.code == 409
    with pytest.raises(errors.NodeLocked, match="host-a"):
        nodes.release("n1", "host-b")
    assert nodes.release("n1", "host-a") is True
    assert nodes.release("n1", "host-a") is False
    assert nodes.reserve("n1", "host-b")["reservation"] == "host-b"
    with pytest.raises(errors.NodeNotFound):
        nodes.reserve("ghost", "host-a")
    with pytest.raises(errors.NodeNotFound):
        nodes.release(str(uuid.uuid4()), "host-a")


def test_release_all(nodes: NodeRepository) -> None:
    for i in range(3):
        nodes.reserve(_node(nodes)["uuid"], "dead-host" if i < 2 else "live-host")
    assert nodes.release_all("dead-host") == 2
    assert nodes.count({"reserved": True}) == 1


def test_concurrent_reserve_has_exactly_one_winner(nodes: NodeRepository) -> None:
    node = _node(nodes)
    threads = 16
    barrier = threading.Barrier(threads)
    winners: list[str] = []
    losers: list[str] = []
    failures: list[BaseException] = []

    def contend(host: str) -> None:
        barrier.wait()
        try:
            nodes.reserve(node["uuid"], host)
            winners.append(host)
        except errors.NodeLocked as exc:
            losers.append(exc.message)
        except BaseException as exc:
            failures.append(exc)

    workers = [threading.Thread(target=contend, args=(f"host-{i}",)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert failures == []
    assert len(winners) == 1
    assert len(losers) == threads - 1
    assert all(winners[0] in message for message in losers)
    assert nodes.get(node["uuid"])["reservation"] == winners[0]


def test_is_uuid_like() -> None:
    value = str(uuid.uuid4())
    assert is_uuid_like(value) and is_uuid_like(value.upper())
    assert is_uuid_like(value.replace("-", ""))
    assert not is_uuid_like("node-1") and not is_uuid_like(value[:-1])
    assert not is_uuid_like(value + "0") and not is_uuid_like(42)


def test_concurrent_writers_all_succeed(nodes: NodeRepository) -> None:
    failures: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(15):
                node = _node(nodes, name=f"w{worker}-{i}")
                nodes.update(node["uuid"], {"power_state": "power off"})
        except BaseException as exc:
            failures.append(exc)

    workers = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert failures == []
    assert nodes.count({"power_state": "power off"}) == 8 * 15
