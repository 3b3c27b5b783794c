"""[DEFAULT] options: identity, state directory, RPC transport, enabled drivers."""

from __future__ import annotations

import os
import socket

from oslo_config import cfg


def _default_state_path() -> str:
    """/var/lib/baton for root (as systemd runs it), else the user's XDG state directory."""
    if os.geteuid() == 0:
        return "/var/lib/baton"
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                            "state")
    return os.path.join(base, "baton")


BAREMETAL_FAMILIES = (
    "bios", "boot", "console", "deploy", "firmware", "inspect", "management", "network",
    "power", "raid", "rescue", "storage", "vendor",
)

# Defaults enable everything fake-hardware needs, as Ironic's do for its fake driver.
_DEFAULT_ENABLED = {
    "bios": ["no-bios", "fake"],
    "boot": ["fake"],
    "console": ["no-console", "fake"],
    "deploy": ["fake"],
    "firmware": ["no-firmware", "fake"],
    "inspect": ["no-inspect", "fake"],
    "management": ["fake"],
    "network": ["noop"],
    "power": ["fake"],
    "raid": ["no-raid", "fake"],
    "rescue": ["no-rescue", "fake"],
    "storage": ["noop", "fake"],
    "vendor": ["no-vendor", "fake"],
}

opts: list[cfg.Opt] = [
    cfg.StrOpt("host", default=socket.gethostname(), sample_default="localhost",
               help="Name of this conductor; unique among the conductors sharing a database."),
    cfg.StrOpt("state_path", default=_default_state_path(), sample_default="/var/lib/baton",
               help="Directory where Baton keeps its state (the SQLite database by default)."),
    cfg.StrOpt("rpc_transport", default="none", choices=["none", "json-rpc"],
               help="How the API reaches conductors: 'none' calls the conductor in the same "
                    "process (all-in-one); 'json-rpc' uses JSON-RPC over HTTP."),
    cfg.StrOpt("auth_strategy", default="noauth", choices=["noauth", "http_basic"],
               help="Authentication of API requests."),
    cfg.StrOpt("http_basic_auth_user_file", default="/etc/baton/htpasswd",
               help="Apache htpasswd file (bcrypt) for auth_strategy=http_basic."),
    cfg.ListOpt("enabled_hardware_types", default=["fake-hardware"],
                help="Hardware types this conductor loads (entry points in "
                     "baton.hardware.types). A type that fails to load stops the start."),
    cfg.BoolOpt("debug", default=False, help="Log at DEBUG level."),
    cfg.StrOpt("log_file", help="Log to this file instead of standard error."),
]

for _family in BAREMETAL_FAMILIES:
    opts.append(cfg.ListOpt(
        f"enabled_{_family}_interfaces", default=_DEFAULT_ENABLED[_family],
        help=f"{_family.capitalize()} interface implementations this conductor loads "
             f"(entry points in baton.hardware.interfaces.{_family})."))
    opts.append(cfg.StrOpt(
        f"default_{_family}_interface",
        help=f"{_family.capitalize()} interface used for new nodes that name none; unset means "
             f"the hardware type's first supported and enabled one."))


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(opts)
