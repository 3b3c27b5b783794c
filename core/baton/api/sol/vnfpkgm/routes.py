"""The ``/vnfpkgm/v1`` routes and the API's version."""

from __future__ import annotations

from typing import Any

from baton.api.sol import apis
from baton.api.sol.vnfpkgm import content, files, packages
from baton.api.sol.vnfpkgm.deps import VnfpkgmDeps

__all__ = ["API", "routes"]

API = apis.VNFPKGM


def routes(deps: VnfpkgmDeps) -> list[tuple[str, Any]]:
    base = f"{API.uri_prefix}/vnf_packages"
    item = f"{base}/{{package_id}}"
    return [
        (base, packages.PackageCollection(deps)),
        (item, packages.PackageItem(deps)),
        (f"{item}/package_content", content.PackageContent(deps)),
        (f"{item}/package_content/upload_from_uri", content.UploadFromUri(deps)),
        (f"{item}/vnfd", files.Vnfd(deps)),
        (f"{item}/manifest", files.Manifest(deps)),
        (f"{item}/artifacts/{{artifact_path:path}}", files.Artifact(deps)),
    ]
