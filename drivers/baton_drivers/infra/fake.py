"""The fake infra driver (vimType ``BATON.FAKE.V_1``): a VIM kept in Baton's database.

Resources are rows of ``fake_vnf_resources``: a compute per VNFC with its virtual storages
and one port per VDU CP, a network per internal virtual link, and the external virtual
links given by the requests. Every change an operation makes is tagged with its occurrence
id, so that each method starts by undoing what an earlier attempt of the same occurrence
did (all methods are safe to repeat) and each rollback is exact.

Failure injection, for the failure-path tests: ``additionalParams`` of the request (or
``extra`` of the VIM connection) may hold ``{"baton.fake": {"fail": {METHOD: N},
"delay": {METHOD: SECONDS}}}``: the first N attempts of METHOD (``instantiate``,
``scale``, ``rollback_scale``...) of an occurrence fail *after* making their changes, as a
VIM failing half way would; a delay waits before the work, and a FORCEFUL cancel
interrupts it.
"""

from __future__ import annotations

import threading
import time
import uuid as uuidlib
from collections.abc import Mapping
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.conf import database_url
from baton.db.engine import Database
from baton.db.repositories import FakeVnfResourceRepository
from baton.interfaces.nfv import INFRA_OPERATIONS, CancelCheck, InfraDriver
from baton_drivers.infra.fake_view import picture

__all__ = ["FakeInfra"]

_DATABASES: dict[str, Database] = {}
_DB_LOCK = threading.Lock()


def _database(conf: cfg.ConfigOpts) -> Database:
    url = database_url(conf)
    with _DB_LOCK:
        db = _DATABASES.get(url)
        if db is None:
            db = _DATABASES[url] = Database.from_conf(conf)
        return db


def _uid() -> str:
    return str(uuidlib.uuid4())


