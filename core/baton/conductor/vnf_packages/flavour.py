"""One deployment flavour of a VNFD (a topology template substituting the VNF node).

Extracts what the VNF LCM needs without a TOSCA engine: VDUs, virtual storages, connection
points, virtual links, scaling aspects (with their per-VDU deltas), instantiation levels,
software images and the artifact files nodes refer to. Cross references are checked (a
CP bound to a missing VDU, a delta for an undeclared aspect...) and reported with the file,
line and TOSCA path.
"""

from __future__ import annotations

from typing import Any

from baton.conductor.vnf_packages.csar import invalid
from baton.conductor.vnf_packages.definitions import Definitions
from baton.conductor.vnf_packages.yaml_safe import Path, YamlDocument

__all__ = ["NFV", "Flavour", "requirements"]

NFV = "tosca.nodes.nfv."
_POLICY = "tosca.policies.nfv."
_STORAGES = (f"{NFV}Vdu.VirtualBlockStorage", f"{NFV}Vdu.VirtualObjectStorage",
             f"{NFV}Vdu.VirtualFileStorage")


def requirements(node: dict[str, Any]) -> list[tuple[int, str, str]]:
    """``(index, name, target node)`` of a node template's requirements."""
    found: list[tuple[int, str, str]] = []
    for index, item in enumerate(node.get("requirements") or []):
        if not isinstance(item, dict):
            continue
        for name, target in item.items():
            if isinstance(target, dict):
                target = target.get("node")
            if isinstance(target, str):
                found.append((index, str(name), target))
    return found


def _policies(tpl: dict[str, Any]) -> list[tuple[Path, str, dict[str, Any]]]:
    raw = tpl.get("policies") or []
    items = raw.items() if isinstance(raw, dict) else (
        (name, body) for entry in raw if isinstance(entry, dict)
        for name, body in entry.items())
    found = []
    for index, (name, body) in enumerate(items):
        if isinstance(body, dict):
            at: Path = (("topology_template", "policies", name) if isinstance(raw, dict)
                        else ("topology_template", "policies", index, name))
            found.append((at, str(name), body))
    return found


