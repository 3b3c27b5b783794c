"""Load the VNF package store named by ``[vnf_package] package_store``.

The implementation comes from the entry-point namespace ``baton.nfv.package_store``, loaded
the way every Baton plugin is: a missing or broken one is a
:class:`baton.errors.DriverLoadError` naming the namespace and the name.
"""

from __future__ import annotations

from oslo_config import cfg

from baton import errors
from baton.engine.loader import load_plugin_classes
from baton.interfaces import nfv_namespace
from baton.interfaces.package_store import PackageStore

__all__ = ["NAMESPACE", "load_package_store"]

NAMESPACE = nfv_namespace(PackageStore.family)


def load_package_store(conf: cfg.ConfigOpts, name: str | None = None) -> PackageStore:
    """The package store ``name`` (default ``[vnf_package] package_store``), with ``conf``."""
    wanted: str = name or conf.vnf_package.package_store
    classes: dict[str, type[PackageStore]] = load_plugin_classes(
        NAMESPACE, [wanted], PackageStore)
    cls = classes[wanted]
    try:
        return cls(conf)
    except errors.BatonError:
        raise
    except Exception as exc:
        raise errors.DriverLoadError(
            driver=f"{wanted!r} (entry point namespace {NAMESPACE})",
            reason=f"creating {cls.__module__}.{cls.__qualname__} failed: "
                   f"{type(exc).__name__}: {exc}") from exc
