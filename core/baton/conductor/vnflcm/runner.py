"""Run an LCM operation occurrence's steps, durably, one after the other.

Steps (JSON, in the ``operations`` row; each says whether it is ``safe_to_repeat`` by a
conductor that took the occurrence over after its owner died):

- ``processing``: STARTING -> PROCESSING (operations that need no grant);
- ``grant``: work out the resources (:mod:`.plan`), get the grant (:mod:`.grants`), then
  STARTING -> PROCESSING;
- ``infra``: the infra driver's operation; what it answers is kept in ``params.infra``;
- ``complete``: the instance gets its new information and the occurrence COMPLETED, in one
  transaction with the notification;
- ``rollback``: the infra driver's ``rollback_<operation>``;
- ``rolled_back``: ROLLING_BACK -> ROLLED_BACK.

Between steps the runner re-reads the occurrence: a cancel request ends it (STARTING ->
ROLLED_BACK, else FAILED_TEMP), and a conductor that lost it stops. Any error of a step
puts the occurrence in FAILED_TEMP with a ProblemDetails naming the step.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from oslo_config import cfg
from sqlalchemy.engine import Connection

from baton import errors
from baton.conductor.vnflcm import grants, plan
from baton.conductor.vnflcm.changes import resource_changes
from baton.conductor.vnflcm.transitions import RUNNING_STATES, Transitions, problem
from baton.db.repositories import VnfPackageRepository
from baton.db.repositories.vnf_instances import vnf_instance_body
from baton.engine.infra import InfraDrivers

__all__ = ["LcmRunner", "StepContext", "step_name"]

LOG = logging.getLogger(__name__)


def step_name(step: dict[str, Any]) -> str:
    """``instantiate``, ``rollback_scale``, ``grant``..."""
    if step["kind"] == "rollback":
        return f"rollback_{step['method']}"
    return str(step.get("method") or step["kind"])


@dataclass
class StepContext:
    op: dict[str, Any]
    instance: dict[str, Any]
    operation: str
    request: dict[str, Any]
    vnfd: dict[str, Any] | None

    @property
    def body(self) -> dict[str, Any]:
        return vnf_instance_body(self.instance)


class LcmRunner:
    """Runs occurrences for conductor ``host``; knows which ones run in this process."""

    def __init__(self, conf: cfg.ConfigOpts, transitions: Transitions,
                 infra: InfraDrivers) -> None:
        self.conf = conf
        self.transitions = transitions
        self.infra = infra
        self.packages = VnfPackageRepository(transitions.db)
        self._running: set[str] = set()
        self._lock = threading.Lock()

    # -- bookkeeping ------------------------------------------------------------------------
    def is_running(self, op_id: str) -> bool:
        with self._lock:
            return op_id in self._running

    def claim(self, op_id: str) -> bool:
        """Count ``op_id`` as running here; False if it already is."""
        with self._lock:
            if op_id in self._running:
                return False
            self._running.add(op_id)
            return True

    def forget(self, op_id: str) -> None:
        with self._lock:
            self._running.discard(op_id)

    # -- context ----------------------------------------------------------------------------
    def context(self, op: dict[str, Any]) -> StepContext:
        instance = self.transitions.instances.get(op["target_id"])
        package_id = op["params"].get("targetPackageId") or instance["vnf_pkg_id"]
        try:
            vnfd = self.packages.get(package_id).get("vnfd")
        except errors.VnfPackageNotFound:
            vnfd = None
        return StepContext(op=op, instance=instance,
                           operation=str(op["kind"]).removeprefix("vnf."),
                           request=dict(op["params"].get("operationParams") or {}), vnfd=vnfd)

    def _cancel_check(self, op_id: str) -> Any:
        last = [0.0, False]

        def cancelled() -> bool:
            if not last[1] and time.monotonic() - last[0] > 0.1:
                last[0] = time.monotonic()
                params = self.transitions.op_occs.get(op_id)["params"]
                last[1] = bool(params.get("isCancelPending")) and \
                    params.get("cancelMode") == "FORCEFUL"
            return bool(last[1])

        return cancelled

    # -- running ----------------------------------------------------------------------------
    def run(self, op_id: str) -> None:
        """Run the occurrence's remaining steps (in a worker)."""
        try:
            while self._next(op_id):
                pass
        except Exception:
            LOG.exception("VNF LCM operation occurrence %s broke", op_id)
        finally:
            self.forget(op_id)

    def _next(self, op_id: str) -> bool:
        """Run one step; False when there is nothing more to do here."""
        op = self.transitions.op_occs.get(op_id)
        host = self.transitions.host
        if op["state"] not in RUNNING_STATES or op["owner"] != host:
            return False
        if op["params"].get("isCancelPending"):
            self._cancelled(op)
            return False
        index = int(op["last_completed_step"]) + 1
        if index >= len(op["steps"]):
            return False
        step = op["steps"][index]
        try:
            self._execute(op, step, index)
        except errors.Conflict as exc:
            if "owned by" in str(exc):
                LOG.warning("Stopped VNF LCM operation occurrence %s: %s", op_id, exc)
                return False
            self._fail(op, step, exc)
            return False
        except Exception as exc:
            self._fail(op, step, exc)
            return False
        return True

    def _fail(self, op: dict[str, Any], step: dict[str, Any], exc: Exception) -> None:
        name = step_name(step)
        LOG.warning("Step %s of VNF LCM operation occurrence %s (%s of instance %s) failed: "
                    "%s", name, op["uuid"], op["kind"], op["target_id"], exc)
        status = exc.code if isinstance(exc, errors.BatonError) else 500
        detail = str(exc) if isinstance(exc, errors.BatonError) else \
            f"{type(exc).__name__}: {exc}"
        try:
            self.transitions.failed_temp(op["uuid"], problem(
                status, f"Step {name} failed", detail))
        except errors.Conflict as lost:
            LOG.warning("Could not record the failure of %s: %s", op["uuid"], lost)

    def _cancelled(self, op: dict[str, Any]) -> None:
        mode = op["params"].get("cancelMode") or "GRACEFUL"
        error = problem(409, "Cancelled", f"Cancelled on request ({mode})")
        if op["state"] == "STARTING" and int(op["last_completed_step"]) < 0:
            self.transitions.move(op["uuid"], "ROLLED_BACK", expect=("STARTING",),
                                  values={"error": error},
                                  params={"isCancelPending": False, "cancelMode": None})
        else:
            self.transitions.failed_temp(op["uuid"], error)

    def _execute(self, op: dict[str, Any], step: dict[str, Any], index: int) -> None:
        kind = step["kind"]
        if kind == "processing":
            self.transitions.move(op["uuid"], "PROCESSING", expect=("STARTING", "PROCESSING"),
                                  values={"last_completed_step": index})
            return
        ctx = self.context(op)
        if kind == "grant":
            self._grant(ctx, index)
        elif kind == "infra":
            self._infra(ctx, step["method"], index)
        elif kind == "complete":
            self._complete(ctx, index)
        elif kind == "rollback":
            self._rollback(ctx, step["method"], index)
        elif kind == "rolled_back":
            self.transitions.move(op["uuid"], "ROLLED_BACK", expect=("ROLLING_BACK",),
                                  values={"last_completed_step": index})
        else:
            raise errors.BatonError(f"Unknown VNF LCM step kind {kind!r}")

    # -- steps ------------------------------------------------------------------------------
    def _grant(self, ctx: StepContext, index: int) -> None:
        body = ctx.body
        add, remove = plan.resources(ctx.operation, body, ctx.request, ctx.vnfd)
        vims = {**(body.get("vimConnectionInfo") or {}),
                **(ctx.request.get("vimConnectionInfo") or {})}
        flavour = ctx.request.get("flavourId") or \
            (body.get("instantiatedVnfInfo") or {}).get("flavourId")
        grant = grants.request_grant(
            self.conf, instance=body, op_id=ctx.op["uuid"], operation=ctx.operation, add=add,
            remove=remove, vims=vims, flavour_id=flavour,
            vnfd_id=ctx.request.get("vnfdId") if ctx.operation == "CHANGE_VNFPKG" else None)
        state = ctx.op["state"]
        self.transitions.move(
            ctx.op["uuid"], "PROCESSING" if state == "STARTING" else None, expect=(state,),
            values={"last_completed_step": index},
            params={"grant": grant, "grantId": None if grant.get("local") else grant["id"]})

    def _infra_call(self, ctx: StepContext) -> dict[str, Any]:
        body = ctx.body
        vim = plan.chosen_vim(body, ctx.request)
        return {"vnfd": ctx.vnfd or {}, "request": ctx.request,
                "grant": ctx.op["params"].get("grant") or {}, "vim": vim, "instance": body,
                "op_id": ctx.op["uuid"], "cancelled": self._cancel_check(ctx.op["uuid"])}

    def _infra(self, ctx: StepContext, method: str, index: int) -> None:
        kwargs = self._infra_call(ctx)
        driver = self.infra.for_vim(kwargs["vim"])
        parts = getattr(driver, method)(**kwargs)
        self.transitions.progress(ctx.op["uuid"], index, infra=parts or {})

    def _rollback(self, ctx: StepContext, method: str, index: int) -> None:
        kwargs = self._infra_call(ctx)
        driver = self.infra.for_vim(kwargs["vim"])
        driver.rollback(method, **kwargs)
        self.transitions.progress(ctx.op["uuid"], index)

    def _complete(self, ctx: StepContext, index: int) -> None:
        from baton.conductor.vnflcm import modify

        result: dict[str, Any] = {}

        def change(conn: Connection, op: dict[str, Any],
                   instance: dict[str, Any]) -> dict[str, Any]:
            body = vnf_instance_body(instance)
            if ctx.operation == "MODIFY_INFO":
                values, changed = modify.modify_values(
                    conn, self.transitions.instances, instance, ctx.request)
                result["changedInfo"] = changed
                return values
            values = plan.completed_values(ctx.operation, body, ctx.request, ctx.vnfd,
                                           op["params"].get("infra"))
            if ctx.operation == "CHANGE_VNFPKG":
                package_values, changed = modify.package_values(
                    conn, self.transitions.instances, instance, ctx.request["vnfdId"])
                values.update(package_values)
                result["changedInfo"] = changed
            after = values.get("instantiated_vnf_info", body.get("instantiatedVnfInfo"))
            changes = resource_changes(body.get("instantiatedVnfInfo"), after)
            if changes:
                result["resourceChanges"] = changes
            if ctx.operation == "CHANGE_EXT_CONN" and after:
                result["changedExtConnectivity"] = after.get("extVirtualLinkInfo") or []
            return values

        # ``result`` is filled by ``change`` inside the transaction, before the row is
        # written with it.
        self.transitions.move(ctx.op["uuid"], "COMPLETED", expect=("PROCESSING",),
                              values={"last_completed_step": index, "error": None,
                                      "result": result},
                              change=change)
