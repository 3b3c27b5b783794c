"""What a SOL resource representation holds, for filters and attribute selectors.

A resource describes its representation as a tree (:data:`Schema`): each attribute maps to
a scalar type (:data:`STRING`, :data:`NUMBER`, :data:`BOOLEAN`, :data:`DATETIME`), a
:data:`MAP` (``KeyValuePairs``: any key, any value), a nested schema (a structure) or a
one-element list holding the schema of its items (an array). Filters (SOL013 5.2) and
selectors (SOL013 5.3) check the attribute paths they are given against it, so a typo is
a 400 naming the path instead of an empty answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

from baton import errors

__all__ = [
    "BOOLEAN",
    "DATETIME",
    "MAP",
    "NUMBER",
    "OBJECT",
    "STRING",
    "AttrType",
    "Resolved",
    "Schema",
    "is_complex",
    "resolve",
    "split_path",
]

STRING = "string"
NUMBER = "number"
BOOLEAN = "boolean"
DATETIME = "datetime"
MAP = "map"
#: A structure (what a path to a nested schema designates).
OBJECT = "object"
#: The special path component naming the keys of a map (SOL013 5.2.2).
KEY = "@key"

AttrType = Union[str, "Schema", list[Any]]
Schema = Mapping[str, AttrType]


@dataclass(frozen=True)
class Resolved:
    """What a path designates: its components and the type of the value found there
    (``OBJECT`` for a structure, ``None`` inside a map: the type is only known once read)."""

    path: tuple[str, ...]
    type: str | None
    #: Whether some component crosses an array (the path yields several values).
    multi: bool


def split_path(text: str, *, what: str) -> tuple[str, ...]:
    """``a/b/c`` as its components; 400 naming ``what`` for an empty component."""
    parts = tuple(text.split("/"))
    if not text or any(not p for p in parts):
        raise errors.InvalidParameterValue(err=f"Invalid attribute name {text!r} in {what}.")
    return parts


def is_complex(attr: AttrType) -> bool:
    """Whether an attribute is a structure, an array or a map (not a simple value)."""
    return not isinstance(attr, str) or attr == MAP


def _unwrap(node: AttrType, multi: bool) -> tuple[AttrType, bool]:
    while isinstance(node, list):
        node, multi = node[0], True
    return node, multi


def _unknown(path: Sequence[str], part: str, what: str) -> errors.BatonError:
    return errors.InvalidParameterValue(
        err=f"Invalid attribute name {'/'.join(path)!r} in {what}: {part!r} is not an "
            f"attribute there.")


def resolve(schema: Schema, path: Sequence[str], *, what: str) -> Resolved:
    """Check ``path`` against ``schema``; 400 naming it (and ``what``) when it names
    nothing. Inside a map any key is accepted, and ``@key`` names the keys themselves."""
    node: AttrType = schema
    multi = False
    last = len(path) - 1
    for index, part in enumerate(path):
        node, multi = _unwrap(node, multi)
        if node == MAP:
            if part == KEY:
                if index != last:
                    raise _unknown(path, part, what)
                return Resolved(tuple(path), STRING, True)
            return Resolved(tuple(path), None, multi)
        if not isinstance(node, Mapping):   # a simple value has no attributes
            raise _unknown(path, part, what)
        child = node.get(part)
        if child is None:
            raise _unknown(path, part, what)
        node = child
    node, multi = _unwrap(node, multi)
    return Resolved(tuple(path), node if isinstance(node, str) else OBJECT, multi)
