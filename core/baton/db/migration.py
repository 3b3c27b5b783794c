"""Schema migrations: create or upgrade the database to the code's schema.

The alembic scripts ship inside the package (``baton/db/migrations``) and are found through
the package's path, never the working directory, so an installed wheel migrates as well as
a checkout. Every upgrade runs in one transaction holding a database-wide lock, so two
processes starting at once (API and conductor) never both create the tables.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from baton.db import migrations
from baton.db.engine import Database

__all__ = ["current_version", "ensure_schema", "head_version", "upgrade"]

LOG = logging.getLogger(__name__)

SCRIPT_LOCATION = os.path.dirname(os.path.abspath(migrations.__file__))

# Arbitrary, fixed key of the PostgreSQL advisory lock serialising migrations.
_PG_LOCK_KEY = 0x6261746F6E  # "baton"
_MYSQL_LOCK_NAME = "baton_schema_migration"


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def head_version() -> str:
    """The newest migration this code knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError(f"no migrations found in {SCRIPT_LOCATION}")
    return head


def current_version(db: Database) -> str | None:
    """The database's migration version; None for an empty database."""
    with db.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextlib.contextmanager
def _migration_lock(db: Database) -> Iterator[Connection]:
    """A transaction that only one process at a time holds for migrating."""
    with db.transaction() as conn:
        # SQLite: the transaction began with BEGIN IMMEDIATE, which is the lock.
        if db.dialect_name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        elif db.dialect_name == "mysql":
            conn.execute(text("SELECT GET_LOCK(:name, 300)"), {"name": _MYSQL_LOCK_NAME})
        try:
            yield conn
        finally:
            if db.dialect_name == "mysql":
                conn.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": _MYSQL_LOCK_NAME})


def upgrade(db: Database, revision: str = "heads") -> None:
    """Upgrade the database to ``revision`` (the newest by default)."""
    with _migration_lock(db) as conn:
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(_config(conn), revision)
        after = MigrationContext.configure(conn).get_current_revision()
    if before != after:
        LOG.info("Database %r upgraded from %s to %s", db, before or "empty", after)


def ensure_schema(db: Database) -> None:
    """Create the schema in an empty database, or upgrade an older one; a no-op when the
    database is current (one cheap query)."""
    if current_version(db) == head_version():
        return
    upgrade(db)
