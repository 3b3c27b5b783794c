"""Run ``sushy-emulator`` with the fake driver's Reset delay cut to at most one second.

The fake systems driver draws the delay with ``random.randint(1, 11)``; this swaps the
``random`` module that driver sees for one whose ``randint`` always answers 1 (the reset is
applied within the next second), then runs the emulator's own ``main()`` unchanged.
"""

from __future__ import annotations

import random
import sys
import types


def main() -> int:
    from sushy_tools.emulator import main as emulator
    from sushy_tools.emulator.resources.systems import fakedriver

    quick = types.SimpleNamespace(**{name: getattr(random, name) for name in dir(random)
                                     if not name.startswith("_")})
    quick.randint = lambda low, high: 1
    fakedriver.random = quick  # type: ignore[assignment]
    result = emulator.main()
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
