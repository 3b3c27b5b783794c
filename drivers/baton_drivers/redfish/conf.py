"""[redfish] options of the ``redfish`` interfaces."""

from __future__ import annotations

from oslo_config import cfg

__all__ = ["GROUP", "list_opts", "register_opts"]

GROUP = "redfish"

opts: list[cfg.Opt] = [
    cfg.FloatOpt("connect_timeout", default=5.0, min=0.1,
                 help="Seconds to wait for a BMC to accept a TCP connection."),
    cfg.FloatOpt("read_timeout", default=30.0, min=0.1,
                 help="Seconds to wait for a BMC's answer on an open connection."),
    cfg.IntOpt("connection_attempts", default=2, min=1,
               help="How many times a request is sent when the BMC can't be reached "
                    "(the redfish library waits one second between two attempts)."),
    cfg.StrOpt("auth_type", default="auto", choices=["auto", "session", "basic"],
               help="How to authenticate when the node's driver_info does not say "
                    "(redfish_auth_type): a Redfish session, HTTP Basic, or a session "
                    "falling back to Basic when the BMC has no session service."),
    cfg.IntOpt("power_state_timeout", default=60, min=1,
               help="Seconds to wait for PowerState to settle on the requested state "
                    "when the request gives no timeout."),
    cfg.IntOpt("soft_power_off_timeout", default=600, min=1,
               help="Seconds to wait for a soft power off or soft reboot to complete when "
                    "the request gives no timeout."),
    cfg.FloatOpt("power_state_poll_interval", default=1.0, min=0.01,
                 help="Seconds between two readings of PowerState while waiting."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(opts, group=GROUP)


def list_opts() -> list[tuple[str, list[cfg.Opt]]]:
    return [(GROUP, list(opts))]
