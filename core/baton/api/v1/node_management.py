"""Node management: boot device, NMI, maintenance, interface validation, vendor passthru."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import validation
from baton.api.media import read_json, set_empty, set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.api.v1.lookup import get_node

__all__ = [
    "NodeBootDevice",
    "NodeInjectNmi",
    "NodeMaintenance",
    "NodeSupportedBootDevices",
    "NodeValidate",
    "NodeVendorMethods",
    "NodeVendorPassthru",
    "answer_passthru",
]


class NodeBootDevice:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        node = get_node(req, self.deps, node_ident)
        set_json(resp, self.deps.rpc.get_boot_device(node["uuid"], topic=self.deps.topic(node)))

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        body = common.body_object(req)
        validation.check_keys(body, frozenset({"boot_device", "persistent"}))
        device = body.get("boot_device")
        if not isinstance(device, str):
            raise errors.InvalidParameterValue(f"Expected string for boot_device: {device}")
        persistent = validation.as_bool("persistent", body.get("persistent")) or False
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.set_boot_device(node["uuid"], device, persistent=persistent,
                                      topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204


class NodeSupportedBootDevices:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        node = get_node(req, self.deps, node_ident)
        devices = self.deps.rpc.get_supported_boot_devices(node["uuid"],
                                                           topic=self.deps.topic(node))
        set_json(resp, {"supported_boot_devices": devices})


class NodeInjectNmi:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        common.require_minor(req, 29)
        common.body_object(req, required=False)
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.inject_nmi(node["uuid"], topic=self.deps.topic(node))
        resp.status = falcon.HTTP_204


class NodeMaintenance:
    """Maintenance on and off; Ironic answers 202 to both."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_put(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        body = common.body_object(req, required=False)
        validation.check_keys(body, frozenset({"reason"}))
        reason = body.get("reason", common.query_str(req, "reason"))
        if reason is not None and not isinstance(reason, str):
            raise errors.InvalidParameterValue(f"Expected string for reason: {reason}")
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.update_node(node["uuid"],
                                  {"maintenance": True, "maintenance_reason": reason},
                                  topic=self.deps.topic(node))
        set_empty(resp, falcon.HTTP_202)

    def on_delete(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        node = get_node(req, self.deps, node_ident)
        self.deps.rpc.update_node(
            node["uuid"], {"maintenance": False, "maintenance_reason": None, "fault": None},
            topic=self.deps.topic(node))
        set_empty(resp, falcon.HTTP_202)


class NodeValidate:
    """``/v1/nodes/{id}/validate`` and the older ``/v1/nodes/validate?node=<id>``."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response,
               node_ident: str | None = None) -> None:
        ident = (node_ident or common.query_str(req, "node_uuid")
                 or common.query_str(req, "node"))
        if ident is None:
            raise errors.MissingParameterValue("Missing argument: \"node\"")
        node = get_node(req, self.deps, ident)
        set_json(resp, self.deps.rpc.validate_driver_interfaces(
            node["uuid"], topic=self.deps.topic(node)))


def answer_passthru(resp: falcon.Response, result: Any) -> None:
    """Answer what a vendor passthru method returned, as Ironic does (202 when async)."""
    if isinstance(result, dict) and "return" in result and "async" in result:
        value, is_async, attach = result["return"], result["async"], result.get("attach")
    else:
        value, is_async, attach = result, False, False
    resp.status = falcon.HTTP_202 if is_async else falcon.HTTP_200
    if attach:
        resp.data = value.encode() if isinstance(value, str) else bytes(value)
        resp.content_type = "application/octet-stream"
    elif value is None and is_async:
        set_empty(resp, falcon.HTTP_202)
    else:
        set_json(resp, value)


def passthru_args(req: falcon.Request, method: str | None) -> tuple[str, Any]:
    method = method or common.query_str(req, "method")
    if not method:
        raise errors.InvalidParameterValue("Method not specified")
    data = read_json(req, req.context.max_body_size)
    return method, {} if data is None else data


class NodeVendorPassthru:
    """``/v1/nodes/{id}/vendor_passthru?method=m`` (or ``.../vendor_passthru/m``)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _call(self, req: falcon.Request, resp: falcon.Response, node_ident: str,
              method: str | None = None) -> None:
        name, data = passthru_args(req, method)
        node = get_node(req, self.deps, node_ident)
        result = self.deps.rpc.vendor_passthru(node["uuid"], name, req.method, data,
                                               topic=self.deps.topic(node))
        answer_passthru(resp, result)

    on_get = on_post = on_put = on_patch = on_delete = _call


class NodeVendorMethods:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, node_ident: str) -> None:
        node = get_node(req, self.deps, node_ident)
        methods = self.deps.cached(
            "node_vendor_methods", node["driver"],
            lambda: self.deps.rpc.get_node_vendor_passthru_methods(
                node["uuid"], topic=self.deps.topic(node)))
        set_json(resp, methods)
