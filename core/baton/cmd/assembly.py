"""Build the parts a process runs from its configuration.

Kept apart from the console scripts so that tests (and the benchmark) can assemble the
same parts in-process.
"""

from __future__ import annotations

import logging
import os

from oslo_config import cfg

from baton import conf as baton_conf
from baton.db import migration
from baton.db.engine import Database

LOG = logging.getLogger(__name__)

__all__ = ["open_database"]


def open_database(conf: cfg.ConfigOpts, *, upgrade: bool) -> Database:
    """Open the configured database; create or upgrade its schema when ``upgrade``."""
    url = baton_conf.database_url(conf)
    if url.startswith("sqlite:///"):
        os.makedirs(conf.state_path, mode=0o750, exist_ok=True)
    db = Database.from_conf(conf)
    if upgrade:
        migration.ensure_schema(db)
    return db
