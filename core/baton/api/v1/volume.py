"""``/v1/volume`` (from 1.32): connectors and targets, also under ``/v1/nodes/{id}/volume``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import falcon
from sqlalchemy import Table

from baton import errors
from baton.api import validation
from baton.api.media import set_json
from baton.api.v1 import common, generic, patch, shapes
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import check_node_ident
from baton.db import models

__all__ = ["CONNECTORS", "TARGETS", "VolumeCollection", "VolumeItem", "VolumeRoot",
           "VolumeSpec"]

_MINOR = 32
CONNECTOR_TYPES = frozenset({"iqn", "ip", "mac", "wwnn", "wwpn", "port", "portgroup"})


@dataclass(frozen=True)
class VolumeSpec:
    shape: shapes.Shape
    item_name: str
    repo_attr: str
    table: Table
    kinds: dict[str, str]
    required: tuple[str, ...]
    create: str
    update: str
    destroy: str

    def repo(self, deps: Deps) -> Any:
        return getattr(deps, self.repo_attr)


CONNECTORS = VolumeSpec(
    shape=shapes.CONNECTOR, item_name="connectors", repo_attr="connectors",
    table=models.volume_connectors,
    kinds={"type": "str", "connector_id": "str", "node_uuid": "uuid", "extra": "dict"},
    required=("connector_id", "node_uuid", "type"),
    create="create_volume_connector", update="update_volume_connector",
    destroy="destroy_volume_connector")

TARGETS = VolumeSpec(
    shape=shapes.TARGET, item_name="targets", repo_attr="targets",
    table=models.volume_targets,
    kinds={"volume_type": "str", "properties": "dict", "boot_index": "int",
           "volume_id": "str", "node_uuid": "uuid", "extra": "dict"},
    required=("boot_index", "node_uuid", "volume_id", "volume_type"),
    create="create_volume_target", update="update_volume_target",
    destroy="destroy_volume_target")


def _check(spec: VolumeSpec, values: dict[str, Any]) -> None:
    if spec is CONNECTORS and "type" in values and values["type"] not in CONNECTOR_TYPES:
        raise errors.InvalidParameterValue(
            f"Invalid volume connector type {values['type']!r}; valid types are "
            f"{', '.join(sorted(CONNECTOR_TYPES))}")
    if spec is TARGETS and "boot_index" in values and values["boot_index"] < 0:
        raise errors.InvalidParameterValue("boot_index must be a non-negative integer")


def list_volume(req: falcon.Request, resp: falcon.Response, deps: Deps, spec: VolumeSpec,
                *, detail: bool, node: str | None = None) -> None:
    common.require_minor(req, _MINOR)
    filters: dict[str, Any] = {}
    params: dict[str, Any] = {}
    node = node or common.query_str(req, "node")
    if node:
        check_node_ident(req, node)
        filters["node_id"] = deps.nodes.get(node)["id"]
        params["node"] = node
    path = f"volume/{spec.item_name}" if not node else f"nodes/{node}/volume/{spec.item_name}"
    generic.list_resource(
        req, resp, deps, shape=spec.shape, repo=spec.repo(deps), item_name=spec.item_name,
        url_path=path, filters=filters, next_params=params, table=spec.table,
        invalid_sort=("extra", "properties"), allowed_query=frozenset({"node"}),
        detail_min=_MINOR)
    del detail


class VolumeRoot:
    """``/v1/volume`` and ``/v1/nodes/{id}/volume``: links to connectors and targets."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response,
               node_ident: str | None = None) -> None:
        common.require_minor(req, _MINOR)
        url = req.context.public_url
        base = "volume" if node_ident is None else f"nodes/{node_ident}/volume"
        if node_ident is not None:
            check_node_ident(req, node_ident)
            self.deps.nodes.get(node_ident)
        set_json(resp, {
            "links": common.links(url, base + "/"),
            "connectors": common.links(url, f"{base}/connectors"),
            "targets": common.links(url, f"{base}/targets"),
        })


class VolumeCollection:
    def __init__(self, deps: Deps, spec: VolumeSpec) -> None:
        self.deps = deps
        self.spec = spec

    def on_get(self, req: falcon.Request, resp: falcon.Response,
               node_ident: str | None = None) -> None:
        list_volume(req, resp, self.deps, self.spec, detail=False, node=node_ident)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        common.require_minor(req, _MINOR)
        body = common.body_object(req)
        for required in self.spec.required:
            if required not in body:
                raise errors.InvalidParameterValue(
                    f"Schema error for {self.spec.item_name}: '{required}' is a required "
                    f"property")
        values = validation.check_typed(body, dict(self.spec.kinds, uuid="uuid?",
                                                   extra="dict?", properties="dict?"))
        _check(self.spec, values)
        values["node_id"] = generic.node_id_for(self.deps, values.pop("node_uuid"))["id"]
        values = {k: v for k, v in values.items() if v is not None}
        row = getattr(self.deps.rpc, self.spec.create)(values)
        resp.location = f"{req.context.public_url}/v1/{self.spec.shape.resource}/{row['uuid']}"
        generic.show_resource(req, resp, self.deps, self.spec.shape, row, falcon.HTTP_201)


class VolumeItem:
    def __init__(self, deps: Deps, spec: VolumeSpec) -> None:
        self.deps = deps
        self.spec = spec

    def _get(self, req: falcon.Request, ident: str) -> dict[str, Any]:
        common.require_minor(req, _MINOR)
        validation.valid_uuid(self.spec.item_name, ident)
        row: dict[str, Any] = self.spec.repo(self.deps).get(ident)
        return row

    def on_get(self, req: falcon.Request, resp: falcon.Response, ident: str) -> None:
        common.check_query(req, frozenset({"fields"}))
        generic.show_resource(req, resp, self.deps, self.spec.shape, self._get(req, ident))

    def on_patch(self, req: falcon.Request, resp: falcon.Response, ident: str) -> None:
        row = self._get(req, ident)
        ops = patch.validate_ops(common.body_list(req))

        def resolve(changed: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
            if "node_uuid" in changed:
                changed["node_id"] = generic.node_id_for(
                    self.deps, changed.pop("node_uuid"))["id"]
            return changed

        values = generic.patched_values(req, self.deps, self.spec.shape, row, ops,
                                        self.spec.kinds, resolve)
        _check(self.spec, values)
        if values:
            row = getattr(self.deps.rpc, self.spec.update)(row["uuid"], values)
        generic.show_resource(req, resp, self.deps, self.spec.shape, row)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, ident: str) -> None:
        row = self._get(req, ident)
        getattr(self.deps.rpc, self.spec.destroy)(row["uuid"])
        resp.status = falcon.HTTP_204
