"""Every state change of a VNF LCM operation occurrence, each one transaction.

Each method locks the occurrence (and its instance), checks the change is allowed, writes
the new state with whatever the instance gains, and queues the notifications reporting it
(:mod:`baton.conductor.notifications`) on the same connection: a change and its
notification commit together or not at all.

Ownership: a running occurrence (STARTING, PROCESSING, ROLLING_BACK) is owned by the
conductor running it and leased; a FAILED_TEMP one is owned by nobody (any conductor may
retry, roll back or fail it, and no takeover touches it); a final one (COMPLETED, FAILED,
ROLLED_BACK) has ``finished_at`` set and no longer holds its instance.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.engine import Connection

from baton import errors
from baton.conductor import notifications
from baton.db import models
from baton.db.engine import Database
from baton.db.repositories import LcmOpOccRepository, VnfInstanceRepository
from baton.db.repositories.lcm_op_occs import FINAL_STATES, lcm_op_occ_body
from baton.db.repositories.vnf_instances import vnf_instance_body

__all__ = ["RUNNING_STATES", "Transitions"]

RUNNING_STATES = ("STARTING", "PROCESSING", "ROLLING_BACK")

#: Extra work inside a transition's transaction: (conn, op row, instance row) -> values
#: for the instance row.
InstanceChange = Callable[[Connection, dict[str, Any], dict[str, Any]], Mapping[str, Any]]


def problem(status: int, title: str, detail: str) -> dict[str, Any]:
    return {"status": status, "title": title, "detail": detail}


class Transitions:
    """State changes of occurrences run by conductor ``host``."""

    def __init__(self, db: Database, host: str, lease_seconds: float) -> None:
        self.db = db
        self.host = host
        self.lease_seconds = lease_seconds
        self.instances = VnfInstanceRepository(db)
        self.op_occs = LcmOpOccRepository(db)

    def _lease(self) -> datetime.datetime:
        return models.utcnow() + datetime.timedelta(seconds=self.lease_seconds)

    def notify(self, conn: Connection, op: Mapping[str, Any],
               instance: Mapping[str, Any]) -> None:
        notifications.enqueue_lcm_op_occ(conn, lcm_op_occ_body(op), vnf_instance_body(instance))

    # -- start ------------------------------------------------------------------------------
    def start(self, instance_id: str, operation: str, *, params: Mapping[str, Any],
              steps: list[dict[str, Any]],
              check: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """A new STARTING occurrence holding the instance (409 while another holds it).

        ``check(instance_row)`` raises if the instance's state forbids the operation.
        """
        def _start(conn: Connection) -> dict[str, Any]:
            instance = self.instances.find_in(conn, instance_id, for_update=True)
            if instance["lcm_op_uuid"]:
                current = self.op_occs.find_in(conn, instance["lcm_op_uuid"])
                raise errors.OperationConflict(reason=(
                    f"VNF instance {instance['uuid']} is held by LCM operation occurrence "
                    f"{current['uuid']} ({current['kind'].removeprefix('vnf.')}, "
                    f"{current['state']}); it must end (or be failed) first"))
            check(instance)
            op = self.op_occs.create_in(conn, operation=operation,
                                        instance_id=instance["uuid"], params=params,
                                        steps=steps, owner=self.host,
                                        lease_seconds=self.lease_seconds)
            instance = self.instances.update_in(conn, instance, {"lcm_op_uuid": op["uuid"]})
            self.notify(conn, op, instance)
            return op

        return self.db.run(_start)

    # -- the generic move -------------------------------------------------------------------
    def move(self, op_id: str, state: str | None, *, expect: tuple[str, ...],
             owned: bool = True, values: Mapping[str, Any] | None = None,
             params: Mapping[str, Any] | None = None,
             change: InstanceChange | None = None, notify: bool = True) -> dict[str, Any]:
        """Move occurrence ``op_id`` from one of ``expect`` to ``state`` (None: same).

        With ``owned``, only while this conductor owns it (Conflict otherwise); without it
        and without a new state, ownership is left alone (a cancel request). ``values``
        are further operations columns, ``params`` merged into its params; ``change`` may
        change the instance in the same transaction. Final states release the instance.
        """
        def _move(conn: Connection) -> dict[str, Any]:
            op = self.op_occs.find_in(conn, op_id, for_update=True)
            if op["state"] not in expect:
                raise errors.OperationConflict(reason=(
                    f"VNF LCM operation occurrence {op['uuid']} is {op['state']}; this needs "
                    f"{' or '.join(expect)}"))
            if owned and op["owner"] != self.host:
                raise errors.Conflict(reason=f"operation {op['uuid']} is owned by "
                                             f"{op['owner']}, not {self.host}")
            instance = self.instances.find_in(conn, op["target_id"], for_update=True)
            new_state = state or op["state"]
            changes: dict[str, Any] = dict(values or {})
            changes["params"] = {**op["params"], **(params or {})}
            if state is not None:
                changes["state"] = state
            if state is not None or owned:
                changes.update(self._ownership(new_state))
            instance_values = dict(change(conn, op, instance)) if change else {}
            if new_state in FINAL_STATES and instance["lcm_op_uuid"] == op["uuid"]:
                instance_values["lcm_op_uuid"] = None
            if instance_values:
                instance = self.instances.update_in(conn, instance, instance_values)
            op = self.op_occs.update_in(conn, op, changes)
            if notify and state is not None:
                self.notify(conn, op, instance)
            return op

        return self.db.run(_move)

    def _ownership(self, state: str) -> dict[str, Any]:
        if state in RUNNING_STATES:
            return {"owner": self.host, "lease_expires_at": self._lease(),
                    "finished_at": None}
        if state in FINAL_STATES:
            return {"lease_expires_at": None, "finished_at": models.utcnow()}
        return {"owner": None, "lease_expires_at": None, "finished_at": None}

    # -- named changes ----------------------------------------------------------------------
    def progress(self, op_id: str, index: int, **params: Any) -> dict[str, Any]:
        """Step ``index`` completed (its results merged into params); no notification."""
        state = self.op_occs.get(op_id)["state"]
        return self.move(op_id, None, expect=(state,), values={"last_completed_step": index},
                         params=params, notify=False)

    def failed_temp(self, op_id: str, error: Mapping[str, Any]) -> dict[str, Any]:
        return self.move(op_id, "FAILED_TEMP", expect=RUNNING_STATES,
                         values={"error": dict(error)},
                         params={"isCancelPending": False, "cancelMode": None})
