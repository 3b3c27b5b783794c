"""``/v1/nodes/{id}/vifs`` (from 1.28): list, attach, detach."""

from __future__ import annotations

import falcon

from baton import errors
from baton.api import validation
from baton.api.media import set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import get_node

__all__ = ["NodeVif", "NodeVifs"]

_VIFS_MINOR = 28


class NodeVifs:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, _VIFS_MINOR)
        node = get_node(req, self.deps, node_ident)
        set_json(resp, {"vifs": self.deps.rpc.vif_list(node["uuid"], topic=self.deps.topic(node))})

    def on_post(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, _VIFS_MINOR)
        body = common.body_object(req)
        if "id" not in body:
            raise errors.InvalidParameterValue("Schema error for vif: 'id' is a required "
                                               "property")
        validation.valid_uuid_or_name("id", body["id"])
        if common.minor(req) >= 67 and "port_uuid" in body and "portgroup_uuid" in body:
            raise errors.Invalid("Cannot specify both port_uuid and portgroup_uuid")
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.vif_attach(node["uuid"], body, topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204


class NodeVif:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_delete(self, req: falcon.Request, resp: falcon.Response, node_ident: str,
                  vif_id: str) -> None:
        common.require_minor(req, _VIFS_MINOR)
        validation.valid_uuid_or_name("vif_id", vif_id)
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.vif_detach(node["uuid"], vif_id, topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204
