"""``/vnf_packages/{vnfPkgId}/package_content`` (SOL005 9.4.5) and its ``upload_from_uri``
(9.4.6): uploading a CSAR, fetching it back.

An upload moves the package CREATED -> UPLOADING (a compare-and-set, so two uploads of one
package never both win), streams the body into the package store (never whole in memory,
at most ``[vnf_package] max_upload_size`` bytes) and hands the stored content to a
conductor, which processes it in the background: the answer is 202 at once. An upload that
fails on the way (too large, truncated, interrupted) leaves the package in ERROR with
``onboardingFailureDetails`` saying why, and nothing stored; a request refused before any
byte is read (409, 413 by Content-Length, 415) leaves it as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, BinaryIO, cast

import falcon

from baton import errors
from baton.api.media import set_empty
from baton.api.sol import ranges, requests
from baton.api.sol.problem import problem
from baton.api.sol.vnfpkgm.deps import VnfpkgmDeps
from baton.api.sol.vnfpkgm.upload import ZIP_TYPES, Upload, open_upload

__all__ = ["PackageContent", "UploadFromUri", "require_onboarded"]

LOG = logging.getLogger(__name__)


def require_onboarded(row: Mapping[str, Any]) -> None:
    """409 unless the package is ONBOARDED."""
    if row["onboarding_state"] != "ONBOARDED":
        raise errors.InvalidPackageState(
            package=row["uuid"], state=f"onboardingState {row['onboarding_state']}",
            reason="the request needs onboardingState ONBOARDED")


def _require_created(row: Mapping[str, Any]) -> None:
    if row["onboarding_state"] != "CREATED":
        raise errors.InvalidPackageState(
            package=row["uuid"], state=f"onboardingState {row['onboarding_state']}",
            reason="content can only be uploaded to a package in onboardingState CREATED")


def _failure(exc: Exception) -> tuple[int, str]:
    """The status and detail an upload failure is reported with."""
    if isinstance(exc, errors.BatonError):
        return exc.code, exc.message
    if isinstance(exc, falcon.HTTPError):
        return exc.status_code, str(exc.description or exc.title)
    return 400, f"The upload was interrupted: {type(exc).__name__}: {exc}"


class PackageContent:
    """``PUT`` (upload) and ``GET`` (fetch, with ``Range``) of a package's CSAR."""

    def __init__(self, deps: VnfpkgmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        row = self.deps.packages.get(package_id)
        require_onboarded(row)
        store = self.deps.store
        ref = row["content_ref"]
        fp = store.open(ref)
        ranges.send_file(req, resp, fp, store.size(ref), "application/zip")

    def on_put(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        row = self.deps.packages.get(package_id)
        _require_created(row)
        limit = self.deps.max_upload_size
        ctype = (req.content_type or "").split(";", 1)[0].strip().lower()
        if ctype in ZIP_TYPES and (req.content_length or 0) > limit:
            raise errors.PackageTooLarge(limit=limit)
        upload = open_upload(req)
        uuid = row["uuid"]
        self.deps.packages.update(uuid, {"onboarding_state": "UPLOADING"},
                                  expected={"onboarding_state": "CREATED"})
        LOG.info("VNF package %s: receiving its content", uuid)
        ref = self._store(uuid, upload, limit)
        try:
            self.deps.rpc.upload_vnf_package_content(uuid, ref)
        except Exception as exc:
            # Unless the conductor moved the package on (it then cleans up itself), the
            # upload would stay UPLOADING for ever: record the failure.
            self._fail(uuid, ref, *_failure(exc))
            raise
        set_empty(resp, falcon.HTTP_202)

    def _store(self, uuid: str, upload: Upload, limit: int) -> str:
        ref: str | None = None
        try:
            ref = self.deps.store.put(cast(BinaryIO, upload.stream), max_size=limit)
            upload.finish()
        except Exception as exc:
            status, detail = _failure(exc)
            self._fail(uuid, ref, status, detail)
            if isinstance(exc, (errors.BatonError, falcon.HTTPError)):
                raise
            raise falcon.HTTPBadRequest(description=detail) from exc
        return ref

    def _fail(self, uuid: str, ref: str | None, status: int, detail: str) -> None:
        LOG.warning("VNF package %s: upload failed: %s", uuid, detail)
        details = problem(status, f"Uploading the VNF package failed: {detail}")
        try:
            self.deps.packages.update(
                uuid, {"onboarding_state": "ERROR", "onboarding_failure_details": details},
                expected={"onboarding_state": "UPLOADING"})
            if ref is not None and not self.deps.packages.content_in_use(ref, exclude=uuid):
                self.deps.store.delete(ref)
        except errors.BatonError as exc:   # deleted meanwhile: nothing left to mark
            LOG.warning("VNF package %s: could not record the failed upload: %s", uuid, exc)


class UploadFromUri:
    """``POST package_content/upload_from_uri``: the conductor fetches the CSAR."""

    FIELDS = ("addressInformation", "userName", "username", "password", "authType")

    def __init__(self, deps: VnfpkgmDeps) -> None:
        self.deps = deps

    def on_post(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        what = "UploadVnfPkgFromUriRequest"
        body = requests.read_object(req, req.context.max_body_size, what=what)
        requests.reject_unknown(body, self.FIELDS, what=what)
        address = body.get("addressInformation")
        if not isinstance(address, str) or not address:
            raise errors.Invalid(message=f"{what} needs addressInformation, a URI.")
        user = body.get("userName", body.get("username"))
        password = body.get("password")
        for name, value in (("userName", user), ("password", password)):
            if value is not None and not isinstance(value, str):
                raise errors.Invalid(message=f"{name} must be a string ({what}).")
        if body.get("authType", "BASIC") != "BASIC":
            raise errors.Invalid(
                message=f"authType {body['authType']!r} is not supported; BASIC is.")
        row = self.deps.packages.get(package_id)
        _require_created(row)
        self.deps.rpc.upload_vnf_package_from_uri(row["uuid"], address, user, password)
        LOG.info("VNF package %s: a conductor fetches its content", row["uuid"])
        set_empty(resp, falcon.HTTP_202)
