"""Building the vnflcm API's dependencies from the configuration and the database."""

from __future__ import annotations

from typing import Any

from oslo_config import cfg

from baton.api.sol.vnflcm.deps import SubscriptionSource, VnflcmDeps
from baton.conductor.notifications.service import SubscriptionService
from baton.db.engine import Database
from baton.db.repositories import LcmOpOccRepository, VnfInstanceRepository

__all__ = ["build_deps"]


def build_deps(conf: cfg.ConfigOpts, db: Database, rpc: Any, *,
               subscriptions: SubscriptionSource | None = None) -> VnflcmDeps:
    """The dependencies of the ``/vnflcm/v2`` resources (``subscriptions``: the
    subscription service; one over ``db`` when None)."""
    return VnflcmDeps(
        conf=conf, rpc=rpc, instances=VnfInstanceRepository(db),
        op_occs=LcmOpOccRepository(db),
        subscriptions=subscriptions or SubscriptionService(conf, db),
        db=db, page_size=conf.api.sol_page_size)
