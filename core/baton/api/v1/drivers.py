"""``/v1/drivers``: hardware types served by live conductors, their properties, RAID disk
properties and driver-level vendor passthru."""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors
from baton.api import validation
from baton.api.errors import reraise_with_status
from baton.api.media import set_json
from baton.api.v1 import common
from baton.api.v1.deps import Deps
from baton.api.v1.node_management import answer_passthru, passthru_args

__all__ = ["DriverCollection", "DriverItem", "DriverProperties", "DriverRaidProperties",
           "DriverVendorMethods", "DriverVendorPassthru"]

# Interface families shown on drivers, with the version that added each.
_FAMILY_MINOR = {
    "bios": 40, "boot": 30, "console": 30, "deploy": 30, "firmware": 86, "inspect": 30,
    "management": 30, "network": 30, "power": 30, "raid": 30, "rescue": 38,
    "storage": 33, "vendor": 30,
}


def _hardware_types(deps: Deps) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """{hardware type: (hosts, interface description)} over live conductors."""
    found: dict[str, tuple[list[str], dict[str, Any]]] = {}
    timeout = deps.conf.conductor.heartbeat_timeout
    for conductor in deps.conductors.list_alive(timeout):
        for hw_type, description in (conductor.get("drivers") or {}).items():
            hosts, _ = found.setdefault(hw_type, ([], description or {}))
            hosts.append(conductor["hostname"])
    return found


def _render(req: falcon.Request, name: str, hosts: list[str], description: dict[str, Any],
            detail: bool) -> dict[str, Any]:
    mv = common.minor(req)
    url = req.context.public_url
    out: dict[str, Any] = {"name": name, "hosts": sorted(hosts),
                           "links": common.links(url, f"drivers/{name}")}
    if mv >= 14:
        out["properties"] = common.links(url, f"drivers/{name}/properties")
    if mv >= 30:
        out["type"] = "dynamic"
        if detail:
            for family, wanted in _FAMILY_MINOR.items():
                if wanted > mv:
                    continue
                info = description.get(family) or {}
                out[f"default_{family}_interface"] = info.get("default")
                out[f"enabled_{family}_interfaces"] = list(info.get("enabled") or [])
    return out


def _fields(req: falcon.Request) -> list[str] | None:
    fields = common.parse_fields(req)
    if fields is not None and common.minor(req) < 77:
        raise validation.not_acceptable()
    return fields


def _select(item: dict[str, Any], fields: list[str] | None) -> dict[str, Any]:
    if fields is None:
        return item
    bad = [f for f in fields if f not in item]
    if bad:
        raise errors.InvalidParameterValue(f'Field(s) "{", ".join(bad)}" are not valid')
    return common.filter_fields(item, fields)


class DriverCollection:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        common.check_query(req, frozenset({"type", "detail", "fields"}))
        mv = common.minor(req)
        detail = common.query_bool(req, "detail")
        kind = common.query_str(req, "type")
        fields = _fields(req)
        if fields and detail:
            raise errors.InvalidParameterValue(
                "Can not specify ?detail=True and fields in the same request.")
        if (detail is not None or kind is not None) and mv < 30:
            raise validation.not_acceptable(
                "Request not acceptable. The minimal required API version should be 1.30")
        if kind not in (None, "classic", "dynamic"):
            raise errors.Invalid('"type" filter must be one of "classic" or "dynamic", if '
                                 'specified.')
        types = _hardware_types(self.deps) if kind != "classic" else {}
        items = [_select(_render(req, name, hosts, desc, bool(detail)), fields)
                 for name, (hosts, desc) in sorted(types.items())]
        set_json(resp, {"drivers": items})


class DriverItem:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, driver_name: str) -> None:
        common.check_query(req, frozenset({"fields"}))
        fields = _fields(req)
        found = _hardware_types(self.deps).get(driver_name)
        if found is None:
            raise errors.DriverNotFound(driver_name=driver_name)
        hosts, desc = found
        set_json(resp, _select(_render(req, driver_name, hosts, desc, True), fields))


class DriverProperties:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, driver_name: str) -> None:
        props = self.deps.cached("driver_properties", driver_name,
                                 lambda: self.deps.rpc.get_driver_properties(driver_name))
        set_json(resp, props)


class DriverRaidProperties:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, driver_name: str) -> None:
        if common.minor(req) < 12:
            raise validation.not_acceptable()

        def fetch() -> dict[str, Any]:
            try:
                return self.deps.rpc.get_raid_logical_disk_properties(driver_name)
            except errors.UnsupportedDriverExtension as exc:
                reraise_with_status(exc, 404)

        set_json(resp, self.deps.cached("raid_properties", driver_name, fetch))


class DriverVendorMethods:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, driver_name: str) -> None:
        methods = self.deps.cached(
            "driver_vendor_methods", driver_name,
            lambda: self.deps.rpc.get_driver_vendor_passthru_methods(driver_name))
        set_json(resp, methods)


class DriverVendorPassthru:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _call(self, req: falcon.Request, resp: falcon.Response, driver_name: str,
              method: str | None = None) -> None:
        name, data = passthru_args(req, method)
        result = self.deps.rpc.driver_vendor_passthru(driver_name, name, req.method, data)
        answer_passthru(resp, result)

    on_get = on_post = on_put = on_patch = on_delete = _call
