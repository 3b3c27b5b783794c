"""The conductor manager: every method the conductor RPC API exposes.

Each concern lives in its own module as a mixin over :class:`ManagerBase`; this class puts
them together. Methods take explicit arguments and answer plain dicts and lists, so the same
object serves in-process calls (``rpc_transport = none``) and JSON-RPC.
"""

from __future__ import annotations

from baton.conductor.agent import AgentMixin
from baton.conductor.consoles import ConsolesMixin
from baton.conductor.management import ManagementMixin
from baton.conductor.nodes import NodesMixin
from baton.conductor.ports import PortsMixin
from baton.conductor.power import PowerMixin
from baton.conductor.provision import ProvisionMixin
from baton.conductor.takeover import TakeoverMixin
from baton.conductor.traits import TraitsMixin
from baton.conductor.vendor import VendorMixin
from baton.conductor.vifs import VifsMixin
from baton.conductor.vnf_packages.mixin import VnfPackagesMixin
from baton.conductor.vnflcm.mixin import VnfLcmMixin
from baton.rpc.versions import METHODS, RPC_API_VERSION

__all__ = ["ConductorManager"]


# VnfLcmMixin first: its resume_operation takes VNF LCM occurrences and hands the rest on.
class ConductorManager(VnfLcmMixin, NodesMixin, PowerMixin, ManagementMixin, VendorMixin,
                       VifsMixin, PortsMixin, TraitsMixin, ProvisionMixin, AgentMixin,
                       TakeoverMixin, VnfPackagesMixin, ConsolesMixin):
    """``ConductorManager(conf, db, registry, host, *, pool=None)``; see ManagerBase."""

    RPC_API_VERSION = RPC_API_VERSION
    #: Names of the methods callable over RPC (and the version each needs).
    RPC_METHODS = METHODS
