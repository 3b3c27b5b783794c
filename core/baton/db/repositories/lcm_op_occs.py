"""VNF LCM operation occurrences: the ``operations`` rows of target type ``vnf_instance``.

An occurrence is an ``operations`` row with ``kind`` ``"vnf.<OPERATION>"`` (``vnf.INSTANTIATE``,
``vnf.SCALE``...), ``target_id`` the VNF instance id and ``state`` SOL003's operationState.
The rest of SOL003's ``VnfLcmOpOcc`` lives in JSON columns:

- ``params``: ``operationParams`` (the request as sent), ``isAutomaticInvocation``,
  ``isCancelPending``, ``cancelMode``, ``grantId``, ``stateEnteredTime``, plus the
  conductor's own bookkeeping (``before``: the instance before the operation, ``infra``:
  what the infra steps answered, ``takeovers``);
- ``result``: ``resourceChanges``, ``changedInfo``, ``changedExtConnectivity``;
- ``error``: a ProblemDetails when the occurrence failed.

:func:`lcm_op_occ_body` renders a row as ``VnfLcmOpOcc`` (without ``_links``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.engine import Connection

from baton import errors
from baton.db import models
from baton.db.repositories import query
from baton.db.repositories.base import RecordRepository

__all__ = [
    "FINAL_STATES",
    "KIND_PREFIX",
    "SOL_COLUMNS",
    "TARGET_TYPE",
    "LcmOpOccRepository",
    "iso",
    "lcm_op_occ_body",
]

_o = models.operations

TARGET_TYPE = "vnf_instance"
KIND_PREFIX = "vnf."
#: States in which an occurrence no longer holds its instance.
FINAL_STATES = ("COMPLETED", "FAILED", "ROLLED_BACK")

#: VnfLcmOpOcc attribute -> column, for the API's filters and sorting (``operation`` is
#: the kind without its ``vnf.`` prefix: filter on ``kind`` with ``KIND_PREFIX + value``).
SOL_COLUMNS: dict[str, str] = {
    "id": "uuid",
    "operationState": "state",
    "vnfInstanceId": "target_id",
    "startTime": "started_at",
    "operation": "kind",
}


def iso(value: datetime.datetime | None) -> str | None:
    """A naive-UTC datetime as SOL's ``2021-09-06T07:07:15Z``."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


def lcm_op_occ_body(row: Mapping[str, Any]) -> dict[str, Any]:
    """The SOL003 ``VnfLcmOpOcc`` of an operations row (no ``_links``)."""
    params: Mapping[str, Any] = row.get("params") or {}
    result: Mapping[str, Any] = row.get("result") or {}
    body: dict[str, Any] = {
        "id": row["uuid"],
        "operationState": row["state"],
        "stateEnteredTime": params.get("stateEnteredTime") or iso(
            row.get("updated_at") or row.get("created_at")),
        "startTime": iso(row.get("started_at") or row.get("created_at")),
        "vnfInstanceId": row["target_id"],
        "operation": str(row["kind"]).removeprefix(KIND_PREFIX),
        "isAutomaticInvocation": bool(params.get("isAutomaticInvocation", False)),
        "isCancelPending": bool(params.get("isCancelPending", False)),
    }
    if params.get("grantId"):
        body["grantId"] = params["grantId"]
    if "operationParams" in params:
        body["operationParams"] = params["operationParams"]
    if body["isCancelPending"] and params.get("cancelMode"):
        body["cancelMode"] = params["cancelMode"]
    if row.get("error"):
        body["error"] = row["error"]
    for key in ("resourceChanges", "changedInfo", "changedExtConnectivity"):
        if result.get(key):
            body[key] = result[key]
    return body


class LcmOpOccRepository(RecordRepository):
    """Reads and in-transaction writes of LCM operation occurrences."""

    table = _o
    resource = "VNF LCM operation occurrence"

    def _not_found(self, ident: Any) -> errors.BatonError:
        return errors.LcmOpOccNotFound(op_occ=ident)

    def _conditions(self, filters: Mapping[str, Any] | None) -> list[ColumnElement[bool]]:
        conditions = super()._conditions(filters)
        conditions.append(_o.c.target_type == TARGET_TYPE)
        return conditions

    def _find(self, conn: Connection, ident: Any, *,
              for_update: bool = False) -> dict[str, Any]:
        found = super()._find(conn, ident, for_update=for_update)
        if found["target_type"] != TARGET_TYPE:
            raise self._not_found(ident)
        return found

    # -- reads ------------------------------------------------------------------------------
    def list_for_instance(self, instance_id: str) -> list[dict[str, Any]]:
        """The instance's occurrences, oldest first."""
        return self.list(filters={"target_id": instance_id})

    def list_unfinished(self) -> list[dict[str, Any]]:
        """Occurrences not in a final state (FAILED_TEMP ones included), oldest first."""
        stmt = (select(_o).where(and_(_o.c.target_type == TARGET_TYPE,
                                      _o.c.state.notin_(FINAL_STATES)))
                .order_by(_o.c.id))
        with self.db.connect() as conn:
            return query.row_dicts(conn.execute(stmt))

    # -- inside a caller's transaction ------------------------------------------------------
    def find_in(self, conn: Connection, ident: str, *,
                for_update: bool = False) -> dict[str, Any]:
        return self._find(conn, ident, for_update=for_update)

    def create_in(self, conn: Connection, *, operation: str, instance_id: str,
                  params: Mapping[str, Any], steps: Sequence[Mapping[str, Any]],
                  owner: str, lease_seconds: float, state: str = "STARTING",
                  uuid: str | None = None) -> dict[str, Any]:
        """A new occurrence of ``operation`` (``INSTANTIATE``...) owned by ``owner``."""
        now = models.utcnow()
        values: dict[str, Any] = {
            "kind": KIND_PREFIX + operation, "target_type": TARGET_TYPE,
            "target_id": instance_id, "state": state, "steps": [dict(s) for s in steps],
            "params": {**params, "stateEnteredTime": iso(now)}, "owner": owner,
            "lease_expires_at": now + datetime.timedelta(seconds=lease_seconds),
            "started_at": now,
        }
        if uuid is not None:
            values["uuid"] = uuid
        return self._insert(conn, self._prepare_create(values))

    def update_in(self, conn: Connection, row: Mapping[str, Any],
                  values: Mapping[str, Any]) -> dict[str, Any]:
        """Change columns of ``row`` (found in this transaction); a new ``state`` also
        stamps ``params.stateEnteredTime``."""
        changes = dict(values)
        if "state" in changes and changes["state"] != row["state"]:
            params = dict(changes.get("params", row["params"]) or {})
            params["stateEnteredTime"] = iso(models.utcnow())
            changes["params"] = params
        self._check_columns(changes)
        self._check_update(row, changes)
        return self._update_row(conn, int(row["id"]), changes)
