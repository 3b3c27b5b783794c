"""Build :class:`~baton.interfaces.types.NodeInfo` snapshots for driver tests."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping
from typing import Any

from baton.interfaces.types import NodeInfo

__all__ = ["make_node_info"]


def make_node_info(*, uuid: str | None = None, driver: str = "fake-hardware",
                   driver_info: Mapping[str, Any] | None = None,
                   **fields: Any) -> NodeInfo:
    """A NodeInfo with a fresh UUID (unless given) and ``fields`` as they would be stored.

    ``fields`` are NodeInfo's other attributes (``name``, ``properties``, ``power_state``,
    ``provision_state``, ``boot_mode``, ...).
    """
    return NodeInfo(uuid=uuid or str(uuidlib.uuid4()), driver=driver,
                    driver_info=dict(driver_info or {}), **fields)
