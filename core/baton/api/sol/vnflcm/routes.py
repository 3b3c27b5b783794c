"""The ``/vnflcm/v2`` routes and the API's version."""

from __future__ import annotations

from typing import Any

from baton.api.sol import apis
from baton.api.sol.vnflcm import deliveries, instances, op_occs, subscriptions, tasks
from baton.api.sol.vnflcm.deps import VnflcmDeps

__all__ = ["API", "routes"]

API = apis.VNFLCM


def routes(deps: VnflcmDeps) -> list[tuple[str, Any]]:
    base = API.uri_prefix
    item = f"{base}/vnf_instances/{{instance_id}}"
    occ = f"{base}/vnf_lcm_op_occs/{{op_id}}"
    found: list[tuple[str, Any]] = [
        (f"{base}/vnf_instances", instances.InstanceCollection(deps)),
        (item, instances.InstanceItem(deps)),
    ]
    found += [(f"{item}/{name}", tasks.Task(deps, spec)) for name, spec in tasks.TASKS.items()]
    found += [
        (f"{base}/vnf_lcm_op_occs", op_occs.OpOccCollection(deps)),
        (occ, op_occs.OpOccItem(deps)),
    ]
    found += [(f"{occ}/{task}", op_occs.OpOccTask(deps, task))
              for task in ("retry", "rollback", "fail", "cancel")]
    found += [
        (f"{base}/subscriptions", subscriptions.SubscriptionCollection(deps)),
        (f"{base}/subscriptions/{{subscription_id}}", subscriptions.SubscriptionItem(deps)),
    ]
    # Baton extension: delivery records of a subscription's notifications, and replay.
    found += deliveries.routes(base, deps.subscriptions)
    return found
