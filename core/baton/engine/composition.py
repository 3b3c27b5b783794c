"""Compose a node's driver from its hardware type and ``<family>_interface`` fields.

A node names its hardware type in ``driver`` and one implementation per interface family in
``<family>_interface``. :func:`fill_interfaces` settles those fields when a node is created
or updated (defaults for unset ones, errors for unusable ones); :func:`compose` turns a
stored node into a :class:`Driver` whose attributes are the interface instances.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, cast

from baton import errors
from baton.engine.loader import DriverRegistry
from baton.interfaces import BAREMETAL_FAMILIES, BaseInterface, HardwareType
from baton.interfaces.bios import BIOSInterface
from baton.interfaces.boot import BootInterface
from baton.interfaces.console import ConsoleInterface
from baton.interfaces.deploy import DeployInterface
from baton.interfaces.firmware import FirmwareInterface
from baton.interfaces.inspect import InspectInterface
from baton.interfaces.management import ManagementInterface
from baton.interfaces.network import NetworkInterface
from baton.interfaces.power import PowerInterface
from baton.interfaces.raid import RAIDInterface
from baton.interfaces.rescue import RescueInterface
from baton.interfaces.storage import StorageInterface
from baton.interfaces.vendor import VendorInterface

__all__ = [
    "INTERFACE_FIELDS",
    "Driver",
    "compose",
    "fill_interfaces",
    "interface_field",
]

#: ``{family: "<family>_interface"}``: the node columns naming each implementation.
INTERFACE_FIELDS: dict[str, str] = {family: f"{family}_interface" for family in BAREMETAL_FAMILIES}


def interface_field(family: str) -> str:
    """The node column naming the implementation of ``family`` (``power_interface``)."""
    return INTERFACE_FIELDS[family]


@dataclass(frozen=True, slots=True)
class Driver:
    """A node's composed driver: its hardware type plus one interface instance per family.

    Instances are shared: interface objects hold no per-node state, so the same Driver
    serves every node with the same hardware type and interface choices.
    """

    name: str
    hardware_type: HardwareType
    #: ``{family: implementation name}``, e.g. ``{"power": "fake", ...}``.
    interface_names: Mapping[str, str]
    bios: BIOSInterface
    boot: BootInterface
    console: ConsoleInterface
    deploy: DeployInterface
    firmware: FirmwareInterface
    inspect: InspectInterface
    management: ManagementInterface
    network: NetworkInterface
    power: PowerInterface
    raid: RAIDInterface
    rescue: RescueInterface
    storage: StorageInterface
    vendor: VendorInterface

    def interface(self, family: str) -> BaseInterface:
        """The interface instance of ``family``."""
        if family not in INTERFACE_FIELDS:
            raise errors.InvalidParameterValue(err=f"Unknown interface family {family!r}.")
        return cast(BaseInterface, getattr(self, family))

    def interfaces(self) -> dict[str, BaseInterface]:
        """``{family: interface instance}`` for every family."""
        return {family: self.interface(family) for family in INTERFACE_FIELDS}


# Composed drivers per registry, keyed by (hardware type, interface fields as stored).
_CACHE: weakref.WeakKeyDictionary[DriverRegistry, dict[tuple[str, ...], Driver]] = (
    weakref.WeakKeyDictionary())
_CACHE_LOCK = threading.Lock()


def _cache_for(registry: DriverRegistry) -> dict[tuple[str, ...], Driver]:
    per_registry = _CACHE.get(registry)
    if per_registry is None:
        with _CACHE_LOCK:
            per_registry = _CACHE.setdefault(registry, {})
    return per_registry


def _hardware_type_name(values: Mapping[str, Any]) -> str:
    hw_name = values.get("driver")
    if not hw_name or not isinstance(hw_name, str):
        raise errors.MissingParameterValue(err="A node needs a driver (hardware type).")
    return hw_name


def _chosen(registry: DriverRegistry, hw_name: str, values: Mapping[str, Any]) -> list[str]:
    """The implementation per family (in BAREMETAL_FAMILIES order), defaults for unset ones."""
    chosen = []
    for family, field in INTERFACE_FIELDS.items():
        name = values.get(field)
        if name is None:
            name = registry.default_interface(hw_name, family)
        else:
            registry.get_interface(hw_name, family, name)  # InterfaceNotEnabled if unusable
        chosen.append(name)
    return chosen


def compose(registry: DriverRegistry, node: Mapping[str, Any]) -> Driver:
    """Build the driver of ``node`` (a node dict); unset interface fields use the defaults.

    Raises DriverNotFound when the node's hardware type is not enabled here and
    InterfaceNotEnabled when one of its interfaces is not usable with it.
    """
    hw_name = _hardware_type_name(node)
    registry.hardware_type(hw_name)  # DriverNotFound first, as Ironic does
    key = (hw_name, *(node.get(field) or "" for field in INTERFACE_FIELDS.values()))
    per_registry = _cache_for(registry)
    driver = per_registry.get(key)
    if driver is None:
        names = dict(zip(INTERFACE_FIELDS, _chosen(registry, hw_name, node), strict=True))
        instances = {family: registry.interfaces[family][name] for family, name in names.items()}
        driver = Driver(name=hw_name, hardware_type=registry.hardware_types[hw_name],
                        interface_names=names, **instances)  # type: ignore[arg-type]
        per_registry[key] = driver
    return driver


def fill_interfaces(registry: DriverRegistry, values: MutableMapping[str, Any], *,
                    reset: bool = False, keep: Collection[str] = ()) -> MutableMapping[str, Any]:
    """Settle the ``<family>_interface`` fields of a node being created or updated.

    ``values`` holds the node's new fields, ``driver`` included. Unset (missing or None)
    interface fields get the hardware type's default; set ones must be usable with it
    (InterfaceNotEnabled otherwise, naming the enabled ones). With ``reset`` (a driver
    change with Ironic's ``reset_interfaces``) every interface field not named in ``keep``
    is recomputed as the default. ``values`` is updated in place and returned.
    Raises DriverNotFound when ``driver`` is not an enabled hardware type.
    """
    hw_name = _hardware_type_name(values)
    registry.hardware_type(hw_name)
    if reset:
        for field in INTERFACE_FIELDS.values():
            if field not in keep:
                values[field] = None
    for field, name in zip(INTERFACE_FIELDS.values(), _chosen(registry, hw_name, values),
                           strict=True):
        values[field] = name
    return values

