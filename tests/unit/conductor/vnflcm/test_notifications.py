"""Every state change is in the notification outbox, in order, in its own transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from baton.conductor.manager import ConductorManager
from baton.db import models
from baton.db.repositories.subscriptions import SubscriptionRepository

from .conftest import fail, instantiate_request, run_op, wait_op


def _sent(manager: ConductorManager) -> list[tuple[str, str | None]]:
    out = models.notification_outbox
    with manager.db.connect() as conn:
        rows = conn.execute(select(out.c.body).order_by(out.c.id)).scalars().all()
    return [(b["notificationType"], b.get("operationState")) for b in rows]


def test_outbox_follows_the_operation(manager: ConductorManager,
                                      package: dict[str, Any]) -> None:
    SubscriptionRepository(manager.db).create({"callback_uri": "http://127.0.0.1:1/cb"})
    instance = manager.create_vnf_instance({"vnfdId": package["vnfd_id"]})
    op = run_op(manager, instance["id"], "INSTANTIATE",
                instantiate_request(**fail("instantiate")), "FAILED_TEMP")
    manager.retry_vnf_lcm_op_occ(op["uuid"])
    wait_op(manager, op["uuid"], "COMPLETED")
    op = run_op(manager, instance["id"], "TERMINATE", fail("terminate"), "FAILED_TEMP")
    manager.rollback_vnf_lcm_op_occ(op["uuid"])
    wait_op(manager, op["uuid"], "ROLLED_BACK")
    lcm = "VnfLcmOperationOccurrenceNotification"
    assert _sent(manager) == [
        ("VnfIdentifierCreationNotification", None),
        (lcm, "STARTING"), (lcm, "PROCESSING"), (lcm, "FAILED_TEMP"),
        (lcm, "PROCESSING"), (lcm, "COMPLETED"),
        (lcm, "STARTING"), (lcm, "PROCESSING"), (lcm, "FAILED_TEMP"),
        (lcm, "ROLLING_BACK"), (lcm, "ROLLED_BACK"),
    ]
