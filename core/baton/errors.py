"""Baton's public error tree.

Every error Baton raises on purpose is a :class:`BatonError`; each class knows the HTTP
status the APIs answer with, and formats its message from keyword arguments so that the
message always names the resource concerned. Drivers translate their libraries' exceptions
into this tree at the boundary (``raise errors.PowerStateFailure(...) from exc``).

::

    BatonError (500)
    ├── Invalid (400)
    │   ├── InvalidParameterValue
    │   │   ├── InvalidUUID, InvalidName, InvalidTrait, InvalidMAC
    │   │   ├── PatchError
    │   │   ├── UnsupportedDriverExtension
    │   │   └── InterfaceNotEnabled
    │   ├── MissingParameterValue
    │   ├── InvalidStateRequested
    │   └── NodeInMaintenance
    ├── NotAcceptable (406)
    ├── NotFound (404)
    │   ├── NodeNotFound, PortNotFound, PortgroupNotFound, ChassisNotFound,
    │   │   VolumeConnectorNotFound, VolumeTargetNotFound, ConductorNotFound,
    │   │   DriverNotFound, OperationNotFound, VifNotAttached
    ├── Conflict (409)
    │   ├── NodeLocked
    │   ├── DuplicateName, NodeAlreadyExists, MACAlreadyExists, PortgroupAlreadyExists,
    │   │   VolumeConnectorAlreadyExists, VolumeTargetAlreadyExists, VifAlreadyAttached
    │   ├── NodeAssociated, InstanceAssociated, NodeProtected
    │   ├── InvalidStateConflict
    │   └── ConductorAlreadyRegistered
    ├── TemporaryFailure (503)
    │   ├── NoFreeConductorWorker   (Retry-After)
    │   └── NoValidHost             (no live conductor serves the driver)
    ├── DriverLoadError (500)       (a driver failed to load: a startup error)
    ├── DriverOperationError (500)
    │   ├── PowerStateFailure, BootDeviceFailure, BMCConnectionError
    │   └── BMCError                (the BMC answered, but with an error)
    │       └── BMCAuthenticationError
    ├── RPCError (500)
    │   └── RPCVersionMismatch
    └── (VNF packages, SOL005)
        Invalid: PackageContentInvalid (400), PackageFetchFailed (400), PackageTooLarge (413)
        NotFound: VnfPackageNotFound, VnfPackageArtifactNotFound
        Conflict: VnfPackageConflict > InvalidPackageState, VnfdIdConflict
    └── (VNF LCM, SOL003)
        Invalid: UnsupportedVimType (400), VnfdIdNotEnabled (422)
        NotFound: VnfInstanceNotFound, LcmOpOccNotFound
        Conflict: VnfInstanceConflict, OperationConflict, GrantRejected (403)
        DriverOperationError: InfraOperationFailed
    └── (VNF LCM notifications, SOL003)
        NotFound: SubscriptionNotFound, NotificationNotFound
        Invalid: SubscriptionCallbackFailed (422)
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "BMCAuthenticationError",
    "BMCConnectionError",
    "BMCError",
    "BatonError",
    "BootDeviceFailure",
    "ChassisNotFound",
    "ConductorAlreadyRegistered",
    "ConductorNotFound",
    "Conflict",
    "DriverLoadError",
    "DriverNotFound",
    "DriverOperationError",
    "DuplicateName",
    "GrantRejected",
    "InfraOperationFailed",
    "InstanceAssociated",
    "InterfaceNotEnabled",
    "Invalid",
    "InvalidMAC",
    "InvalidName",
    "InvalidPackageState",
    "InvalidParameterValue",
    "InvalidStateConflict",
    "InvalidStateRequested",
    "InvalidTrait",
    "InvalidUUID",
    "LcmOpOccNotFound",
    "MACAlreadyExists",
    "MissingParameterValue",
    "NoFreeConductorWorker",
    "NoValidHost",
    "NodeAlreadyExists",
    "NodeAssociated",
    "NodeInMaintenance",
    "NodeLocked",
    "NodeNotFound",
    "NodeProtected",
    "NotAcceptable",
    "NotFound",
    "NotificationNotFound",
    "OperationConflict",
    "OperationNotFound",
    "PackageContentInvalid",
    "PackageFetchFailed",
    "PackageTooLarge",
    "PatchError",
    "PortNotFound",
    "PortgroupAlreadyExists",
    "PortgroupNotFound",
    "PowerStateFailure",
    "RPCError",
    "RPCVersionMismatch",
    "SubscriptionCallbackFailed",
    "SubscriptionNotFound",
    "TemporaryFailure",
    "UnsupportedDriverExtension",
    "UnsupportedVimType",
    "VifAlreadyAttached",
    "VifNotAttached",
    "VnfInstanceConflict",
    "VnfInstanceNotFound",
    "VnfPackageArtifactNotFound",
    "VnfPackageConflict",
    "VnfPackageNotFound",
    "VnfdIdConflict",
    "VnfdIdNotEnabled",
    "VolumeConnectorAlreadyExists",
    "VolumeConnectorNotFound",
    "VolumeTargetAlreadyExists",
    "VolumeTargetNotFound",
    "error_class",
]


class BatonError(Exception):
    """Base of every error Baton raises on purpose.

    ``code`` is the HTTP status the APIs answer with. ``_msg_fmt`` is %-formatted with the
    keyword arguments; pass ``message`` to override it entirely.
    """

    code: ClassVar[int] = 500
    _msg_fmt: ClassVar[str] = "An unknown error occurred."
    #: Extra response headers the API adds (e.g. Retry-After).
    headers: ClassVar[dict[str, str]] = {}

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        self.kwargs = kwargs
        if message is None:
            try:
                message = self._msg_fmt % kwargs
            except (KeyError, TypeError, ValueError):
                # A missing argument must never hide the real error.
                message = self._msg_fmt
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class Invalid(BatonError):
    code = 400
    _msg_fmt = "Invalid request: %(reason)s"


class InvalidParameterValue(Invalid):
    _msg_fmt = "%(err)s"


class InvalidUUID(InvalidParameterValue):
    _msg_fmt = "Expected a UUID but received %(uuid)s."


class InvalidName(InvalidParameterValue):
    _msg_fmt = "Expected a logical name but received %(name)s."


class InvalidTrait(InvalidParameterValue):
    _msg_fmt = "Invalid trait %(trait)s: %(reason)s"


class InvalidMAC(InvalidParameterValue):
    _msg_fmt = "Expected a MAC address but received %(mac)s."


class PatchError(InvalidParameterValue):
    _msg_fmt = "Couldn't apply patch '%(patch)s'. Reason: %(reason)s"


class UnsupportedDriverExtension(InvalidParameterValue):
    _msg_fmt = "Driver %(driver)s does not support %(extension)s (disabled or not implemented)."


class InterfaceNotEnabled(InvalidParameterValue):
    _msg_fmt = (
        "Could not find the %(interface_type)s interface %(name)s for hardware type "
        "%(driver)s: it is not enabled or not supported (enabled: %(enabled)s)."
    )


class MissingParameterValue(Invalid):
    _msg_fmt = "%(err)s"


class InvalidStateRequested(Invalid):
    _msg_fmt = (
        "The requested action \"%(action)s\" can not be performed on node \"%(node)s\" "
        "while it is in state \"%(state)s\"."
    )


class NodeInMaintenance(Invalid):
    _msg_fmt = ("The %(op)s operation can't be performed on node %(node)s because it's in "
                "maintenance mode.")


class NotAcceptable(BatonError):
    code = 406
    _msg_fmt = "Request not acceptable: %(reason)s"


class NotFound(BatonError):
    code = 404
    _msg_fmt = "Resource could not be found."


class NodeNotFound(NotFound):
    _msg_fmt = "Node %(node)s could not be found."


class PortNotFound(NotFound):
    _msg_fmt = "Port %(port)s could not be found."


class PortgroupNotFound(NotFound):
    _msg_fmt = "Portgroup %(portgroup)s could not be found."


class ChassisNotFound(NotFound):
    _msg_fmt = "Chassis %(chassis)s could not be found."


class VolumeConnectorNotFound(NotFound):
    _msg_fmt = "Volume connector %(connector)s could not be found."


class VolumeTargetNotFound(NotFound):
    _msg_fmt = "Volume target %(target)s could not be found."


class ConductorNotFound(NotFound):
    _msg_fmt = "Conductor %(conductor)s could not be found."


class DriverNotFound(NotFound):
    _msg_fmt = "Could not find the following driver(s) or hardware type(s): %(driver_name)s."


class OperationNotFound(NotFound):
    _msg_fmt = "Operation %(operation)s could not be found."


class VifNotAttached(NotFound):
    _msg_fmt = "Unable to detach VIF %(vif)s from node %(node)s because it is not attached to it."


class Conflict(BatonError):
    code = 409
    _msg_fmt = "Conflict: %(reason)s"


class NodeLocked(Conflict):
    _msg_fmt = (
        "Node %(node)s is locked by host %(host)s, please retry after the current "
        "operation is completed."
    )


class DuplicateName(Conflict):
    _msg_fmt = "A node with name %(name)s already exists."


class NodeAlreadyExists(Conflict):
    _msg_fmt = "A node with UUID %(uuid)s already exists."


class MACAlreadyExists(Conflict):
    _msg_fmt = "A port with MAC address %(mac)s already exists."


class PortgroupAlreadyExists(Conflict):
    _msg_fmt = "A portgroup with %(field)s %(value)s already exists."


class VolumeConnectorAlreadyExists(Conflict):
    _msg_fmt = "A volume connector with %(field)s %(value)s already exists."


class VolumeTargetAlreadyExists(Conflict):
    _msg_fmt = "A volume target with %(field)s %(value)s already exists."


class VifAlreadyAttached(Conflict):
    _msg_fmt = "VIF %(vif)s is already attached to node %(node)s."


class NodeAssociated(Conflict):
    _msg_fmt = "Node %(node)s is associated with instance %(instance)s."


class InstanceAssociated(Conflict):
    _msg_fmt = ("Instance %(instance_uuid)s is already associated with a node, it cannot be "
                "associated with this other node %(node)s")


class NodeProtected(Conflict):
    _msg_fmt = "Node %(node)s is protected and cannot be undeployed, rebuilt or deleted"


class InvalidStateConflict(Conflict):
    _msg_fmt = "%(reason)s"


class ConductorAlreadyRegistered(Conflict):
    _msg_fmt = "Conductor %(conductor)s already registered."


class TemporaryFailure(BatonError):
    code = 503
    _msg_fmt = "Resource temporarily unavailable, please retry."


class NoFreeConductorWorker(TemporaryFailure):
    _msg_fmt = "Requested action cannot be performed due to lack of free conductor workers."
    headers = {"Retry-After": "1"}


class NoValidHost(TemporaryFailure):
    _msg_fmt = "No valid host was found. Reason: %(reason)s"


class DriverLoadError(BatonError):
    _msg_fmt = ("Driver, hardware type or interface %(driver)s could not be loaded. "
                "Reason: %(reason)s.")


class DriverOperationError(BatonError):
    _msg_fmt = "Driver operation failed on node %(node)s: %(reason)s"


class PowerStateFailure(DriverOperationError):
    _msg_fmt = "Failed to set node power state to %(pstate)s on node %(node)s: %(reason)s"


class BootDeviceFailure(DriverOperationError):
    _msg_fmt = "Failed to set boot device on node %(node)s: %(reason)s"


class BMCConnectionError(DriverOperationError):
    _msg_fmt = "Could not reach the BMC %(bmc)s of node %(node)s: %(reason)s"


class RPCError(BatonError):
    _msg_fmt = "RPC call failed: %(reason)s"


class RPCVersionMismatch(RPCError):
    _msg_fmt = "Conductor %(host)s serves RPC API %(served)s, the call needs %(wanted)s."


class PackageContentInvalid(Invalid):
    """A CSAR that can't be onboarded; the message names the file, line or TOSCA path."""

    _msg_fmt = "%(detail)s"


