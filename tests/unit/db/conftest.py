"""Databases for the DB tests: SQLite in tmp_path always, PostgreSQL when one answers.

PostgreSQL tests run in a schema of their own, created (and migrated) once per session and
dropped at the end; every test starts from empty tables. Set BATON_TEST_PG_URL to use
another server; without a server on 127.0.0.1:5432 those tests skip.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from baton.db import migration, models
from baton.db.engine import Database

_PG_CANDIDATES = (
    "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    "postgresql+psycopg://root@127.0.0.1:5432/test",
)


def _reachable_pg_url() -> str | None:
    import psycopg

    candidates = [os.environ["BATON_TEST_PG_URL"]] if os.environ.get("BATON_TEST_PG_URL") \
        else list(_PG_CANDIDATES)
    for url in candidates:
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        try:
            with psycopg.connect(dsn, connect_timeout=2):
                return url
        except psycopg.Error:
            continue
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies (migrating once is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "baton.sqlite"
    db = Database(f"sqlite:///{path}")
    # Through the alembic scripts: the tests check what the migrations build.
    migration.upgrade(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    base = _reachable_pg_url()
    if base is None:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    schema = f"baton_test_{uuid.uuid4().hex[:12]}"
    admin = Database(base)
    with admin.transaction() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}?options=-csearch_path%3D{schema}"
    migrated = Database(url)
    migration.upgrade(migrated)
    migrated.dispose()
    try:
        yield url
    finally:
        with admin.transaction() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _truncate_all(db: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in models.metadata.sorted_tables)
    with db.transaction() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database: SQLite, then PostgreSQL (when reachable)."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "baton.sqlite"
        shutil.copy(template, path)
        database = Database(f"sqlite:///{path}")
    else:
        url: str = request.getfixturevalue("pg_url")
        database = Database(url)
        _truncate_all(database)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """SQLite only (for SQLite-specific behaviour)."""
    path = tmp_path / "baton.sqlite"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    try:
        yield database
    finally:
        database.dispose()
