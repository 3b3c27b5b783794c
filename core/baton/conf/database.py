"""[database] options."""

from __future__ import annotations

from oslo_config import cfg

GROUP = cfg.OptGroup("database", title="Database")

opts: list[cfg.Opt] = [
    cfg.StrOpt("connection", secret=True,
               help="SQLAlchemy URL of the database. Unset means SQLite at "
                    "$state_path/baton.sqlite. Use PostgreSQL or MySQL when conductors on "
                    "several hosts share state."),
    cfg.FloatOpt("sqlite_busy_timeout", default=10.0, min=0,
                 help="Seconds SQLite waits for a lock held by another connection."),
    cfg.IntOpt("db_retry_attempts", default=5, min=0,
               help="Retries of a transaction that failed on a lock ('database is locked', "
                    "deadlock, serialization failure)."),
    cfg.IntOpt("max_pool_size", default=10, min=1,
               help="Connections kept open per process (PostgreSQL/MySQL)."),
    cfg.BoolOpt("auto_upgrade", default=True,
                help="Create or upgrade the schema at start (all-in-one defaults to this; "
                     "run baton-dbsync upgrade yourself when false)."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # A fresh OptGroup per ConfigOpts: oslo.config keeps overrides on the group object.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(opts, group=GROUP.name)
