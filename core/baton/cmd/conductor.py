"""``baton-conductor``: one conductor, serving JSON-RPC to API processes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from oslo_service import systemd

from baton.cmd import common
from baton.cmd.assembly import open_database
from baton.conductor.service import ConductorService
from baton.engine.loader import DriverRegistry

LOG = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    conf = common.parse_config(argv, prog="baton-conductor")
    common.setup_logging(conf)
    if conf.rpc_transport == "none":
        LOG.error("baton-conductor serves API processes over JSON-RPC: set "
                  "rpc_transport = json-rpc (or run baton-server for all-in-one)")
        return 2
    db = open_database(conf, upgrade=conf.database.auto_upgrade)
    conductor = ConductorService(conf, db, DriverRegistry(conf))
    return common.run_until_signalled([conductor], on_ready=systemd.notify_once)


if __name__ == "__main__":
    sys.exit(main())
