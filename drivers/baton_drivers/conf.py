"""[fake] options: artificial delays of the fake interfaces, as Ironic's ``[fake]`` group.

Each delay is a number of seconds (``"2"``, ``"0.5"``) or a range ``"min:max"`` (Ironic's
``"min,max"`` is accepted too), which draws a random delay with a triangular distribution
weighted towards ``min``. ``"0"`` (the default) means no delay.
"""

from __future__ import annotations

import random
import re
import time

from oslo_config import cfg

__all__ = ["DELAY_NAMES", "list_opts", "parse_delay", "register_opts", "sleep_for"]

GROUP = "fake"

DELAY_NAMES = (
    "power", "boot", "deploy", "vendor", "management", "inspect", "raid", "rescue", "bios",
    "firmware", "storage", "console",
)

_NUMBER = r"\s*\d+(?:\.\d+)?\s*"
_DELAY_RE = rf"^{_NUMBER}(?:[:,]{_NUMBER})?$"

opts: list[cfg.Opt] = [
    cfg.StrOpt(
        f"{name}_delay", default="0", regex=_DELAY_RE,
        help=f"Delay in seconds of each operation of the fake {name} interface. Two values "
             f"'min:max' (or 'min,max') give a random delay with a triangular distribution "
             f"weighted towards min.")
    for name in DELAY_NAMES
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(opts, group=GROUP)


def list_opts() -> list[tuple[str, list[cfg.Opt]]]:
    """The (group, options) pairs oslo-config-generator documents."""
    return [(GROUP, list(opts))]


def parse_delay(value: str | None) -> tuple[float, float]:
    """``"2"`` -> (2, 2); ``"1:3"`` or ``"1,3"`` -> (1, 3); empty -> (0, 0)."""
    if not value or not value.strip():
        return 0.0, 0.0
    parts = re.split(r"[:,]", value)
    if len(parts) > 2:
        raise ValueError(f"invalid delay {value!r}: expected 'N' or 'min:max'")
    low = float(parts[0])
    high = float(parts[-1])
    if low < 0 or high < 0:
        raise ValueError(f"invalid delay {value!r}: delays can't be negative")
    return (low, high) if low <= high else (high, low)


def sleep_for(conf: cfg.ConfigOpts, name: str) -> None:
    """Sleep for the ``[fake] <name>_delay`` configured (nothing by default)."""
    low, high = parse_delay(getattr(conf[GROUP], f"{name}_delay"))
    if high <= 0:
        return
    time.sleep(low if low == high else random.triangular(low, high, low))