class FakeInfra(InfraDriver):
    """Keeps each VNF's resources in the database; see the module docstring."""

    safe_to_repeat = frozenset([*INFRA_OPERATIONS,
                                *(f"rollback_{op}" for op in INFRA_OPERATIONS)])

    def __init__(self, conf: Any = None) -> None:
        super().__init__(conf)
        self._repo: FakeVnfResourceRepository | None = None

    @property
    def repo(self) -> FakeVnfResourceRepository:
        if self._repo is None:
            self._repo = FakeVnfResourceRepository(_database(self.conf))
        return self._repo

    # -- failure injection ------------------------------------------------------------------
    @staticmethod
    def _knobs(request: Mapping[str, Any], vim: Mapping[str, Any]) -> dict[str, Any]:
        knobs: dict[str, Any] = {}
        for source in ((vim.get("extra") or {}), (request.get("additionalParams") or {})):
            for key, value in (source.get("baton.fake") or {}).items():
                knobs[key] = {**knobs.get(key, {}), **value}
        return knobs

    def _delay(self, method: str, knobs: dict[str, Any], instance_id: str,
               cancelled: CancelCheck | None) -> None:
        end = time.monotonic() + float((knobs.get("delay") or {}).get(method, 0))
        while time.monotonic() < end:
            if cancelled is not None and cancelled():
                raise errors.InfraOperationFailed(operation=method, instance=instance_id,
                                                  reason="cancelled (FORCEFUL)")
            time.sleep(0.02)

    def _maybe_fail(self, method: str, knobs: dict[str, Any], op_id: str,
                    instance_id: str) -> None:
        wanted = int((knobs.get("fail") or {}).get(method, 0))
        if wanted and self.repo.count_faults(op_id, method) < wanted:
            self.repo.record_fault(op_id, instance_id, method)
            raise errors.InfraOperationFailed(operation=method, instance=instance_id,
                                              reason="injected failure (baton.fake)")

    # -- building blocks --------------------------------------------------------------------
    @staticmethod
    def _flavour(vnfd: Mapping[str, Any], instance: Mapping[str, Any],
                 request: Mapping[str, Any]) -> dict[str, Any]:
        flavour_id = request.get("flavourId") or \
            (instance.get("instantiatedVnfInfo") or {}).get("flavourId")
        found: dict[str, Any] = ((vnfd.get("flavours") or {}).get(flavour_id) or {})
        return found

    @staticmethod
    def _vnfc(flavour: Mapping[str, Any], vdu: str, *, vnfc_id: str | None,
              vim_id: str) -> list[dict[str, Any]]:
        """A compute for ``vdu`` with its storages and ports (rows to create)."""
        compute = _uid()
        vdu_def = (flavour.get("vdus") or {}).get(vdu) or {}
        rows = [{"uuid": compute, "kind": "compute", "descriptor_id": vdu,
                 "attributes": {"vnfc_id": vnfc_id or _uid(), "vim": vim_id,
                                "image": vdu_def.get("sw_image")}}]
        for storage in vdu_def.get("virtual_storages") or []:
            rows.append({"kind": "storage", "descriptor_id": storage, "parent_uuid": compute,
                         "attributes": {"vim": vim_id}})
        for cp_id, cp in sorted((flavour.get("cps") or {}).items(),
                                key=lambda kv: (kv[1].get("order") or 0, kv[0])):
            if cp.get("vdu") == vdu:
                rows.append({"kind": "port", "descriptor_id": cp_id, "parent_uuid": compute,
                             "attributes": {"cp_id": _uid(), "link_port_id": _uid(),
                                            "ext_cp_id": _uid(), "vl": cp.get("virtual_link"),
                                            "vim": vim_id}})
        return rows

    def _children(self, instance_id: str, computes: set[str]) -> list[str]:
        return [r["uuid"] for r in self.repo.live(instance_id)
                if r["uuid"] in computes or r["parent_uuid"] in computes]

    def _run(self, method: str, *, request: Mapping[str, Any], vim: Mapping[str, Any],
             instance: Mapping[str, Any], op_id: str, cancelled: CancelCheck | None,
             create: list[dict[str, Any]], remove: list[str]) -> dict[str, Any]:
        knobs = self._knobs(request, vim)
        self._delay(method, knobs, instance["id"], cancelled)
        self.repo.apply(op_id=op_id, instance_id=instance["id"], create=create, remove=remove)
        self._maybe_fail(method, knobs, op_id, instance["id"])
        return picture(self.repo.live(instance["id"]), vim)

    # -- operations -------------------------------------------------------------------------
    def instantiate(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                    grant: Mapping[str, Any], vim: Mapping[str, Any],
                    instance: Mapping[str, Any], op_id: str,
                    cancelled: CancelCheck | None = None) -> dict[str, Any]:
        flavour = self._flavour(vnfd, instance, request)
        vim_id = str(vim.get("id"))
        create: list[dict[str, Any]] = []
        for res in grant.get("addResources") or []:
            if res["type"] == "VL":
                create.append({"kind": "network", "descriptor_id": res["resourceTemplateId"],
                               "attributes": {"vim": vim_id}})
            elif res["type"] == "COMPUTE":
                create += self._vnfc(flavour, res["resourceTemplateId"], vnfc_id=None,
                                     vim_id=vim_id)
        for ext in request.get("extVirtualLinks") or []:
            create.append({"kind": "extvl", "descriptor_id": ext["id"], "attributes": ext})
        for mgd in request.get("extManagedVirtualLinks") or []:
            create.append({"kind": "mgdvl", "descriptor_id": mgd["vnfVirtualLinkDescId"],
                           "attributes": mgd})
        return self._run("instantiate", request=request, vim=vim, instance=instance,
                         op_id=op_id, cancelled=cancelled, create=create, remove=[])

    def terminate(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                  grant: Mapping[str, Any], vim: Mapping[str, Any],
                  instance: Mapping[str, Any], op_id: str,
                  cancelled: CancelCheck | None = None) -> dict[str, Any]:
        self.repo.undo(op_id)  # a repeat starts from before the first attempt
        remove = [r["uuid"] for r in self.repo.live(instance["id"])]
        self._run("terminate", request=request, vim=vim, instance=instance, op_id=op_id,
                  cancelled=cancelled, create=[], remove=remove)
        return {}

    def _replace(self, method: str, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                 grant: Mapping[str, Any], vim: Mapping[str, Any],
                 instance: Mapping[str, Any], op_id: str,
                 cancelled: CancelCheck | None) -> dict[str, Any]:
        """Remove the granted removeResources, create the granted addResources."""
        self.repo.undo(op_id)  # a repeat starts from before the first attempt
        flavour = self._flavour(vnfd, instance, request)
        gone = {str((r.get("resource") or {}).get("resourceId"))
                for r in grant.get("removeResources") or [] if r["type"] == "COMPUTE"}
        create: list[dict[str, Any]] = []
        for res in grant.get("addResources") or []:
            if res["type"] == "COMPUTE":
                create += self._vnfc(flavour, res["resourceTemplateId"],
                                     vnfc_id=res.get("vnfcResourceInfoId"),
                                     vim_id=str(vim.get("id")))
        return self._run(method, request=request, vim=vim, instance=instance, op_id=op_id,
                         cancelled=cancelled, create=create,
                         remove=self._children(instance["id"], gone))

    def scale(self, **kwargs: Any) -> dict[str, Any]:
        return self._replace("scale", **kwargs)

    def heal(self, **kwargs: Any) -> dict[str, Any]:
        return self._replace("heal", **kwargs)

    def change_vnfpkg(self, **kwargs: Any) -> dict[str, Any]:
        return self._replace("change_vnfpkg", **kwargs)

    def change_ext_conn(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                        grant: Mapping[str, Any], vim: Mapping[str, Any],
                        instance: Mapping[str, Any], op_id: str,
                        cancelled: CancelCheck | None = None) -> dict[str, Any]:
        self.repo.undo(op_id)  # a repeat starts from before the first attempt
        live = self.repo.live(instance["id"])
        links = request.get("extVirtualLinks") or []
        cpds = {cp["cpdId"] for ext in links for cp in ext.get("extCps") or []}
        ids = {ext["id"] for ext in links}
        remove = [r["uuid"] for r in live
                  if (r["kind"] == "extvl" and r["descriptor_id"] in ids)
                  or (r["kind"] == "port" and r["descriptor_id"] in cpds)]
        create: list[dict[str, Any]] = [
            {"kind": "extvl", "descriptor_id": ext["id"], "attributes": ext} for ext in links]
        for port in live:
            if port["kind"] == "port" and port["descriptor_id"] in cpds:
                create.append({"kind": "port", "descriptor_id": port["descriptor_id"],
                               "parent_uuid": port["parent_uuid"],
                               "attributes": {**port["attributes"], "link_port_id": _uid()}})
        return self._run("change_ext_conn", request=request, vim=vim, instance=instance,
                         op_id=op_id, cancelled=cancelled, create=create, remove=remove)

    # -- rollbacks --------------------------------------------------------------------------
    def rollback(self, operation: str, *, vnfd: Mapping[str, Any],
                 request: Mapping[str, Any], grant: Mapping[str, Any],
                 vim: Mapping[str, Any], instance: Mapping[str, Any], op_id: str,
                 cancelled: CancelCheck | None = None) -> None:
        """Every rollback: remove what the occurrence created, restore what it removed."""
        method = f"rollback_{operation}"
        knobs = self._knobs(request, vim)
        self._delay(method, knobs, instance["id"], cancelled)
        self.repo.undo(op_id)
        self._maybe_fail(method, knobs, op_id, instance["id"])
