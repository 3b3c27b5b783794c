"""Node traits: add, replace and remove, with Ironic's syntax and per-node limit."""

from __future__ import annotations

import re
from collections.abc import Iterable

from baton import errors
from baton.conductor.base import ManagerBase

__all__ = ["MAX_TRAITS_PER_NODE", "TraitsMixin", "validate_trait"]

#: Ironic's limit.
MAX_TRAITS_PER_NODE = 50

_CUSTOM = re.compile(r"^CUSTOM_[A-Z0-9_]+$")
# os-traits is not installed: standard traits are accepted by their shape (UPPER_SNAKE).
_STANDARD = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")


def validate_trait(trait: object) -> str:
    """Return ``trait`` if it is a valid trait name, else raise InvalidTrait."""
    if not isinstance(trait, str) or not trait:
        raise errors.InvalidTrait(trait=trait, reason="a trait must be a non-empty string")
    if len(trait) > 255:
        raise errors.InvalidTrait(trait=trait, reason="a trait is at most 255 characters")
    if trait.startswith("CUSTOM_"):
        if not _CUSTOM.match(trait):
            raise errors.InvalidTrait(
                trait=trait,
                reason="custom traits must match ^CUSTOM_[A-Z0-9_]+$")
    elif not _STANDARD.match(trait):
        raise errors.InvalidTrait(
            trait=trait,
            reason="traits must be standard traits (upper-case letters, digits and "
                   "underscores) or custom traits matching ^CUSTOM_[A-Z0-9_]+$")
    return trait


def _unique(traits: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for trait in traits:
        seen.setdefault(trait, None)
    return list(seen)


class TraitsMixin(ManagerBase):
    """``add_node_traits``, ``remove_node_traits``."""

    def add_node_traits(self, node_id: str, traits: list[str], replace: bool = False) -> None:
        """Add ``traits`` to the node's (or, with ``replace``, set them as the node's).

        :raises InvalidTrait: a name is not a valid trait.
        :raises InvalidParameterValue: the node would have more than 50 traits.
        """
        wanted = _unique(validate_trait(t) for t in traits)
        with self.tasks.acquire(node_id, purpose="add node traits") as task:
            current = list(task.node.get("traits") or [])
            result = wanted if replace else _unique([*current, *wanted])
            if len(result) > MAX_TRAITS_PER_NODE:
                raise errors.InvalidParameterValue(
                    err=f"Could not modify traits for node {task.uuid} as it would exceed the "
                        f"maximum number of traits per node ({len(result)} vs. "
                        f"{MAX_TRAITS_PER_NODE})")
            if result != current:
                task.update(traits=result)

    def remove_node_traits(self, node_id: str, traits: list[str] | None = None) -> None:
        """Remove ``traits`` from the node, or every trait when ``traits`` is None.

        :raises NotFound: the node does not have one of ``traits`` (nothing is removed).
        """
        with self.tasks.acquire(node_id, purpose="remove node traits") as task:
            current = list(task.node.get("traits") or [])
            if traits is None:
                result: list[str] = []
            else:
                for trait in traits:
                    if trait not in current:
                        raise errors.NotFound(
                            message=f"Node {task.uuid} doesn't have a trait '{trait}'")
                result = [t for t in current if t not in set(traits)]
            if result != current:
                task.update(traits=result)
