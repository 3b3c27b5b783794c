"""Files of an onboarded package: ``vnfd`` (9.4.4), ``artifacts/{artifactPath}`` (9.4.7)
and ``manifest`` (9.4.4a of SOL005 v3)."""

from __future__ import annotations

import io
import mimetypes
import zipfile
from collections.abc import Mapping
from typing import Any

import falcon

from baton import errors
from baton.api.sol import ranges, requests
from baton.api.sol.vnfpkgm.content import require_onboarded
from baton.api.sol.vnfpkgm.deps import VnfpkgmDeps
from baton.conductor.vnf_packages import content

__all__ = ["Artifact", "Manifest", "Vnfd"]

TEXT = "text/plain"
ZIP = "application/zip"


def _summary(row: Mapping[str, Any]) -> dict[str, Any]:
    summary = row.get("vnfd")
    return summary if isinstance(summary, dict) else {}


def _send(req: falcon.Request, resp: falcon.Response, data: bytes, ctype: str) -> None:
    ranges.send_file(req, resp, io.BytesIO(data), len(data), ctype)


class Vnfd:
    """``GET vnfd``: the VNFD as one YAML file (``text/plain``) or a ZIP of its files."""

    def __init__(self, deps: VnfpkgmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        text_ok, zip_ok = req.client_accepts(TEXT), req.client_accepts(ZIP)
        if not (text_ok or zip_ok):
            raise errors.NotAcceptable(
                message=f"The VNFD is served as {TEXT} or {ZIP}, not {req.accept}.")
        row = self.deps.packages.get(package_id)
        require_onboarded(row)
        summary = _summary(row)
        store, ref = self.deps.store, row["content_ref"]
        single = content.entry_yaml(store, ref, summary) if text_ok else None
        if single is not None:
            resp.data, resp.content_type = single, TEXT
        elif zip_ok:
            resp.data = content.vnfd_zip(store, ref, summary)
            resp.content_type = ZIP
        else:
            raise errors.NotAcceptable(
                message=f"The VNFD of VNF package {row['uuid']} spans several files: ask "
                        f"for {ZIP}.")


class Artifact:
    """``GET artifacts/{artifactPath}``: one artifact the package lists (with ``Range``)."""

    def __init__(self, deps: VnfpkgmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, package_id: str,
               artifact_path: str) -> None:
        row = self.deps.packages.get(package_id)
        require_onboarded(row)
        listed = {a.get("artifactPath") for a in row.get("additional_artifacts") or []}
        listed |= {i.get("imagePath") for i in row.get("software_images") or []}
        if artifact_path not in listed:
            raise errors.VnfPackageArtifactNotFound(path=artifact_path, package=row["uuid"])
        data = content.read_file(self.deps.store, row["content_ref"], artifact_path,
                                 package=row["uuid"])
        ctype = mimetypes.guess_type(artifact_path)[0] or "application/octet-stream"
        _send(req, resp, data, ctype)


class Manifest:
    """``GET manifest``: the package's manifest file; with ``include_signatures``, a ZIP of
    it and the signing certificate the package names."""

    def __init__(self, deps: VnfpkgmDeps) -> None:
        self.deps = deps

    def on_get(self, req: falcon.Request, resp: falcon.Response, package_id: str) -> None:
        row = self.deps.packages.get(package_id)
        require_onboarded(row)
        path = _summary(row).get("manifest")
        if not path:
            raise errors.VnfPackageArtifactNotFound(path="A manifest", package=row["uuid"])
        store, ref = self.deps.store, row["content_ref"]
        data = content.read_file(store, ref, path, package=row["uuid"])
        if "include_signatures" not in dict(requests.query_params(req)):
            resp.data, resp.content_type = data, TEXT
            return
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(path, data)
            certificate = row.get("signing_certificate")
            if certificate:
                archive.writestr(certificate, content.read_file(store, ref, certificate,
                                                                package=row["uuid"]))
        resp.data, resp.content_type = buffer.getvalue(), ZIP
