"""NFV driver families: infra, vim, mgmt, monitor and coordination.

Declared here so the plugin namespaces exist from the start; the VNF lifecycle issues give
them their full operation sets. Every method takes explicit, typed arguments.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any, ClassVar

__all__ = [
    "CoordinationDriver",
    "InfraDriver",
    "MgmtDriver",
    "MonitorDriver",
    "NfvDriver",
    "VimDriver",
]


class NfvDriver(abc.ABC):  # noqa: B024 - a marker root; each family declares its methods
    """Root of the NFV families; ``family`` names the entry-point namespace's last part."""

    family: ClassVar[str] = "nfv"


class InfraDriver(NfvDriver):
    """Creates and removes a VNF's resources on a VIM (Heat, Kubernetes, fake)."""

    family = "infra"

    @abc.abstractmethod
    def instantiate(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                    grant: Mapping[str, Any], vim: Mapping[str, Any]) -> dict[str, Any]:
        """Create the resources; answer the instantiatedVnfInfo resource parts."""

    @abc.abstractmethod
    def terminate(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                  instance: Mapping[str, Any], vim: Mapping[str, Any]) -> None:
        """Remove every resource of the instance."""


class VimDriver(NfvDriver):
    """Checks a VIM connection and answers what the VIM offers."""

    family = "vim"

    @abc.abstractmethod
    def validate_connection(self, vim: Mapping[str, Any]) -> None:
        """Raise :class:`baton.errors.InvalidParameterValue` if ``vim`` can't be used."""


class MgmtDriver(NfvDriver):
    """Runs VNF-specific configuration around LCM operations (SOL001 interfaces)."""

    family = "mgmt"

    @abc.abstractmethod
    def run(self, *, operation: str, phase: str, instance: Mapping[str, Any],
            artifacts: Mapping[str, Any]) -> None:
        """Run the script for ``operation`` at ``phase`` (``start`` or ``end``)."""


class MonitorDriver(NfvDriver):
    """Watches a VNF's health and reports alarms."""

    family = "monitor"

    @abc.abstractmethod
    def check(self, *, instance: Mapping[str, Any]) -> dict[str, Any]:
        """Answer the instance's health as ``{"healthy": bool, "detail": str}``."""


class CoordinationDriver(NfvDriver):
    """ETSI SOL002 LCM coordination with the VNF (and EM) during an operation."""

    family = "coordination"

    @abc.abstractmethod
    def coordinate(self, *, operation: str, instance: Mapping[str, Any],
                   coordination: Mapping[str, Any]) -> dict[str, Any]:
        """Run one coordination action; answer its LcmCoordination result."""
