"""Fake implementations of every interface family (Ironic's ``fake`` interfaces).

They touch no hardware: each remembers its node's simulated state for the life of the
process (see ``_fake_state``) and sleeps for the ``[fake] <family>_delay`` configured, so a
test or a benchmark can give them realistic latencies.

A node's ``driver_info["fake_wait"]`` makes steps end by waiting for the agent's callback
(``POST /v1/heartbeat/{node}``) instead of completing at once: ``true`` for every kind, or a
list among ``deploy``, ``clean``, ``inspect`` and ``rescue``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.interfaces.base import clean_step, deploy_step, driver_passthru, passthru
from baton.interfaces.bios import BIOSInterface
from baton.interfaces.boot import BootInterface
from baton.interfaces.console import ConsoleInterface
from baton.interfaces.deploy import DeployInterface
from baton.interfaces.firmware import FirmwareInterface
from baton.interfaces.inspect import InspectInterface
from baton.interfaces.management import ManagementInterface
from baton.interfaces.power import PowerInterface
from baton.interfaces.raid import RAIDInterface
from baton.interfaces.rescue import RescueInterface
from baton.interfaces.storage import StorageInterface
from baton.interfaces.types import BootDevice, BootDeviceInfo, BootMode, NodeInfo, PowerState
from baton.interfaces.vendor import VendorInterface
from baton_drivers import conf as fake_conf
from baton_drivers.interfaces._fake_state import node_state

__all__ = [
    "FakeBios",
    "FakeBoot",
    "FakeConsole",
    "FakeDeploy",
    "FakeFirmware",
    "FakeInspect",
    "FakeManagement",
    "FakePower",
    "FakeRAID",
    "FakeRescue",
    "FakeStorage",
    "FakeVendor",
]

LOG = logging.getLogger(__name__)


def _waits(node: NodeInfo, kind: str) -> bool:
    """Whether ``driver_info["fake_wait"]`` asks ``kind`` steps to wait for a callback."""
    wanted = node.driver_info.get("fake_wait")
    if isinstance(wanted, str):
        wanted = [w.strip() for w in wanted.split(",")]
    if isinstance(wanted, (list, tuple)):
        return kind in wanted
    return wanted is True or str(wanted).lower() == "true"


class _FakeMixin:
    """Options, no properties, any node is valid; ``_delay()`` sleeps as configured."""

    conf: cfg.ConfigOpts
    _delay_name = "power"

    @classmethod
    def register_opts(cls, conf: cfg.ConfigOpts) -> None:
        fake_conf.register_opts(conf)

    def get_properties(self) -> dict[str, str]:
        return {}

    def validate(self, node: NodeInfo) -> None:
        """Any node will do."""

    def _delay(self) -> None:
        fake_conf.sleep_for(self.conf, self._delay_name)


class FakePower(_FakeMixin, PowerInterface):
    """Power state kept per node in this process; a new node reads as its recorded state."""

    _delay_name = "power"
    _ENDS_AS = {
        PowerState.ON: PowerState.ON,
        PowerState.OFF: PowerState.OFF,
        PowerState.REBOOT: PowerState.ON,
        PowerState.SOFT_REBOOT: PowerState.ON,
        PowerState.SOFT_POWER_OFF: PowerState.OFF,
    }

    def get_power_state(self, node: NodeInfo) -> str:
        self._delay()
        state = node_state(node.uuid)
        if state.power_state is None:
            recorded = node.power_state
            state.power_state = recorded if recorded in PowerState.STABLE else PowerState.OFF
        return state.power_state

    def set_power_state(self, node: NodeInfo, power_state: str, *,
                        timeout: int | None = None) -> None:
        if power_state not in self.get_supported_power_states(node):
            raise errors.InvalidParameterValue(
                err=f"set_power_state called with an invalid power state: {power_state}.")
        self._delay()
        node_state(node.uuid).power_state = self._ENDS_AS[power_state]

    def reboot(self, node: NodeInfo, *, timeout: int | None = None) -> None:
        self._delay()
        node_state(node.uuid).power_state = PowerState.ON

    def get_supported_power_states(self, node: NodeInfo) -> list[str]:
        return [PowerState.ON, PowerState.OFF, PowerState.REBOOT, PowerState.SOFT_REBOOT,
                PowerState.SOFT_POWER_OFF]


class FakeManagement(_FakeMixin, ManagementInterface):
    """Boot device (with persistence) and boot mode kept per node; NMI is accepted."""

    _delay_name = "management"
    _DEVICES = [BootDevice.PXE, BootDevice.DISK, BootDevice.CDROM, BootDevice.BIOS,
                BootDevice.SAFE]

    def get_supported_boot_devices(self, node: NodeInfo) -> list[str]:
        return list(self._DEVICES)

    def set_boot_device(self, node: NodeInfo, device: str, *, persistent: bool = False) -> None:
        if device not in self._DEVICES:
            raise errors.InvalidParameterValue(err=f"Invalid boot device {device} specified.")
        self._delay()
        node_state(node.uuid).boot_device = BootDeviceInfo(boot_device=device,
                                                           persistent=bool(persistent))

    def get_boot_device(self, node: NodeInfo) -> BootDeviceInfo:
        self._delay()
        return node_state(node.uuid).boot_device

    def get_supported_boot_modes(self, node: NodeInfo) -> list[str]:
        return [BootMode.BIOS, BootMode.UEFI]

    def set_boot_mode(self, node: NodeInfo, mode: str) -> None:
        if mode not in BootMode.ALL:
            raise errors.InvalidParameterValue(err=f"Invalid boot mode {mode} specified.")
        self._delay()
        node_state(node.uuid).boot_mode = mode

    def get_boot_mode(self, node: NodeInfo) -> str | None:
        self._delay()
        return node_state(node.uuid).boot_mode or node.boot_mode

    def inject_nmi(self, node: NodeInfo) -> None:
        self._delay()
        node_state(node.uuid).nmi_count += 1

    def get_sensors_data(self, node: NodeInfo) -> dict[str, Any]:
        self._delay()
        return {}


class FakeBoot(_FakeMixin, BootInterface):
    _delay_name = "boot"

    def prepare_ramdisk(self, node: NodeInfo, ramdisk_params: Mapping[str, Any]) -> None:
        self._delay()

    def clean_up_ramdisk(self, node: NodeInfo) -> None:
        self._delay()

    def prepare_instance(self, node: NodeInfo) -> None:
        self._delay()

    def clean_up_instance(self, node: NodeInfo) -> None:
        self._delay()


class FakeDeploy(_FakeMixin, DeployInterface):
    """Deploys at once (a deploy step of priority 100, as Ironic's)."""

    _delay_name = "deploy"

    @deploy_step(priority=100, requires_ramdisk=False)
    def deploy(self, node: NodeInfo) -> str | None:
        self._delay()
        return "wait call-back" if _waits(node, "deploy") else None

    def tear_down(self, node: NodeInfo) -> str:
        self._delay()
        return "deleted"

    def prepare(self, node: NodeInfo) -> None:
        self._delay()

    def clean_up(self, node: NodeInfo) -> None:
        self._delay()

    def take_over(self, node: NodeInfo) -> None:
        self._delay()


class FakeConsole(_FakeMixin, ConsoleInterface):
    _delay_name = "console"

    def start_console(self, node: NodeInfo) -> None:
        self._delay()
        node_state(node.uuid).console_enabled = True

    def stop_console(self, node: NodeInfo) -> None:
        self._delay()
        node_state(node.uuid).console_enabled = False

    def get_console(self, node: NodeInfo) -> dict[str, Any]:
        self._delay()
        return {"type": "fake", "url": f"fake://console/{node.uuid}"}


class FakeRAID(_FakeMixin, RAIDInterface):
    """Remembers the RAID config it "built"; NodeInfo carries no target, so it is empty."""

    _delay_name = "raid"

    def create_configuration(self, node: NodeInfo, *, create_root_volume: bool = True,
                             create_nonroot_volumes: bool = True) -> dict[str, Any]:
        self._delay()
        state = node_state(node.uuid)
        state.raid_config = {"logical_disks": []}
        return dict(state.raid_config)

    def delete_configuration(self, node: NodeInfo) -> dict[str, Any]:
        self._delay()
        node_state(node.uuid).raid_config = {}
        return {}


class FakeInspect(_FakeMixin, InspectInterface):
    _delay_name = "inspect"

    def inspect_hardware(self, node: NodeInfo) -> Any:
        """Finds nothing new: the node's properties stay as they are (or answers
        ``inspect wait`` when the node's ``fake_wait`` asks for it)."""
        self._delay()
        return "inspect wait" if _waits(node, "inspect") else {}


class FakeRescue(_FakeMixin, RescueInterface):
    _delay_name = "rescue"

    def rescue(self, node: NodeInfo, *, rescue_password: str) -> str | None:
        self._delay()
        return "rescue wait" if _waits(node, "rescue") else None

    def unrescue(self, node: NodeInfo) -> None:
        self._delay()


_SETTINGS_ARGSINFO = {
    "settings": {
        "description": "List of settings, each a dictionary with name and value.",
        "required": True,
    },
}


class FakeBios(_FakeMixin, BIOSInterface):
    """BIOS settings kept per node; manual clean steps as Ironic's fake."""

    _delay_name = "bios"

    @clean_step(priority=0, argsinfo=_SETTINGS_ARGSINFO, requires_ramdisk=False)
    def apply_configuration(self, node: NodeInfo, settings: Sequence[Mapping[str, Any]]) -> None:
        self._delay()
        current = node_state(node.uuid).bios_settings
        for setting in settings:
            if "name" not in setting:
                raise errors.InvalidParameterValue(err=f"BIOS setting without a name: {setting}")
            current[str(setting["name"])] = setting.get("value")

    @clean_step(priority=0, requires_ramdisk=False)
    def factory_reset(self, node: NodeInfo) -> None:
        self._delay()
        node_state(node.uuid).bios_settings.clear()

    @clean_step(priority=0, requires_ramdisk=False)
    def cache_bios_settings(self, node: NodeInfo) -> dict[str, Any]:
        self._delay()
        return dict(node_state(node.uuid).bios_settings)


class FakeFirmware(_FakeMixin, FirmwareInterface):
    _delay_name = "firmware"

    @clean_step(priority=0, argsinfo=_SETTINGS_ARGSINFO, requires_ramdisk=False)
    def update(self, node: NodeInfo, settings: Sequence[Mapping[str, Any]]) -> None:
        self._delay()
        LOG.debug("Fake firmware update of node %s with %s", node.uuid, settings)
        node_state(node.uuid).firmware_components = [dict(s) for s in settings]

    def cache_firmware_components(self, node: NodeInfo) -> list[dict[str, Any]]:
        self._delay()
        return [dict(c) for c in node_state(node.uuid).firmware_components]


class FakeStorage(_FakeMixin, StorageInterface):
    _delay_name = "storage"

    def attach_volumes(self, node: NodeInfo) -> None:
        self._delay()

    def detach_volumes(self, node: NodeInfo) -> None:
        self._delay()

    def should_write_image(self, node: NodeInfo) -> bool:
        return True


def _require_bar(method: str, bar: Any) -> None:
    if not bar:
        raise errors.MissingParameterValue(err=f"Parameter 'bar' not passed to method '{method}'.")


class FakeVendor(_FakeMixin, VendorInterface):
    """Ironic's fake vendor passthru methods, a driver-level one, and a clean step."""

    _delay_name = "vendor"

    def get_properties(self) -> dict[str, str]:
        return {"B1": "B1 description. Required.", "B2": "B2 description. Required."}

    @passthru(["POST"], description="Test if the value of bar is baz")
    def first_method(self, node: NodeInfo, method: str, http_method: str,
                     bar: Any = None) -> bool:
        _require_bar(method, bar)
        self._delay()
        return bool(bar == "baz")

    @passthru(["POST"], description="Test if the value of bar is kazoo")
    def second_method(self, node: NodeInfo, method: str, http_method: str,
                      bar: Any = None) -> bool:
        _require_bar(method, bar)
        self._delay()
        return bool(bar == "kazoo")

    @passthru(["POST"], async_call=False, description="Test if the value of bar is meow")
    def third_method_sync(self, node: NodeInfo, method: str, http_method: str,
                          bar: Any = None) -> bool:
        _require_bar(method, bar)
        self._delay()
        return bool(bar == "meow")

    @passthru(["POST"], require_exclusive_lock=False,
              description="Test if the value of bar is woof")
    def fourth_method_shared_lock(self, node: NodeInfo, method: str, http_method: str,
                                  bar: Any = None) -> bool:
        _require_bar(method, bar)
        self._delay()
        return bool(bar == "woof")

    @driver_passthru(["GET", "POST"], async_call=False,
                     description="Answer the method, HTTP method and arguments received")
    def echo(self, method: str, http_method: str, **kwargs: Any) -> dict[str, Any]:
        self._delay()
        return {"method": method, "http_method": http_method, "args": kwargs}

    @clean_step(priority=1, requires_ramdisk=False)
    def log_passthrough(self, node: NodeInfo, **kwargs: Any) -> str | None:
        """An automated clean step that only logs its arguments (or waits for the agent's
        callback when the node's ``fake_wait`` asks for it)."""
        self._delay()
        LOG.debug("Fake vendor log_passthrough on node %s with %s", node.uuid, kwargs)
        return "clean wait" if _waits(node, "clean") else None
