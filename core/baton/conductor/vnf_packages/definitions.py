"""The TOSCA definitions of a VNFD: the entry file and everything it imports, in the package.

ETSI GS NFV-SOL 001 packages ship the ETSI type files (``etsi_nfv_sol001_*_types.yaml``)
inside the package, so every import resolves to a file of the archive, relative to the file
that imports it. An import of a URL resolves to the file of the same name beside the
importing file (that is how packages carry the ETSI files), else it is an error: Baton
never fetches definitions from the network. Imports that are missing, climb out of the
package, are not TOSCA, or are too many, are errors naming the file and line.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterator
from typing import Any

from baton.conductor.vnf_packages.csar import Csar, invalid, normalize_member
from baton.conductor.vnf_packages.limits import Limits
from baton.conductor.vnf_packages.yaml_safe import YamlDocument, load_yaml

__all__ = ["Definitions", "load_definitions"]

_TYPE_SECTIONS = ("node_types", "policy_types", "group_types", "data_types",
                  "artifact_types", "capability_types")
_MAX_DERIVATION = 64


@dataclasses.dataclass
class Definitions:
    """Every definitions file of the VNFD, and the types they declare."""

    entry: YamlDocument
    docs: dict[str, YamlDocument]
    types: dict[str, dict[str, dict[str, Any]]]

    def is_a(self, type_name: Any, base: str, section: str = "node_types") -> bool:
        """Whether ``type_name`` is ``base`` or derives from it (in ``section``)."""
        known = self.types.get(section, {})
        current = type_name
        for _ in range(_MAX_DERIVATION):
            if current == base:
                return True
            definition = known.get(current) if isinstance(current, str) else None
            if not isinstance(definition, dict):
                return False
            current = definition.get("derived_from")
        return False

    def property_default(self, type_name: str, prop: str) -> Any:
        """The default of property ``prop`` of node type ``type_name`` (inherited too)."""
        known = self.types.get("node_types", {})
        current: Any = type_name
        for _ in range(_MAX_DERIVATION):
            definition = known.get(current) if isinstance(current, str) else None
            if not isinstance(definition, dict):
                return None
            spec = (definition.get("properties") or {}).get(prop)
            if isinstance(spec, dict) and "default" in spec:
                return spec["default"]
            current = definition.get("derived_from")
        return None

    def templates(self) -> Iterator[YamlDocument]:
        """The files that hold a ``topology_template``."""
        for doc in self.docs.values():
            if isinstance(doc.data.get("topology_template"), dict):
                yield doc


def _import_names(doc: YamlDocument) -> list[tuple[int, str]]:
    imports = doc.data.get("imports") or []
    if not isinstance(imports, list):
        raise invalid(f"{doc.where(('imports',))}: imports must be a list")
    found: list[tuple[int, str]] = []
    for index, item in enumerate(imports):
        target: Any = item
        if isinstance(item, dict) and "file" not in item and len(item) == 1:
            target = next(iter(item.values()))  # TOSCA 1.0 style: {name: file}
        if isinstance(target, dict):
            target = target.get("file")
        if not isinstance(target, str) or not target:
            raise invalid(f"{doc.where(('imports', index))}: cannot read import {item!r}")
        found.append((index, target))
    return found


def _resolve(csar: Csar, doc: YamlDocument, index: int, name: str) -> str:
    where = doc.where(("imports", index))
    base = posixpath.dirname(doc.path)
    if "://" in name:
        local = posixpath.join(base, posixpath.basename(name))
        if csar.has(local):
            return local
        raise invalid(f"{where}: imports {name}, which is not in the package (imports are "
                      f"resolved inside the package only; ship the file beside {doc.path})")
    path = normalize_member(posixpath.join(base, name))
    if path is None:
        raise invalid(f"{where}: imports {name}, which is outside the package")
    if not csar.has(path):
        raise invalid(f"{where}: imports {name}, which is not in the package ({path} is "
                      f"missing)")
    return path


def _load_doc(csar: Csar, path: str, limits: Limits) -> YamlDocument:
    doc = load_yaml(path, csar.read(path), limits)
    if not isinstance(doc.data, dict) or "tosca_definitions_version" not in doc.data:
        raise invalid(f"{path}: not a TOSCA definitions file (no tosca_definitions_version)")
    return doc


def _merge_types(types: dict[str, dict[str, dict[str, Any]]], doc: YamlDocument) -> None:
    for section in _TYPE_SECTIONS:
        declared = doc.data.get(section) or {}
        if not isinstance(declared, dict):
            raise invalid(f"{doc.where((section,))}: {section} must be a map")
        for name, definition in declared.items():
            types.setdefault(section, {}).setdefault(str(name), definition)


def load_definitions(csar: Csar, entry: str, limits: Limits) -> Definitions:
    """Load ``entry`` and its import chain from ``csar``."""
    docs: dict[str, YamlDocument] = {}
    pending = [entry]
    while pending:
        path = pending.pop(0)
        if path in docs:
            continue
        if len(docs) >= limits.max_imports + 1:
            raise invalid(f"{entry}: the VNFD imports more than {limits.max_imports} files")
        doc = _load_doc(csar, path, limits)
        docs[path] = doc
        for index, name in _import_names(doc):
            target = _resolve(csar, doc, index, name)
            if target not in docs:
                pending.append(target)
    types: dict[str, dict[str, dict[str, Any]]] = {}
    for doc in docs.values():
        _merge_types(types, doc)
    return Definitions(entry=docs[entry], docs=docs, types=types)
