"""Vendor interface: vendor-specific methods exposed through vendor_passthru."""

from __future__ import annotations

from baton.interfaces.base import BaseInterface

__all__ = ["VendorInterface"]


class VendorInterface(BaseInterface):
    """Methods are declared with :func:`baton.interfaces.base.passthru` and
    :func:`baton.interfaces.base.driver_passthru`."""

    interface_type = "vendor"
