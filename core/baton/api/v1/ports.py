"""``/v1/ports`` (and ``/v1/nodes/{id}/ports``, ``/v1/portgroups/{id}/ports``)."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import validation
from baton.api.errors import reraise_with_status
from baton.api.v1 import common, generic, patch, shapes
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import check_node_ident
from baton.db import models

__all__ = ["NodePorts", "PortCollection", "PortDetail", "PortItem", "PortgroupPorts"]

_KINDS = {
    "address": "mac", "node_uuid": "uuid", "portgroup_uuid": "uuid?", "extra": "dict",
    "local_link_connection": "dict", "pxe_enabled": "bool", "physical_network": "str?",
    "is_smartnic": "bool",
}
_CREATE_KINDS = dict(_KINDS, uuid="uuid?", extra="dict?", local_link_connection="dict?",
                     pxe_enabled="bool?", is_smartnic="bool?")
_LLC_KEYS = frozenset({"switch_id", "port_id", "switch_info", "hostname", "network_type"})
_QUERY = frozenset({"node", "node_uuid", "address", "portgroup"})


def _check_version(fields: Any, mv: int) -> None:
    for name in fields:
        wanted = shapes.PORT.field_minor.get(name, 0)
        if wanted > mv:
            raise validation.not_acceptable()


def _check_llc(llc: dict[str, Any] | None, mv: int) -> None:
    if not llc:
        return
    for key, value in llc.items():
        if key not in _LLC_KEYS:
            raise errors.InvalidParameterValue(
                f"Invalid local_link_connection: additional properties are not allowed "
                f"('{key}' was unexpected)")
        if not isinstance(value, str):
            raise errors.InvalidParameterValue(
                f"Invalid local_link_connection: {key} must be a string")
    if "network_type" in llc:
        if mv < 64:
            raise validation.not_acceptable()
        if llc["network_type"] not in ("managed", "unmanaged"):
            raise errors.InvalidParameterValue(
                "Invalid local_link_connection: network_type must be 'managed' or "
                "'unmanaged'")


def _check_physnet(values: dict[str, Any]) -> None:
    if "physical_network" in values and values["physical_network"] is not None:
        if not values["physical_network"]:
            raise errors.Invalid("A non-empty value is required when setting "
                                 "physical_network")
        if len(values["physical_network"]) > 64:
            raise errors.InvalidParameterValue("physical_network is longer than 64 "
                                               "characters")


def _portgroup_id(deps: Deps, pg_uuid: str | None, node: dict[str, Any]) -> int | None:
    if not pg_uuid:
        return None
    try:
        pg = deps.portgroups.get(pg_uuid)
    except errors.PortgroupNotFound as exc:
        reraise_with_status(exc, 400)
    if pg["node_id"] != node["id"]:
        raise errors.Invalid("Port can not be added to a portgroup belonging to a "
                             "different node.")
    pg_id: int = pg["id"]
    return pg_id


def _list_filters(req: falcon.Request, deps: Deps, node: str | None,
                  portgroup: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    mv = common.minor(req)
    filters: dict[str, Any] = {}
    params: dict[str, Any] = {}
    node = node or common.query_str(req, "node_uuid") or common.query_str(req, "node")
    portgroup = portgroup or common.query_str(req, "portgroup")
    address = common.query_str(req, "address")
    if node:
        check_node_ident(req, node)
        filters["node_id"] = deps.nodes.get(node)["id"]
        params["node"] = node
    if portgroup:
        if mv < 24:
            raise validation.not_acceptable()
        filters["portgroup_id"] = deps.portgroups.get(portgroup)["id"]
        params["portgroup"] = portgroup
    if address:
        filters["address"] = validation.valid_mac("address", address)
        params["address"] = address
    return filters, params


def _list(req: falcon.Request, resp: falcon.Response, deps: Deps, *, detail: bool,
          node: str | None = None, portgroup: str | None = None, url_path: str = "ports",
          ) -> None:
    _check_version(common.parse_fields(req) or [], common.minor(req))
    filters, params = _list_filters(req, deps, node, portgroup)
    generic.list_resource(
        req, resp, deps, shape=shapes.PORT, repo=deps.ports, item_name="ports",
        url_path=url_path, filters=filters, next_params=params, table=models.ports,
        invalid_sort=("extra", "internal_info", "local_link_connection"),
        detail_path=detail, allowed_query=_QUERY)


class PortCollection:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        _list(req, resp, self.deps, detail=False)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        mv = common.minor(req)
        body = common.body_object(req)
        _check_version(body, mv)
        for required in ("address", "node_uuid"):
            if required not in body:
                raise errors.InvalidParameterValue(
                    f"Schema error for port: '{required}' is a required property")
        values = validation.check_typed(body, _CREATE_KINDS)
        _check_llc(values.get("local_link_connection"), mv)
        _check_physnet(values)
        node = generic.node_id_for(self.deps, values.pop("node_uuid"))
        values["node_id"] = node["id"]
        pg_id = _portgroup_id(self.deps, values.pop("portgroup_uuid", None), node)
        if pg_id is not None:
            values["portgroup_id"] = pg_id
        if values.get("is_smartnic") and not {"port_id", "hostname"} <= set(
                values.get("local_link_connection") or {}):
            raise errors.Invalid("Smart NIC port must have port_id and hostname in "
                                 "local_link_connection")
        values = {k: v for k, v in values.items() if v is not None}
        port = self.deps.rpc.create_port(values)
        resp.location = f"{req.context.public_url}/v1/ports/{port['uuid']}"
        generic.show_resource(req, resp, self.deps, shapes.PORT, port, falcon.HTTP_201)


class PortDetail:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        _list(req, resp, self.deps, detail=True)


class PortItem:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _get(self, ident: str) -> dict[str, Any]:
        validation.valid_uuid_or_name("port", ident)
        return self.deps.ports.get(ident)

    def on_get(self, req: falcon.Request, resp: falcon.Response, port_ident: str) -> None:
        common.check_query(req, frozenset({"fields"}))
        _check_version(common.parse_fields(req) or [], common.minor(req))
        generic.show_resource(req, resp, self.deps, shapes.PORT, self._get(port_ident))

    def on_patch(self, req: falcon.Request, resp: falcon.Response, port_ident: str) -> None:
        ops = patch.validate_ops(common.body_list(req))
        mv = common.minor(req)
        _check_version([op["path"].split("/")[1] for op in ops], mv)
        port = self._get(port_ident)

        def resolve(changed: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
            node = self.deps.nodes.get_by_id(port["node_id"])
            if "node_uuid" in changed:
                node = generic.node_id_for(self.deps, changed.pop("node_uuid"))
                changed["node_id"] = node["id"]
            if "portgroup_uuid" in changed or "node_id" in changed:
                changed["portgroup_id"] = _portgroup_id(
                    self.deps, doc.get("portgroup_uuid"), node)
                changed.pop("portgroup_uuid", None)
            return changed

        values = generic.patched_values(req, self.deps, shapes.PORT, port, ops, _KINDS,
                                        resolve)
        _check_llc(values.get("local_link_connection"), mv)
        _check_physnet(values)
        if values:
            port = self.deps.rpc.update_port(port["uuid"], values)
        generic.show_resource(req, resp, self.deps, shapes.PORT, port)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, port_ident: str) -> None:
        port = self._get(port_ident)
        self.deps.rpc.destroy_port(port["uuid"])
        resp.status = falcon.HTTP_204


class NodePorts:
    """``/v1/nodes/{id}/ports`` and its ``/detail``."""

    def __init__(self, deps: Deps, *, detail: bool = False) -> None:
        self.deps = deps
        self.detail = detail

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        _list(req, resp, self.deps, detail=self.detail, node=node_ident,
              url_path=f"nodes/{node_ident}/ports")


class PortgroupPorts:
    """``/v1/portgroups/{id}/ports`` and its ``/detail`` (from 1.24)."""

    def __init__(self, deps: Deps, *, detail: bool = False) -> None:
        self.deps = deps
        self.detail = detail

    def on_get(self, req: falcon.Request, resp: falcon.Response, portgroup_ident: str,
               ) -> None:
        common.require_minor(req, 24)
        _list(req, resp, self.deps, detail=self.detail, portgroup=portgroup_ident,
              url_path=f"portgroups/{portgroup_ident}/ports")
