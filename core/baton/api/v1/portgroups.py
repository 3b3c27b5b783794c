"""``/v1/portgroups`` (from 1.23) and ``/v1/nodes/{id}/portgroups`` (from 1.24)."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import validation
from baton.api.v1 import common, generic, patch, shapes
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import check_node_ident
from baton.db import models

__all__ = ["NodePortgroups", "PortgroupCollection", "PortgroupDetail", "PortgroupItem"]

_MINOR = 23
_KINDS = {
    "name": "name?", "address": "mac?", "node_uuid": "uuid", "extra": "dict",
    "standalone_ports_supported": "bool", "mode": "str?", "properties": "dict",
}
_CREATE_KINDS = dict(_KINDS, uuid="uuid?", extra="dict?", properties="dict?",
                     standalone_ports_supported="bool?")
_QUERY = frozenset({"node", "address"})
DEFAULT_MODE = "active-backup"


def _check_version(names: Any, mv: int) -> None:
    for name in names:
        if shapes.PORTGROUP.field_minor.get(name, 0) > mv:
            raise validation.not_acceptable()


def _list(req: falcon.Request, resp: falcon.Response, deps: Deps, *, detail: bool,
          node: str | None = None, url_path: str = "portgroups") -> None:
    common.require_minor(req, _MINOR)
    _check_version(common.parse_fields(req) or [], common.minor(req))
    filters: dict[str, Any] = {}
    params: dict[str, Any] = {}
    node = node or common.query_str(req, "node")
    if node:
        check_node_ident(req, node)
        filters["node_id"] = deps.nodes.get(node)["id"]
        params["node"] = node
    address = common.query_str(req, "address")
    if address:
        filters["address"] = validation.valid_mac("address", address)
        params["address"] = address
    generic.list_resource(
        req, resp, deps, shape=shapes.PORTGROUP, repo=deps.portgroups,
        item_name="portgroups", url_path=url_path, filters=filters, next_params=params,
        table=models.portgroups, invalid_sort=("extra", "internal_info", "properties"),
        detail_path=detail, allowed_query=_QUERY)


class PortgroupCollection:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        _list(req, resp, self.deps, detail=False)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        common.require_minor(req, _MINOR)
        mv = common.minor(req)
        body = common.body_object(req)
        _check_version(body, mv)
        if "node_uuid" not in body:
            raise errors.InvalidParameterValue(
                "Schema error for portgroup: 'node_uuid' is a required property")
        values = validation.check_typed(body, _CREATE_KINDS)
        node = generic.node_id_for(self.deps, values.pop("node_uuid"))
        values["node_id"] = node["id"]
        if not values.get("mode"):
            values["mode"] = DEFAULT_MODE
        values = {k: v for k, v in values.items() if v is not None}
        pg = self.deps.rpc.create_portgroup(values)
        resp.location = f"{req.context.public_url}/v1/portgroups/{pg['uuid']}"
        generic.show_resource(req, resp, self.deps, shapes.PORTGROUP, pg, falcon.HTTP_201)


class PortgroupDetail:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        _list(req, resp, self.deps, detail=True)


class PortgroupItem:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _get(self, req: falcon.Request, ident: str) -> dict[str, Any]:
        common.require_minor(req, _MINOR)
        validation.valid_uuid_or_name("portgroup", ident)
        return self.deps.portgroups.get(ident)

    def on_get(self, req: falcon.Request, resp: falcon.Response,
               portgroup_ident: str) -> None:
        common.check_query(req, frozenset({"fields"}))
        pg = self._get(req, portgroup_ident)
        _check_version(common.parse_fields(req) or [], common.minor(req))
        generic.show_resource(req, resp, self.deps, shapes.PORTGROUP, pg)

    def on_patch(self, req: falcon.Request, resp: falcon.Response,
                 portgroup_ident: str) -> None:
        pg = self._get(req, portgroup_ident)
        ops = patch.validate_ops(common.body_list(req))
        _check_version([op["path"].split("/")[1] for op in ops], common.minor(req))

        def resolve(changed: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
            if "node_uuid" in changed:
                changed["node_id"] = generic.node_id_for(
                    self.deps, changed.pop("node_uuid"))["id"]
            return changed

        values = generic.patched_values(req, self.deps, shapes.PORTGROUP, pg, ops, _KINDS,
                                        resolve)
        if values:
            pg = self.deps.rpc.update_portgroup(pg["uuid"], values)
        generic.show_resource(req, resp, self.deps, shapes.PORTGROUP, pg)

    def on_delete(self, req: falcon.Request, resp: falcon.Response,
                  portgroup_ident: str) -> None:
        pg = self._get(req, portgroup_ident)
        self.deps.rpc.destroy_portgroup(pg["uuid"])
        resp.status = falcon.HTTP_204


class NodePortgroups:
    def __init__(self, deps: Deps, *, detail: bool = False) -> None:
        self.deps = deps
        self.detail = detail

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, 24)
        _list(req, resp, self.deps, detail=self.detail, node=node_ident,
              url_path=f"nodes/{node_ident}/portgroups")
