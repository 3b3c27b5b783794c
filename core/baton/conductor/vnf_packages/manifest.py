"""The manifest file (ETSI GS NFV-SOL 004 4.3): metadata, per-file checksums, signature.

Parsed: the ``metadata:`` block (``vnf_provider_id``, ``vnf_product_name``,
``vnf_release_date_time``, ``vnf_package_version``...), each ``Source``/``Algorithm``/
``Hash`` block (verified against the archive for files inside it; URIs are noted), the
``non_mano_artifact_sets`` block (kept as text) and a trailing CMS signature
(``-----BEGIN CMS-----``), which makes the package an OPTION_1 signed package. The
signature itself is noted, not verified: no trust anchors are configured yet.
"""

from __future__ import annotations

import dataclasses

from baton.conductor.vnf_packages.csar import Csar, invalid
from baton.conductor.vnf_packages.tosca_meta import FileEntry, verify_file

__all__ = ["Manifest", "read_manifest"]

_MAX_MANIFEST = 4 * 1024 * 1024
_CMS_BEGIN = "-----BEGIN CMS-----"


@dataclasses.dataclass(frozen=True)
class Manifest:
    path: str
    metadata: dict[str, str]
    files: tuple[FileEntry, ...]
    signed: bool


def _split_signature(lines: list[str]) -> tuple[list[str], bool]:
    for index, line in enumerate(lines):
        if line.strip() == _CMS_BEGIN:
            return lines[:index], True
    return lines, False


class _Parser:
    """Line by line: ``metadata:`` block, then ``Source`` blocks, then non-MANO sets."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.metadata: dict[str, str] = {}
        self.files: list[FileEntry] = []
        self.section = ""
        self.block: dict[str, tuple[int, str]] = {}

    def flush(self) -> None:
        if not self.block:
            return
        if "Source" not in self.block:
            first = min(line for line, _ in self.block.values())
            raise invalid(f"{self.path} line {first}: a file block needs a Source")
        line, source = self.block["Source"]
        self.files.append(FileEntry(name=source, line=line,
                                    algorithm=self.block.get("Algorithm", (0, None))[1],
                                    hash=self.block.get("Hash", (0, None))[1]))
        self.block = {}

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if self.section == "non_mano_artifact_sets" or line.startswith("#"):
            return
        if not line:
            self.flush()
            if self.section == "metadata":
                self.section = ""
            return
        key, sep, value = (part.strip() for part in line.partition(":"))
        if not sep:
            raise invalid(f"{self.path} line {number}: expected 'key: value', found "
                          f"{line[:80]!r}")
        if key in ("metadata", "non_mano_artifact_sets") and not value:
            self.flush()
            self.section = key
            return
        if self.section == "metadata" and key != "Source":
            self.metadata[key] = value
            return
        self.section = ""
        if key == "Source" or key in self.block:
            self.flush()
        self.block[key] = (number, value)


def _parse(path: str, lines: list[str]) -> tuple[dict[str, str], list[FileEntry]]:
    parser = _Parser(path)
    for number, raw in enumerate(lines, start=1):
        parser.feed(number, raw)
    parser.flush()
    return parser.metadata, parser.files


def read_manifest(csar: Csar, path: str) -> Manifest:
    """Parse the manifest at ``path`` and verify the hashes it lists."""
    try:
        text = csar.read(path, limit=_MAX_MANIFEST).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid(f"{path} is not UTF-8 text: {exc}") from exc
    lines, signed = _split_signature(text.splitlines())
    metadata, files = _parse(path, lines)
    for entry in files:
        verify_file(csar, entry, path)
    return Manifest(path=path, metadata=metadata, files=tuple(files), signed=signed)