class PackageFetchFailed(Invalid):
    _msg_fmt = "Could not fetch the VNF package from %(address)s: %(reason)s"


class PackageTooLarge(Invalid):
    code = 413
    _msg_fmt = "The VNF package is larger than the limit of %(limit)s bytes."


class VnfPackageNotFound(NotFound):
    _msg_fmt = "VNF package %(package)s could not be found."


class VnfPackageArtifactNotFound(NotFound):
    _msg_fmt = "%(path)s could not be found in VNF package %(package)s."


class VnfPackageConflict(Conflict):
    _msg_fmt = "VNF package %(package)s: %(reason)s"


class InvalidPackageState(VnfPackageConflict):
    _msg_fmt = "VNF package %(package)s is %(state)s: %(reason)s"


class VnfdIdConflict(VnfPackageConflict):
    _msg_fmt = "VNFD %(vnfd_id)s is already onboarded in VNF package %(other)s."


class BMCError(DriverOperationError):
    _msg_fmt = "The BMC %(bmc)s of node %(node)s failed to %(action)s: %(reason)s"


class BMCAuthenticationError(BMCError):
    _msg_fmt = "The BMC %(bmc)s of node %(node)s refused the credentials: %(reason)s"


class SubscriptionNotFound(NotFound):
    _msg_fmt = "LCCN subscription %(subscription)s could not be found."


