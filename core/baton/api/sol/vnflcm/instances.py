"""``/vnflcm/v2/vnf_instances`` and ``/vnf_instances/{vnfInstanceId}`` (SOL003 5.4.2, 5.4.3).

- ``POST``: CreateVnfRequest -> 201 with the VnfInstance and its ``Location``; the
  conductor checks the package (ONBOARDED, ENABLED), marks it IN_USE and reports
  VnfIdentifierCreationNotification.
- ``GET`` (list): SOL013 filters, attribute selectors, paging.
- ``PATCH``: VnfInfoModificationRequest (JSON merge patch) -> 202 and the ``Location`` of
  the MODIFY_INFO operation occurrence.
- ``DELETE``: only a NOT_INSTANTIATED instance (409 otherwise) -> 204.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import falcon

from baton import errors
from baton.api.media import set_empty, set_json
from baton.api.sol import requests
from baton.api.sol.vnflcm import instance_view as view
from baton.api.sol.vnflcm import records, schemas
from baton.api.sol.vnflcm.deps import VnflcmDeps
from baton.api.sol.vnflcm.listing import ListSpec, answer_list
from baton.api.sol.vnflcm.op_occ_view import op_occ_url
from baton.api.sol.vnflcm.validation import validate
from baton.conductor.vnflcm.modify import usable_package_in
from baton.db.repositories.vnf_instances import SOL_COLUMNS

__all__ = ["InstanceCollection", "InstanceItem", "accepted", "check_vnfc_ids", "read_request",
           "state_of"]

LOG = logging.getLogger(__name__)

#: Content types of a PATCH (SOL003 asks merge-patch; Tacker also takes JSON and text).
PATCH_TYPES = (requests.MERGE_PATCH, requests.JSON, "text/plain")
BODY_TYPES = (requests.JSON, "text/plain")

LIST = ListSpec(schema=view.SCHEMA, render=view.render,
                columns={k: v for k, v in SOL_COLUMNS.items() if k in view.COLUMNS},
                default_excluded=view.DEFAULT_EXCLUDED, mandatory=view.MANDATORY)


def read_request(req: falcon.Request, schema: Mapping[str, Any], what: str, *,
                 types: tuple[str, ...] = BODY_TYPES) -> dict[str, Any]:
    """The request body, a ``what`` conforming to ``schema`` (400 otherwise)."""
    body = requests.read_object(req, req.context.max_body_size, what=what, types=types)
    validate(body, schema, what=what)
    return body


def accepted(req: falcon.Request, resp: falcon.Response, op_occ: Mapping[str, Any]) -> None:
    """202 with the ``Location`` of the operation occurrence ``op_occ`` started."""
    doc = records.op_occ_document(op_occ)
    resp.set_header("Location", op_occ_url(req.context.public_url, doc["id"]))
    set_empty(resp, falcon.HTTP_202)


def state_of(instance: Mapping[str, Any]) -> str:
    return str(records.instance_document(instance).get("instantiationState"))


class InstanceCollection:
    """``GET`` (list) and ``POST`` (create) of VNF instances."""

    def __init__(self, deps: VnflcmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        def fetch(filters: Mapping[str, Any] | None, marker: str | None,
                  limit: int | None) -> list[dict[str, Any]]:
            return list(self.deps.instances.list(filters=filters, marker=marker, limit=limit))

        answer_list(req, resp, LIST, fetch, self.deps.page_size)

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        body = read_request(req, schemas.CREATE, "CreateVnfRequest")
        created = self.deps.rpc.create_vnf_instance(body)
        info = view.render(created, req.context.public_url)
        LOG.info("VNF instance %s created from VNFD %s", info["id"], body["vnfdId"])
        resp.set_header("Location", info["_links"]["self"]["href"])
        set_json(resp, info, falcon.HTTP_201)


def check_vnfc_ids(instance: Mapping[str, Any], wanted: list[str], what: str) -> None:
    doc = records.instance_document(instance)
    vnfcs = (doc.get("instantiatedVnfInfo") or {}).get("vnfcInfo") or []
    known = {v.get("id") for v in vnfcs}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise errors.Invalid(
            message=f"Invalid {what}: VNFC instance(s) {', '.join(unknown)} not found in "
                    f"VNF instance {doc['id']}.")


class InstanceItem:
    """``GET``, ``PATCH`` (modify information) and ``DELETE`` of one VNF instance."""

    def __init__(self, deps: VnflcmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, instance_id: str) -> None:
        row = self.deps.instances.get(instance_id)
        set_json(resp, view.render(row, req.context.public_url))

    def on_patch(self, req: falcon.Request, resp: falcon.Response, instance_id: str) -> None:
        what = "VnfInfoModificationRequest"
        body = read_request(req, schemas.MODIFY, what, types=PATCH_TYPES)
        row = self.deps.instances.get(instance_id)
        if "vimConnectionInfo" in body and state_of(row) == "NOT_INSTANTIATED":
            raise errors.Invalid(
                message=f"Invalid {what}: vimConnectionInfo can't be modified while the "
                        f"VNF instance is NOT_INSTANTIATED.")
        if body.get("vnfcInfoModifications"):
            check_vnfc_ids(row, [m["id"] for m in body["vnfcInfoModifications"]], what)
        vnfd_id = body.get("vnfdId")
        if vnfd_id is not None and vnfd_id != records.instance_document(row).get("vnfdId"):
            # 422 at once for a VNFD no usable package holds (as Tacker answers).
            self.deps.db.read(lambda conn: usable_package_in(conn, vnfd_id))
        op_occ = self.deps.rpc.start_vnf_lcm_operation(instance_id, "MODIFY_INFO", body)
        LOG.info("VNF instance %s: modification of %s started", instance_id, sorted(body))
        accepted(req, resp, op_occ)

    def on_delete(self, req: falcon.Request, resp: falcon.Response,
                  instance_id: str) -> None:
        row = self.deps.instances.get(instance_id)
        if state_of(row) != "NOT_INSTANTIATED":
            raise errors.VnfInstanceConflict(
                instance=instance_id,
                reason="it is INSTANTIATED; terminate it before deleting it")
        self.deps.rpc.delete_vnf_instance(instance_id)
        LOG.info("VNF instance %s deleted", instance_id)
        resp.status = falcon.HTTP_204

