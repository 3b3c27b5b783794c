"""Management, console, RAID, validation and driver properties."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase
from baton.engine.task_manager import Task
from baton.interfaces import BAREMETAL_FAMILIES

__all__ = ["ManagementMixin"]

LOG = logging.getLogger(__name__)

#: Families ``validate_driver_interfaces`` reports on (Ironic leaves vendor out).
_VALIDATED_FAMILIES = tuple(f for f in sorted(BAREMETAL_FAMILIES) if f != "vendor")


def _set_console_mode(task: Task, enabled: bool) -> None:
    console = task.driver.console
    action = "start" if enabled else "stop"
    try:
        if enabled:
            console.start_console(task.node_info)
        else:
            console.stop_console(task.node_info)
    except Exception as exc:
        message = f"Failed to {action} console for node {task.uuid}: {exc}"
        LOG.error(message)
        task.record_history(message, event_type="console", error=True)
        task.update(last_error=message, reservation=None)
    else:
        task.update(console_enabled=enabled, reservation=None)
    task.released = True


class ManagementMixin(ManagerBase):
    """Boot devices, NMI, interface validation, console, RAID, driver properties."""

    def get_boot_device(self, node_id: str) -> dict[str, Any]:
        """``{"boot_device": ..., "persistent": ...}`` as the BMC reports it."""
        with self.tasks.acquire(node_id, purpose="getting boot device") as task:
            management = task.driver.management
            management.validate(task.node_info)
            info = management.get_boot_device(task.node_info)
            return {"boot_device": info.boot_device, "persistent": info.persistent}

    def set_boot_device(self, node_id: str, device: str, persistent: bool = False) -> None:
        """Set the next (or, with ``persistent``, every) boot device."""
        with self.tasks.acquire(node_id, purpose="setting boot device") as task:
            management = task.driver.management
            management.validate(task.node_info)
            supported = management.get_supported_boot_devices(task.node_info)
            if device not in supported:
                raise errors.InvalidParameterValue(err=f"Invalid boot device {device} specified.")
            management.set_boot_device(task.node_info, device, persistent=persistent)

    def get_supported_boot_devices(self, node_id: str) -> list[str]:
        with self.tasks.acquire(node_id, shared=True,
                                purpose="getting supported boot devices") as task:
            return list(task.driver.management.get_supported_boot_devices(task.node_info))

    def inject_nmi(self, node_id: str) -> None:
        with self.tasks.acquire(node_id, purpose="inject nmi") as task:
            management = task.driver.management
            management.validate(task.node_info)
            management.inject_nmi(task.node_info)

    def validate_driver_interfaces(self, node_id: str) -> dict[str, dict[str, Any]]:
        """``{family: {"result": bool, "reason": str}}`` for every family but vendor.

        As in Ironic, ``reason`` is there only when the interface did not validate.
        """
        result: dict[str, dict[str, Any]] = {}
        with self.tasks.acquire(node_id, shared=True,
                                purpose="driver interface validation") as task:
            driver = task.driver
            for family in _VALIDATED_FAMILIES:
                try:
                    driver.interface(family).validate(task.node_info)
                except errors.Invalid as exc:
                    result[family] = {"result": False, "reason": str(exc)}
                except Exception as exc:
                    LOG.exception("Unexpected exception validating the %s interface of "
                                  "node %s", family, task.uuid)
                    result[family] = {
                        "result": False,
                        "reason": f"Unexpected exception, traceback saved into log by baton "
                                  f"conductor service that is running on {self.host}: {exc}"}
                else:
                    result[family] = {"result": True}
        return result

    # -- console -------------------------------------------------------------------------
    def set_console_mode(self, node_id: str, enabled: bool) -> None:
        """Start or stop the serial console in the background (no-op if already so)."""
        with self.tasks.acquire(node_id, purpose="setting console mode") as task:
            task.driver.console.validate(task.node_info)
            if bool(enabled) == bool(task.node.get("console_enabled")):
                LOG.info("No console action was triggered because the console of node %s "
                         "is already %s", task.uuid, "enabled" if enabled else "disabled")
                return
            task.update(last_error=None)
            task.spawn_after(self.pool, _set_console_mode, task, bool(enabled))

    def get_console_information(self, node_id: str) -> dict[str, Any]:
        with self.tasks.acquire(node_id, shared=True, purpose="getting console information") \
                as task:
            if not task.node.get("console_enabled"):
                raise errors.Invalid(
                    message=f"Console access is not enabled on node {task.uuid}")
            console = task.driver.console
            console.validate(task.node_info)
            return dict(console.get_console(task.node_info))

    # -- RAID ----------------------------------------------------------------------------
    def set_target_raid_config(self, node_id: str, config: Mapping[str, Any]) -> None:
        """Store the node's target RAID config after the RAID interface checked it;
        an empty config clears it."""
        with self.tasks.acquire(node_id, purpose="setting target RAID config") as task:
            raid = task.driver.raid
            raid.validate(task.node_info)
            if config:
                raid.validate_raid_config(task.node_info, config)
            task.update(target_raid_config=dict(config))

    def get_raid_logical_disk_properties(self, driver: str) -> dict[str, str]:
        """The logical disk properties of ``driver``'s default RAID interface."""
        name = self.registry.default_interface(driver, "raid")
        raid = self.registry.get_interface(driver, "raid", name)
        properties: dict[str, str] = raid.get_logical_disk_properties()  # type: ignore[attr-defined]
        return dict(properties)

    # -- drivers -------------------------------------------------------------------------
    def get_driver_properties(self, driver: str) -> dict[str, str]:
        """Every ``driver_info`` key the hardware type's default interfaces read."""
        return dict(self.registry.get_driver_properties(driver))
