"""The conductor's VNF LCM methods (RPC API 1.3): instances and operation occurrences.

Every method answers SOL003 documents without ``_links`` (``VnfInstance``,
``VnfLcmOpOcc``); the API adds those. Requests are validated synchronously (400, 404, 409,
422) and the work runs in a worker; see :mod:`.runner` for the steps and
:mod:`.catalog` for what each rollback restores.

From FAILED_TEMP: ``retry`` runs the failed phase again from the step that failed
(PROCESSING, or ROLLING_BACK when it was a rollback that failed); ``rollback`` undoes the
operation (ROLLING_BACK -> ROLLED_BACK, or FAILED_TEMP again); ``fail`` ends it (FAILED,
the VIM left as it is). ``cancel`` (STARTING, PROCESSING, ROLLING_BACK) ends a running one
at the next step boundary, and with FORCEFUL also interrupts the infra driver.

A conductor that dies leaves its occurrences' leases to expire; the one that claims them
(:class:`baton.conductor.leases.LeaseKeeper`) resumes each from the step that was running
when that step is ``safe_to_repeat``, and otherwise puts it in FAILED_TEMP saying why.
"""

from __future__ import annotations

import logging
from typing import Any

from baton import errors
from baton.conductor import notifications
from baton.conductor.base import ManagerBase
from baton.conductor.vnflcm import catalog, modify, plan
from baton.conductor.vnflcm.runner import LcmRunner, step_name
from baton.conductor.vnflcm.transitions import RUNNING_STATES, Transitions, problem
from baton.db.models import utcnow
from baton.db.repositories import LcmOpOccRepository, VnfInstanceRepository
from baton.db.repositories.lcm_op_occs import TARGET_TYPE, lcm_op_occ_body
from baton.db.repositories.vnf_instances import vnf_instance_body
from baton.engine.infra import InfraDrivers

__all__ = ["VnfLcmMixin"]

LOG = logging.getLogger(__name__)


