"""The LCM tasks of a VNF instance (SOL003 5.4.4 to 5.4.11a): ``instantiate``, ``scale``,
``heal``, ``terminate``, ``change_ext_conn``, ``change_vnfpkg``.

Each checks its request (400), that the instance is in the state the task needs (409:
NOT_INSTANTIATED for instantiate, INSTANTIATED for the others) and asks a conductor to
start the operation, which answers 202 with the ``Location`` of the new operation
occurrence (STARTING). The conductor refuses (409) while another operation of the instance
is not final, FAILED_TEMP included, and checks what needs the VNFD (flavour, aspect and its
limits, VNFC ids...).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import falcon

from baton import errors
from baton.api.sol.vnflcm import records, schemas
from baton.api.sol.vnflcm.deps import VnflcmDeps
from baton.api.sol.vnflcm.instances import accepted, check_vnfc_ids, read_request, state_of

__all__ = ["TASKS", "Task", "TaskSpec"]

LOG = logging.getLogger(__name__)

Check = Callable[[Mapping[str, Any], dict[str, Any]], None]


def _no_check(instance: Mapping[str, Any], body: dict[str, Any]) -> None:
    return None


def _scale(instance: Mapping[str, Any], body: dict[str, Any]) -> None:
    body.setdefault("numberOfSteps", 1)     # SOL003 5.5.2.5: default 1
    doc = records.instance_document(instance)
    status = (doc.get("instantiatedVnfInfo") or {}).get("scaleStatus")
    if status is not None and body["aspectId"] not in {s.get("aspectId") for s in status}:
        raise errors.Invalid(
            message=f"Invalid ScaleVnfRequest: aspectId {body['aspectId']} is not an "
                    f"aspect of VNF instance {doc['id']}.")


def _heal(instance: Mapping[str, Any], body: dict[str, Any]) -> None:
    every = (body.get("additionalParams") or {}).get("all", False)
    if not isinstance(every, bool):
        raise errors.Invalid(message="Invalid HealVnfRequest: additionalParams/all must be "
                                     "a boolean.")
    if body.get("vnfcInstanceId"):
        check_vnfc_ids(instance, body["vnfcInstanceId"], "HealVnfRequest")


@dataclass(frozen=True)
class TaskSpec:
    operation: str
    what: str
    schema: Mapping[str, Any]
    #: The instantiationState the task needs.
    state: str = "INSTANTIATED"
    check: Check = _no_check


TASKS: dict[str, TaskSpec] = {
    "instantiate": TaskSpec("INSTANTIATE", "InstantiateVnfRequest", schemas.INSTANTIATE,
                            state="NOT_INSTANTIATED"),
    "scale": TaskSpec("SCALE", "ScaleVnfRequest", schemas.SCALE, check=_scale),
    "heal": TaskSpec("HEAL", "HealVnfRequest", schemas.HEAL, check=_heal),
    "terminate": TaskSpec("TERMINATE", "TerminateVnfRequest", schemas.TERMINATE),
    "change_ext_conn": TaskSpec("CHANGE_EXT_CONN", "ChangeExtVnfConnectivityRequest",
                                schemas.CHANGE_EXT_CONN),
    "change_vnfpkg": TaskSpec("CHANGE_VNFPKG", "ChangeCurrentVnfPkgRequest",
                              schemas.CHANGE_VNFPKG),
}


class Task:
    """``POST /vnf_instances/{id}/{task}``."""

    def __init__(self, deps: VnflcmDeps, spec: TaskSpec) -> None:
        self.deps = deps
        self.spec = spec

    def on_post(self, req: falcon.Request, resp: falcon.Response, instance_id: str) -> None:
        spec = self.spec
        body = read_request(req, spec.schema, spec.what)
        row = self.deps.instances.get(instance_id)
        state = state_of(row)
        if state != spec.state:
            raise errors.VnfInstanceConflict(
                instance=instance_id,
                reason=f"it is {state}; {spec.operation} needs {spec.state}")
        spec.check(row, body)
        op_occ = self.deps.rpc.start_vnf_lcm_operation(instance_id, spec.operation, body)
        LOG.info("VNF instance %s: %s started", instance_id, spec.operation)
        accepted(req, resp, op_occ)
