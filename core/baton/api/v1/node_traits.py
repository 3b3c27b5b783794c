"""``/v1/nodes/{id}/traits`` (from 1.37): list, replace all, add one, remove one or all."""

from __future__ import annotations

import falcon

from baton import errors
from baton.api import validation
from baton.api.media import read_json, set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import get_node

__all__ = ["NodeTrait", "NodeTraits"]

_TRAITS_MINOR = 37


def _check_count(count: int) -> None:
    if count > validation.MAX_TRAITS:
        raise errors.InvalidParameterValue(
            f"Could not modify the traits of the node: a node can have at most "
            f"{validation.MAX_TRAITS} traits.")


class NodeTraits:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, _TRAITS_MINOR)
        node = get_node(req, self.deps, node_ident)
        set_json(resp, {"traits": sorted(node["traits"] or [])})

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, _TRAITS_MINOR)
        body = common.body_object(req, required=False)
        validation.check_keys(body, frozenset({"traits"}))
        traits = body.get("traits")
        if not isinstance(traits, list):
            raise errors.Invalid(
                "A single node trait may be added via PUT /v1/nodes/<node identifier>/"
                "traits/<trait> with no body, or all node traits may be replaced via PUT "
                "/v1/nodes/<node identifier>/traits with the list of traits specified in "
                "the request body.")
        wanted = sorted({validation.valid_trait(t) for t in traits})
        _check_count(len(wanted))
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.add_node_traits(node["uuid"], wanted, replace=True,
                                      topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204

    def on_delete(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, _TRAITS_MINOR)
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.remove_node_traits(node["uuid"], None, topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204


class NodeTrait:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str,
               trait: str) -> None:
        common.require_minor(req, _TRAITS_MINOR)
        if read_json(req, req.context.max_body_size):
            raise errors.Invalid("No body should be provided when adding a trait")
        validation.valid_trait(trait)
        node = get_node(req, self.deps, node_ident)
        current = set(node["traits"] or [])
        if trait not in current:
            _check_count(len(current) + 1)
            self.deps.rpc.add_node_traits(node["uuid"], [trait], replace=False,
                                          topic=self.deps.topic(node))
        resp.location = f"{req.context.public_url}/v1/nodes/{node_ident}/traits/{trait}"
        resp.status = falcon.HTTP_204

    def on_delete(self, req: falcon.Request, resp: falcon.Response, node_ident: str,
                  trait: str) -> None:
        common.require_minor(req, _TRAITS_MINOR)
        node = get_node(req, self.deps, node_ident)
        if trait not in (node["traits"] or []):
            raise errors.NotFound(f"Node {node['uuid']} doesn't have a trait '{trait}'")
        self.deps.rpc.remove_node_traits(node["uuid"], [trait], topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204
