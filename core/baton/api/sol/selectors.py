"""ETSI NFV-SOL013 5.3 attribute selectors: which complex attributes a list answers.

Query parameters (of a GET on a list):

- ``all_fields``: every attribute;
- ``fields=a,b/c``: the listed complex attributes (a path keeps only that part of it),
  besides the simple attributes and the mandatory ones, which are always there; with
  ``exclude_default`` as well, the complex attributes not excluded by default are kept too;
- ``exclude_fields=a,b/c``: every attribute but the listed (optional) complex ones;
- ``exclude_default``, or no selector at all: every attribute but the resource's
  default-excluded list.

``all_fields`` combines with nothing, ``exclude_fields`` neither with ``fields`` nor with
``exclude_default``; a bad combination or an unknown attribute is a 400 naming it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baton import errors
from baton.api.sol import attributes as attrs

__all__ = ["SELECTOR_PARAMS", "Selector", "parse_selector"]

SELECTOR_PARAMS = ("all_fields", "fields", "exclude_fields", "exclude_default")

_Path = tuple[str, ...]


@dataclass(frozen=True)
class Selector:
    """What to remove from each item: whole top-level attributes, and sub-paths."""

    #: Top-level attributes dropped.
    drop: frozenset[str]
    #: Top-level attributes kept only in part: attribute -> paths kept inside it.
    keep_only: Mapping[str, tuple[_Path, ...]]
    #: Paths removed inside attributes that are otherwise kept.
    remove: tuple[_Path, ...]

    def apply(self, obj: Mapping[str, Any]) -> dict[str, Any]:
        """``obj`` as the selector shows it (a new dict; ``obj`` is left as it was)."""
        out = {k: v for k, v in obj.items() if k not in self.drop}
        for name, paths in self.keep_only.items():
            if name in out:
                out[name] = _project(out[name], [p[1:] for p in paths])
        if self.remove:
            out = copy.deepcopy(out)
            for path in self.remove:
                _remove(out, path)
        return out


def _project(value: Any, paths: Sequence[_Path]) -> Any:
    """``value`` with only the sub-paths ``paths`` (an empty path keeps everything)."""
    if any(not p for p in paths):
        return value
    if isinstance(value, list):
        return [_project(item, paths) for item in value]
    if not isinstance(value, Mapping):
        return value
    out: dict[str, Any] = {}
    for key in dict.fromkeys(p[0] for p in paths):
        if key in value:
            out[key] = _project(value[key], [p[1:] for p in paths if p[0] == key])
    return out


def _remove(value: Any, path: _Path) -> None:
    if isinstance(value, list):
        for item in value:
            _remove(item, path)
        return
    if not isinstance(value, dict) or path[0] not in value:
        return
    if len(path) == 1:
        del value[path[0]]
    else:
        _remove(value[path[0]], path[1:])


def _paths(text: str, param: str, schema: attrs.Schema,
           mandatory: frozenset[str]) -> list[_Path]:
    what = f"the {param} parameter"
    paths = []
    for name in text.split(","):
        path = attrs.split_path(name, what=what)
        attrs.resolve(schema, path, what=what)
        if not attrs.is_complex(schema[path[0]]):
            raise errors.InvalidParameterValue(
                err=f"Invalid attribute name {name!r} in {what}: only complex attributes "
                    f"can be selected, simple ones are always included.")
        if param == "exclude_fields" and path[0] in mandatory and len(path) == 1:
            continue    # mandatory attributes are never excluded (SOL013 5.3.2)
        paths.append(path)
    return paths


def _check_combination(given: Mapping[str, str | None]) -> None:
    present = {k for k in SELECTOR_PARAMS if k in given}
    bad = None
    if "all_fields" in present and len(present) > 1:
        bad = "all_fields can't be combined with fields, exclude_fields or exclude_default"
    elif {"fields", "exclude_fields"} <= present:
        bad = "fields and exclude_fields can't be combined"
    elif {"exclude_fields", "exclude_default"} <= present:
        bad = "exclude_fields and exclude_default can't be combined"
    if bad:
        raise errors.InvalidParameterValue(err=f"Invalid attribute selector: {bad}.")
    for key in ("fields", "exclude_fields"):
        if key in given and not given[key]:
            raise errors.InvalidParameterValue(
                err=f"Invalid attribute selector: {key} needs a list of attributes.")


def parse_selector(given: Mapping[str, str | None], schema: attrs.Schema, *,
                   default_excluded: Sequence[str],
                   mandatory: Sequence[str] = ()) -> Selector:
    """The selector the query parameters ``given`` ask for (flags map to None or '').

    ``default_excluded``: the complex attributes ``exclude_default`` drops;
    ``mandatory``: the complex attributes always present.
    """
    _check_combination(given)
    must = frozenset(mandatory)
    optional = frozenset(k for k, v in schema.items() if attrs.is_complex(v)) - must
    if "all_fields" in given:
        return Selector(frozenset(), {}, ())
    if "exclude_fields" in given:
        paths = _paths(given["exclude_fields"] or "", "exclude_fields", schema, must)
        return Selector(frozenset(p[0] for p in paths if len(p) == 1), {},
                        tuple(p for p in paths if len(p) > 1))
    if "fields" not in given:
        return Selector(frozenset(default_excluded), {}, ())
    paths = _paths(given["fields"] or "", "fields", schema, must)
    wanted = {p[0] for p in paths}
    kept = set(must) | wanted
    if "exclude_default" in given:
        kept |= optional - set(default_excluded)
    keep_only: dict[str, tuple[_Path, ...]] = {}
    for name in wanted:
        parts = tuple(p for p in paths if p[0] == name)
        if all(len(p) > 1 for p in parts):
            keep_only[name] = parts
    return Selector(frozenset(optional - kept), keep_only, ())