class Flavour:
    """Parse the flavour ``flavour_id`` held by ``doc``."""

    def __init__(self, defs: Definitions, doc: YamlDocument, flavour_id: str) -> None:
        self.defs = defs
        self.doc = doc
        self.id = flavour_id
        self.tpl: dict[str, Any] = doc.data["topology_template"]
        self.vdus: dict[str, dict[str, Any]] = {}
        self.storages: dict[str, dict[str, Any]] = {}
        self.cps: dict[str, dict[str, Any]] = {}
        self.virtual_links: dict[str, dict[str, Any]] = {}
        self.aspects: dict[str, dict[str, Any]] = {}
        self.levels: dict[str, dict[str, Any]] = {}
        self.default_level: str | None = None
        #: (node name, TOSCA path, node template) of nodes that carry sw_image_data.
        self.image_nodes: list[tuple[str, Path, dict[str, Any]]] = []
        #: (TOSCA path, artifact definition) of every node artifact.
        self.artifacts: list[tuple[Path, dict[str, Any]]] = []
        self.description: str | None = None
        #: Policies that refer to aspects or levels, checked once all are read.
        self._pending: list[tuple[Path, str, dict[str, Any]]] = []

    def where(self, *path: str | int) -> str:
        return self.doc.where(tuple(path))

    def parse(self) -> Flavour:
        nodes = self.tpl.get("node_templates") or {}
        if not isinstance(nodes, dict):
            raise invalid(f"{self.where('topology_template', 'node_templates')}: "
                          f"node_templates must be a map")
        for name, node in nodes.items():
            if not isinstance(node, dict) or not isinstance(node.get("type"), str):
                raise invalid(f"{self.where('topology_template', 'node_templates', name)}: "
                              f"a node template needs a type")
            self._node(str(name), node)
        self._check_links()
        for at, name, body in _policies(self.tpl):
            self._policy(at, name, body)
        self._check_policies()
        return self

    # -- node templates ------------------------------------------------------------------
    def _node(self, name: str, node: dict[str, Any]) -> None:
        kind = node["type"]
        props = node.get("properties") or {}
        at: Path = ("topology_template", "node_templates", name)
        for art_name, art in (node.get("artifacts") or {}).items():
            self.artifacts.append(((*at, "artifacts", art_name), art))
        if self.defs.is_a(kind, "tosca.nodes.nfv.VNF"):
            self.description = props.get("flavour_description")
        elif self.defs.is_a(kind, f"{NFV}Vdu.Compute"):
            self.vdus[name] = {
                "id": name, "name": props.get("name"), "description": props.get("description"),
                "vdu_profile": props.get("vdu_profile"),
                "virtual_compute": ((node.get("capabilities") or {}).get("virtual_compute")
                                    or {}).get("properties"),
                "virtual_storages": [t for _, r, t in requirements(node)
                                     if r == "virtual_storage"],
                "sw_image": (props.get("sw_image_data") or {}).get("name"),
                "initial_delta": None, "instantiation_levels": {},
            }
            if "sw_image_data" in props:
                self.image_nodes.append((name, at, node))
        elif any(self.defs.is_a(kind, storage) for storage in _STORAGES):
            self.storages[name] = {"id": name, "type": kind,
                                   "sw_image": (props.get("sw_image_data") or {}).get("name")}
            if "sw_image_data" in props:
                self.image_nodes.append((name, at, node))
        elif self.defs.is_a(kind, f"{NFV}VduCp") or self.defs.is_a(kind, f"{NFV}VnfExtCp"):
            links = {r: (i, t) for i, r, t in requirements(node)}
            self.cps[name] = {
                "id": name, "type": kind, "layer_protocols": props.get("layer_protocols"),
                "order": props.get("order"),
                "vdu": links.get("virtual_binding", (0, None))[1],
                "virtual_link": links.get("virtual_link", (0, None))[1],
            }
        elif self.defs.is_a(kind, f"{NFV}VnfVirtualLink"):
            self.virtual_links[name] = {
                "id": name, "description": props.get("description"),
                "layer_protocols": (props.get("connectivity_type") or {}).get(
                    "layer_protocols"),
                "vl_profile": props.get("vl_profile"),
            }

    def _check_links(self) -> None:
        nodes = self.tpl.get("node_templates") or {}
        for name in self.cps:
            for index, req, target in requirements(nodes[name]):
                at = ("topology_template", "node_templates", name, "requirements", index, req)
                if req == "virtual_binding" and target not in self.vdus:
                    raise invalid(f"{self.where(*at)}: connection point {name} is bound to "
                                  f"{target}, which is not a VDU of flavour {self.id}")
                if req == "virtual_link" and target not in self.virtual_links and \
                        target not in nodes:
                    raise invalid(f"{self.where(*at)}: connection point {name} links to "
                                  f"{target}, which is not a node of flavour {self.id}")
        for name, vdu in self.vdus.items():
            for storage in vdu["virtual_storages"]:
                if storage not in self.storages:
                    raise invalid(f"{self.where('topology_template', 'node_templates', name)}"
                                  f": VDU {name} requires virtual storage {storage}, which is "
                                  f"not a storage node of flavour {self.id}")

    # -- policies ------------------------------------------------------------------------
    def _targets(self, at: Path, body: dict[str, Any], kinds: dict[str, Any]) -> list[str]:
        targets = body.get("targets") or []
        for target in targets:
            if target not in kinds:
                raise invalid(f"{self.doc.where((*at, 'targets'))}: target {target} is not "
                              f"a node of flavour {self.id}")
        return [str(t) for t in targets]

    def _policy(self, at: Path, name: str, body: dict[str, Any]) -> None:
        kind = body.get("type")
        props = body.get("properties") or {}

        def is_a(short: str) -> bool:
            return self.defs.is_a(kind, _POLICY + short, "policy_types")

        if is_a("ScalingAspects"):
            for aspect_id, aspect in (props.get("aspects") or {}).items():
                self.aspects[str(aspect_id)] = {**(aspect or {}), "vdu_deltas": {}}
        elif is_a("InstantiationLevels"):
            for level_id, level in (props.get("levels") or {}).items():
                self.levels[str(level_id)] = {**(level or {}), "vdus": {}}
            self.default_level = props.get("default_level")
        elif is_a("VduScalingAspectDeltas"):
            self._pending.append((at, "deltas", body))
        elif is_a("VduInstantiationLevels"):
            self._pending.append((at, "vdu_levels", body))
        elif is_a("VduInitialDelta"):
            for target in self._targets(at, body, self.vdus):
                self.vdus[target]["initial_delta"] = props.get("initial_delta")

    def _check_policies(self) -> None:
        for at, what, body in self._pending:
            props = body.get("properties") or {}
            targets = self._targets(at, body, self.vdus)
            if what == "deltas":
                aspect = props.get("aspect")
                if aspect not in self.aspects:
                    raise invalid(f"{self.doc.where((*at, 'properties', 'aspect'))}: scaling "
                                  f"aspect {aspect} is not declared in a ScalingAspects policy "
                                  f"of flavour {self.id}")
                for target in targets:
                    self.aspects[aspect]["vdu_deltas"][target] = props.get("deltas")
            else:
                for level_id, level in (props.get("levels") or {}).items():
                    if level_id not in self.levels:
                        raise invalid(
                            f"{self.doc.where((*at, 'properties', 'levels', level_id))}: "
                            f"instantiation level {level_id} is not declared in the "
                            f"InstantiationLevels policy of flavour {self.id}")
                    for target in targets:
                        self.vdus[target]["instantiation_levels"][level_id] = level
                        self.levels[level_id]["vdus"][target] = level
        for level_id, level in self.levels.items():
            for aspect in (level.get("scale_info") or {}):
                if aspect not in self.aspects:
                    raise invalid(f"{self.where('topology_template', 'policies')}: "
                                  f"instantiation level {level_id} scales aspect {aspect}, "
                                  f"which is not declared in flavour {self.id}")
        if self.default_level is not None and self.default_level not in self.levels:
            raise invalid(f"{self.where('topology_template', 'policies')}: default_level "
                          f"{self.default_level} is not an instantiation level of flavour "
                          f"{self.id}")

    def summary(self) -> dict[str, Any]:
        return {
            "flavour_id": self.id, "description": self.description,
            "definitions": self.doc.path, "vdus": self.vdus,
            "virtual_storages": self.storages, "cps": self.cps,
            "virtual_links": self.virtual_links, "scaling_aspects": self.aspects,
            "instantiation_levels": self.levels,
            "default_instantiation_level": self.default_level,
        }
