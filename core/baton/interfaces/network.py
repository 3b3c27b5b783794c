"""Network interface: which networks a node's ports are on, and its VIFs."""

from __future__ import annotations

from baton.interfaces.base import BaseInterface

__all__ = ["NetworkInterface"]


class NetworkInterface(BaseInterface):
    """Hooks called around provisioning; the defaults do nothing (as Ironic's ``noop``)."""

    interface_type = "network"
