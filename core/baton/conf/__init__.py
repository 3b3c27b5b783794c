"""Configuration: one module per option group, registered on a ConfigOpts you pass in.

Nothing here reads configuration at import time; :func:`make_conf` builds a fresh
``ConfigOpts`` with every core group registered, ready for ``conf(args)``.
"""

from __future__ import annotations

import os

from oslo_config import cfg

from baton.conf.opts import list_opts, register_opts

__all__ = ["database_url", "list_opts", "make_conf", "register_opts"]


def make_conf() -> cfg.ConfigOpts:
    conf = cfg.ConfigOpts()
    register_opts(conf)
    return conf


def database_url(conf: cfg.ConfigOpts) -> str:
    """The database URL: ``[database] connection``, else SQLite under ``state_path``."""
    url: str | None = conf.database.connection
    if url:
        return url
    return "sqlite:///" + os.path.join(conf.state_path, "baton.sqlite")
