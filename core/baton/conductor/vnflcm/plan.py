"""What an LCM operation will change, worked out before anything changes.

:func:`validate` checks a request against the instance and the VNFD (400s, synchronously);
:func:`resources` lists the SOL003 ResourceDefinitions the grant asks for (COMPUTE per VNFC
added or removed, VL per internal virtual link); :func:`completed_values` gives the
``vnf_instances`` columns an operation sets when it completes.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.conductor.vnflcm import sizing
from baton.conductor.vnflcm.merge import merge_patch

__all__ = ["INFRA_METHOD", "chosen_vim", "completed_values", "resources", "validate"]

#: The infra driver method of each operation that changes resources.
INFRA_METHOD = {
    "INSTANTIATE": "instantiate", "TERMINATE": "terminate", "SCALE": "scale",
    "HEAL": "heal", "CHANGE_EXT_CONN": "change_ext_conn", "CHANGE_VNFPKG": "change_vnfpkg",
}


def _info(instance: Mapping[str, Any]) -> dict[str, Any]:
    return dict(instance.get("instantiatedVnfInfo") or {})


def chosen_vim(instance: Mapping[str, Any], request: Mapping[str, Any]) -> dict[str, Any]:
    """The VimConnectionInfo an operation uses: the request's, else the instance's first."""
    vims = {**(instance.get("vimConnectionInfo") or {}),
            **(request.get("vimConnectionInfo") or {})}
    if not vims:
        raise errors.InvalidParameterValue(
            err=f"VNF instance {instance.get('id')} has no vimConnectionInfo: give one in "
                f"the request")
    vim_id, vim = next(iter(vims.items()))
    return {"id": vim_id, **vim}


def _scale_level(info: Mapping[str, Any], aspect_id: str) -> int:
    for status in info.get("scaleStatus") or []:
        if status.get("aspectId") == aspect_id:
            return int(status.get("scaleLevel") or 0)
    return 0


def validate(operation: str, instance: Mapping[str, Any], request: Mapping[str, Any],
             vnfd: Mapping[str, Any] | None) -> None:
    """Raise a 400 if ``request`` can't apply to ``instance`` (SOL body) under ``vnfd``."""
    if operation == "INSTANTIATE":
        flv = sizing.flavour(vnfd, str(request.get("flavourId")))
        sizing.initial_counts(flv, request.get("instantiationLevelId"))
        chosen_vim(instance, request)
    elif operation == "SCALE":
        info = _info(instance)
        flv = sizing.flavour(vnfd, str(info.get("flavourId")))
        steps = int(request.get("numberOfSteps", 1))
        if steps < 1:
            raise errors.InvalidParameterValue(err="numberOfSteps must be at least 1")
        aspect = str(request.get("aspectId"))
        sign = -1 if request.get("type") == "SCALE_IN" else 1
        sizing.scale_delta(flv, aspect, _scale_level(info, aspect), sign * steps)
    elif operation == "HEAL":
        known = {v["id"] for v in _info(instance).get("vnfcInfo") or []}
        unknown = [v for v in request.get("vnfcInstanceId") or [] if v not in known]
        if unknown:
            raise errors.InvalidParameterValue(
                err=f"vnfcInstanceId {', '.join(unknown)} is not a VNFC of VNF instance "
                    f"{instance.get('id')}")


def _compute(vdu: str, *, rid: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"id": str(uuidlib.uuid4()), "type": "COMPUTE",
                             "resourceTemplateId": vdu}
    if rid is not None:
        found["vnfcResourceInfoId"] = rid
    return found


def _removal(vnfc: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": str(uuidlib.uuid4()), "type": "COMPUTE", "resourceTemplateId": vnfc["vduId"],
            "resource": vnfc["computeResource"], "vnfcResourceInfoId": vnfc["id"]}


def _healed(instance: Mapping[str, Any], request: Mapping[str, Any]) -> list[dict[str, Any]]:
    info = _info(instance)
    wanted = set(request.get("vnfcInstanceId") or [])
    rids = {v["vnfcResourceInfoId"] for v in info.get("vnfcInfo") or [] if v["id"] in wanted}
    return [v for v in info.get("vnfcResourceInfo") or [] if not wanted or v["id"] in rids]


