"""Boot interface: what the node boots from for the ramdisk and for the instance."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any

from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["BootInterface"]


class BootInterface(BaseInterface):
    interface_type = "boot"

    @abc.abstractmethod
    def prepare_ramdisk(self, node: NodeInfo, ramdisk_params: Mapping[str, Any]) -> None:
        """Make the node boot the deploy/rescue ramdisk next."""

    @abc.abstractmethod
    def clean_up_ramdisk(self, node: NodeInfo) -> None:
        """Undo :meth:`prepare_ramdisk`."""

    @abc.abstractmethod
    def prepare_instance(self, node: NodeInfo) -> None:
        """Make the node boot the deployed instance next."""

    @abc.abstractmethod
    def clean_up_instance(self, node: NodeInfo) -> None:
        """Undo :meth:`prepare_instance`."""
