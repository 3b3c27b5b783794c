"""[vnflcm_notifications] options: delivery of VNF LCM notifications to subscribers."""

from __future__ import annotations

from oslo_config import cfg

GROUP = cfg.OptGroup("vnflcm_notifications",
                     title="VNF LCM notifications (ETSI NFV-SOL003 subscriptions)")

opts: list[cfg.Opt] = [
    cfg.IntOpt("max_attempts", default=8, min=1,
               help="Delivery attempts of one notification before it is marked FAILED "
                    "(kept; list and replay it through /vnflcm/v2/subscriptions/{id}/"
                    "deliveries)."),
    cfg.FloatOpt("retry_initial_delay", default=1.0, min=0.0,
                 help="Seconds before the first retry of a failed delivery."),
    cfg.FloatOpt("retry_backoff_factor", default=2.0, min=1.0,
                 help="Each further retry waits this many times longer than the one before."),
    cfg.FloatOpt("retry_max_delay", default=300.0, min=0.0,
                 help="Longest wait between two attempts of one delivery, in seconds."),
    cfg.FloatOpt("request_timeout", default=10.0, min=0.1,
                 help="Seconds one HTTP request to a subscriber (notification, test GET) or "
                      "to an OAuth2 token endpoint may take."),
    cfg.IntOpt("workers", default=4, min=1,
               help="Subscriptions one conductor delivers to in parallel (each "
                    "subscription's notifications go one at a time, in order)."),
    cfg.FloatOpt("poll_interval", default=2.0, min=0.05,
                 help="Seconds between two looks for due notifications (a conductor also "
                      "wakes at once when it queued some itself)."),
    cfg.IntOpt("lease_duration", default=120, min=5,
               help="Seconds a conductor's claim on delivering a subscription lasts without "
                    "renewal; a peer takes the subscription over after that."),
    cfg.IntOpt("batch_size", default=100, min=1,
               help="Notifications of one subscription delivered in one turn before the "
                    "worker looks at the other subscriptions."),
    cfg.BoolOpt("test_callback", default=True,
                help="Test a new subscription's callback URI with a GET that must answer "
                     "204 No Content (SOL013 5.9), and refuse the subscription otherwise."),
    cfg.FloatOpt("token_expiry_margin", default=30.0, min=0.0,
                 help="Seconds before its expiry an OAuth2 access token is fetched anew."),
    cfg.IntOpt("default_token_lifetime", default=300, min=1,
               help="Seconds an OAuth2 access token is cached when the token endpoint does "
                    "not say (no expires_in)."),
    cfg.IntOpt("delivered_retention", default=86400, min=0,
               help="Seconds delivered notifications are kept (listable) before being "
                    "purged; 0 keeps them forever. FAILED ones are always kept."),
    cfg.StrOpt("endpoint_url",
               help="Base URL of the API in the links notifications carry (e.g. "
                    "https://vnfm.example.com:6385). Default: [api] public_endpoint, else "
                    "http://[api] host_ip:[api] port."),
    cfg.BoolOpt("verify_tls", default=True,
                help="Verify subscribers' and token endpoints' TLS certificates."),
    cfg.StrOpt("ca_file",
               help="CA bundle for verifying subscribers' and token endpoints' TLS "
                    "certificates (default: the system's)."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    # A fresh OptGroup per ConfigOpts: oslo.config keeps overrides on the group object.
    conf.register_group(cfg.OptGroup(GROUP.name, title=GROUP.title, help=GROUP.help))
    conf.register_opts(opts, group=GROUP.name)
