"""What the vnfpkgm resources are given: configuration, the repository, the package store
and the conductor RPC client."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from oslo_config import cfg

from baton.db.repositories import VnfPackageRepository
from baton.interfaces.package_store import PackageStore

__all__ = ["VnfpkgmDeps"]


@dataclass
class VnfpkgmDeps:
    conf: cfg.ConfigOpts
    rpc: Any
    packages: VnfPackageRepository
    #: Builds the package store (``baton.engine.package_store.load_package_store``).
    store_factory: Callable[[], PackageStore]
    #: Items per page of a list (0: no paging).
    page_size: int
    max_upload_size: int
    _store: PackageStore | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def store(self) -> PackageStore:
        """The package store, loaded on first use (a broken one fails that request)."""
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    self._store = self.store_factory()
                store = self._store
        return store
