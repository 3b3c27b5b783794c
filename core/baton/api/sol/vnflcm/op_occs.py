"""``/vnflcm/v2/vnf_lcm_op_occs`` (SOL003 5.4.12 to 5.4.17): list, read, and the tasks on a
failed or running occurrence.

- ``retry`` (FAILED_TEMP -> PROCESSING) and ``rollback`` (FAILED_TEMP -> ROLLING_BACK):
  202;
- ``fail`` (FAILED_TEMP -> FAILED, final): 200 with the occurrence, as SOL003 5.4.16.3.1
  and Tacker answer;
- ``cancel`` (STARTING, PROCESSING or ROLLING_BACK; a Baton addition Tacker lacks):
  CancelMode body, 202; the occurrence stops at the next step boundary (FORCEFUL also
  interrupts the infra driver) and ends in FAILED_TEMP.

A task the occurrence's state does not allow answers 409 (the conductor decides).

What a rollback restores, per operation (Baton rolls back every operation that changed
resources, scale-in, heal and change_ext_conn included, where Tacker has none):

- INSTANTIATE: the resources created are removed; the instance stays NOT_INSTANTIATED.
- TERMINATE: the removed resources come back; the instance stays INSTANTIATED.
- SCALE: the VNFCs added are removed (SCALE_OUT), or those removed come back (SCALE_IN);
  scaleStatus stays at the level before the request.
- HEAL: the re-created VNFCs are removed and the original ones restored.
- CHANGE_EXT_CONN: the external CPs go back to the external virtual links they had.
- CHANGE_VNFPKG: the VNFCs go back to the old package; vnfdId stays as it was.
- MODIFY_INFO: nothing to undo (a modification applies in one transaction on completion).

(:mod:`baton.conductor.vnflcm.catalog` holds the steps of each.)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import falcon

from baton.api.media import set_empty, set_json
from baton.api.sol.vnflcm import op_occ_view as view
from baton.api.sol.vnflcm.deps import VnflcmDeps
from baton.api.sol.vnflcm.instances import read_request
from baton.api.sol.vnflcm.listing import ListSpec, answer_list
from baton.db.repositories.lcm_op_occs import SOL_COLUMNS

__all__ = ["CANCEL_MODE", "OpOccCollection", "OpOccItem", "OpOccTask"]

LOG = logging.getLogger(__name__)

#: SOL003 5.5.2.14 CancelMode.
CANCEL_MODE: dict[str, Any] = {
    "type": "object",
    "properties": {"cancelMode": {"enum": ["GRACEFUL", "FORCEFUL"]}},
    "required": ["cancelMode"],
}

LIST = ListSpec(schema=view.SCHEMA, render=view.render,
                columns={k: v for k, v in SOL_COLUMNS.items() if k in view.COLUMNS
                         and k != "operation"},
                default_excluded=view.DEFAULT_EXCLUDED, mandatory=view.MANDATORY)


class OpOccCollection:
    """``GET`` of the LCM operation occurrences."""

    def __init__(self, deps: VnflcmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        def fetch(filters: Mapping[str, Any] | None, marker: str | None,
                  limit: int | None) -> list[dict[str, Any]]:
            return list(self.deps.op_occs.list(filters=filters, marker=marker, limit=limit))

        answer_list(req, resp, LIST, fetch, self.deps.page_size)


class OpOccItem:
    """``GET`` of one LCM operation occurrence."""

    def __init__(self, deps: VnflcmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, op_id: str) -> None:
        row = self.deps.op_occs.get(op_id)
        set_json(resp, view.render(row, req.context.public_url))


class OpOccTask:
    """``POST vnf_lcm_op_occs/{id}/{retry,rollback,fail,cancel}``."""

    def __init__(self, deps: VnflcmDeps, task: str) -> None:
        if task not in ("retry", "rollback", "fail", "cancel"):
            raise ValueError(f"No operation occurrence task {task}")
        self.deps = deps
        self.task = task

    def on_post(self, req: falcon.Request, resp: falcon.Response, op_id: str) -> None:
        rpc = self.deps.rpc
        if self.task == "cancel":
            body = read_request(req, CANCEL_MODE, "CancelMode")
            self.deps.op_occs.get(op_id)
            rpc.cancel_vnf_lcm_op_occ(op_id, body["cancelMode"])
        else:
            self.deps.op_occs.get(op_id)
            getattr(rpc, f"{self.task}_vnf_lcm_op_occ")(op_id)
        LOG.info("VNF LCM operation occurrence %s: %s requested", op_id, self.task)
        if self.task == "fail":
            # Read back rather than trust the RPC answer's shape (JSON-RPC turns times
            # into strings).
            set_json(resp, view.render(self.deps.op_occs.get(op_id), req.context.public_url))
            return
        set_empty(resp, falcon.HTTP_202)
