"""The hot paths stay cheap: a node GET and a detailed list each run one SQL statement."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from .conftest import Env


@contextmanager
def _statements(env: Env) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            seen.append(statement)

    event.listen(env.db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(env.db.engine, "before_cursor_execute", record)


def test_node_get_is_one_query(env: Env) -> None:
    node = env.node(name="q")
    env.get("/v1/nodes/q")   # warm the hash ring cache
    with _statements(env) as seen:
        assert env.get(f"/v1/nodes/{node['uuid']}").status_code == 200
    assert len(seen) == 1, seen


def test_detailed_list_is_one_query(env: Env) -> None:
    for i in range(20):
        env.node(name=f"l{i}")
    env.get("/v1/nodes/detail")
    with _statements(env) as seen:
        result = env.get("/v1/nodes/detail")
    assert len(result.json["nodes"]) == 20
    assert all(n["conductor"] == "test-conductor" for n in result.json["nodes"])
    assert len(seen) == 1, seen


def test_empty_accepted_responses_are_not_typed_json(env: Env) -> None:
    env.node(name="e")
    result = env.put("/v1/nodes/e/states/power", {"target": "power on"})
    assert result.status_code == 202 and result.text == ""
    assert "json" not in result.headers.get("Content-Type", "")
