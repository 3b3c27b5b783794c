"""JSON Merge Patch (RFC 7396), as SOL003 applies it to metadata, extensions and
vnfConfigurableProperties."""

from __future__ import annotations

from typing import Any

__all__ = ["merge_patch"]


def merge_patch(target: Any, patch: Any) -> Any:
    """``target`` patched by ``patch``: objects merge, ``null`` removes, the rest replaces."""
    if not isinstance(patch, dict):
        return patch
    out: dict[str, Any] = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out
