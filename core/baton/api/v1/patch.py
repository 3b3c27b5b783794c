"""JSON patch (RFC 6902) as Ironic applies it to its resources.

Only ``add``, ``replace`` and ``remove``; a path must name one of the resource's patchable
fields (its first segment); fields newer than the request answer 406; a new attribute can't
be added at the root; operations apply one at a time so that an error names the one that
failed. Nothing is written here: the caller validates the result, then writes once.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any

import jsonpatch
import jsonpointer

from baton import errors
from baton.api import validation

__all__ = ["apply", "patch_values", "path_removed", "path_touched", "validate_ops"]

_PATH_RE = re.compile(r"^(/[\w-]+)+$")
_OPS = ("add", "replace", "remove")
_FAILURES = (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException, KeyError,
             IndexError, TypeError)


def validate_ops(patch: Any) -> list[dict[str, Any]]:
    """Check the shape of a patch document; answer it as a list of operations."""
    if not isinstance(patch, list):
        raise errors.Invalid("Invalid patch: a JSON patch is a list of operations.")
    for op in patch:
        if not isinstance(op, dict):
            raise errors.Invalid(f"Invalid patch: {op!r} is not an object.")
        for key in op:
            if key not in ("op", "path", "value"):
                raise errors.Invalid(
                    f"Invalid patch: additional properties are not allowed ('{key}' was "
                    f"unexpected)")
        if op.get("op") not in _OPS:
            raise errors.Invalid(
                f"Invalid patch: {op.get('op')!r} is not one of ['add', 'replace', 'remove']")
        path = op.get("path")
        if not isinstance(path, str) or not _PATH_RE.match(path):
            raise errors.Invalid(
                f"Invalid patch: {path!r} does not match '^(/[\\w-]+)+$'")
        if op["op"] != "remove" and "value" not in op:
            raise errors.PatchError(patch=op, reason="'value' is a required property")
    return patch


def _root(path: str) -> str:
    return path.split("/")[1]


def apply(doc: dict[str, Any], patch: list[dict[str, Any]], *, allowed: Collection[str],
          newer: Mapping[str, int], minor: int) -> dict[str, Any]:
    """``doc`` with ``patch`` applied (``doc`` itself is left alone)."""
    allowed_list = [f for f in allowed if newer.get(f, 0) <= minor]
    for op in patch:
        root = _root(op["path"])
        if root not in allowed:
            raise errors.Invalid(
                f"Cannot patch {op['path']}. Only the following can be updated: "
                f"{', '.join(allowed_list)}")
        if newer.get(root, 0) > minor and op["op"] != "remove":
            raise validation.not_acceptable()
        if op["op"] == "add" and op["path"].count("/") == 1 and root not in doc:
            raise errors.Invalid(
                f"Adding a new attribute ({op['path']}) to the root of the resource is "
                f"not allowed")
    for op in patch:
        try:
            doc = jsonpatch.apply_patch(doc, [op])
        except _FAILURES as exc:
            raise errors.PatchError(patch=op, reason=str(exc)) from None
    return doc


def patch_values(patch: list[dict[str, Any]], path: str) -> list[Any]:
    """Values the patch adds or replaces at exactly ``path``."""
    return [op["value"] for op in patch if op["path"] == path and op["op"] != "remove"]


def path_removed(patch: list[dict[str, Any]], path: str) -> bool:
    return any(op["op"] == "remove" and (op["path"] == path or op["path"].startswith(path + "/"))
               for op in patch)


def path_touched(patch: list[dict[str, Any]], path: str) -> bool:
    return any(op["path"] == path or op["path"].startswith(path + "/") for op in patch)