def resources(operation: str, instance: Mapping[str, Any], request: Mapping[str, Any],
              vnfd: Mapping[str, Any] | None) -> tuple[list[dict[str, Any]],
                                                        list[dict[str, Any]]]:
    """``(addResources, removeResources)`` of the grant request."""
    info = _info(instance)
    vnfcs: list[dict[str, Any]] = list(info.get("vnfcResourceInfo") or [])
    if operation == "INSTANTIATE":
        flv = sizing.flavour(vnfd, str(request.get("flavourId")))
        counts = sizing.initial_counts(flv, request.get("instantiationLevelId"))
        managed = {vl.get("vnfVirtualLinkDescId")
                   for vl in request.get("extManagedVirtualLinks") or []}
        add = [_compute(vdu) for vdu, n in counts.items() for _ in range(n)]
        add += [{"id": str(uuidlib.uuid4()), "type": "VL", "resourceTemplateId": vl}
                for vl in flv.get("virtual_links") or {} if vl not in managed]
        return add, []
    if operation == "TERMINATE":
        removed = [_removal(v) for v in vnfcs]
        removed += [{"id": str(uuidlib.uuid4()), "type": "VL",
                     "resourceTemplateId": vl["vnfVirtualLinkDescId"],
                     "resource": vl["networkResource"]}
                    for vl in info.get("vnfVirtualLinkResourceInfo") or []]
        return [], removed
    if operation == "SCALE":
        flv = sizing.flavour(vnfd, str(info.get("flavourId")))
        aspect = str(request.get("aspectId"))
        steps = int(request.get("numberOfSteps", 1))
        if request.get("type") == "SCALE_IN":
            delta = sizing.scale_delta(flv, aspect, _scale_level(info, aspect), -steps)
            removed = []
            for vdu, number in delta.items():
                # The newest VNFCs of the VDU go first (as Tacker does).
                removed += [_removal(v) for v in
                            [v for v in vnfcs if v["vduId"] == vdu][::-1][:number]]
            return [], removed
        delta = sizing.scale_delta(flv, aspect, _scale_level(info, aspect), steps)
        return [_compute(vdu) for vdu, n in delta.items() for _ in range(n)], []
    if operation in ("HEAL", "CHANGE_VNFPKG"):
        targets = _healed(instance, request) if operation == "HEAL" else vnfcs
        return ([_compute(v["vduId"], rid=v["id"]) for v in targets],
                [_removal(v) for v in targets])
    return [], []


def _scaled_status(info: Mapping[str, Any], request: Mapping[str, Any]) -> list[dict[str, Any]]:
    aspect = request.get("aspectId")
    steps = int(request.get("numberOfSteps", 1))
    sign = -1 if request.get("type") == "SCALE_IN" else 1
    return [{**s, "scaleLevel": int(s["scaleLevel"]) + sign * steps}
            if s.get("aspectId") == aspect else s for s in info.get("scaleStatus") or []]


def completed_values(operation: str, instance: Mapping[str, Any], request: Mapping[str, Any],
                     vnfd: Mapping[str, Any] | None,
                     parts: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``vnf_instances`` columns the completed operation sets (``parts``: what the
    infra driver answered)."""
    info = _info(instance)
    if operation == "INSTANTIATE":
        flv = sizing.flavour(vnfd, str(request.get("flavourId")))
        level = request.get("instantiationLevelId")
        new_info = {"flavourId": request["flavourId"], "vnfState": "STARTED",
                    "scaleStatus": sizing.initial_scale_status(flv, level),
                    "maxScaleLevels": sizing.max_scale_levels(flv), **(parts or {})}
        if request.get("localizationLanguage"):
            new_info["localizationLanguage"] = request["localizationLanguage"]
        vims = {**(instance.get("vimConnectionInfo") or {}),
                **(request.get("vimConnectionInfo") or {})}
        values: dict[str, Any] = {
            "instantiation_state": "INSTANTIATED", "instantiated_vnf_info": new_info,
            "vim_connection_info": vims}
        if "extensions" in request:
            values["extensions"] = merge_patch(instance.get("extensions") or {},
                                               request["extensions"])
        if "vnfConfigurableProperties" in request:
            values["vnf_configurable_properties"] = merge_patch(
                instance.get("vnfConfigurableProperties") or {},
                request["vnfConfigurableProperties"])
        return values
    if operation == "TERMINATE":
        return {"instantiation_state": "NOT_INSTANTIATED", "instantiated_vnf_info": None}
    new_info = {**info, **(parts or {})}
    if operation == "SCALE":
        new_info["scaleStatus"] = _scaled_status(info, request)
    return {"instantiated_vnf_info": new_info}
