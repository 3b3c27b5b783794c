"""Find the infra driver of a VIM connection by its ``vimType``.

The driver is the entry point named exactly as the ``vimType`` (``BATON.FAKE.V_1``,
``ETSINFV.OPENSTACK_KEYSTONE.V_3``...) in the namespace ``baton.nfv.infra``, loaded the way
every Baton plugin is (a broken one is a :class:`~baton.errors.DriverLoadError`), created
once with ``conf`` and kept. A ``vimType`` no installed distribution declares is a 400
(:class:`~baton.errors.UnsupportedVimType`), not a start-up error: VIM types come with
requests.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Mapping
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.engine.loader import load_plugin_classes
from baton.interfaces import nfv_namespace
from baton.interfaces.nfv import InfraDriver

__all__ = ["NAMESPACE", "InfraDrivers"]

NAMESPACE = nfv_namespace(InfraDriver.family)


class InfraDrivers:
    """The infra drivers of one conductor, loaded on first use, by ``vimType``."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self.conf = conf
        self._drivers: dict[str, InfraDriver] = {}
        self._lock = threading.Lock()

    @staticmethod
    def available() -> list[str]:
        return sorted({ep.name for ep in importlib.metadata.entry_points(group=NAMESPACE)})

    def get(self, vim_type: str) -> InfraDriver:
        """The driver of ``vim_type``; UnsupportedVimType when none is installed."""
        with self._lock:
            driver = self._drivers.get(vim_type)
            if driver is not None:
                return driver
            available = self.available()
            if vim_type not in available:
                raise errors.UnsupportedVimType(vim_type=vim_type,
                                                available=", ".join(available) or "none")
            classes: dict[str, type[InfraDriver]] = load_plugin_classes(
                NAMESPACE, [vim_type], InfraDriver)
            try:
                driver = classes[vim_type](self.conf)
            except errors.BatonError:
                raise
            except Exception as exc:
                raise errors.DriverLoadError(
                    driver=f"{vim_type!r} (entry point namespace {NAMESPACE})",
                    reason=f"{type(exc).__name__}: {exc}") from exc
            self._drivers[vim_type] = driver
            return driver

    def for_vim(self, vim: Mapping[str, Any]) -> InfraDriver:
        """The driver of a VimConnectionInfo (its ``vimType``)."""
        vim_type = vim.get("vimType")
        if not isinstance(vim_type, str) or not vim_type:
            raise errors.InvalidParameterValue(err="vimConnectionInfo needs a vimType")
        return self.get(vim_type)
