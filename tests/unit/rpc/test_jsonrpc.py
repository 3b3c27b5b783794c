"""JSON-RPC over real HTTP on 127.0.0.1: calls, errors, versions, protocol, routing."""

from __future__ import annotations

import datetime
import http.client
import json
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from baton import errors
from baton.conductor.service import ConductorService
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import ConductorRepository
from baton.engine.loader import DriverRegistry
from baton.interfaces.types import PowerState
from baton.rpc import versions
from baton.rpc.conductor_api import ConductorAPI
from baton.rpc.jsonrpc_client import JSONRPCClient
from baton.rpc.jsonrpc_server import JSONRPCApp, JSONRPCServer

from .conftest import HOST, make_conf


def raw(service: ConductorService, body: bytes, method: str = "POST",
        path: str = "/") -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", service.rpc_server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        conn.close()


def envelope(method: str, params: dict[str, Any], version: str = "1.0") -> bytes:
    return json.dumps({"jsonrpc": "2.0", "method": method, "params": params, "id": 7,
                       "version": version}).encode()


def test_service_advertises_its_real_port(service: ConductorService) -> None:
    assert service.rpc_server is not None and service.rpc_server.port > 0
    row = ConductorRepository(service.db).get(HOST)
    assert row["rpc_address"] == f"127.0.0.1:{service.rpc_server.port}"


def test_node_calls_round_trip(api: ConductorAPI, service: ConductorService) -> None:
    node = api.create_node({"driver": "fake-hardware", "name": "rpc-node"})
    assert node["name"] == "rpc-node"
    assert isinstance(node["created_at"], type(models.utcnow()))
    updated = api.update_node("rpc-node", {"extra": {"k": "v"}})
    assert updated["extra"] == {"k": "v"} and updated["updated_at"] is not None
    api.change_node_power_state(node["uuid"], PowerState.ON)
    service.manager.pool.wait(10)
    assert service.manager.nodes.get(node["uuid"])["power_state"] == PowerState.ON
    api.set_boot_device(node["uuid"], "disk", persistent=True)
    assert api.get_boot_device(node["uuid"]) == {"boot_device": "disk", "persistent": True}
    assert api.validate_driver_interfaces(node["uuid"])["power"]["result"] is True
    api.add_node_traits(node["uuid"], ["CUSTOM_A"])
    port = api.create_port({"node_uuid": node["uuid"], "address": "52:54:00:aa:bb:cc"})
    api.vif_attach(node["uuid"], {"id": "vif-x"})
    assert api.vif_list(node["uuid"]) == [{"id": "vif-x"}]
    api.vif_detach(node["uuid"], "vif-x")
    assert api.update_port(port["uuid"], {"extra": {"p": 1}})["extra"] == {"p": 1}
    api.destroy_port(port["uuid"])
    assert api.get_driver_properties("fake-hardware") == \
        service.manager.get_driver_properties("fake-hardware")
    api.destroy_node(node["uuid"])


def test_errors_cross_as_the_same_class(api: ConductorAPI, service: ConductorService) -> None:
    node = api.create_node({"driver": "fake-hardware"})
    with pytest.raises(errors.InvalidParameterValue, match="does not support the power state"):
        api.change_node_power_state(node["uuid"], "sideways")
    service.manager.nodes.reserve(node["uuid"], "somebody")
    with pytest.raises(errors.NodeLocked, match="locked by host somebody") as info:
        api.update_node(node["uuid"], {"extra": {}})
    assert info.value.code == 409 and info.value.kwargs["host"] == "somebody"
    with pytest.raises(errors.NodeNotFound):
        api.call(HOST, "destroy_node", node_id="missing")
    with pytest.raises(errors.NodeNotFound):  # routing read, before any RPC
        api.destroy_node("missing")


def test_server_refuses_versions_it_does_not_serve(service: ConductorService) -> None:
    for wanted in ("1.99", "2.0"):
        status, body = raw(service, envelope("get_driver_properties",
                                             {"driver": "fake-hardware"}, wanted))
        assert status == 200
        assert body["error"]["class"] == "RPCVersionMismatch", body
        assert body["id"] == 7
    status, body = raw(service, envelope("get_driver_properties", {"driver": "fake-hardware"}))
    assert "result" in body


