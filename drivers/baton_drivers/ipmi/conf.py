"""[ipmi] options of the ``ipmi`` power, management and console interfaces."""

from __future__ import annotations

from oslo_config import cfg

__all__ = ["GROUP", "list_opts", "register_opts"]

GROUP = "ipmi"

opts: list[cfg.Opt] = [
    cfg.FloatOpt("command_timeout", default=10.0, min=0.1,
                 help="Seconds one IPMI request may take, logging in and retrying included, "
                      "before the BMC is declared unreachable. A BMC that does not answer "
                      "holds a conductor thread no longer than this."),
    cfg.IntOpt("command_retries", default=2, min=0,
               help="How many times a request is tried again on a new session after the "
                    "session failed (lost UDP packets, a BMC that dropped the session), "
                    "within command_timeout. Refused credentials are never retried."),
    cfg.IntOpt("power_state_timeout", default=60, min=1,
               help="Seconds to wait for the BMC to report the requested power state when "
                    "the request gives no timeout."),
    cfg.IntOpt("soft_power_off_timeout", default=600, min=1,
               help="Seconds to wait for the operating system to power the node off after "
                    "a soft power off or soft reboot when the request gives no timeout."),
    cfg.FloatOpt("power_state_poll_interval", default=1.0, min=0.01,
                 help="Seconds between two readings of the power state while waiting for "
                      "the requested state."),
    cfg.HostAddressOpt("socat_address", default="127.0.0.1",
                       help="IP address or hostname the ipmi-socat console interface listens "
                            "on for each node's serial console (the node's "
                            "ipmi_terminal_port), and the host in the console URL it "
                            "answers, as Ironic's [console] socat_address."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(opts, group=GROUP)


def list_opts() -> list[tuple[str, list[cfg.Opt]]]:
    return [(GROUP, list(opts))]
