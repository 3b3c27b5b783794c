"""RAID interface: build and remove logical disks."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["RAIDInterface"]

_VALID_LEVELS = {"0", "1", "2", "5", "6", "1+0", "5+0", "6+0", "JBOD"}


class RAIDInterface(BaseInterface):
    interface_type = "raid"

    @abc.abstractmethod
    def create_configuration(self, node: NodeInfo, *, create_root_volume: bool = True,
                             create_nonroot_volumes: bool = True) -> dict[str, Any]:
        """Build ``node``'s target RAID config; answer the resulting ``raid_config``."""

    @abc.abstractmethod
    def delete_configuration(self, node: NodeInfo) -> dict[str, Any]:
        """Remove every logical disk; answer the resulting ``raid_config``."""

    def validate_raid_config(self, node: NodeInfo, raid_config: Mapping[str, Any]) -> None:
        """Check a target RAID config's shape (``PUT /v1/nodes/{id}/states/raid``)."""
        disks = raid_config.get("logical_disks")
        if not isinstance(disks, list) or not disks:
            raise errors.InvalidParameterValue(
                err="RAID config must contain a non-empty 'logical_disks' list")
        for disk in disks:
            if not isinstance(disk, Mapping):
                raise errors.InvalidParameterValue(err="each logical disk must be an object")
            size = disk.get("size_gb")
            if size != "MAX" and not (isinstance(size, int) and size > 0):
                raise errors.InvalidParameterValue(
                    err=f"logical disk size_gb must be a positive integer or 'MAX', got {size!r}")
            if str(disk.get("raid_level")) not in _VALID_LEVELS:
                raise errors.InvalidParameterValue(
                    err=f"logical disk raid_level {disk.get('raid_level')!r} is not one of "
                        f"{sorted(_VALID_LEVELS)}")

    def get_logical_disk_properties(self) -> dict[str, str]:
        return {
            "size_gb": "Size in GiB (integer) or 'MAX'. Required.",
            "raid_level": f"RAID level, one of {sorted(_VALID_LEVELS)}. Required.",
            "is_root_volume": "Whether this is the root volume. Optional.",
            "volume_name": "Name of the volume. Optional.",
        }
