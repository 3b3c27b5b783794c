"""Load the enabled hardware types and interface implementations through entry points.

Hardware types come from ``baton.hardware.types`` and the implementations of interface
family ``f`` from ``baton.hardware.interfaces.f``; which names load is the operator's
choice (``enabled_hardware_types``, ``enabled_<f>_interfaces``). Loading never skips a
plugin quietly, unlike stevedore's default: an enabled name that fails to import, has no
entry point, is ambiguous, is not a subclass of its family's ABC or fails to instantiate
is a :class:`baton.errors.DriverLoadError` naming the namespace and the entry-point name.
That is a start-up error, as in Ironic.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn, TypeVar

from oslo_config import cfg
from stevedore import extension, named

from baton import errors
from baton.interfaces import (
    BAREMETAL_FAMILIES,
    HARDWARE_TYPES_NAMESPACE,
    BaseInterface,
    HardwareType,
    interface_namespace,
)

__all__ = [
    "DriverRegistry",
    "load_hardware_type",
    "load_interface",
    "load_plugin_classes",
]

LOG = logging.getLogger(__name__)

T = TypeVar("T")


def _load_error(namespace: str, name: str, reason: object) -> errors.DriverLoadError:
    return errors.DriverLoadError(
        driver=f"{name!r} (entry point namespace {namespace})", reason=reason,
        namespace=namespace, name=name)


def _unique(names: Iterable[str]) -> list[str]:
    """Names in order, without blanks or repeats (an operator's typo must not load twice)."""
    seen: list[str] = []
    for raw in names:
        name = raw.strip()
        if name and name not in seen:
            seen.append(name)
    return seen


def load_plugin_classes(namespace: str, names: Sequence[str],
                        base: type) -> dict[str, type[Any]]:
    """Import the entry points ``names`` of ``namespace``; answer ``{name: class}`` in order.

    Every class must subclass ``base``. Nothing is instantiated. Raises
    :class:`baton.errors.DriverLoadError` for the first name that can't be used.
    """
    wanted = _unique(names)
    if not wanted:
        return {}
    # stevedore keeps a class-level cache of each namespace's entry points for the life of
    # the process; drop it so that a registry reflects the distributions installed now.
    extension.ExtensionManager.ENTRY_POINT_CACHE.pop(namespace, None)

    def on_load_failure(manager: Any, ep: importlib.metadata.EntryPoint,
                        exc: BaseException) -> NoReturn:
        raise _load_error(namespace, ep.name,
                          f"importing {ep.value} failed: {type(exc).__name__}: {exc}") from exc

    def on_missing(missing: Iterable[str]) -> NoReturn:
        name = next(n for n in wanted if n in set(missing))
        available = sorted({ep.name for ep in importlib.metadata.entry_points(group=namespace)})
        raise _load_error(namespace, name,
                          "no such entry point is installed (available: "
                          f"{', '.join(available) or 'none'})")

    # name_order stays False: stevedore would then collapse two distributions declaring the
    # same name into one silently, and that ambiguity must be an error.
    manager: named.NamedExtensionManager[Any] = named.NamedExtensionManager(
        namespace, wanted, invoke_on_load=False,
        on_load_failure_callback=on_load_failure,
        on_missing_entrypoints_callback=on_missing)

    found: dict[str, type[Any]] = {}
    for ext in manager.extensions:
        plugin = ext.plugin
        previous = found.get(ext.name)
        if previous is not None and previous is not plugin:
            raise _load_error(namespace, ext.name,
                              "several installed distributions declare this name "
                              f"({previous.__module__}.{previous.__qualname__} and "
                              f"{ext.entry_point.value})")
        if not (isinstance(plugin, type) and issubclass(plugin, base)):
            raise _load_error(namespace, ext.name,
                              f"{ext.entry_point.value} is not a subclass of "
                              f"{base.__module__}.{base.__qualname__}")
        found[ext.name] = plugin
    return {name: found[name] for name in wanted}


def _instantiate(namespace: str, name: str, cls: type[T], *args: Any) -> T:
    try:
        obj = cls(*args)
    except errors.DriverLoadError:
        raise
    except Exception as exc:
        raise _load_error(namespace, name,
                          f"creating {cls.__module__}.{cls.__qualname__} failed: "
                          f"{type(exc).__name__}: {exc}") from exc
    if not getattr(cls, "supported", True):
        LOG.warning("%s %r is not supported for production use", namespace, name)
    return obj


def load_hardware_type(name: str) -> HardwareType:
    """Load and instantiate the hardware type entry point ``name``."""
    classes: dict[str, type[HardwareType]] = load_plugin_classes(
        HARDWARE_TYPES_NAMESPACE, [name], HardwareType)
    return _instantiate(HARDWARE_TYPES_NAMESPACE, name, classes[name])


def load_interface(conf: cfg.ConfigOpts, family: str, name: str) -> BaseInterface:
    """Load and instantiate (with ``conf``) the ``family`` implementation ``name``."""
    namespace = interface_namespace(family)
    base = BAREMETAL_FAMILIES.get(family)
    if base is None:
        raise _load_error(namespace, name, f"{family!r} is not an interface family")
    classes: dict[str, type[BaseInterface]] = load_plugin_classes(namespace, [name], base)
    return _instantiate(namespace, name, classes[name], conf)


class DriverRegistry:
    """The hardware types and interface implementations this conductor serves.

    Built once at start from ``conf``; read-only afterwards and safe to share between
    threads. Every enabled hardware type must have, for every family, at least one
    implementation it supports that is enabled, else the start fails (as Ironic's does).
    """

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self.conf = conf
        self.hardware_types: dict[str, HardwareType] = self._load_hardware_types()
        self.interfaces: dict[str, dict[str, BaseInterface]] = {
            family: self._load_family(family) for family in BAREMETAL_FAMILIES
        }
        self._enabled: dict[str, dict[str, list[str]]] = {}
        self._defaults: dict[str, dict[str, str]] = {}
        for hw_name, hw_type in self.hardware_types.items():
            self._plan_hardware_type(hw_name, hw_type)
        LOG.info("Loaded hardware types: %s", ", ".join(self.hardware_types))

    # -- loading -----------------------------------------------------------------------
    def _load_hardware_types(self) -> dict[str, HardwareType]:
        names = _unique(self.conf.enabled_hardware_types)
        if not names:
            raise _load_error(HARDWARE_TYPES_NAMESPACE, "",
                              "no hardware types are enabled (enabled_hardware_types)")
        classes: dict[str, type[HardwareType]] = load_plugin_classes(
            HARDWARE_TYPES_NAMESPACE, names, HardwareType)
        return {name: _instantiate(HARDWARE_TYPES_NAMESPACE, name, cls)
                for name, cls in classes.items()}

    def _load_family(self, family: str) -> dict[str, BaseInterface]:
        namespace = interface_namespace(family)
        names = _unique(getattr(self.conf, f"enabled_{family}_interfaces"))
        default = getattr(self.conf, f"default_{family}_interface")
        if default and default not in names:
            raise _load_error(namespace, default,
                              f"default_{family}_interface names an implementation that is "
                              f"not in enabled_{family}_interfaces ({', '.join(names)})")
        classes: dict[str, type[BaseInterface]] = load_plugin_classes(
            namespace, names, BAREMETAL_FAMILIES[family])
        return {name: _instantiate(namespace, name, cls, self.conf)
                for name, cls in classes.items()}

    def _plan_hardware_type(self, hw_name: str, hw_type: HardwareType) -> None:
        enabled_by_family: dict[str, list[str]] = {}
        defaults: dict[str, str] = {}
        for family in BAREMETAL_FAMILIES:
            try:
                supported = _unique(hw_type.supported_interfaces(family))
            except Exception as exc:
                raise _load_error(HARDWARE_TYPES_NAMESPACE, hw_name,
                                  f"listing its supported {family} interfaces failed: "
                                  f"{type(exc).__name__}: {exc}") from exc
            usable = [name for name in supported if name in self.interfaces[family]]
            if not usable:
                raise _load_error(
                    HARDWARE_TYPES_NAMESPACE, hw_name,
                    f"none of its supported {family} interfaces "
                    f"({', '.join(supported) or 'none'}) is enabled in "
                    f"enabled_{family}_interfaces "
                    f"({', '.join(self.interfaces[family]) or 'none'})")
            enabled_by_family[family] = usable
            configured = getattr(self.conf, f"default_{family}_interface")
            defaults[family] = configured if configured in usable else usable[0]
        self._enabled[hw_name] = enabled_by_family
        self._defaults[hw_name] = defaults

    # -- queries -----------------------------------------------------------------------
    def hardware_type(self, hw_type: str) -> HardwareType:
        """The loaded hardware type called ``hw_type``; DriverNotFound if not enabled here."""
        try:
            return self.hardware_types[hw_type]
        except KeyError:
            raise errors.DriverNotFound(driver_name=hw_type) from None

    def _family_plan(self, hw_type: str) -> dict[str, list[str]]:
        try:
            return self._enabled[hw_type]
        except KeyError:
            raise errors.DriverNotFound(driver_name=hw_type) from None

    def enabled_interfaces(self, hw_type: str, family: str) -> list[str]:
        """Implementations of ``family`` usable with ``hw_type``, default-order first."""
        plan = self._family_plan(hw_type)
        if family not in plan:
            raise errors.InvalidParameterValue(err=f"Unknown interface family {family!r}.")
        return list(plan[family])

    def default_interface(self, hw_type: str, family: str) -> str:
        """``default_<family>_interface`` if usable with ``hw_type``, else its first usable.

        Never None for a loaded hardware type: the registry refuses to start otherwise.
        """
        self._family_plan(hw_type)
        try:
            return self._defaults[hw_type][family]
        except KeyError:
            raise errors.InvalidParameterValue(
                err=f"Unknown interface family {family!r}.") from None

    def get_interface(self, hw_type: str, family: str, name: str) -> BaseInterface:
        """The ``family`` implementation ``name`` if usable with ``hw_type``.

        Raises DriverNotFound for an unknown hardware type and InterfaceNotEnabled for an
        implementation that is not enabled here or not supported by ``hw_type``.
        """
        enabled = self.enabled_interfaces(hw_type, family)
        if name not in enabled:
            raise errors.InterfaceNotEnabled(interface_type=family, name=name,
                                             driver=hw_type, enabled=", ".join(enabled))
        return self.interfaces[family][name]

    def describe(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{hw_type: {family: {"enabled": [...], "default": name}}}`` (conductors.drivers)."""
        return {
            hw_name: {
                family: {"enabled": list(names), "default": self._defaults[hw_name][family]}
                for family, names in plan.items()
            }
            for hw_name, plan in self._enabled.items()
        }

    def get_driver_properties(self, hw_type: str) -> dict[str, str]:
        """The ``driver_info`` keys the default interfaces of ``hw_type`` read, merged."""
        self._family_plan(hw_type)
        properties: dict[str, str] = {}
        for family, name in self._defaults[hw_type].items():
            properties.update(self.interfaces[family][name].get_properties())
        return properties
