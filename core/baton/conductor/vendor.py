"""Vendor passthru, node level and driver level, as Ironic routes it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase
from baton.engine.task_manager import Task
from baton.interfaces.base import BaseInterface, PassthruInfo

__all__ = ["VendorMixin"]

LOG = logging.getLogger(__name__)


def _route(vendor: BaseInterface, method: str, http_method: str, *,
           driver_level: bool) -> PassthruInfo:
    info = vendor.passthru_methods(driver_level=driver_level).get(method)
    if info is None:
        raise errors.InvalidParameterValue(err=f"No handler for method {method}")
    if http_method.upper() not in info.http_methods:
        raise errors.InvalidParameterValue(
            err=f"The method {method} does not support HTTP {http_method.upper()}")
    return info


def _node_passthru_in_background(task: Task, method: str, http_method: str,
                                 info: dict[str, Any]) -> None:
    try:
        getattr(task.driver.vendor, method)(task.node_info, method, http_method, **info)
    except Exception as exc:
        LOG.error("Asynchronous vendor passthru %s on node %s failed: %s", method, task.uuid,
                  exc)


def _driver_passthru_in_background(vendor: BaseInterface, method: str, http_method: str,
                                   info: dict[str, Any]) -> None:
    try:
        getattr(vendor, method)(method, http_method, **info)
    except Exception as exc:
        LOG.error("Asynchronous driver vendor passthru %s failed: %s", method, exc)


class VendorMixin(ManagerBase):
    """``vendor_passthru``, ``driver_vendor_passthru`` and their method lists."""

    def vendor_passthru(self, node_id: str, method: str, http_method: str,
                        info: Mapping[str, Any]) -> dict[str, Any]:
        """Call a node's vendor method: ``{"return": ..., "async": bool, "attach": bool}``.

        Asynchronous methods run on a worker with the node's lock and answer at once.
        """
        http_method = http_method.upper()
        with self.tasks.acquire(node_id, shared=True, purpose="calling vendor passthru") \
                as task:
            vendor = task.driver.vendor
            route = _route(vendor, method, http_method, driver_level=False)
            if route.require_exclusive_lock:
                task.upgrade_lock()
            vendor.validate(task.node_info)
            args = dict(info)
            result: Any = None
            if route.async_call:
                task.spawn_after(self.pool, _node_passthru_in_background, task, method,
                                 http_method, args)
            else:
                result = getattr(vendor, method)(task.node_info, method, http_method, **args)
            return {"return": result, "async": route.async_call, "attach": route.attach}

    def _driver_vendor(self, driver: str) -> BaseInterface:
        name = self.registry.default_interface(driver, "vendor")
        return self.registry.get_interface(driver, "vendor", name)

    def driver_vendor_passthru(self, driver: str, method: str, http_method: str,
                               info: Mapping[str, Any]) -> dict[str, Any]:
        """Call a hardware type's driver-level vendor method (its default vendor
        interface)."""
        http_method = http_method.upper()
        vendor = self._driver_vendor(driver)
        route = _route(vendor, method, http_method, driver_level=True)
        args = dict(info)
        result: Any = None
        if route.async_call:
            self.pool.submit(_driver_passthru_in_background, vendor, method, http_method, args)
        else:
            result = getattr(vendor, method)(method, http_method, **args)
        return {"return": result, "async": route.async_call, "attach": route.attach}

    def get_node_vendor_passthru_methods(self, node_id: str) -> dict[str, dict[str, Any]]:
        with self.tasks.acquire(node_id, shared=True,
                                purpose="listing vendor passthru methods") as task:
            methods = task.driver.vendor.passthru_methods(driver_level=False)
            return {name: info.as_dict() for name, info in methods.items()}

    def get_driver_vendor_passthru_methods(self, driver: str) -> dict[str, dict[str, Any]]:
        methods = self._driver_vendor(driver).passthru_methods(driver_level=True)
        return {name: info.as_dict() for name, info in methods.items()}
