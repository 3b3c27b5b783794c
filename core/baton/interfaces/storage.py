"""Storage interface: attach and detach remote volumes."""

from __future__ import annotations

from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["StorageInterface"]


class StorageInterface(BaseInterface):
    interface_type = "storage"

    def attach_volumes(self, node: NodeInfo) -> None:
        """Attach the node's volume targets before deploy; the default has none to attach."""

    def detach_volumes(self, node: NodeInfo) -> None:
        """Detach them after tear down."""

    def should_write_image(self, node: NodeInfo) -> bool:
        return True
