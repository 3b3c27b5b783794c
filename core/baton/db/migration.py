"""Schema migrations: create or upgrade the database to the code's schema.

The alembic scripts ship inside the package (``baton/db/migrations``) and are found through
the package's path, never the working directory, so an installed wheel migrates as well as
a checkout. Every upgrade runs in one transaction holding a database-wide lock, so two
processes starting at once (API and conductor) never both create the tables.

A daemon starting on a current database answers from one query, and one starting on an
empty database creates the schema straight from the models and records the newest
revision, as ``ironic-dbsync create_schema`` does (the migrations and the models describe
the same schema: a unit test compares them). Only an older database needs alembic, which
is then imported: it costs a tenth of a second at start.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect, text
from sqlalchemy.engine import Connection

from baton.db import migrations, models
from baton.db.engine import Database

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["HEAD_REVISION", "current_version", "ensure_schema", "head_version", "upgrade"]

#: The newest migration in ``migrations/versions``; a unit test checks it against them.
HEAD_REVISION = "0004"

# alembic's own bookkeeping table, as alembic creates it.
_VERSION_TABLE = Table(
    "alembic_version", MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)

LOG = logging.getLogger(__name__)

SCRIPT_LOCATION = os.path.dirname(os.path.abspath(migrations.__file__))

# Arbitrary, fixed key of the PostgreSQL advisory lock serialising migrations.
_PG_LOCK_KEY = 0x6261746F6E  # "baton"
_MYSQL_LOCK_NAME = "baton_schema_migration"


def _config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if conn is not None:
        config.attributes["connection"] = conn
    return config


def head_version() -> str:
    """The newest migration this code knows, as alembic reads it from the scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError(f"no migrations found in {SCRIPT_LOCATION}")
    return head


def _version(conn: Connection) -> str | None:
    if not inspect(conn).has_table(_VERSION_TABLE.name):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_version(db: Database) -> str | None:
    """The database's migration version; None for an empty database."""
    with db.connect() as conn:
        return _version(conn)


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
    from alembic import command

    with _migration_lock(db) as conn:
        before = _version(conn)
        command.upgrade(_config(conn), revision)
        after = _version(conn)
    if before != after:
        LOG.info("Database %r upgraded from %s to %s", db, before or "empty", after)


def _create_fresh(db: Database) -> bool:
    """Create the whole schema in an empty database; False when it is not empty."""
    with _migration_lock(db) as conn:
        if _version(conn) is not None or inspect(conn).has_table(models.nodes.name):
            return False
        models.metadata.create_all(conn)
        _VERSION_TABLE.create(conn)
        conn.execute(_VERSION_TABLE.insert().values(version_num=HEAD_REVISION))
    LOG.info("Database %r created at revision %s", db, HEAD_REVISION)
    return True


def ensure_schema(db: Database) -> None:
    """Create the schema in an empty database, or upgrade an older one; a no-op when the
    database is current (one cheap query)."""
    version = current_version(db)
    if version == HEAD_REVISION:
        return
    if version is None and _create_fresh(db):
        return
    upgrade(db)
