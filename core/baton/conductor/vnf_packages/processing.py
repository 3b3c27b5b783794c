"""Onboarding a VNF package: the background job behind the package_content uploads.

INTERFACES (for the SOL005 API; stable, written first so the API can code against them)
========================================================================================

Conductor RPC methods (``baton.rpc.conductor_api.ConductorAPI``; the manager mixin is
``baton.conductor.vnf_packages.mixin.VnfPackagesMixin``; both return at once, the work runs
in the background; the call is routed to a live conductor by the hash ring, keyed by the
package id)::

    upload_vnf_package_content(package_id: str, content_ref: str) -> None
        The API has streamed the CSAR into the PackageStore (``store.put(stream,
        max_size=conf.vnf_package.max_upload_size)`` -> content_ref) and calls this.
        Compare-and-set onboardingState CREATED|UPLOADING -> PROCESSING (content_ref, size
        and checksum recorded), then processes in the background -> ONBOARDED or ERROR.
        Raises VnfPackageNotFound (404), InvalidPackageState (409, state not CREATED or
        UPLOADING; the conductor then deletes the blob unless another package refers to it),
        NoFreeConductorWorker (503).

    upload_vnf_package_from_uri(package_id: str, address: str, user_name: str | None = None,
                                password: str | None = None) -> None
        Validates ``address`` (http/https only, else InvalidParameterValue 400),
        compare-and-set CREATED -> UPLOADING, then in the background fetches (size limit
        [vnf_package] max_upload_size, timeout upload_from_uri_timeout, basic auth when
        user_name is given; the password is never logged nor stored), -> PROCESSING ->
        ONBOARDED or ERROR. Raises VnfPackageNotFound, InvalidPackageState, as above.

    delete_vnf_package(package_id: str) -> None
        Deletes the row when operationalState DISABLED and usageState NOT_IN_USE and no
        onboarding is running (else InvalidPackageState 409), then its stored content
        (unless another package refers to the same content).

The API may also mark an upload it could not finish (client went away, body too large)
itself: ``VnfPackageRepository(db).update(pkg_id, {"onboarding_state": "ERROR",
"onboarding_failure_details": {...ProblemDetails...}}, expected={"onboarding_state":
"UPLOADING"})``, or use ``baton.conductor.vnf_packages.processing.problem(status, title,
detail)`` to build the ProblemDetails.

Repository (``baton.db.repositories.VnfPackageRepository(db)``; rows are dicts keyed by
``baton.db.models.vnf_packages`` column names, snake_case)::

    create(values) -> dict            uuid generated when absent; defaults onboarding_state
                                      CREATED, operational_state DISABLED, usage_state
                                      NOT_IN_USE, user_defined_data {}
    get(uuid) -> dict                 VnfPackageNotFound
    get_by_vnfd_id(vnfd_id) -> dict   VnfPackageNotFound
    list(*, filters=None, limit=None, marker=None, sort_key="id", sort_dir="asc",
         columns=None) -> list[dict]  filters: column -> value | list (IN) | None (NULL)
    update(uuid, values, *, expected=None) -> dict
                                      ``expected`` {column: value | tuple of values}: a
                                      compare-and-set, InvalidPackageState (409) when the
                                      row's current values differ
    destroy(uuid, *, expected=None) -> None     same compare-and-set
    count(filters=None) -> int

Content storage (``baton.engine.package_store.load_package_store(conf) -> PackageStore``,
the driver ``[vnf_package] package_store`` from namespace ``baton.nfv.package_store``)::

    put(stream: BinaryIO, *, max_size: int | None = None) -> str   sha256 hex (content_ref);
                                      PackageTooLarge (413) past max_size, nothing kept
    open(ref) -> BinaryIO (seekable)  size(ref) -> int   exists(ref) -> bool
    delete(ref) -> None (absent is fine)

Reading the stored CSAR (for GET vnfd / artifacts / manifest / package_content):
``baton.conductor.vnf_packages.content`` -- ``read_file(store, ref, path) -> bytes``
(VnfPackageArtifactNotFound 404), ``vnfd_zip(store, ref, vnfd_summary) -> bytes`` (the
TOSCA-Metadata and Definitions files), ``entry_yaml(store, ref, vnfd_summary) -> bytes``.
The row's ``vnfd`` column holds the parsed summary: entry_definitions, definitions
(file list), manifest (path or None), tosca_meta (path or None), flavours, vdus,
cps, virtual_links, scaling_aspects, instantiation_levels.
Row columns set on ONBOARDED: vnfd_id, vnf_provider, vnf_product_name,
vnf_software_version, vnfd_version, checksum {algorithm: "SHA-256", hash}, software_images
(list of SOL005 VnfPackageSoftwareImageInfo, camelCase keys), additional_artifacts (list of
VnfPackageArtifactInfo, camelCase keys), package_security_option
("OPTION_1"|"OPTION_2"|None), signing_certificate (path or None), content_ref, size.
onboarding_failure_details on ERROR: ProblemDetails {"status", "title", "detail"}.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.conductor.vnf_packages.csar import Csar, hash_name, open_csar
from baton.conductor.vnf_packages.limits import Limits
from baton.conductor.vnf_packages.manifest import Manifest, read_manifest
from baton.conductor.vnf_packages.tosca_meta import FileEntry, PackageEntry, read_entry
from baton.conductor.vnf_packages.vnfd import Vnfd, parse_vnfd
from baton.db.engine import Database
from baton.db.repositories import OperationRepository, VnfPackageRepository
from baton.interfaces.package_store import PackageStore

__all__ = ["ONBOARD_KIND", "TARGET_TYPE", "Onboarder", "analyse", "problem"]

LOG = logging.getLogger(__name__)

ONBOARD_KIND = "vnf_package.onboard"
TARGET_TYPE = "vnf_package"

#: Columns describing onboarded content, cleared when onboarding fails.
_CONTENT_COLUMNS = (
    "vnfd_id", "vnf_provider", "vnf_product_name", "vnf_software_version", "vnfd_version",
    "checksum", "package_security_option", "signing_certificate", "content_ref", "size",
    "vnfd",
)


def problem(status: int, title: str, detail: str) -> dict[str, Any]:
    """An ETSI ProblemDetails document."""
    return {"status": status, "title": title, "detail": detail}


def _now_iso() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def _listed(entry: PackageEntry, manifest: Manifest | None) -> dict[str, FileEntry]:
    listed: dict[str, FileEntry] = {}
    for item in (*(manifest.files if manifest else ()), *entry.files):
        if item.algorithm and item.hash and not item.external:
            listed[item.name] = item
    return listed


def _artifacts(csar: Csar, entry: PackageEntry, manifest: Manifest | None,
               vnfd: Vnfd) -> list[dict[str, Any]]:
    """SOL005 VnfPackageArtifactInfo of every file that is neither VNFD nor image."""
    skip = {*vnfd.definitions, *vnfd.image_files, entry.manifest, entry.certificate}
    listed = _listed(entry, manifest)
    found = []
    for name in csar.names:
        if name in skip or name.startswith("TOSCA-Metadata/") or name.endswith(
                (".cms", ".cert", ".sig")):
            continue
        item = listed.get(name)
        algorithm = hash_name(item.algorithm) if item and item.algorithm else None
        if item is not None and item.hash and algorithm:
            checksum = {"algorithm": str(item.algorithm), "hash": item.hash.lower()}
        else:
            checksum = {"algorithm": "SHA-256", "hash": csar.sha256(name)}
        metadata = {"contentType": item.content_type} if item and item.content_type else {}
        found.append({"artifactPath": name, "checksum": checksum, "metadata": metadata})
    return found


def analyse(fileobj: Any, limits: Limits) -> dict[str, Any]:
    """Check a CSAR and answer the package row values it yields (ONBOARDED excluded).

    :raises PackageContentInvalid: naming the file, line or TOSCA path and the fault.
    """
    csar = open_csar(fileobj, limits)
    entry = read_entry(csar)
    manifest = read_manifest(csar, entry.manifest) if entry.manifest else None
    vnfd = parse_vnfd(csar, entry.entry_definitions, limits)
    created = _now_iso()
    images = [{**image, "createdAt": created} for image in vnfd.software_images]
    signed = manifest is not None and manifest.signed
    return {
        "vnfd_id": vnfd.vnfd_id, "vnf_provider": vnfd.provider,
        "vnf_product_name": vnfd.product_name,
        "vnf_software_version": vnfd.software_version,
        "vnfd_version": vnfd.descriptor_version,
        "software_images": images,
        "additional_artifacts": _artifacts(csar, entry, manifest, vnfd),
        "package_security_option": "OPTION_1" if signed else None,
        "signing_certificate": entry.certificate,
        "vnfd": {
            "entry_definitions": entry.entry_definitions, "tosca_meta": entry.meta_path,
            "definitions": vnfd.definitions, "manifest": entry.manifest,
            "manifest_metadata": manifest.metadata if manifest else {},
            "certificate": entry.certificate, "vnfm_info": vnfd.vnfm_info,
            "flavours": vnfd.flavours,
        },
    }


class Onboarder:
    """Runs onboarding jobs for conductor ``host``.

    :param conf: reads ``[vnf_package]`` limits and ``[conductor] operation_lease_duration``.
    """

    def __init__(self, conf: cfg.ConfigOpts, db: Database, store: PackageStore,
                 host: str) -> None:
        self.conf = conf
        self.store = store
        self.host = host
        self.packages = VnfPackageRepository(db)
        self.operations = OperationRepository(db)

    def begin(self, package_id: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """Record the onboarding operation, owned and leased by this conductor."""
        return self.operations.create(
            ONBOARD_KIND, TARGET_TYPE, package_id, params=params, owner=self.host,
            lease_seconds=self.conf.conductor.operation_lease_duration, state="running")

    def to_processing(self, package_id: str, content_ref: str,
                      accepted: tuple[str, ...]) -> dict[str, Any]:
        """Compare-and-set ``accepted`` -> PROCESSING with the stored content recorded."""
        return self.packages.update(package_id, {
            "onboarding_state": "PROCESSING", "content_ref": content_ref,
            "size": self.store.size(content_ref), "onboarding_failure_details": None,
            "checksum": {"algorithm": "SHA-256", "hash": content_ref},
        }, expected={"onboarding_state": accepted})

    def run(self, package_id: str, operation_id: str) -> None:
        """Process the package's stored content -> ONBOARDED or ERROR; never raises."""
        try:
            package = self.packages.get(package_id)
            ref = package["content_ref"]
            with self.store.open(ref) as fileobj:
                values = analyse(fileobj, Limits.from_conf(self.conf))
            self._check_vnfd_id(package_id, values["vnfd_id"])
            # Usable at once, as Tacker (and the other SOL005 implementations) do: an
            # operator who wants it held back disables it.
            self.packages.update(package_id, {**values, "onboarding_state": "ONBOARDED",
                                              "operational_state": "ENABLED"},
                                 expected={"onboarding_state": "PROCESSING"})
        except errors.PackageContentInvalid as exc:
            self.fail(package_id, operation_id,
                      problem(exc.code, "Invalid VNF package", str(exc)))
        except errors.VnfdIdConflict as exc:
            self.fail(package_id, operation_id, problem(409, "Conflict", str(exc)))
        except Exception as exc:
            LOG.exception("Onboarding VNF package %s failed", package_id)
            self.fail(package_id, operation_id,
                      problem(500, "Internal Server Error",
                              f"Onboarding failed unexpectedly: {type(exc).__name__}"))
        else:
            LOG.info("VNF package %s onboarded (VNFD %s)", package_id, values["vnfd_id"])
            self.operations.finish(operation_id, "succeeded", owner=self.host,
                                   result={"vnfd_id": values["vnfd_id"]})

    def _check_vnfd_id(self, package_id: str, vnfd_id: str) -> None:
        try:
            other = self.packages.get_by_vnfd_id(vnfd_id)
        except errors.VnfPackageNotFound:
            return
        if other["uuid"] != package_id:
            raise errors.VnfdIdConflict(vnfd_id=vnfd_id, other=other["uuid"])

    def fail(self, package_id: str, operation_id: str | None,
             details: dict[str, Any]) -> None:
        """ERROR with ``details``; the stored content goes unless another package uses it."""
        LOG.warning("VNF package %s: onboarding failed: %s", package_id, details["detail"])
        ref = None
        try:
            package = self.packages.get(package_id)
            ref = package.get("content_ref")
            self.packages.update(package_id, {
                **dict.fromkeys(_CONTENT_COLUMNS), "software_images": [],
                "additional_artifacts": [], "onboarding_state": "ERROR",
                "onboarding_failure_details": details,
            })
        except errors.VnfPackageNotFound:
            LOG.warning("VNF package %s was deleted while onboarding", package_id)
        except Exception:
            LOG.exception("Could not record the onboarding failure of VNF package %s",
                          package_id)
        self.discard(ref, package_id)
        if operation_id is not None:
            try:
                self.operations.finish(operation_id, "failed", error=details,
                                       owner=self.host)
            except Exception:
                LOG.exception("Could not finish operation %s of VNF package %s",
                              operation_id, package_id)

    def discard(self, ref: str | None, package_id: str) -> None:
        """Delete stored content ``ref`` unless a package other than ``package_id`` uses it."""
        if not ref:
            return
        try:
            if not self.packages.content_in_use(ref, exclude=package_id):
                self.store.delete(ref)
        except Exception:
            LOG.exception("Could not delete the stored content %s of VNF package %s", ref,
                          package_id)
