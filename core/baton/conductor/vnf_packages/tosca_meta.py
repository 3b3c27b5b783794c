"""The entry of a CSAR (ETSI GS NFV-SOL 004 4.1/4.2): TOSCA.meta, or a root YAML.

With a ``TOSCA-Metadata/TOSCA.meta`` file, its first block names the ``Entry-Definitions``
(and optionally ``ETSI-Entry-Manifest``, ``ETSI-Entry-Certificate``, ...); later blocks
describe files (``Name``, ``Content-Type``, ``Algorithm``, ``Hash``), and every hash is
verified. Without it, the CSAR holds exactly one YAML file at its root, which is the entry;
its manifest is the ``.mf`` file of the same name beside it.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re

from baton.conductor.vnf_packages.csar import Csar, hash_name, invalid, normalize_member

__all__ = ["META_PATH", "FileEntry", "PackageEntry", "read_entry"]

META_PATH = "TOSCA-Metadata/TOSCA.meta"
_MAX_META = 1024 * 1024
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclasses.dataclass(frozen=True)
class FileEntry:
    """One file described in TOSCA.meta (or in the manifest)."""

    name: str
    line: int
    content_type: str | None = None
    algorithm: str | None = None
    hash: str | None = None

    @property
    def external(self) -> bool:
        return _URL.match(self.name) is not None


@dataclasses.dataclass(frozen=True)
class PackageEntry:
    """Where the package's parts are."""

    entry_definitions: str
    #: Path of TOSCA.meta, or None for the root-YAML layout.
    meta_path: str | None = None
    manifest: str | None = None
    certificate: str | None = None
    change_log: str | None = None
    licenses: str | None = None
    version: dict[str, str] = dataclasses.field(default_factory=dict)
    files: tuple[FileEntry, ...] = ()


def _blocks(text: str) -> list[list[tuple[int, str, str]]]:
    """``Key: value`` lines grouped in blank-line separated blocks, with line numbers."""
    blocks: list[list[tuple[int, str, str]]] = [[]]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if blocks[-1]:
                blocks.append([])
            continue
        if line.startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise invalid(f"{META_PATH} line {number}: expected 'Key: value', found "
                          f"{line[:80]!r}")
        blocks[-1].append((number, key.strip(), value.strip()))
    return [b for b in blocks if b]


def _member(csar: Csar, key: str, value: str, line: int) -> str:
    path = normalize_member(value)
    if path is None:
        raise invalid(f"{META_PATH} line {line}: {key} {value} is outside the package")
    if not csar.has(path):
        raise invalid(f"{META_PATH} line {line}: {key} {value} is not in the package")
    return path


def _file_entry(block: list[tuple[int, str, str]]) -> FileEntry:
    values = {key: (line, value) for line, key, value in block}
    line, name = values["Name"]
    return FileEntry(name=name, line=line,
                     content_type=values.get("Content-Type", (0, None))[1],
                     algorithm=values.get("Algorithm", (0, None))[1],
                     hash=values.get("Hash", (0, None))[1])


def verify_file(csar: Csar, entry: FileEntry, source: str) -> None:
    """Check ``entry``'s hash against the archive (``source`` names the listing file)."""
    if entry.external:
        return
    path = normalize_member(entry.name)
    where = f"{source} line {entry.line}"
    if path is None:
        raise invalid(f"{where}: {entry.name} is outside the package")
    if not csar.has(path):
        if path in csar.dirs():
            return  # a directory entry: nothing to verify
        raise invalid(f"{where}: {entry.name} is not in the package")
    if entry.hash is None and entry.algorithm is None:
        return
    if not entry.hash or not entry.algorithm:
        raise invalid(f"{where}: {entry.name} needs both Algorithm and Hash")
    algorithm = hash_name(entry.algorithm)
    if algorithm is None:
        raise invalid(f"{where}: unsupported hash Algorithm {entry.algorithm} for "
                      f"{entry.name}")
    computed = csar.digest(path, algorithm)
    if computed != entry.hash.strip().lower():
        raise invalid(f"{where}: the {entry.algorithm} Hash of {entry.name} does not match "
                      f"its content (listed {entry.hash}, computed {computed})")


def _from_meta(csar: Csar) -> PackageEntry:
    try:
        text = csar.read(META_PATH, limit=_MAX_META).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid(f"{META_PATH} is not UTF-8 text: {exc}") from exc
    blocks = _blocks(text)
    if not blocks:
        raise invalid(f"{META_PATH} is empty")
    first = {key: (line, value) for line, key, value in blocks[0]}
    if "Entry-Definitions" not in first:
        raise invalid(f"{META_PATH}: Entry-Definitions is missing from the first block")
    paths: dict[str, str | None] = {}
    for key in ("Entry-Definitions", "ETSI-Entry-Manifest", "ETSI-Entry-Certificate",
                "ETSI-Entry-Change-Log", "ETSI-Entry-Licenses"):
        if key in first:
            line, value = first[key]
            paths[key] = _member(csar, key, value, line)
    files = []
    for block in blocks[1:]:
        keys = {key for _, key, _ in block}
        if "Name" not in keys:
            raise invalid(f"{META_PATH} line {block[0][0]}: a file block needs a Name")
        files.append(_file_entry(block))
    for entry in files:
        verify_file(csar, entry, META_PATH)
    version = {key: value for key, (_, value) in first.items()
               if key in ("TOSCA-Meta-File-Version", "CSAR-Version", "Created-by",
                          "Created-By")}
    return PackageEntry(entry_definitions=str(paths["Entry-Definitions"]),
                        meta_path=META_PATH, manifest=paths.get("ETSI-Entry-Manifest"),
                        certificate=paths.get("ETSI-Entry-Certificate"),
                        change_log=paths.get("ETSI-Entry-Change-Log"),
                        licenses=paths.get("ETSI-Entry-Licenses"), version=version,
                        files=tuple(files))


def _from_root_yaml(csar: Csar) -> PackageEntry:
    roots = [n for n in csar.names if "/" not in n and n.endswith((".yaml", ".yml"))]
    if not roots:
        raise invalid(f"The package has neither {META_PATH} nor a YAML file at its root: "
                      f"no entry definitions")
    if len(roots) > 1:
        raise invalid(f"The package has no {META_PATH} and several YAML files at its root "
                      f"({', '.join(sorted(roots))}): the entry definitions are ambiguous")
    entry = roots[0]
    stem = posixpath.splitext(entry)[0]
    manifest = f"{stem}.mf" if csar.has(f"{stem}.mf") else None
    certificate = f"{stem}.cert" if csar.has(f"{stem}.cert") else None
    return PackageEntry(entry_definitions=entry, manifest=manifest, certificate=certificate)


def read_entry(csar: Csar) -> PackageEntry:
    """Find the entry definitions (and manifest...) of ``csar``, verifying TOSCA.meta."""
    if csar.has(META_PATH):
        return _from_meta(csar)
    if any(n.startswith("TOSCA-Metadata/") for n in csar.names):
        raise invalid(f"The package has a TOSCA-Metadata directory without {META_PATH}")
    return _from_root_yaml(csar)
