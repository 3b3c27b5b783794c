"""The database handle: one SQLAlchemy engine, transactions, and retries on lock errors.

SQLite (the default) runs in WAL mode with ``synchronous=NORMAL``, foreign keys on and a busy
timeout. Python's sqlite3 module is put in autocommit mode so that Baton decides where
transactions start: :meth:`Database.transaction` opens one with ``BEGIN IMMEDIATE`` (the
write lock is taken up front, so two writers never deadlock upgrading a read lock), while
:meth:`Database.connect` runs single reads without any ``BEGIN``/``COMMIT`` round trip.

PostgreSQL is reached through psycopg 3 (``postgresql+psycopg://``; a bare ``postgresql://``
URL is read the same way) and MySQL through PyMySQL (``mysql+pymysql://``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from oslo_config import cfg
from sqlalchemy import create_engine, event, exc, pool
from sqlalchemy.engine import URL, Connection, Engine, make_url

__all__ = ["Database", "is_retryable"]

LOG = logging.getLogger(__name__)

T = TypeVar("T")

# Fragments of driver messages that mean "try the transaction again".
_RETRY_MESSAGES = (
    "database is locked",          # SQLite busy timeout expired
    "database table is locked",
    "deadlock",                    # PostgreSQL 40P01 / MySQL 1213
    "could not serialize access",  # PostgreSQL 40001
    "lock wait timeout exceeded",  # MySQL 1205
)
_RETRY_SQLSTATES = ("40001", "40P01")
_RETRY_MYSQL_CODES = (1205, 1213)


def is_retryable(error: BaseException) -> bool:
    """Whether ``error`` is a lock, deadlock or serialization failure worth retrying."""
    if not isinstance(error, exc.DBAPIError):
        return False
    if isinstance(error, exc.IntegrityError):
        return False
    orig = error.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate in _RETRY_SQLSTATES:
        return True
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _RETRY_MYSQL_CODES:
        return True
    text = str(orig).lower()
    return any(fragment in text for fragment in _RETRY_MESSAGES)


def _normalise_url(url: str | URL) -> URL:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif parsed.drivername == "mysql":
        parsed = parsed.set(drivername="mysql+pymysql")
    return parsed


def _sqlite_engine(url: URL, busy_timeout: float, pool_size: int) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not memory:
        parent = os.path.dirname(os.path.abspath(database))
        os.makedirs(parent, exist_ok=True)
    connect_args: dict[str, Any] = {"check_same_thread": False, "timeout": busy_timeout}
    if memory:
        # One shared connection: an in-memory database exists once per connection.
        engine = create_engine(url, connect_args=connect_args, poolclass=pool.StaticPool)
    else:
        # SQLite connections are cheap and the pool must serve every API, RPC and worker
        # thread without waiting: keep a generous number open.
        engine = create_engine(
            url, connect_args=connect_args, poolclass=pool.QueuePool,
            pool_size=max(pool_size, 16), max_overflow=256, pool_timeout=60,
        )
    busy_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        # Autocommit at the sqlite3 level: Database decides when a transaction begins.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            if not memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        finally:
            cursor.close()

    return engine


class Database:
    """One database: an engine plus transaction helpers that every repository uses.

    :param url: SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://...``,
        ``mysql+pymysql://...``).
    :param busy_timeout: seconds SQLite waits for another connection's lock.
    :param retry_attempts: retries of :meth:`run` after lock, deadlock or serialization
        errors.
    :param pool_size: connections kept open (PostgreSQL/MySQL; SQLite keeps at least 16).
    """

    def __init__(self, url: str | URL, *, busy_timeout: float = 10.0, retry_attempts: int = 5,
                 pool_size: int = 10) -> None:
        self.url = _normalise_url(url)
        self.retry_attempts = retry_attempts
        self.dialect_name: str = self.url.get_backend_name()
        self.engine: Engine
        if self.dialect_name == "sqlite":
            self.engine = _sqlite_engine(self.url, busy_timeout, pool_size)
        else:
            self.engine = create_engine(
                self.url, pool_size=pool_size, max_overflow=pool_size * 2,
                pool_pre_ping=True, pool_recycle=3600,
            )
        self._sqlite = self.dialect_name == "sqlite"

    @classmethod
    def from_conf(cls, conf: cfg.ConfigOpts) -> Database:
        """A Database from ``[database]`` options (SQLite under ``state_path`` by default)."""
        from baton.conf import database_url

        return cls(
            database_url(conf),
            busy_timeout=conf.database.sqlite_busy_timeout,
            retry_attempts=conf.database.db_retry_attempts,
            pool_size=conf.database.max_pool_size,
        )

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)!r})"

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads. On SQLite each statement is its own snapshot (no
        ``BEGIN``); elsewhere the implicit transaction is rolled back at the end."""
        with self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside a write transaction, committed at the end of the block and
        rolled back if the block raises. No retry: use :meth:`run` for that."""
        with self.engine.connect() as conn:
            if self._sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def run(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(conn)`` in a transaction; retry it after lock errors with backoff.

        ``fn`` may run more than once, so it must do nothing but database work.
        """
        attempt = 0
        while True:
            try:
                with self.transaction() as conn:
                    return fn(conn)
            except exc.DBAPIError as error:
                if attempt >= self.retry_attempts or not is_retryable(error):
                    raise
                attempt += 1
                delay = min(0.05 * (2 ** (attempt - 1)), 2.0) * (0.5 + random.random())
                LOG.debug("Database busy (%s); retry %d of %d in %.3fs",
                          error.orig, attempt, self.retry_attempts, delay)
                time.sleep(delay)

    def read(self, fn: Callable[[Connection], T]) -> T:
        """Run ``fn(conn)`` on a read connection (see :meth:`connect`)."""
        with self.connect() as conn:
            return fn(conn)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
