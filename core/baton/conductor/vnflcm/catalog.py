"""The LCM operations Baton runs, the instance state each needs, and their steps.

What each rollback restores (the instance's information is never changed before an
operation completes, so a rollback only has to put the VIM back; the instance keeps what
it had before the operation):

- INSTANTIATE: every resource the instantiation created is removed; the instance stays
  NOT_INSTANTIATED.
- TERMINATE: the removed resources come back; the instance stays INSTANTIATED, unchanged.
- SCALE (SCALE_OUT): the VNFCs added are removed; (SCALE_IN): the VNFCs removed come back
  (same resources); scaleStatus stays at the level before the request.
- HEAL: the re-created VNFCs are removed and the original ones restored.
- CHANGE_EXT_CONN: the external CPs are reconnected to the external virtual links they
  had before; extVirtualLinkInfo stays as it was.
- CHANGE_VNFPKG: the VNFCs are put back as they were under the old package; vnfdId and
  the packages' usage states stay as they were.
- MODIFY_INFO: nothing to undo (the modification is applied in one transaction when the
  occurrence completes, so a FAILED_TEMP one changed nothing).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from baton import errors
from baton.conductor.vnflcm.plan import INFRA_METHOD

__all__ = [
    "OPERATIONS",
    "check_operation",
    "check_state",
    "forward_steps",
    "rollback_steps",
]

OPERATIONS = ("INSTANTIATE", "TERMINATE", "SCALE", "HEAL", "CHANGE_EXT_CONN", "MODIFY_INFO",
              "CHANGE_VNFPKG")

#: instantiationState each operation needs (None: any).
_NEEDS: dict[str, str | None] = {
    "INSTANTIATE": "NOT_INSTANTIATED", "MODIFY_INFO": None,
    **{op: "INSTANTIATED" for op in
       ("TERMINATE", "SCALE", "HEAL", "CHANGE_EXT_CONN", "CHANGE_VNFPKG")},
}


def check_operation(operation: str) -> None:
    if operation not in OPERATIONS:
        raise errors.InvalidParameterValue(
            err=f"Unknown VNF LCM operation {operation!r} (known: {', '.join(OPERATIONS)})")


def check_state(operation: str, instance: dict[str, Any]) -> None:
    """409 unless ``instance`` (row) is in the instantiationState ``operation`` needs."""
    needed = _NEEDS[operation]
    state = instance["instantiation_state"]
    if needed is not None and state != needed:
        raise errors.VnfInstanceConflict(
            instance=instance["uuid"],
            reason=f"it is {state}; {operation} needs {needed}")


def forward_steps(operation: str, safe: Collection[str]) -> list[dict[str, Any]]:
    """The steps of ``operation``; ``safe``: the infra driver's safe_to_repeat."""
    method = INFRA_METHOD.get(operation)
    if method is None:
        return [{"kind": "processing", "safe_to_repeat": True},
                {"kind": "complete", "safe_to_repeat": True}]
    return [{"kind": "grant", "safe_to_repeat": True},
            {"kind": "infra", "method": method, "safe_to_repeat": method in safe},
            {"kind": "complete", "safe_to_repeat": True}]


def rollback_steps(operation: str, safe: Collection[str]) -> list[dict[str, Any]]:
    method = INFRA_METHOD.get(operation)
    steps: list[dict[str, Any]] = []
    if method is not None:
        steps.append({"kind": "rollback", "method": method,
                      "safe_to_repeat": f"rollback_{method}" in safe})
    steps.append({"kind": "rolled_back", "safe_to_repeat": True})
    return steps
