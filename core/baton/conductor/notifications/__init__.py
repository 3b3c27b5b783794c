"""VNF LCM notifications (ETSI NFV-SOL003): a transactional outbox.

- :mod:`.outbox`: ``enqueue_*`` functions, called with the open connection of the
  transaction that makes the change they report.
- :mod:`.bodies`: the SOL003 v3.3.1 notification documents.
"""

from __future__ import annotations

from baton.conductor.notifications.outbox import (
    enqueue_identifier_creation,
    enqueue_identifier_deletion,
    enqueue_lcm_op_occ,
)

__all__ = [
    "enqueue_identifier_creation",
    "enqueue_identifier_deletion",
    "enqueue_lcm_op_occ",
]
