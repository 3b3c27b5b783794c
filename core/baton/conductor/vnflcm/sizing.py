"""How many VNFCs each VDU has: instantiation levels, scaling aspects and their deltas.

Reads the parsed VNFD summary stored on the package row (``vnfd["flavours"][id]``:
``vdus``, ``scaling_aspects`` with per-VDU ``vdu_deltas``, ``instantiation_levels`` and
``default_instantiation_level``), as SOL001 describes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from baton import errors

__all__ = [
    "flavour",
    "initial_counts",
    "initial_scale_status",
    "max_scale_levels",
    "scale_delta",
]


def flavour(vnfd: Mapping[str, Any] | None, flavour_id: str) -> dict[str, Any]:
    """The flavour ``flavour_id`` of a VNFD summary; 400 naming the known ones if absent."""
    flavours = (vnfd or {}).get("flavours") or {}
    found = flavours.get(flavour_id)
    if not isinstance(found, dict):
        raise errors.InvalidParameterValue(
            err=f"flavourId {flavour_id} is not a deployment flavour of the VNFD (known: "
                f"{', '.join(sorted(flavours)) or 'none'})")
    return found


def _level(flv: Mapping[str, Any], level_id: str | None) -> dict[str, Any] | None:
    levels = flv.get("instantiation_levels") or {}
    wanted = level_id or flv.get("default_instantiation_level")
    if wanted is None:
        return None
    if wanted not in levels:
        raise errors.InvalidParameterValue(
            err=f"instantiationLevelId {wanted} is not an instantiation level of flavour "
                f"{flv.get('flavour_id')} (known: {', '.join(sorted(levels)) or 'none'})")
    level: dict[str, Any] = levels[wanted]
    return level


def initial_counts(flv: Mapping[str, Any], level_id: str | None) -> dict[str, int]:
    """VNFCs per VDU at instantiation: the level's numbers, else each VDU's initial delta."""
    level = _level(flv, level_id)
    counts: dict[str, int] = {}
    for vdu_id, vdu in (flv.get("vdus") or {}).items():
        number = None
        if level is not None:
            number = ((level.get("vdus") or {}).get(vdu_id) or {}).get("number_of_instances")
        if number is None:
            number = (vdu.get("initial_delta") or {}).get("number_of_instances", 1)
        counts[vdu_id] = int(number)
    return counts


def initial_scale_status(flv: Mapping[str, Any], level_id: str | None) -> list[dict[str, Any]]:
    """scaleStatus at instantiation: the level's scale_info, 0 for other aspects."""
    level = _level(flv, level_id) or {}
    info = level.get("scale_info") or {}
    return [{"aspectId": aspect_id,
             "scaleLevel": int((info.get(aspect_id) or {}).get("scale_level", 0))}
            for aspect_id in (flv.get("scaling_aspects") or {})]


def max_scale_levels(flv: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"aspectId": aspect_id, "scaleLevel": int(aspect.get("max_scale_level") or 0)}
            for aspect_id, aspect in (flv.get("scaling_aspects") or {}).items()]


def scale_delta(flv: Mapping[str, Any], aspect_id: str, current: int,
                steps: int) -> dict[str, int]:
    """VNFCs per VDU added by scaling ``aspect_id`` out ``steps`` steps from ``current``
    (removed by scaling in: pass a negative ``steps``); 400 outside 0..max_scale_level."""
    aspects = flv.get("scaling_aspects") or {}
    aspect = aspects.get(aspect_id)
    if not isinstance(aspect, dict):
        raise errors.InvalidParameterValue(
            err=f"aspectId {aspect_id} is not a scaling aspect of flavour "
                f"{flv.get('flavour_id')} (known: {', '.join(sorted(aspects)) or 'none'})")
    target = current + steps
    maximum = int(aspect.get("max_scale_level") or 0)
    if not 0 <= target <= maximum:
        raise errors.InvalidParameterValue(
            err=f"scaling aspect {aspect_id} from level {current} by {steps} step(s) would "
                f"reach level {target}, outside 0..{maximum}")
    names: list[str] = list(aspect.get("step_deltas") or [])
    levels = range(current + 1, target + 1) if steps > 0 else range(target + 1, current + 1)
    counts: dict[str, int] = {}
    for level in levels:
        name = names[min(level - 1, len(names) - 1)] if names else None
        for vdu_id, deltas in (aspect.get("vdu_deltas") or {}).items():
            number = int(((deltas or {}).get(name) or {}).get("number_of_instances", 0)) \
                if name else 0
            counts[vdu_id] = counts.get(vdu_id, 0) + number
    return counts
