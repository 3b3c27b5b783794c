"""YAML from an untrusted package: safe types only, bounded size, aliases and expansion.

The document is composed first (libyaml when available) and its node graph walked with
aliases followed, counting nodes: a "billion laughs" document is refused after
``max_yaml_nodes`` nodes instead of being expanded, and more than ``max_yaml_aliases``
aliases are refused outright. Only then is it constructed, with the safe constructor.
The walk also records the line of every mapping key, so that errors can name the line of
a TOSCA path.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from baton.conductor.vnf_packages.csar import invalid
from baton.conductor.vnf_packages.limits import Limits

__all__ = ["YamlDocument", "load_yaml"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Paths deeper than this get no line of their own (errors then name an ancestor's line).
_MAX_LINE_DEPTH = 8

Path = tuple[str | int, ...]


@dataclasses.dataclass
class YamlDocument:
    """A loaded YAML file: its path in the package, data, and the lines of its keys."""

    path: str
    data: Any
    lines: dict[Path, int]

    def where(self, tosca_path: Path) -> str:
        """``file line N (a.b.c)``: the nearest known line of ``tosca_path``."""
        dotted = ".".join(str(p) for p in tosca_path)
        probe = tosca_path
        while probe:
            line = self.lines.get(probe)
            if line is not None:
                return f"{self.path} line {line} ({dotted})"
            probe = probe[:-1]
        return f"{self.path} ({dotted})" if dotted else self.path


class _Walker:
    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.count = 0
        self.aliases = 0
        self.seen: set[int] = set()
        self.lines: dict[Path, int] = {}

    def walk(self, root: yaml.Node) -> None:
        # (node, path, reached through an alias): one alias counts once, not per node
        # of the subtree it repeats; every node it repeats counts towards max_yaml_nodes.
        stack: list[tuple[yaml.Node, Path, bool]] = [(root, (), False)]
        while stack:
            node, at, aliased = stack.pop()
            self.count += 1
            if self.count > self.limits.max_yaml_nodes:
                raise invalid(f"{self.path}: the YAML expands to more than "
                              f"{self.limits.max_yaml_nodes} nodes (YAML bomb?); refused")
            if id(node) in self.seen and not aliased:
                aliased = True
                self.aliases += 1
                if self.aliases > self.limits.max_yaml_aliases:
                    raise invalid(
                        f"{self.path} line {node.start_mark.line + 1}: more than "
                        f"{self.limits.max_yaml_aliases} YAML aliases (YAML bomb?); refused")
            self.seen.add(id(node))
            stack.extend((child, path, aliased)
                         for child, path in self._children(node, at, aliased))

    def _children(self, node: yaml.Node, at: Path,
                  aliased: bool) -> list[tuple[yaml.Node, Path]]:
        track = not aliased and len(at) < _MAX_LINE_DEPTH
        if isinstance(node, yaml.MappingNode):
            children: list[tuple[yaml.Node, Path]] = []
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                child = (*at, name)
                if track:
                    self.lines.setdefault(child, key.start_mark.line + 1)
                children.append((key, child))
                children.append((value, child))
            return children
        if isinstance(node, yaml.SequenceNode):
            items: list[tuple[yaml.Node, Path]] = []
            for index, item in enumerate(node.value):
                child = (*at, index)
                if track:
                    self.lines.setdefault(child, item.start_mark.line + 1)
                items.append((item, child))
            return items
        return []


def load_yaml(path: str, content: bytes, limits: Limits) -> YamlDocument:
    """Parse ``content`` (the file ``path`` of a package) within ``limits``."""
    if len(content) > limits.max_yaml_size:
        raise invalid(f"{path} is {len(content)} bytes, more than the YAML limit of "
                      f"{limits.max_yaml_size}")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise invalid(f"{path} is not UTF-8 text: {exc}") from exc
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(path, None, {})
        walker = _Walker(path, limits)
        walker.walk(root)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path} line {mark.line + 1}, column {mark.column + 1}" if mark else path
        raise invalid(f"{where}: not valid YAML: {exc.problem or exc}") from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise invalid(f"{path}: not valid YAML: {type(exc).__name__}: {exc}") from exc
    finally:
        loader.dispose()
    return YamlDocument(path, data, walker.lines)
