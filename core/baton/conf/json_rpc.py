"""[json_rpc] options: the conductor's JSON-RPC server and the API's client."""

from __future__ import annotations

from oslo_config import cfg

GROUP = cfg.OptGroup("json_rpc", title="JSON-RPC between API and conductors")

opts: list[cfg.Opt] = [
    cfg.HostAddressOpt("host_ip", default="127.0.0.1",
                       help="Address the conductor's JSON-RPC server listens on."),
    cfg.PortOpt("port", default=8089, help="Port the conductor's JSON-RPC server listens on."),
    cfg.StrOpt("advertise_address",
               help="Address other processes use to reach this conductor; default host_ip."),
    cfg.FloatOpt("timeout", default=60.0, min=0.1, help="Seconds a JSON-RPC call may take."),
    cfg.IntOpt("server_threads", default=16, min=1,
               help="Threads of the JSON-RPC HTTP server."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # A fresh OptGroup per ConfigOpts: oslo.config keeps overrides on the group object.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(opts, group=GROUP.name)
