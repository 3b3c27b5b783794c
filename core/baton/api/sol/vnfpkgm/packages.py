"""``/vnfpkgm/v1/vnf_packages`` and ``/vnf_packages/{vnfPkgId}`` (SOL005 9.4.2, 9.4.3)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import falcon

from baton import errors
from baton.api.media import set_json
from baton.api.sol import paging, requests
from baton.api.sol.filters import parse_filter
from baton.api.sol.selectors import SELECTOR_PARAMS, parse_selector
from baton.api.sol.vnfpkgm import view
from baton.api.sol.vnfpkgm.deps import VnfpkgmDeps
from baton.api.validation import is_uuid_like

__all__ = ["PackageCollection", "PackageItem"]

LOG = logging.getLogger(__name__)

_LIST_PARAMS = ("filter", paging.MARKER_PARAM, *SELECTOR_PARAMS)
_STATES = ("ENABLED", "DISABLED")


def _user_data(body: Mapping[str, Any], what: str) -> dict[str, Any] | None:
    data = body.get("userDefinedData")
    if data is not None and not isinstance(data, dict):
        raise errors.Invalid(message=f"userDefinedData must be an object ({what}).")
    return data


class PackageCollection:
    """``GET`` (filters, selectors, paging) and ``POST`` of VNF packages."""

    def __init__(self, deps: VnfpkgmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        params = requests.query_params(req)
        given: dict[str, str] = {}
        for key, value in params:
            if key not in _LIST_PARAMS:
                raise errors.InvalidParameterValue(
                    err=f"Unknown query parameter {key!r}; this list takes "
                        f"{', '.join(_LIST_PARAMS)}.")
            given[key] = value
        flt = parse_filter(given.get("filter"), view.SCHEMA)
        selector = parse_selector(given, view.SCHEMA, default_excluded=view.DEFAULT_EXCLUDED,
                                  mandatory=view.MANDATORY)
        marker = given.get(paging.MARKER_PARAM)
        if marker is not None and not is_uuid_like(marker):
            raise errors.InvalidParameterValue(
                err=f"Invalid {paging.MARKER_PARAM} {marker!r}: not one this service gave.")
        sql, rest = flt.column_values(view.COLUMNS)
        url = req.context.public_url

        def fetch(after: str | None, limit: int | None) -> list[dict[str, Any]]:
            return self.deps.packages.list(filters=sql, limit=limit, marker=after,
                                           columns=view.LIST_COLUMNS)

        page = paging.collect(fetch, lambda row: view.render(row, url),
                              rest.matches if rest.exprs else None,
                              page_size=self.deps.page_size, marker=marker)
        if page.next_marker is not None:
            resp.set_header("Link", paging.next_link(req, url, page.next_marker, params))
        set_json(resp, [selector.apply(item) for item in page.items])

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        what = "CreateVnfPkgInfoRequest"
        body = requests.read_object(req, req.context.max_body_size, what=what)
        requests.reject_unknown(body, ("userDefinedData",), what=what)
        row = self.deps.packages.create({"user_defined_data": _user_data(body, what) or {}})
        LOG.info("VNF package %s created", row["uuid"])
        info = view.render(row, req.context.public_url)
        resp.set_header("Location", info["_links"]["self"]["href"])
        set_json(resp, info, falcon.HTTP_201)


class PackageItem:
    """``GET``, ``PATCH`` and ``DELETE`` of one VNF package."""

    def __init__(self, deps: VnfpkgmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        row = self.deps.packages.get(package_id)
        set_json(resp, view.render(row, req.context.public_url))

    def on_patch(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        what = "VnfPkgInfoModifications"
        body = requests.read_object(req, req.context.max_body_size, what=what,
                                    types=(requests.MERGE_PATCH, requests.JSON))
        requests.reject_unknown(body, ("operationalState", "userDefinedData"), what=what)
        state = body.get("operationalState")
        data = _user_data(body, what)
        if state is None and data is None:
            raise errors.Invalid(message=f"{what} needs operationalState or userDefinedData.")
        if state is not None and state not in _STATES:
            raise errors.Invalid(
                message=f"operationalState must be ENABLED or DISABLED, not {state!r}.")
        row = self.deps.packages.get(package_id)
        values: dict[str, Any] = {}
        expected: dict[str, Any] = {}
        if state is not None:
            _check_state_change(row, state)
            values["operational_state"] = state
            expected = {"onboarding_state": "ONBOARDED",
                        "operational_state": row["operational_state"]}
        if data is not None:
            values["user_defined_data"] = requests.merge_patch(
                row.get("user_defined_data") or {}, data)
        self.deps.packages.update(row["uuid"], values, expected=expected or None)
        LOG.info("VNF package %s modified: %s", row["uuid"], sorted(body))
        set_json(resp, {k: body[k] for k in ("operationalState", "userDefinedData")
                        if k in body})

    def on_delete(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        row = self.deps.packages.get(package_id)
        self.deps.rpc.delete_vnf_package(row["uuid"])
        LOG.info("VNF package %s deleted", row["uuid"])
        resp.status = falcon.HTTP_204


def _check_state_change(row: Mapping[str, Any], state: str) -> None:
    if row["onboarding_state"] != "ONBOARDED":
        raise errors.InvalidPackageState(
            package=row["uuid"], state=f"onboardingState {row['onboarding_state']}",
            reason="its operationalState can change once it is ONBOARDED")
    if row["operational_state"] == state:
        raise errors.InvalidPackageState(
            package=row["uuid"], state=f"operationalState {state}",
            reason=f"it is already {state}")
