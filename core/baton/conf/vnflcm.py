"""[vnflcm] options: VNF lifecycle management (ETSI NFV-SOL003) grants and operations."""

from __future__ import annotations

from oslo_config import cfg

GROUP = cfg.OptGroup("vnflcm", title="VNF lifecycle management (ETSI NFV-SOL003)")

opts: list[cfg.Opt] = [
    cfg.StrOpt("nfvo_url", default="",
               help="Base URL of the NFVO's SOL003 API. When set, every LCM operation that "
                    "changes resources asks it for a grant (POST {nfvo_url}/grant/v1/grants) "
                    "before touching the VIM; when empty, grants are local (everything "
                    "asked is granted)."),
    cfg.StrOpt("nfvo_username", default="",
               help="User name for HTTP Basic authentication to the NFVO (none if empty)."),
    cfg.StrOpt("nfvo_password", default="", secret=True,
               help="Password for HTTP Basic authentication to the NFVO."),
    cfg.FloatOpt("grant_timeout", default=60.0, min=1.0,
                 help="Seconds to wait for the NFVO's grant, asynchronous (202) grants "
                      "included; the operation goes to FAILED_TEMP after that."),
    cfg.FloatOpt("grant_poll_interval", default=1.0, min=0.01,
                 help="Seconds between polls of an asynchronous (202) grant."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # A fresh OptGroup per ConfigOpts: oslo.config keeps overrides on the group object.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(opts, group=GROUP.name)
