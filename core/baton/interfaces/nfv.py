"""NFV driver families: infra, vim, mgmt, monitor and coordination.

Declared here so the plugin namespaces exist from the start; the VNF lifecycle issues give
them their full operation sets. Every method takes explicit, typed arguments.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

__all__ = [
    "INFRA_OPERATIONS",
    "CancelCheck",
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


#: Asked between units of work; True once the operation was cancelled (FORCEFUL).
CancelCheck = Callable[[], bool]

#: The LCM operations an infra driver implements, each with a ``rollback_<name>``.
INFRA_OPERATIONS = ("instantiate", "terminate", "scale", "heal", "change_ext_conn",
                    "change_vnfpkg")


class InfraDriver(NfvDriver):
    """Creates, changes and removes a VNF's resources on a VIM (Heat, Kubernetes, fake).

    Chosen by the ``vimType`` of the instance's VIM connection: the entry point of that
    name in the namespace ``baton.nfv.infra``, instantiated with ``conf``.

    Every operation is called with keyword arguments only:

    - ``vnfd``: the package's parsed VNFD summary (``flavours`` -> VDUs, CPs, virtual links,
      scaling aspects, instantiation levels), of the package the operation leads to;
    - ``request``: the SOL003 request body as sent (InstantiateVnfRequest, ...);
    - ``grant``: the granted plan: ``{"id", "addResources": [...], "removeResources":
      [...], "vimConnectionInfo": {...}}`` where each resource is a SOL003
      ResourceDefinition (``id``, ``type`` COMPUTE/STORAGE/VL, ``resourceTemplateId`` the
      VDU, storage or VL descriptor id, ``resource`` the existing resource for removals,
      and Baton's ``vnfcResourceInfoId`` when a healed VNFC keeps its id): only what the
      NFVO (or the local grant) allowed;
    - ``vim``: the VimConnectionInfo used;
    - ``instance``: the SOL003 VnfInstance as it is before the operation (for instantiate:
      not instantiated yet; the flavour is the request's ``flavourId``);
    - ``op_id``: the VnfLcmOpOcc id (resources an operation makes can be tagged with it);
    - ``cancelled``: call it between units of work and stop (raising) once it answers
      True.

    Forward operations answer the resource parts of ``instantiatedVnfInfo`` as they are
    after the operation: ``vnfcResourceInfo``, ``virtualStorageResourceInfo``,
    ``vnfVirtualLinkResourceInfo``, ``extCpInfo``, ``extVirtualLinkInfo``,
    ``extManagedVirtualLinkInfo``, ``vnfcInfo`` (SOL003 v3.3.1 types); ``terminate``
    answers an empty dict. ``rollback_<operation>`` undoes what the operation did on the
    VIM (also when it stopped half way) and answers nothing: the instance's information
    from before the operation is kept by the conductor.

    Failures raise :class:`baton.errors.InfraOperationFailed` (or another BatonError);
    the operation then goes to FAILED_TEMP. Methods listed in :attr:`safe_to_repeat` may
    be run again by another conductor after the one running them died.
    """

    family = "infra"
    #: Operations (and rollbacks) that may be run again from the start after a crash.
    safe_to_repeat: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, conf: Any = None) -> None:
        self.conf = conf

    @abc.abstractmethod
    def instantiate(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                    grant: Mapping[str, Any], vim: Mapping[str, Any],
                    instance: Mapping[str, Any], op_id: str,
                    cancelled: CancelCheck | None = None) -> dict[str, Any]:
        """Create the resources; answer the instantiatedVnfInfo resource parts."""

    @abc.abstractmethod
    def terminate(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                  grant: Mapping[str, Any], vim: Mapping[str, Any],
                  instance: Mapping[str, Any], op_id: str,
                  cancelled: CancelCheck | None = None) -> dict[str, Any]:
        """Remove every resource of the instance; answer ``{}``."""

    def _unsupported(self, operation: str, instance: Mapping[str, Any]) -> dict[str, Any]:
        from baton import errors

        raise errors.InfraOperationFailed(
            operation=operation, instance=instance.get("id"),
            reason=f"{type(self).__name__} does not support it")

    def scale(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
              grant: Mapping[str, Any], vim: Mapping[str, Any], instance: Mapping[str, Any],
              op_id: str, cancelled: CancelCheck | None = None) -> dict[str, Any]:
        """Add (SCALE_OUT) or remove (SCALE_IN) the granted VNFCs."""
        return self._unsupported("scale", instance)

    def heal(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
             grant: Mapping[str, Any], vim: Mapping[str, Any], instance: Mapping[str, Any],
             op_id: str, cancelled: CancelCheck | None = None) -> dict[str, Any]:
        """Re-create the granted VNFCs (removeResources) as addResources."""
        return self._unsupported("heal", instance)

    def change_ext_conn(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                        grant: Mapping[str, Any], vim: Mapping[str, Any],
                        instance: Mapping[str, Any], op_id: str,
                        cancelled: CancelCheck | None = None) -> dict[str, Any]:
        """Reconnect the external CPs to the request's extVirtualLinks."""
        return self._unsupported("change_ext_conn", instance)

    def change_vnfpkg(self, *, vnfd: Mapping[str, Any], request: Mapping[str, Any],
                      grant: Mapping[str, Any], vim: Mapping[str, Any],
                      instance: Mapping[str, Any], op_id: str,
                      cancelled: CancelCheck | None = None) -> dict[str, Any]:
        """Move the VNFCs to the new package's VNFD (``vnfd``)."""
        return self._unsupported("change_vnfpkg", instance)

    def rollback(self, operation: str, *, vnfd: Mapping[str, Any],
                 request: Mapping[str, Any], grant: Mapping[str, Any],
                 vim: Mapping[str, Any], instance: Mapping[str, Any], op_id: str,
                 cancelled: CancelCheck | None = None) -> None:
        """Undo ``operation`` (one of :data:`INFRA_OPERATIONS`) of occurrence ``op_id``.

        The default calls ``rollback_<operation>``; drivers implement those.
        """
        method = getattr(self, f"rollback_{operation}", None)
        if method is None:
            self._unsupported(f"rollback of {operation}", instance)
            return
        method(vnfd=vnfd, request=request, grant=grant, vim=vim, instance=instance,
               op_id=op_id, cancelled=cancelled)


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