class NotificationNotFound(NotFound):
    _msg_fmt = "Notification delivery %(notification)s could not be found."


class SubscriptionCallbackFailed(Invalid):
    code = 422
    _msg_fmt = "The notification endpoint %(uri)s failed the test: %(reason)s"



class VnfInstanceNotFound(NotFound):
    _msg_fmt = "VNF instance %(instance)s could not be found."


class LcmOpOccNotFound(NotFound):
    _msg_fmt = "VNF LCM operation occurrence %(op_occ)s could not be found."


class VnfInstanceConflict(Conflict):
    """The VNF instance is not in a state that allows the request."""

    _msg_fmt = "VNF instance %(instance)s: %(reason)s"


class OperationConflict(Conflict):
    """Another LCM operation holds the instance, or the operation's state forbids the
    request (retry of a COMPLETED one...)."""

    _msg_fmt = "%(reason)s"


class UnsupportedVimType(InvalidParameterValue):
    _msg_fmt = "No infra driver handles vimType %(vim_type)s (installed: %(available)s)."


class InfraOperationFailed(DriverOperationError):
    """An infra driver could not create, change or remove a VNF's resources."""

    _msg_fmt = "%(operation)s of VNF instance %(instance)s failed: %(reason)s"


class GrantRejected(Conflict):
    """The NFVO refused (or could not answer) the grant an LCM operation asked for."""

    code = 403
    _msg_fmt = "The NFVO did not grant %(operation)s of VNF instance %(instance)s: %(reason)s"



class VnfdIdNotEnabled(Invalid):
    """The vnfdId names no ONBOARDED and ENABLED package (Tacker answers 422 too)."""

    code = 422
    _msg_fmt = "vnfdId %(vnfd_id)s: %(reason)s"


def _all_subclasses(cls: type[BatonError]) -> list[type[BatonError]]:
    found: list[type[BatonError]] = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def error_class(name: str) -> type[BatonError]:
    """Return the error class called ``name`` (used to rebuild errors sent over RPC).

    Unknown names give :class:`BatonError`, so a newer conductor's error never breaks an
    older API process.
    """
    for cls in _all_subclasses(BatonError):
        if cls.__name__ == name:
            return cls
    return BatonError
