"""Every core option group, for oslo-config-generator and for registration."""

from __future__ import annotations

from oslo_config import cfg

from baton.conf import (
    api,
    conductor,
    database,
    default,
    json_rpc,
    provisioning,
    vnf_package,
    vnflcm,
    vnflcm_notifications,
)

_MODULES = (default, api, conductor, provisioning, database, json_rpc, vnf_package,
            vnflcm, vnflcm_notifications)


def list_opts() -> list[tuple[str | None, list[cfg.Opt]]]:
    """The (group, options) pairs oslo-config-generator documents."""
    return [
        ("DEFAULT", list(default.opts)),
        ("api", list(api.opts)),
        ("conductor", list(conductor.opts) + list(provisioning.opts)),
        ("database", list(database.opts)),
        ("json_rpc", list(json_rpc.opts)),
        ("vnf_package", list(vnf_package.opts)),
        ("vnflcm", list(vnflcm.opts)),
        ("vnflcm_notifications", list(vnflcm_notifications.opts)),
    ]


def register_opts(conf: cfg.ConfigOpts) -> None:
    for module in _MODULES:
        module.register_opts(conf)