class VnfLcmMixin(ManagerBase):
    """``create_vnf_instance``, ``delete_vnf_instance``, ``start_vnf_lcm_operation``,
    ``retry_/rollback_/fail_/cancel_vnf_lcm_op_occ`` and the takeover of occurrences."""

    _lcm_runner: LcmRunner | None = None

    @property
    def lcm(self) -> LcmRunner:
        if self._lcm_runner is None:
            transitions = Transitions(self.db, self.host,
                                      self.conf.conductor.operation_lease_duration)
            self._lcm_runner = LcmRunner(self.conf, transitions, InfraDrivers(self.conf))
        return self._lcm_runner

    @property
    def vnf_instances(self) -> VnfInstanceRepository:
        return self.lcm.transitions.instances

    @property
    def lcm_op_occs(self) -> LcmOpOccRepository:
        return self.lcm.transitions.op_occs

    # -- instances --------------------------------------------------------------------------
    def create_vnf_instance(self, request: dict[str, Any]) -> dict[str, Any]:
        """A NOT_INSTANTIATED instance of the ONBOARDED, ENABLED package holding
        ``request["vnfdId"]`` (422 otherwise), which becomes IN_USE; notified."""
        vnfd_id = str(request.get("vnfdId") or "")
        repo = self.vnf_instances

        def _create(conn: Any) -> dict[str, Any]:
            package = modify.usable_package_in(conn, vnfd_id)
            values = {**modify.identity_values(package),
                      "vnf_instance_name": request.get("vnfInstanceName"),
                      "vnf_instance_description": request.get("vnfInstanceDescription"),
                      "vnf_metadata": request.get("metadata") or {},
                      "instantiation_state": "NOT_INSTANTIATED"}
            row = repo.create_in(conn, values)
            repo.refresh_package_usage_in(conn, package["uuid"])
            notifications.enqueue_identifier_creation(conn, vnf_instance_body(row))
            return row

        row = self.db.run(_create)
        LOG.info("VNF instance %s created from VNFD %s", row["uuid"], vnfd_id)
        return vnf_instance_body(row)

    def delete_vnf_instance(self, instance_id: str) -> None:
        """Delete a NOT_INSTANTIATED instance no operation holds (409 otherwise), with its
        operation occurrences; its package is NOT_IN_USE once no instance uses it."""
        repo = self.vnf_instances
        op_occs = self.lcm_op_occs

        def _delete(conn: Any) -> None:
            row = repo.find_in(conn, instance_id, for_update=True)
            if row["instantiation_state"] != "NOT_INSTANTIATED" or row["lcm_op_uuid"]:
                held = f", held by operation {row['lcm_op_uuid']}" if row["lcm_op_uuid"] else ""
                raise errors.VnfInstanceConflict(
                    instance=row["uuid"],
                    reason=f"it is {row['instantiation_state']}{held}; only a "
                           f"NOT_INSTANTIATED instance can be deleted")
            conn.execute(op_occs.table.delete().where(
                (op_occs.table.c.target_type == TARGET_TYPE)
                & (op_occs.table.c.target_id == row["uuid"])))
            repo.delete_in(conn, row)
            repo.refresh_package_usage_in(conn, row["vnf_pkg_id"])
            notifications.enqueue_identifier_deletion(conn, vnf_instance_body(row))

        self.db.run(_delete)
        LOG.info("VNF instance %s deleted", instance_id)

    # -- operations -------------------------------------------------------------------------
    def _safe(self, body: dict[str, Any], request: dict[str, Any]) -> frozenset[str]:
        return self.lcm.infra.for_vim(plan.chosen_vim(body, request)).safe_to_repeat

    def start_vnf_lcm_operation(self, instance_id: str, operation: str,
                                request: dict[str, Any]) -> dict[str, Any]:
        """Start ``operation`` (INSTANTIATE, TERMINATE, SCALE, HEAL, CHANGE_EXT_CONN,
        MODIFY_INFO, CHANGE_VNFPKG) with its SOL003 request; answer the STARTING
        occurrence. 404 no instance, 409 wrong state or another operation holds it, 400
        bad request for the VNFD, 422 unusable target package."""
        catalog.check_operation(operation)
        runner = self.lcm
        instance = runner.transitions.instances.get(instance_id)
        body = vnf_instance_body(instance)
        params: dict[str, Any] = {"operationParams": request, "isAutomaticInvocation": False,
                                  "isCancelPending": False}
        package_id = instance["vnf_pkg_id"]
        if operation == "CHANGE_VNFPKG":
            package_id = self.db.read(lambda conn: modify.usable_package_in(
                conn, str(request.get("vnfdId"))))["uuid"]
            params["targetPackageId"] = package_id
        if operation != "MODIFY_INFO":
            catalog.check_state(operation, instance)
            vnfd = runner.packages.get(package_id).get("vnfd")
            plan.validate(operation, body, request, vnfd)
        safe = self._safe(body, request) if operation != "MODIFY_INFO" else frozenset()
        op = runner.transitions.start(
            instance["uuid"], operation, params=params,
            steps=catalog.forward_steps(operation, safe),
            check=lambda row: catalog.check_state(operation, row))
        self._spawn(op)
        return lcm_op_occ_body(op)

    def _spawn(self, op: dict[str, Any]) -> None:
        runner = self.lcm
        if not runner.claim(op["uuid"]):
            return
        try:
            self.pool.submit(runner.run, op["uuid"])
        except errors.NoFreeConductorWorker:
            runner.forget(op["uuid"])
            error = problem(503, "No free conductor worker", "retry later")
            if op["state"] == "STARTING":
                runner.transitions.move(op["uuid"], "ROLLED_BACK", expect=("STARTING",),
                                        values={"error": error})
            else:
                runner.transitions.failed_temp(op["uuid"], error)
            raise

    def retry_vnf_lcm_op_occ(self, op_id: str) -> dict[str, Any]:
        """FAILED_TEMP -> PROCESSING (ROLLING_BACK if a rollback had failed), resuming
        at the step that failed."""
        op = self.lcm_op_occs.get(op_id)
        state = "ROLLING_BACK" if op["params"].get("phase") == "rollback" else "PROCESSING"
        op = self.lcm.transitions.move(op_id, state, expect=("FAILED_TEMP",), owned=False)
        self._spawn(op)
        return lcm_op_occ_body(op)

    def rollback_vnf_lcm_op_occ(self, op_id: str) -> dict[str, Any]:
        """FAILED_TEMP -> ROLLING_BACK; see :mod:`.catalog` for what is restored."""
        op = self.lcm_op_occs.get(op_id)
        operation = str(op["kind"]).removeprefix("vnf.")
        values: dict[str, Any] = {}
        params: dict[str, Any] = {}
        if op["params"].get("phase") != "rollback":
            ctx = self.lcm.context(op)
            safe = self._safe(ctx.body, ctx.request) if operation != "MODIFY_INFO" \
                else frozenset()
            values = {"steps": catalog.rollback_steps(operation, safe),
                      "last_completed_step": -1}
            params = {"phase": "rollback", "forwardSteps": op["steps"],
                      "forwardProgress": op["last_completed_step"]}
        op = self.lcm.transitions.move(op_id, "ROLLING_BACK", expect=("FAILED_TEMP",),
                                       owned=False, values=values, params=params)
        self._spawn(op)
        return lcm_op_occ_body(op)

    def fail_vnf_lcm_op_occ(self, op_id: str) -> dict[str, Any]:
        """FAILED_TEMP -> FAILED: the instance is released, the VIM left as it is."""
        op = self.lcm.transitions.move(op_id, "FAILED", expect=("FAILED_TEMP",), owned=False)
        return lcm_op_occ_body(op)

    def cancel_vnf_lcm_op_occ(self, op_id: str, cancel_mode: str = "GRACEFUL"
                              ) -> dict[str, Any]:
        """Ask a STARTING, PROCESSING or ROLLING_BACK occurrence to stop (isCancelPending);
        GRACEFUL waits for the running step, FORCEFUL also interrupts the infra driver."""
        if cancel_mode not in ("GRACEFUL", "FORCEFUL"):
            raise errors.InvalidParameterValue(
                err=f"cancelMode must be GRACEFUL or FORCEFUL, not {cancel_mode!r}")
        op = self.lcm.transitions.move(
            op_id, None, expect=RUNNING_STATES, owned=False, notify=False,
            params={"isCancelPending": True, "cancelMode": cancel_mode})
        return lcm_op_occ_body(op)

    # -- takeover ---------------------------------------------------------------------------
    def resume_operation(self, op: dict[str, Any]) -> bool:
        if op.get("target_type") != TARGET_TYPE:
            resumed: bool = super().resume_operation(op)  # type: ignore[misc]
            return resumed
        return self.resume_vnf_lcm_op_occ(op)

    def resume_vnf_lcm_op_occ(self, op: dict[str, Any]) -> bool:
        """Resume (or put in FAILED_TEMP) an occurrence this conductor now owns."""
        runner = self.lcm
        try:
            op = runner.transitions.op_occs.get(op["uuid"])
        except errors.LcmOpOccNotFound:
            return True
        if op["state"] not in RUNNING_STATES or op["owner"] != self.host \
                or runner.is_running(op["uuid"]):
            return True
        previous = (op.get("owner_history") or [None])[-1]
        index = int(op["last_completed_step"]) + 1
        step = op["steps"][index] if index < len(op["steps"]) else None
        name = step_name(step) if step else "-"
        takeovers = [*(op["params"].get("takeovers") or []),
                     {"from": previous, "to": self.host, "at": utcnow().isoformat(),
                      "resumeStep": index}]
        runner.transitions.move(op["uuid"], None, expect=(op["state"],),
                                params={"takeovers": takeovers}, notify=False)
        if step is not None and not step.get("safe_to_repeat", False):
            LOG.warning("VNF LCM operation occurrence %s: step %s is not safe to repeat "
                        "after conductor %s stopped", op["uuid"], name, previous)
            runner.transitions.failed_temp(op["uuid"], problem(
                500, "Conductor stopped", f"Conductor {previous} stopped while running step "
                f"{name} of this {op['kind'].removeprefix('vnf.')}; that step is not safe to "
                f"repeat, so the operation waits in FAILED_TEMP: retry, roll back or fail "
                f"it"))
            return True
        LOG.warning("Conductor %s resumes VNF LCM operation occurrence %s from conductor %s "
                    "at step %s", self.host, op["uuid"], previous, name)
        try:
            self._spawn(op)
        except errors.NoFreeConductorWorker:
            return False
        return True
