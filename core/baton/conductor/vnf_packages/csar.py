"""Reading a CSAR (a ZIP archive) that nobody trusted yet.

:func:`open_csar` refuses, naming the entry: files that are not ZIP archives or are
truncated, entry names that are absolute or climb out of the archive (zip-slip), symbolic
links, encrypted or duplicate entries, more entries than ``max_files``, and archives whose
content would expand past ``max_uncompressed_size`` or by more than
``max_compression_ratio`` (zip bombs). Every entry is then read once, in bounded chunks,
which checks its CRC and its real (not declared) size and records its SHA-256.
Nothing is ever extracted to disk.
"""

from __future__ import annotations

import hashlib
import posixpath
import stat
import zipfile
import zlib
from typing import BinaryIO

from baton import errors
from baton.conductor.vnf_packages.limits import Limits

__all__ = ["Csar", "hash_name", "invalid", "normalize_member", "open_csar"]

_CHUNK = 1024 * 1024

#: SOL004 / TOSCA.meta algorithm names -> hashlib names.
_ALGORITHMS = {
    "SHA-224": "sha224", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512",
    "SHA3-224": "sha3_224", "SHA3-256": "sha3_256", "SHA3-384": "sha3_384",
    "SHA3-512": "sha3_512",
}


def invalid(detail: str) -> errors.PackageContentInvalid:
    return errors.PackageContentInvalid(detail=detail)


def hash_name(algorithm: str) -> str | None:
    """The hashlib name of a SOL004 algorithm name (``SHA-256``, ``sha256``...), or None."""
    key = algorithm.strip().upper().replace("_", "-")
    if key in _ALGORITHMS:
        return _ALGORITHMS[key]
    if key.startswith("SHA") and "-" not in key and key[3:] in {"224", "256", "384", "512"}:
        return _ALGORITHMS[f"SHA-{key[3:]}"]
    return None


def normalize_member(name: str) -> str | None:
    """The archive path ``name`` denotes, or None when it is absolute or climbs out."""
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return None
    if len(name) > 1 and name[1] == ":":  # a Windows drive letter
        return None
    normalized = posixpath.normpath(name)
    if normalized == ".." or normalized.startswith("../"):
        return None
    return normalized


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


class Csar:
    """A checked archive: its file names, and bounded reads of their content."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self._zip = archive
        self.limits = limits
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self._sha256: dict[str, str] = {}

    @property
    def names(self) -> list[str]:
        """The files of the archive (directories left out), in archive order."""
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def dirs(self) -> set[str]:
        """Every directory that holds a file."""
        found: set[str] = set()
        for name in self._infos:
            parent = posixpath.dirname(name)
            while parent:
                found.add(parent)
                parent = posixpath.dirname(parent)
        return found

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def read(self, name: str, *, limit: int | None = None) -> bytes:
        """The content of file ``name`` (at most ``limit`` bytes, else an error)."""
        info = self._infos.get(name)
        if info is None:
            raise invalid(f"{name} is not in the package")
        if limit is not None and info.file_size > limit:
            raise invalid(f"{name} is {info.file_size} bytes, more than the limit of {limit}")
        with self._zip.open(info) as member:
            return member.read()

    def digest(self, name: str, algorithm: str) -> str:
        """The hex digest of file ``name`` with hashlib ``algorithm``."""
        if algorithm == "sha256" and name in self._sha256:
            return self._sha256[name]
        digest = hashlib.new(algorithm)
        with self._zip.open(self._infos[name]) as member:
            while chunk := member.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def sha256(self, name: str) -> str:
        return self.digest(name, "sha256")

    # -- checks --------------------------------------------------------------------------
    def _admit(self, info: zipfile.ZipInfo) -> None:
        name = normalize_member(info.filename)
        if name is None:
            raise invalid(f"The package entry {info.filename!r} has an absolute path or a "
                          f"path outside the package (zip-slip); it is refused")
        if _is_symlink(info):
            raise invalid(f"The package entry {info.filename} is a symbolic link; links are "
                          f"refused")
        if info.flag_bits & 0x1:
            raise invalid(f"The package entry {info.filename} is encrypted")
        if info.is_dir():
            return
        if name in self._infos:
            raise invalid(f"The package holds {name} twice")
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > self.limits.ratio_threshold
                and ratio > self.limits.max_compression_ratio):
            raise invalid(f"The package entry {name} expands {ratio:.0f} times (limit "
                          f"{self.limits.max_compression_ratio:g}): refused as a zip bomb")
        self._infos[name] = info

    def _scan(self, name: str, budget: int) -> int:
        """Read entry ``name`` once: CRC, real size and SHA-256; answer its real size."""
        info = self._infos[name]
        digest = hashlib.sha256()
        real = 0
        with self._zip.open(info) as member:
            while chunk := member.read(_CHUNK):
                real += len(chunk)
                if real > info.file_size or real > budget:
                    raise invalid(f"The package entry {name} expands past its declared size "
                                  f"or the package size limit: refused as a zip bomb")
                digest.update(chunk)
        self._sha256[name] = digest.hexdigest()
        return real

    def check(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > self.limits.max_files:
            raise invalid(f"The package holds {len(infos)} entries, more than the limit of "
                          f"{self.limits.max_files}")
        for info in infos:
            self._admit(info)
        declared = sum(i.file_size for i in self._infos.values())
        if declared > self.limits.max_uncompressed_size:
            raise invalid(f"The package expands to {declared} bytes, more than the limit of "
                          f"{self.limits.max_uncompressed_size}: refused as a zip bomb")
        budget = self.limits.max_uncompressed_size
        for name in self._infos:
            try:
                budget -= self._scan(name, budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise invalid(f"The package entry {name} is corrupt or truncated: "
                              f"{exc}") from exc


def open_csar(fileobj: BinaryIO, limits: Limits) -> Csar:
    """Open and check the CSAR in ``fileobj`` (seekable); see the module docstring."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise invalid(f"The package is not a ZIP archive (CSAR), or it is truncated: "
                      f"{exc}") from exc
    csar = Csar(archive, limits)
    csar.check()
    return csar
