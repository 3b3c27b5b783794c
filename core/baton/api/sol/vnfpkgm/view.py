"""``VnfPkgInfo`` (SOL005 9.5.2.5): a ``vnf_packages`` row as the API shows it.

Attributes copied from the VNFD (vnfdId, vnfProvider...), the checksum, softwareImages and
additionalArtifacts appear once the package is onboarded; onboardingFailureDetails when
onboarding failed; links are absolute URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton.api.sol import attributes as a

__all__ = [
    "COLUMNS",
    "DEFAULT_EXCLUDED",
    "LIST_COLUMNS",
    "MANDATORY",
    "SCHEMA",
    "package_url",
    "render",
]

PREFIX = "/vnfpkgm/v1"

_CHECKSUM: a.Schema = {"algorithm": a.STRING, "hash": a.STRING}
_LINK: a.Schema = {"href": a.STRING}

#: VnfPkgInfo as filters and selectors see it (SOL005 v3.3.1 9.5.2.5 and its types).
SCHEMA: a.Schema = {
    "id": a.STRING,
    "vnfdId": a.STRING,
    "vnfProvider": a.STRING,
    "vnfProductName": a.STRING,
    "vnfSoftwareVersion": a.STRING,
    "vnfdVersion": a.STRING,
    "checksum": _CHECKSUM,
    "packageSecurityOption": a.STRING,
    "signingCertificate": a.STRING,
    "softwareImages": [{
        "id": a.STRING, "name": a.STRING, "provider": a.STRING, "version": a.STRING,
        "checksum": _CHECKSUM, "isEncrypted": a.BOOLEAN, "containerFormat": a.STRING,
        "diskFormat": a.STRING, "createdAt": a.DATETIME, "minDisk": a.NUMBER,
        "minRam": a.NUMBER, "size": a.NUMBER, "userMetadata": a.MAP, "imagePath": a.STRING,
        "imageUri": a.STRING,
    }],
    "additionalArtifacts": [{
        "artifactPath": a.STRING, "artifactURI": a.STRING, "checksum": _CHECKSUM,
        "isEncrypted": a.BOOLEAN, "nonManoArtifactSetId": a.STRING,
        "artifactClassification": a.STRING, "metadata": a.MAP,
    }],
    "onboardingState": a.STRING,
    "operationalState": a.STRING,
    "usageState": a.STRING,
    "onboardingFailureDetails": {
        "type": a.STRING, "title": a.STRING, "status": a.NUMBER, "detail": a.STRING,
        "instance": a.STRING,
    },
    "userDefinedData": a.MAP,
    "_links": {"self": _LINK, "vnfd": _LINK, "packageContent": _LINK},
}

#: Complex attributes a list leaves out unless asked (SOL005 9.4.2.3.2, exclude_default).
DEFAULT_EXCLUDED = ("softwareImages", "additionalArtifacts", "userDefinedData", "checksum",
                    "onboardingFailureDetails")
#: Complex attributes always present.
MANDATORY = ("_links",)

#: Simple attributes held in a column of their own, that filters can test in SQL.
COLUMNS = {
    "id": "uuid",
    "vnfdId": "vnfd_id",
    "vnfProvider": "vnf_provider",
    "vnfProductName": "vnf_product_name",
    "vnfSoftwareVersion": "vnf_software_version",
    "vnfdVersion": "vnfd_version",
    "packageSecurityOption": "package_security_option",
    "onboardingState": "onboarding_state",
    "operationalState": "operational_state",
    "usageState": "usage_state",
}

_COPIED = (
    ("vnfdId", "vnfd_id"),
    ("vnfProvider", "vnf_provider"),
    ("vnfProductName", "vnf_product_name"),
    ("vnfSoftwareVersion", "vnf_software_version"),
    ("vnfdVersion", "vnfd_version"),
    ("checksum", "checksum"),
    ("packageSecurityOption", "package_security_option"),
    ("signingCertificate", "signing_certificate"),
)

#: The columns :func:`render` reads (a list skips the parsed VNFD).
LIST_COLUMNS = (
    "id", "uuid", "onboarding_state", "operational_state", "usage_state",
    "user_defined_data", "software_images", "additional_artifacts",
    "onboarding_failure_details", *(column for _, column in _COPIED),
)


def package_url(base_url: str, package_id: str) -> str:
    return f"{base_url}{PREFIX}/vnf_packages/{package_id}"


def render(row: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The VnfPkgInfo of ``row`` (links under ``base_url``, the API's public URL)."""
    state = row["onboarding_state"]
    info: dict[str, Any] = {"id": row["uuid"]}
    for name, column in _COPIED:
        value = row.get(column)
        if value is not None:
            info[name] = value
    if state == "ONBOARDED":
        info["softwareImages"] = row.get("software_images") or []
        if row.get("additional_artifacts"):
            info["additionalArtifacts"] = row["additional_artifacts"]
    info["onboardingState"] = state
    if state == "ERROR" and row.get("onboarding_failure_details"):
        info["onboardingFailureDetails"] = row["onboarding_failure_details"]
    info["operationalState"] = row["operational_state"]
    info["usageState"] = row["usage_state"]
    info["userDefinedData"] = row.get("user_defined_data") or {}
    url = package_url(base_url, row["uuid"])
    links = {"self": {"href": url}}
    if state == "ONBOARDED":
        links["vnfd"] = {"href": f"{url}/vnfd"}
    links["packageContent"] = {"href": f"{url}/package_content"}
    info["_links"] = links
    return info
