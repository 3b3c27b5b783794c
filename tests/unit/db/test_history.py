"""NodeHistoryRepository."""

from __future__ import annotations

import pytest

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import NodeHistoryRepository, NodeRepository


def test_record_list_get_prune(db: Database) -> None:
    node = NodeRepository(db).create({"driver": "fake-hardware"})
    history = NodeHistoryRepository(db)
    records = [history.record(node["id"], event=f"event {i}", event_type="power",
                              severity="ERROR", conductor="c1", user="admin" if i else None)
               for i in range(5)]
    assert records[0]["event"] == "event 0" and records[0]["user"] is None
    assert history.get(records[1]["uuid"]) == records[1]
    assert history.list_for_node(node["id"]) == records
    assert history.list_for_node(node["id"], limit=2, marker=records[1]["uuid"]) == \
        records[2:4]
    assert history.prune(node["id"], keep=2) == 3
    assert history.list_for_node(node["id"]) == records[3:]
    with pytest.raises(errors.NotFound):
        history.get(records[0]["uuid"])
    with pytest.raises(errors.NodeNotFound):
        history.record(99999, event="x", event_type="x", severity="x", conductor=None)
