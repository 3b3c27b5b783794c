"""``baton-server``: the all-in-one daemon, REST API and conductor in one process.

With the defaults it keeps SQLite under ``state_path``, creates or upgrades the schema at
start, and answers on http://127.0.0.1:6385 without authentication.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from oslo_config import cfg
from oslo_service import systemd

from baton.api.app import create_app
from baton.cmd import common
from baton.cmd.assembly import open_database
from baton.cmd.http_service import HTTPService
from baton.conductor.service import ConductorService
from baton.engine.loader import DriverRegistry
from baton.rpc.conductor_api import ConductorAPI

LOG = logging.getLogger(__name__)


def build(conf: cfg.ConfigOpts) -> tuple[ConductorService, HTTPService]:
    """The conductor and the API service of an all-in-one process (not started)."""
    if conf.rpc_transport != "none":
        LOG.info("baton-server runs API and conductor in one process: rpc_transport=%s "
                 "still serves JSON-RPC for other API processes", conf.rpc_transport)
    db = open_database(conf, upgrade=conf.database.auto_upgrade)
    registry = DriverRegistry(conf)
    conductor = ConductorService(conf, db, registry)
    rpc = ConductorAPI(conf, db, conductor.hash_ring, local_manager=conductor.manager)
    # In one process the API always calls its own conductor directly.
    rpc.in_process = True
    app = create_app(conf, db=db, rpc=rpc, hash_ring=conductor.hash_ring)
    api = HTTPService(app, conf.api.host_ip, conf.api.port, threads=conf.api.max_connections,
                      name="baton-api", idle_timeout=conf.api.keepalive_timeout)
    return conductor, api


def main(argv: Sequence[str] | None = None) -> int:
    conf = common.parse_config(argv, prog="baton-server")
    common.setup_logging(conf)
    conductor, api = build(conf)
    return common.run_until_signalled([conductor, api], on_ready=systemd.notify_once)


if __name__ == "__main__":
    sys.exit(main())
