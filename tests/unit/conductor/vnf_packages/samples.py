"""CSARs built from Tacker's sample packages (../shared/reference/tacker-samples).

The samples hold only data files; as Tacker's own pkggen does, the builder copies the ETSI
SOL001 type files into Definitions/, adds a placeholder for each script and image the VNFD
names, gives the VNFD a fresh descriptor_id, and rewrites the Hash of every file TOSCA.meta
lists, so each CSAR is what a VNF vendor would upload.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
import zipfile
from collections.abc import Mapping
from pathlib import Path

SAMPLES = Path(os.environ.get("BATON_TACKER_SAMPLES",
                              Path(__file__).resolve().parents[5] / "shared" / "reference"
                              / "tacker-samples"))
SAMPLE_VNFD_ID = "b1bb0ce7-ebca-4fa7-95ed-4840d7000000"
SCRIPT = b"import pickle\nimport sys\n\npickle.load(sys.stdin.buffer)\nsys.exit(0)\n"
IMAGE = b"placeholder image: not a real qcow2\n" * 8


def sample_files(name: str) -> dict[str, bytes]:
    """The files of sample ``name`` with the ETSI type files, keyed by archive path."""
    root = SAMPLES / name
    if not root.is_dir():
        raise FileNotFoundError(f"Tacker sample {name!r} not found under {SAMPLES}: is "
                                f"../shared beside the repository?")
    files = {p.relative_to(root).as_posix(): p.read_bytes()
             for p in sorted(root.rglob("*")) if p.is_file()}
    for common in sorted((SAMPLES / "common" / "Definitions").glob("*.yaml")):
        files[f"Definitions/{common.name}"] = common.read_bytes()
    return files


def _referenced(files: Mapping[str, bytes]) -> set[str]:
    found = set()
    for path, content in files.items():
        if not path.startswith("Definitions/"):
            continue
        for match in re.finditer(rb"^\s*file:\s*(\.\./\S+)\s*$", content, re.MULTILINE):
            target = os.path.normpath(os.path.join("Definitions", match.group(1).decode()))
            found.add(target)
    return found


def rehash_meta(files: dict[str, bytes]) -> None:
    """Rewrite every ``Hash`` of TOSCA.meta to the SHA-256 of the listed file."""
    meta = files.get("TOSCA-Metadata/TOSCA.meta")
    if meta is None:
        return
    lines = meta.decode().splitlines()
    name = None
    for index, line in enumerate(lines):
        if line.startswith("Name:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("Hash:") and name in files:
            lines[index] = "Hash: " + hashlib.sha256(files[name]).hexdigest()
    files["TOSCA-Metadata/TOSCA.meta"] = ("\n".join(lines) + "\n").encode()


def sample_package(name: str, *, vnfd_id: str | None = None,
                   changes: Mapping[str, bytes | None] | None = None,
                   rehash: bool = True) -> tuple[dict[str, bytes], str]:
    """The files of a complete CSAR of sample ``name`` and its vnfdId.

    ``changes`` replaces (bytes) or removes (None) files afterwards; ``rehash`` then fixes
    TOSCA.meta's hashes.
    """
    files = sample_files(name)
    vnfd_id = vnfd_id or str(uuid.uuid4())
    for path in list(files):
        if path.startswith("Definitions/"):
            files[path] = files[path].replace(SAMPLE_VNFD_ID.encode(), vnfd_id.encode())
    for path in _referenced(files):
        if path not in files:
            files[path] = SCRIPT if path.endswith(".py") else IMAGE
    for path, content in (changes or {}).items():
        if content is None:
            files.pop(path, None)
        else:
            files[path] = content
    if rehash:
        rehash_meta(files)
    return files, vnfd_id


def zip_files(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            archive.writestr(path, content)
    return buffer.getvalue()


def build(name: str, **kwargs: object) -> tuple[bytes, str]:
    """A zipped CSAR of sample ``name`` (see :func:`sample_package`) and its vnfdId."""
    files, vnfd_id = sample_package(name, **kwargs)  # type: ignore[arg-type]
    return zip_files(files), vnfd_id
