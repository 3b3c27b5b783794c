"""The conductor's VNF package methods (RPC): uploads, upload from URI, delete.

Both uploads validate and move the package's state synchronously (so the API answers 409 or
400 at once), record an ``operations`` row (kind ``vnf_package.onboard``) and leave the
fetching and processing to a worker; see :mod:`.processing` for the states.
"""

from __future__ import annotations

import logging
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase
from baton.conductor.vnf_packages.fetch import check_address, fetch_into_store
from baton.conductor.vnf_packages.processing import ONBOARD_KIND, Onboarder, problem
from baton.engine.package_store import load_package_store
from baton.interfaces.package_store import PackageStore

__all__ = ["VnfPackagesMixin"]

LOG = logging.getLogger(__name__)


class VnfPackagesMixin(ManagerBase):
    """``upload_vnf_package_content``, ``upload_vnf_package_from_uri``,
    ``delete_vnf_package``."""

    _vnf_onboarder: Onboarder | None = None

    @property
    def package_store(self) -> PackageStore:
        return self.onboarder.store

    @property
    def onboarder(self) -> Onboarder:
        if self._vnf_onboarder is None:
            self._vnf_onboarder = Onboarder(self.conf, self.db, load_package_store(self.conf),
                                            self.host)
        return self._vnf_onboarder

    def upload_vnf_package_content(self, package_id: str, content_ref: str) -> None:
        """Onboard the content the API stored as ``content_ref`` (in the background).

        :raises VnfPackageNotFound: no such package.
        :raises InvalidPackageState: onboardingState is not CREATED or UPLOADING.
        """
        onboarder = self.onboarder
        if not onboarder.store.exists(content_ref):
            raise errors.InvalidParameterValue(
                err=f"No stored VNF package content {content_ref}")
        try:
            onboarder.to_processing(package_id, content_ref, ("CREATED", "UPLOADING"))
        except (errors.VnfPackageNotFound, errors.InvalidPackageState):
            onboarder.discard(content_ref, package_id)
            raise
        operation = onboarder.begin(package_id, {"source": "upload",
                                                 "content_ref": content_ref})
        self._spawn_onboarding(package_id, operation["uuid"], onboarder.run, package_id,
                               operation["uuid"])

    def upload_vnf_package_from_uri(self, package_id: str, address: str,
                                    user_name: str | None = None,
                                    password: str | None = None) -> None:
        """Fetch the package from ``address`` and onboard it (in the background).

        :raises InvalidParameterValue: ``address`` is not an http(s) URL.
        :raises VnfPackageNotFound: no such package.
        :raises InvalidPackageState: onboardingState is not CREATED.
        """
        check_address(address)
        onboarder = self.onboarder
        onboarder.packages.update(package_id, {"onboarding_state": "UPLOADING",
                                               "onboarding_failure_details": None},
                                  expected={"onboarding_state": "CREATED"})
        params = {"source": "uri", "address": address, "user_name": user_name}
        operation = onboarder.begin(package_id, params)
        self._spawn_onboarding(package_id, operation["uuid"], self._fetch_and_onboard,
                               package_id, operation["uuid"], address, user_name, password)

    def delete_vnf_package(self, package_id: str) -> None:
        """Delete a DISABLED, NOT_IN_USE package that is not being onboarded.

        :raises InvalidPackageState: it is ENABLED, IN_USE, UPLOADING or PROCESSING.
        """
        onboarder = self.onboarder
        row = onboarder.packages.pop(package_id, expected={
            "operational_state": "DISABLED", "usage_state": "NOT_IN_USE",
            "onboarding_state": ("CREATED", "ONBOARDED", "ERROR")})
        onboarder.discard(row.get("content_ref"), package_id)
        LOG.info("VNF package %s deleted", package_id)

    def resume_vnf_package_operation(self, op: dict[str, Any]) -> bool:
        """Carry on an onboarding a dead conductor left (this conductor now owns ``op``).

        PROCESSING starts over (processing only reads the stored content, then sets the
        final state by compare-and-set); an interrupted fetch (UPLOADING) ends in ERROR,
        since the credentials were never kept. Answers True when handled, False to retry.
        """
        if op.get("kind") != ONBOARD_KIND or op.get("finished_at") is not None:
            return True
        onboarder = self.onboarder
        package_id = str(op["target_id"])
        try:
            state = onboarder.packages.get(package_id)["onboarding_state"]
        except errors.VnfPackageNotFound:
            onboarder.operations.finish(op["uuid"], "failed", owner=self.host,
                                        error={"detail": "the VNF package was deleted"})
            return True
        if state == "PROCESSING":
            try:
                self.pool.submit(onboarder.run, package_id, op["uuid"])
            except errors.NoFreeConductorWorker:
                return False
        elif state == "UPLOADING":
            onboarder.fail(package_id, op["uuid"], problem(
                503, "Service Unavailable", "The conductor fetching the package stopped; "
                                            "create the package again and retry"))
        else:
            onboarder.operations.finish(op["uuid"], "failed", owner=self.host,
                                        error={"detail": f"left in {state}"})
        return True

    # -- background ----------------------------------------------------------------------
    def _spawn_onboarding(self, package_id: str, operation_id: str, fn: Any,
                          *args: Any) -> None:
        try:
            self.pool.submit(fn, *args)
        except errors.NoFreeConductorWorker:
            # Nothing started: back to CREATED so that the client may simply retry.
            onboarder = self.onboarder
            ref = onboarder.packages.get(package_id).get("content_ref")
            onboarder.packages.update(package_id, {
                "onboarding_state": "CREATED", "content_ref": None, "size": None,
                "checksum": None})
            onboarder.discard(ref, package_id)
            onboarder.operations.finish(operation_id, "failed", owner=self.host,
                                        error={"detail": "no free conductor worker"})
            raise

    def _fetch_and_onboard(self, package_id: str, operation_id: str, address: str,
                           user_name: str | None, password: str | None) -> None:
        onboarder = self.onboarder
        group = self.conf.vnf_package
        try:
            ref = fetch_into_store(
                onboarder.store, address,
                max_size=group.upload_from_uri_max_size or group.max_upload_size,
                timeout=group.upload_from_uri_timeout, user_name=user_name,
                password=password)
        except (errors.PackageFetchFailed, errors.PackageTooLarge) as exc:
            onboarder.fail(package_id, operation_id,
                           problem(exc.code, "Upload from URI failed", str(exc)))
            return
        except Exception as exc:
            LOG.exception("Fetching VNF package %s failed", package_id)
            onboarder.fail(package_id, operation_id, problem(
                500, "Internal Server Error", f"Fetching the package failed unexpectedly: "
                                              f"{type(exc).__name__}"))
            return
        try:
            onboarder.to_processing(package_id, ref, ("UPLOADING",))
        except Exception as exc:
            # Deleted meanwhile, or its state moved: nothing of this fetch may stay.
            LOG.warning("VNF package %s: not processing the fetched content: %s",
                        package_id, exc)
            onboarder.discard(ref, package_id)
            onboarder.operations.finish(operation_id, "failed", owner=self.host,
                                        error=problem(409, "Conflict", str(exc)))
            return
        onboarder.run(package_id, operation_id)
