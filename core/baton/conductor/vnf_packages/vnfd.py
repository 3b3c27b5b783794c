"""The VNFD of a package (ETSI GS NFV-SOL 001): identity, flavours, software images.

:func:`parse_vnfd` loads the entry definitions and their imports (see
:mod:`~baton.conductor.vnf_packages.definitions`), reads the VNF node's properties
(``descriptor_id`` -> vnfdId, ``provider``, ``product_name``, ``software_version``,
``descriptor_version``; a property given as ``get_input`` falls back to the VNF node
type's default, as Tacker does), parses every deployment flavour and lists the software
images as SOL005 ``VnfPackageSoftwareImageInfo`` (camelCase keys, sizes in bytes).
Artifact files the VNFD names must be in the package.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import Any

from baton.conductor.vnf_packages.csar import Csar, invalid, normalize_member
from baton.conductor.vnf_packages.definitions import Definitions, load_definitions
from baton.conductor.vnf_packages.flavour import Flavour
from baton.conductor.vnf_packages.limits import Limits
from baton.conductor.vnf_packages.yaml_safe import Path, YamlDocument

__all__ = ["Vnfd", "parse_size", "parse_vnfd"]

_VNF = "tosca.nodes.nfv.VNF"
_IDENTITY = {
    "descriptor_id": "vnfd_id", "provider": "provider", "product_name": "product_name",
    "software_version": "software_version", "descriptor_version": "descriptor_version",
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")
_UNITS = {
    "": 1, "b": 1, "kb": 10 ** 3, "kib": 2 ** 10, "mb": 10 ** 6, "mib": 2 ** 20,
    "gb": 10 ** 9, "gib": 2 ** 30, "tb": 10 ** 12, "tib": 2 ** 40,
}
_IMAGE_REQUIRED = ("name", "version", "checksum", "container_format", "disk_format",
                   "min_disk", "size")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclasses.dataclass
class Vnfd:
    vnfd_id: str
    provider: str
    product_name: str
    software_version: str
    descriptor_version: str
    vnfm_info: list[Any]
    definitions: list[str]
    flavours: dict[str, dict[str, Any]]
    software_images: list[dict[str, Any]]
    #: Package files the VNFD uses as software images.
    image_files: set[str]
    #: Package files the VNFD names as other artifacts (scripts...).
    artifact_files: set[str]


def parse_size(value: Any) -> int | None:
    """A TOSCA scalar-unit.size (``"12 GB"``, ``"512 MiB"``, ``1024``) in bytes."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = _SIZE.match(str(value))
    if match is None or match.group(2).lower() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _vnf_node(defs: Definitions) -> tuple[YamlDocument, str | None, dict[str, Any]]:
    """The document, name and template of the VNF node that identifies the VNFD."""
    candidates = [defs.entry, *[d for d in defs.docs.values() if d is not defs.entry]]
    for doc in candidates:
        nodes = (doc.data.get("topology_template") or {}).get("node_templates") or {}
        for name, node in (nodes.items() if isinstance(nodes, dict) else ()):
            if isinstance(node, dict) and defs.is_a(node.get("type"), _VNF) and (
                    doc is defs.entry or "descriptor_id" in (node.get("properties") or {})):
                return doc, str(name), node
    for name in defs.types.get("node_types", {}):
        if name != _VNF and defs.is_a(name, _VNF) and not name.startswith("tosca."):
            return defs.entry, None, {"type": name, "properties": {}}
    raise invalid(f"{defs.entry.path}: no VNF node (a node template of a type derived from "
                  f"{_VNF}) and no VNF node type: this is not a VNFD")


def _identity(defs: Definitions) -> dict[str, Any]:
    doc, name, node = _vnf_node(defs)
    props = node.get("properties") or {}
    found: dict[str, Any] = {}
    for prop, key in _IDENTITY.items():
        value = props.get(prop)
        if value is None or isinstance(value, dict | list):
            value = defs.property_default(node["type"], prop)
        at: Path = (("topology_template", "node_templates", name, "properties", prop)
                    if name else ("node_types", node["type"], "properties", prop))
        if value is None or isinstance(value, dict | list) or str(value).strip() == "":
            raise invalid(f"{doc.where(at)}: the VNF's {prop} is missing (it must be set on "
                          f"the VNF node or as the default of its node type)")
        found[key] = str(value)
    vnfm_info = props.get("vnfm_info")
    if not isinstance(vnfm_info, list):
        vnfm_info = defs.property_default(node["type"], "vnfm_info") or []
    found["vnfm_info"] = list(vnfm_info)
    return found


def _flavour_id(defs: Definitions, doc: YamlDocument) -> str:
    tpl = doc.data["topology_template"]
    mappings = tpl["substitution_mappings"]
    flavour_id = (mappings.get("properties") or {}).get("flavour_id")
    if flavour_id is None:
        for node in (tpl.get("node_templates") or {}).values():
            if isinstance(node, dict) and defs.is_a(node.get("type"), _VNF):
                flavour_id = (node.get("properties") or {}).get("flavour_id")
    if flavour_id is None or isinstance(flavour_id, dict | list):
        raise invalid(f"{doc.where(('topology_template', 'substitution_mappings'))}: the "
                      f"deployment flavour has no flavour_id")
    return str(flavour_id)