def test_client_refuses_methods_above_the_target_version(
        api: ConductorAPI, service: ConductorService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(versions.METHODS, "inject_nmi", "1.99")
    monkeypatch.setattr(ConductorAPI, "RPC_API_VERSION", "1.99")
    with pytest.raises(errors.RPCVersionMismatch,
                       match=f"{HOST} serves RPC API {versions.RPC_API_VERSION}"):
        api.inject_nmi("whatever", topic=HOST)


def test_protocol_errors(service: ConductorService) -> None:
    assert raw(service, b"{not json")[1]["error"]["code"] == -32700
    assert raw(service, b"[1, 2]")[1]["error"]["code"] == -32600
    body = raw(service, envelope("drop_database", {}))[1]
    assert body["error"]["code"] == -32601 and body["error"]["class"] == "RPCError"
    body = raw(service, envelope("get_driver_properties", {"nope": 1}))[1]
    assert body["error"]["code"] == -32602
    assert raw(service, b"", method="GET")[0] == 405
    assert raw(service, b"{}", path="/other")[0] == 404


def test_client_keeps_the_connection_alive(service: ConductorService) -> None:
    client = JSONRPCClient(timeout=5)
    address = f"127.0.0.1:{service.rpc_server.port}"
    for _ in range(3):
        client.call(address, "get_driver_properties", {"driver": "fake-hardware"},
                    version="1.0")
    conns = client._connections()
    assert list(conns) == [address]
    first = conns[address]
    client.call(address, "get_driver_properties", {"driver": "fake-hardware"}, version="1.0")
    assert client._connections()[address] is first
    client.close()


def test_client_reopens_a_connection_the_server_closed(service: ConductorService) -> None:
    # Idle keep-alive connections are closed quickly.
    server = JSONRPCServer(JSONRPCApp(service.manager, host=HOST), "127.0.0.1", 0, threads=2,
                           idle_timeout=0.2)
    server.start()
    try:
        client = JSONRPCClient(timeout=5)
        address = f"127.0.0.1:{server.port}"
        client.call(address, "get_driver_properties", {"driver": "fake-hardware"},
                    version="1.0")
        time.sleep(0.8)
        assert client.call(address, "get_driver_properties", {"driver": "fake-hardware"},
                           version="1.0") == service.manager.get_driver_properties(
                               "fake-hardware")
        client.close()
    finally:
        server.stop()


def test_unreachable_conductor_is_a_temporary_failure() -> None:
    client = JSONRPCClient(timeout=2)
    with pytest.raises(errors.TemporaryFailure):
        client.call("127.0.0.1:1", "get_driver_properties", {"driver": "x"}, version="1.0")


def test_requests_are_routed_by_the_hash_ring(tmp_path: Path, db: Database) -> None:
    services = []
    for host in ("rpc-a", "rpc-b"):
        conf = make_conf(tmp_path, host=host)
        svc = ConductorService(conf, db, DriverRegistry(conf))
        svc.start()
        services.append(svc)
    try:
        api = ConductorAPI(make_conf(tmp_path, host="api"), db)
        nodes = [api.create_node({"driver": "fake-hardware"}) for _ in range(12)]
        owners = {n["uuid"]: api.get_topic_for(n) for n in nodes}
        assert set(owners.values()) == {"rpc-a", "rpc-b"}
        for n in nodes:
            api.change_node_power_state(n["uuid"], PowerState.ON)
        for svc in services:
            svc.manager.pool.wait(10)
        histories = {svc.host: svc for svc in services}
        for n in nodes:
            assert histories[owners[n["uuid"]]].manager.nodes.get(n["uuid"])[
                "power_state"] == PowerState.ON
        # rpc-b stops heartbeating: its nodes move to rpc-a.
        services[1].stop()
        assert {api.get_topic_for(n) for n in nodes} == {"rpc-a"}
        api.change_node_power_state(nodes[0]["uuid"], PowerState.OFF)
        services[0].manager.pool.wait(10)
        assert services[0].manager.nodes.get(nodes[0]["uuid"])["power_state"] == \
            PowerState.OFF
    finally:
        for svc in services:
            svc.stop()


def test_dead_conductor_without_heartbeat_leaves_routing(tmp_path: Path, db: Database,
                                                         service: ConductorService) -> None:
    api = ConductorAPI(make_conf(tmp_path, host="api"), db)
    node = api.create_node({"driver": "fake-hardware"})
    with db.transaction() as conn:
        conn.execute(update(models.conductors).values(
            heartbeat_at=models.utcnow() - datetime.timedelta(hours=1)))
    with pytest.raises(errors.NoValidHost):
        api.change_node_power_state(node["uuid"], PowerState.ON)
    service.heartbeat()
    started = time.monotonic()
    api.change_node_power_state(node["uuid"], PowerState.ON)
    assert time.monotonic() - started < 5
