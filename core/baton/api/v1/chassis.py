"""``/v1/chassis``: CRUD, written straight to the database (no conductor involved, as in
Ironic), and ``/v1/chassis/{id}/nodes``."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import validation
from baton.api.v1 import common, generic, patch, shapes
from baton.api.v1.deps import Deps
from baton.api.v1.nodes import list_nodes
from baton.db import models

__all__ = ["ChassisCollection", "ChassisDetail", "ChassisItem", "ChassisNodes"]

_KINDS = {"description": "str?", "extra": "dict"}
_DESCRIPTION_MAX = 255


def _check_description(values: dict[str, Any]) -> None:
    description = values.get("description")
    if description is not None and len(description) > _DESCRIPTION_MAX:
        raise errors.InvalidParameterValue(
            f"Schema error for chassis: description is longer than {_DESCRIPTION_MAX} "
            f"characters")


def _list(req: falcon.Request, resp: falcon.Response, deps: Deps, *, detail: bool) -> None:
    generic.list_resource(
        req, resp, deps, shape=shapes.CHASSIS, repo=deps.chassis, item_name="chassis",
        url_path="chassis", filters={}, next_params={}, table=models.chassis,
        invalid_sort=("extra",), detail_path=detail)


class ChassisCollection:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        _list(req, resp, self.deps, detail=False)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = common.body_object(req)
        values = validation.check_typed(body, dict(_KINDS, uuid="uuid?", extra="dict?"))
        _check_description(values)
        values = {k: v for k, v in values.items() if v is not None}
        chassis = self.deps.chassis.create(values)
        resp.location = f"{req.context.public_url}/v1/chassis/{chassis['uuid']}"
        generic.show_resource(req, resp, self.deps, shapes.CHASSIS, chassis, falcon.HTTP_201)


class ChassisDetail:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        _list(req, resp, self.deps, detail=True)


class ChassisItem:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _get(self, ident: str) -> dict[str, Any]:
        validation.valid_uuid("chassis", ident)
        return self.deps.chassis.get(ident)

    def on_get(self, req: falcon.Request, resp: falcon.Response, chassis_uuid: str) -> None:
        common.check_query(req, frozenset({"fields"}))
        generic.show_resource(req, resp, self.deps, shapes.CHASSIS, self._get(chassis_uuid))

    def on_patch(self, req: falcon.Request, resp: falcon.Response, chassis_uuid: str) -> None:
        chassis = self._get(chassis_uuid)
        ops = patch.validate_ops(common.body_list(req))
        values = generic.patched_values(req, self.deps, shapes.CHASSIS, chassis, ops, _KINDS,
                                        lambda changed, doc: changed)
        _check_description(values)
        if values:
            chassis = self.deps.chassis.update(chassis["uuid"], values)
        generic.show_resource(req, resp, self.deps, shapes.CHASSIS, chassis)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, chassis_uuid: str) -> None:
        chassis = self._get(chassis_uuid)
        if self.deps.nodes.list(filters={"chassis_id": chassis["id"]}, limit=1,
                                columns=["id", "uuid"]):
            raise errors.Invalid(f"Chassis {chassis['uuid']} contains nodes.")
        self.deps.chassis.destroy(chassis["uuid"])
        resp.status = falcon.HTTP_204


class ChassisNodes:
    """``/v1/chassis/{uuid}/nodes`` (and ``/detail``): the nodes in a chassis."""

    def __init__(self, deps: Deps, *, detail: bool = False) -> None:
        self.deps = deps
        self.detail = detail

    def on_get(self, req: falcon.Request, resp: falcon.Response, chassis_uuid: str) -> None:
        chassis = self._chassis(chassis_uuid)
        list_nodes(req, resp, self.deps, detail_path=self.detail,
                   base_filters={"chassis_id": chassis["id"]},
                   resource=f"chassis/{chassis_uuid}/nodes")

    def _chassis(self, ident: str) -> dict[str, Any]:
        validation.valid_uuid("chassis", ident)
        return self.deps.chassis.get(ident)
