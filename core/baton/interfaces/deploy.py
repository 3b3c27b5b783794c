"""Deploy interface: put an instance image on the node, and take it off again."""

from __future__ import annotations

import abc

from baton.interfaces.base import BaseInterface
from baton.interfaces.types import NodeInfo

__all__ = ["DeployInterface"]


class DeployInterface(BaseInterface):
    interface_type = "deploy"

    @abc.abstractmethod
    def deploy(self, node: NodeInfo) -> str | None:
        """Deploy; answer None when done, or a wait state (e.g. ``wait call-back``)."""

    @abc.abstractmethod
    def tear_down(self, node: NodeInfo) -> str:
        """Remove the instance; answer the state the node reaches (``deleted``)."""

    def prepare(self, node: NodeInfo) -> None:
        """Get the environment ready before :meth:`deploy`."""

    def clean_up(self, node: NodeInfo) -> None:
        """Release what :meth:`prepare` set up."""

    def take_over(self, node: NodeInfo) -> None:
        """Called on the conductor that takes over a node from a dead one."""
