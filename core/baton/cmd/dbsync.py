"""``baton-dbsync``: create or upgrade the schema, or show its version.

    baton-dbsync --config-file /etc/baton/baton.conf upgrade
    baton-dbsync --config-file /etc/baton/baton.conf version
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from oslo_config import cfg

from baton.cmd import common
from baton.cmd.assembly import open_database
from baton.db import migration


def _register(conf: cfg.ConfigOpts) -> None:
    def add_parsers(subparsers: object) -> None:
        for name, help_text in (("upgrade", "Create the schema, or upgrade it to the newest."),
                                ("version", "Print the schema's current revision.")):
            subparsers.add_parser(name, help=help_text)  # type: ignore[attr-defined]

    conf.register_cli_opt(cfg.SubCommandOpt("command", title="Commands", handler=add_parsers,
                                            help="What to do."))


def main(argv: Sequence[str] | None = None) -> int:
    conf = common.parse_config(argv, prog="baton-dbsync", register=_register)
    common.setup_logging(conf)
    db = open_database(conf, upgrade=False)
    try:
        if conf.command.name == "upgrade":
            migration.upgrade(db)
            print(f"Schema at revision {migration.current_version(db)}")
        else:
            print(migration.current_version(db) or "none")
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
