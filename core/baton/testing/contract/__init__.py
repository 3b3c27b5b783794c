"""Contract tests that third-party driver authors run against their implementations.

Subclass one per implementation in your test suite; pytest collects classes whose name
starts with ``Test``::

    from baton.testing.contract import PowerInterfaceContract

    class TestMyPower(PowerInterfaceContract):
        entry_point = "mypower"

Each contract loads the implementation through its entry point (as the conductor does),
checks that it subclasses its family's ABC, the shape of its properties, steps and passthru
methods, and the family's behaviour (power round trips, boot devices read back...).
"""

from __future__ import annotations

from baton.testing.contract.base import HTTP_METHODS, InterfaceContract
from baton.testing.contract.families import (
    BiosInterfaceContract,
    BootInterfaceContract,
    ConsoleInterfaceContract,
    DeployInterfaceContract,
    FirmwareInterfaceContract,
    InspectInterfaceContract,
    NetworkInterfaceContract,
    RAIDInterfaceContract,
    RescueInterfaceContract,
    StorageInterfaceContract,
    UnsupportedInterfaceContract,
    VendorInterfaceContract,
)
from baton.testing.contract.hardware import HardwareTypeContract
from baton.testing.contract.management import ManagementInterfaceContract
from baton.testing.contract.power import PowerInterfaceContract

__all__ = [
    "HTTP_METHODS",
    "BiosInterfaceContract",
    "BootInterfaceContract",
    "ConsoleInterfaceContract",
    "DeployInterfaceContract",
    "FirmwareInterfaceContract",
    "HardwareTypeContract",
    "InspectInterfaceContract",
    "InterfaceContract",
    "ManagementInterfaceContract",
    "NetworkInterfaceContract",
    "PowerInterfaceContract",
    "RAIDInterfaceContract",
    "RescueInterfaceContract",
    "StorageInterfaceContract",
    "UnsupportedInterfaceContract",
    "VendorInterfaceContract",
]
