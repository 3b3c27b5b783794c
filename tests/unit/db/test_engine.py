"""baton.db.engine: SQLite settings, transactions, retries, URLs."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import exc, insert, select, text

from baton.conf import make_conf
from baton.db import migration, models
from baton.db.engine import Database, is_retryable


def test_sqlite_pragmas_and_parent_directory(tmp_path: Path) -> None:
    path = tmp_path / "does" / "not" / "exist" / "baton.sqlite"
    db = Database(f"sqlite:///{path}", busy_timeout=2.5)
    try:
        with db.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
        assert path.exists()
        assert db.dialect_name == "sqlite"
    finally:
        db.dispose()


def test_transaction_commits_and_rolls_back(sqlite_db: Database) -> None:
    row = {"uuid": "11111111-1111-1111-1111-111111111111", "driver": "fake-hardware"}
    with pytest.raises(RuntimeError), sqlite_db.transaction() as conn:
        conn.execute(insert(models.nodes).values(**row))
        raise RuntimeError("boom")
    assert sqlite_db.read(lambda c: c.execute(select(models.nodes.c.id)).all()) == []
    with sqlite_db.transaction() as conn:
        conn.execute(insert(models.nodes).values(**row))
    assert len(sqlite_db.read(lambda c: c.execute(select(models.nodes.c.id)).all())) == 1


def test_foreign_keys_enforced(sqlite_db: Database) -> None:
    with pytest.raises(exc.IntegrityError), sqlite_db.transaction() as conn:
        conn.execute(insert(models.ports).values(uuid="p", address="aa", node_id=42))


def test_run_retries_while_another_connection_holds_the_lock(sqlite_db: Database,
                                                              tmp_path: Path) -> None:
    fast = Database(sqlite_db.url, busy_timeout=0.05, retry_attempts=8)
    holder = sqlite3.connect(tmp_path / "baton.sqlite", isolation_level=None,
                             check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, holder.commit)
    release.start()
    try:
        started = time.monotonic()
        fast.run(lambda conn: conn.execute(
            insert(models.chassis).values(uuid="c1", extra={})))
        assert time.monotonic() - started >= 0.2
    finally:
        release.join()
        holder.close()
        fast.dispose()
    assert sqlite_db.read(lambda c: c.execute(select(models.chassis.c.uuid)).scalars().all()) \
        == ["c1"]


def test_run_gives_up_after_retry_attempts(sqlite_db: Database, tmp_path: Path) -> None:
    fast = Database(sqlite_db.url, busy_timeout=0.01, retry_attempts=1)
    holder = sqlite3.connect(tmp_path / "baton.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(exc.OperationalError, match="locked"):
            fast.run(lambda conn: conn.execute(text("SELECT 1")))
    finally:
        holder.rollback()
        holder.close()
        fast.dispose()


def test_run_does_not_retry_other_errors(sqlite_db: Database) -> None:
    calls = []

    def fail(conn: object) -> None:
        calls.append(1)
        raise ValueError("not a lock error")

    with pytest.raises(ValueError):
        sqlite_db.run(fail)
    assert calls == [1]


def test_is_retryable() -> None:
    locked = exc.OperationalError("x", {}, sqlite3.OperationalError("database is locked"))
    other = exc.OperationalError("x", {}, sqlite3.OperationalError("no such table: x"))
    assert is_retryable(locked)
    assert not is_retryable(other)
    assert not is_retryable(ValueError("database is locked"))


def test_urls_choose_the_drivers() -> None:
    pg = Database("postgresql://u:secret@127.0.0.1/x")
    my = Database("mysql://u@127.0.0.1/x")
    try:
        assert pg.engine.dialect.driver == "psycopg"
        assert my.engine.dialect.driver == "pymysql"
        assert "secret" not in repr(pg)
    finally:
        pg.dispose()
        my.dispose()


def test_from_conf_uses_state_path(tmp_path: Path) -> None:
    conf = make_conf()
    conf([], default_config_files=[])
    conf.set_override("state_path", str(tmp_path / "state"))
    conf.set_override("db_retry_attempts", 2, group="database")
    db = Database.from_conf(conf)
    try:
        migration.ensure_schema(db)
        assert (tmp_path / "state" / "baton.sqlite").exists()
        assert db.retry_attempts == 2
    finally:
        db.dispose()


def test_in_memory_sqlite_works() -> None:
    db = Database("sqlite://")
    try:
        migration.ensure_schema(db)
        assert migration.current_version(db) == migration.head_version()
    finally:
        db.dispose()


def test_transaction_round_trips_json(db: Database) -> None:
    with db.transaction() as conn:
        conn.execute(insert(models.chassis).values(uuid="c2", extra={"a": 1}))
    rows = db.read(lambda c: c.execute(select(models.chassis.c.extra)).scalars().all())
    assert rows == [{"a": 1}]
