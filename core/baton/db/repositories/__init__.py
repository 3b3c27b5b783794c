"""Repositories: the only code that reads and writes the database.

One class per resource, each built on a :class:`baton.db.engine.Database`; every method is
one transaction and speaks plain dicts keyed by column name (see ``baton.db.models``).
"""

from __future__ import annotations

from baton.db.repositories.chassis import ChassisRepository
from baton.db.repositories.conductors import ConductorRepository
from baton.db.repositories.fake_vnf_resources import FakeVnfResourceRepository
from baton.db.repositories.history import NodeHistoryRepository
from baton.db.repositories.lcm_op_occs import LcmOpOccRepository
from baton.db.repositories.nodes import NodeRepository
from baton.db.repositories.notifications import NotificationRepository
from baton.db.repositories.operations import OperationRepository
from baton.db.repositories.portgroups import PortgroupRepository
from baton.db.repositories.ports import PortRepository
from baton.db.repositories.subscriptions import SubscriptionRepository
from baton.db.repositories.vnf_instances import VnfInstanceRepository
from baton.db.repositories.vnf_packages import VnfPackageRepository
from baton.db.repositories.volumes import VolumeConnectorRepository, VolumeTargetRepository

__all__ = [
    "ChassisRepository",
    "ConductorRepository",
    "FakeVnfResourceRepository",
    "LcmOpOccRepository",
    "NodeHistoryRepository",
    "NodeRepository",
    "NotificationRepository",
    "OperationRepository",
    "PortRepository",
    "PortgroupRepository",
    "SubscriptionRepository",
    "VnfInstanceRepository",
    "VnfPackageRepository",
    "VolumeConnectorRepository",
    "VolumeTargetRepository",
]
