"""[conductor] options of the provisioning flows: agent callback timeouts and their check.

They live in the ``[conductor]`` group, as Ironic names them; this module only keeps them
next to each other (registered after :mod:`baton.conf.conductor`).
"""

from __future__ import annotations

from oslo_config import cfg

GROUP = "conductor"

opts: list[cfg.Opt] = [
    cfg.IntOpt("check_provision_state_interval", default=60, min=0,
               help="Seconds between checks for nodes whose wait for their ramdisk agent "
                    "timed out (deploy, clean, inspect and rescue callback timeouts); 0 "
                    "disables the check."),
    cfg.IntOpt("deploy_callback_timeout", default=1800, min=0,
               help="Seconds a node may wait in 'wait call-back' for its agent before the "
                    "deploy fails; 0 disables the timeout."),
    cfg.IntOpt("clean_callback_timeout", default=1800, min=0,
               help="Seconds a node may wait in 'clean wait' for its agent before cleaning "
                    "fails; 0 disables the timeout."),
    cfg.IntOpt("inspect_wait_timeout", default=1800, min=0,
               help="Seconds a node may wait in 'inspect wait' before inspection fails; 0 "
                    "disables the timeout."),
    cfg.IntOpt("rescue_callback_timeout", default=1800, min=0,
               help="Seconds a node may wait in 'rescue wait' for its rescue ramdisk before "
                    "the rescue fails; 0 disables the timeout."),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_opts(opts, group=GROUP)
