"""baton.db.migration: the migrations build exactly baton.db.models' schema."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from baton.db import migration, models
from baton.db.engine import Database


def _diff(db: Database) -> list[object]:
    with db.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, models.metadata))


def test_migrated_schema_equals_models(db: Database) -> None:
    """The alembic scripts build exactly the models' schema (the fixture runs them)."""
    assert migration.current_version(db) == migration.head_version()
    assert _diff(db) == []


def test_head_revision_constant_is_the_newest_script() -> None:
    assert migration.HEAD_REVISION == migration.head_version()


def test_ensure_schema_upgrades_an_older_database(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    try:
        migration.upgrade(db, "0001")
        assert migration.current_version(db) == "0001"
        migration.ensure_schema(db)
        assert migration.current_version(db) == migration.HEAD_REVISION
        assert _diff(db) == []
    finally:
        db.dispose()


def test_ensure_schema_creates_then_is_a_no_op(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # From another working directory: the scripts are found through the package.
    monkeypatch.chdir(tmp_path)
    db = Database(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    try:
        assert migration.current_version(db) is None
        migration.ensure_schema(db)
        assert migration.current_version(db) == migration.head_version()
        migration.ensure_schema(db)
        tables = set(inspect(db.engine).get_table_names())
        assert tables == {t.name for t in models.metadata.sorted_tables} | {"alembic_version"}
        assert _diff(db) == []
    finally:
        db.dispose()


def test_script_location_is_the_package_directory() -> None:
    assert os.path.isfile(os.path.join(migration.SCRIPT_LOCATION, "env.py"))
    assert os.path.isfile(os.path.join(migration.SCRIPT_LOCATION, "script.py.mako"))