def _flavours(defs: Definitions) -> dict[str, Flavour]:
    flavours: dict[str, Flavour] = {}
    for doc in defs.templates():
        mappings = doc.data["topology_template"].get("substitution_mappings")
        if mappings is None:
            continue
        at = ("topology_template", "substitution_mappings")
        if not isinstance(mappings, dict) or not defs.is_a(mappings.get("node_type"), _VNF):
            raise invalid(f"{doc.where(at)}: substitution_mappings must name a node_type "
                          f"derived from {_VNF}")
        flavour_id = _flavour_id(defs, doc)
        if flavour_id in flavours:
            raise invalid(f"{doc.where(at)}: deployment flavour {flavour_id} is also "
                          f"defined in {flavours[flavour_id].doc.path}")
        flavours[flavour_id] = Flavour(defs, doc, flavour_id).parse()
    if not flavours:
        raise invalid(f"{defs.entry.path}: the VNFD defines no deployment flavour (no "
                      f"topology_template with substitution_mappings in its definitions)")
    return flavours


def _package_path(csar: Csar, doc: YamlDocument, at: Path, file: Any) -> str | None:
    """The archive path of an artifact ``file`` (relative to ``doc``); None for a URL."""
    if not isinstance(file, str) or not file:
        raise invalid(f"{doc.where(at)}: an artifact needs a file")
    if _URL.match(file):
        return None
    path = normalize_member(posixpath.join(posixpath.dirname(doc.path), file))
    if path is None:
        raise invalid(f"{doc.where(at)}: artifact file {file} is outside the package")
    if not csar.has(path):
        raise invalid(f"{doc.where(at)}: artifact file {file} is not in the package ({path} "
                      f"is missing)")
    return path


def _image(flavour: Flavour, name: str, at: Path, node: dict[str, Any],
           image_path: str, provider: str) -> dict[str, Any]:
    data = node["properties"]["sw_image_data"]
    where = flavour.doc.where
    if not isinstance(data, dict):
        raise invalid(f"{where((*at, 'properties', 'sw_image_data'))}: must be a map")
    for key in _IMAGE_REQUIRED:
        if data.get(key) is None:
            raise invalid(f"{where((*at, 'properties', 'sw_image_data'))}: sw_image_data of "
                          f"{name} has no {key}")
    checksum = data["checksum"]
    if not isinstance(checksum, dict) or not checksum.get("algorithm") or \
            not checksum.get("hash"):
        raise invalid(f"{where((*at, 'properties', 'sw_image_data', 'checksum'))}: the "
                      f"checksum of image {data['name']} needs algorithm and hash")
    sizes = {}
    for key in ("min_disk", "min_ram", "size"):
        size = parse_size(data.get(key, 0))
        if size is None:
            raise invalid(f"{where((*at, 'properties', 'sw_image_data', key))}: {key} "
                          f"{data.get(key)!r} is not a size (e.g. '1 GB')")
        sizes[key] = size
    return {
        "id": name, "name": str(data["name"]), "provider": provider,
        "version": str(data["version"]),
        "checksum": {"algorithm": str(checksum["algorithm"]), "hash": str(checksum["hash"])},
        "containerFormat": str(data["container_format"]).upper(),
        "diskFormat": str(data["disk_format"]).upper(),
        "minDisk": sizes["min_disk"], "minRam": sizes["min_ram"], "size": sizes["size"],
        "userMetadata": {}, "imagePath": image_path,
    }


def _files_and_images(csar: Csar, flavours: dict[str, Flavour], provider: str
                      ) -> tuple[list[dict[str, Any]], set[str], set[str]]:
    images: dict[str, dict[str, Any]] = {}
    image_files: set[str] = set()
    artifact_files: set[str] = set()
    for flavour in flavours.values():
        sw_paths: dict[tuple[Any, ...], str] = {}
        for at, art in flavour.artifacts:
            art_at = (*at, "file")
            file = art.get("file") if isinstance(art, dict) else art
            path = _package_path(csar, flavour.doc, art_at, file)
            if path is None:
                continue
            art_type = art.get("type") if isinstance(art, dict) else None
            if flavour.defs.is_a(art_type, "tosca.artifacts.nfv.SwImage", "artifact_types"):
                sw_paths[at[:3]] = path
                image_files.add(path)
            else:
                artifact_files.add(path)
        for name, at, node in flavour.image_nodes:
            if name not in images:
                images[name] = _image(flavour, name, at, node, sw_paths.get(at, ""), provider)
    return list(images.values()), image_files, artifact_files


def parse_vnfd(csar: Csar, entry: str, limits: Limits) -> Vnfd:
    """Parse the VNFD whose entry definitions are ``entry`` in ``csar``."""
    defs = load_definitions(csar, entry, limits)
    identity = _identity(defs)
    flavours = _flavours(defs)
    images, image_files, artifact_files = _files_and_images(csar, flavours,
                                                            identity["provider"])
    return Vnfd(definitions=list(defs.docs), flavours={k: f.summary() for k, f in
                                                        flavours.items()},
                software_images=images, image_files=image_files,
                artifact_files=artifact_files, **identity)
