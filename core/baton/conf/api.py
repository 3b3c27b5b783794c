"""[api] options: where the REST API listens and how it pages."""

from __future__ import annotations

from oslo_config import cfg

GROUP = cfg.OptGroup("api", title="REST API")

opts: list[cfg.Opt] = [
    cfg.HostAddressOpt("host_ip", default="127.0.0.1", help="Address the API listens on."),
    cfg.PortOpt("port", default=6385, help="Port the API listens on."),
    cfg.IntOpt("max_limit", default=1000, min=1,
               help="Most items one list request returns; larger limits are cut to this."),
    cfg.StrOpt("public_endpoint",
               help="Public URL to use in links; default is the URL the request came in on."),
    cfg.IntOpt("max_connections", default=100, min=1,
               help="Client connections served at once, each by its own thread; further "
                    "connections wait in the listen backlog until one closes."),
    cfg.IntOpt("keepalive_timeout", default=30, min=1,
               help="Seconds an idle keep-alive connection is kept open."),
    cfg.IntOpt("max_body_size", default=1024 * 1024, min=1024,
               help="Largest request body accepted, in bytes (larger answers 413)."),
    cfg.IntOpt("sol_page_size", default=100, min=0,
               help="Most items one page of an ETSI NFV SOL API list (vnf_packages...) "
                    "holds; a Link header names the next page (SOL013 5.4). 0 disables "
                    "paging."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # A fresh OptGroup per ConfigOpts: oslo.config keeps overrides on the group object.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(opts, group=GROUP.name)
