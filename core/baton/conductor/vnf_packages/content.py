"""Reading parts of an onboarded package's stored CSAR (for the SOL005 GET endpoints).

The CSAR was checked when it was onboarded; reads here still go through
:func:`~baton.conductor.vnf_packages.csar.normalize_member` so that a request path can never
name anything but a file of the archive.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.conductor.vnf_packages.csar import normalize_member
from baton.interfaces.package_store import PackageStore

__all__ = ["entry_yaml", "is_definitions_path", "read_file", "vnfd_files", "vnfd_zip"]


def read_file(store: PackageStore, ref: str, path: str, *, package: str = "") -> bytes:
    """The content of file ``path`` of the CSAR ``ref``.

    :raises VnfPackageArtifactNotFound: no such file in the package.
    """
    name = normalize_member(path)
    with store.open(ref) as fileobj, zipfile.ZipFile(fileobj) as archive:
        if name is None or name.endswith("/"):
            raise errors.VnfPackageArtifactNotFound(path=path, package=package)
        try:
            return archive.read(name)
        except KeyError:
            raise errors.VnfPackageArtifactNotFound(path=path, package=package) from None


def vnfd_files(vnfd: Mapping[str, Any]) -> list[str]:
    """The files making up the VNFD: TOSCA.meta (when any) and every definitions file."""
    names = list(vnfd.get("definitions") or [])
    if vnfd.get("tosca_meta"):
        names.insert(0, str(vnfd["tosca_meta"]))
    return names


def vnfd_zip(store: PackageStore, ref: str, vnfd: Mapping[str, Any]) -> bytes:
    """A ZIP of the VNFD files (SOL005 GET .../vnfd with Accept: application/zip)."""
    buffer = io.BytesIO()
    with store.open(ref) as fileobj, zipfile.ZipFile(fileobj) as archive, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name in vnfd_files(vnfd):
            out.writestr(name, archive.read(name))
    return buffer.getvalue()


def entry_yaml(store: PackageStore, ref: str, vnfd: Mapping[str, Any]) -> bytes | None:
    """The single YAML file of a one-file VNFD (SOL005 GET .../vnfd as text/plain), or None
    when the VNFD spans several files (the API then answers 406, as SOL005 says)."""
    definitions = list(vnfd.get("definitions") or [])
    entry = str(vnfd.get("entry_definitions") or "")
    if definitions != [entry]:
        return None
    return read_file(store, ref, entry)


def is_definitions_path(vnfd: Mapping[str, Any], path: str) -> bool:
    """Whether ``path`` is one of the VNFD files."""
    return posixpath.normpath(path) in set(vnfd_files(vnfd))
