"""``baton-api``: the REST API alone, reaching conductors over JSON-RPC."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from oslo_service import systemd

from baton.api.app import create_app
from baton.cmd import common
from baton.cmd.assembly import open_database
from baton.cmd.http_service import HTTPService
from baton.rpc.conductor_api import ConductorAPI

LOG = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    conf = common.parse_config(argv, prog="baton-api")
    common.setup_logging(conf)
    if conf.rpc_transport == "none":
        LOG.error("baton-api needs rpc_transport = json-rpc to reach conductors; "
                  "run baton-server for an all-in-one process")
        return 2
    # The schema belongs to baton-dbsync (or a conductor) in split deployments.
    db = open_database(conf, upgrade=False)
    rpc = ConductorAPI(conf, db)
    app = create_app(conf, db=db, rpc=rpc)
    api = HTTPService(app, conf.api.host_ip, conf.api.port, threads=conf.api.max_connections,
                      name="baton-api", idle_timeout=conf.api.keepalive_timeout)
    return common.run_until_signalled([api], on_ready=systemd.notify_once)


if __name__ == "__main__":
    sys.exit(main())
