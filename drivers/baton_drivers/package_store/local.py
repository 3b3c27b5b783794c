"""``local``: VNF packages kept in a directory, one file per content (named by its SHA-256).

The directory (``[package_store_local] directory``, default ``$state_path/vnf_packages``)
must be shared by every conductor (and API process) of a deployment when there is more
than one host, e.g. an NFS mount. Files are written to a temporary name in the same
directory and renamed into place, so a reader never sees a partial file; content already
stored is not written twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from typing import BinaryIO

from oslo_config import cfg

from baton import errors
from baton.interfaces.package_store import CONTENT_REF_RE, PackageStore

__all__ = ["LocalPackageStore", "list_opts", "register_opts"]

GROUP = "package_store_local"
_CHUNK = 1024 * 1024

opts: list[cfg.Opt] = [
    cfg.StrOpt("directory",
               help="Directory holding the stored VNF packages; default "
                    "$state_path/vnf_packages. Share it between hosts when the API and "
                    "conductors run on several."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    if GROUP not in conf:
        conf.register_group(cfg.OptGroup(GROUP, title="Local VNF package store"))
    conf.register_opts(opts, group=GROUP)


def list_opts() -> list[tuple[str, list[cfg.Opt]]]:
    """The (group, options) pairs oslo-config-generator documents."""
    return [(GROUP, list(opts))]


def _check_ref(ref: str) -> str:
    if not isinstance(ref, str) or CONTENT_REF_RE.fullmatch(ref) is None:
        raise errors.NotFound(message=f"No stored VNF package content {ref!r}.")
    return ref


class LocalPackageStore(PackageStore):
    """Content-addressed files under one directory (two levels: ``ab/abcdef...``)."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        super().__init__(conf)
        register_opts(conf)
        directory = conf[GROUP].directory or os.path.join(conf.state_path, "vnf_packages")
        self.directory = os.path.abspath(directory)
        os.makedirs(self.directory, mode=0o750, exist_ok=True)

    def _path(self, ref: str) -> str:
        ref = _check_ref(ref)
        return os.path.join(self.directory, ref[:2], ref)

    def put(self, stream: BinaryIO, *, max_size: int | None = None) -> str:
        digest = hashlib.sha256()
        written = 0
        fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=self.directory)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(_CHUNK):
                    written += len(chunk)
                    if max_size is not None and written > max_size:
                        raise errors.PackageTooLarge(limit=max_size)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            ref = digest.hexdigest()
            final = self._path(ref)
            os.makedirs(os.path.dirname(final), mode=0o750, exist_ok=True)
            if os.path.exists(final):
                os.unlink(tmp)
            else:
                os.replace(tmp, final)
            return ref
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def open(self, ref: str) -> BinaryIO:
        try:
            return open(self._path(ref), "rb")
        except FileNotFoundError:
            raise errors.NotFound(message=f"No stored VNF package content {ref}.") from None

    def size(self, ref: str) -> int:
        try:
            return os.path.getsize(self._path(ref))
        except FileNotFoundError:
            raise errors.NotFound(message=f"No stored VNF package content {ref}.") from None

    def exists(self, ref: str) -> bool:
        try:
            return os.path.isfile(self._path(ref))
        except errors.NotFound:
            return False

    def delete(self, ref: str) -> None:
        try:
            path = self._path(ref)
        except errors.NotFound:
            return
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
