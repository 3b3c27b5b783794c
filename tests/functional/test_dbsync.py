"""``baton-dbsync``: create the schema, report its revision, and leave a current one alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from baton.db import migration
from tests.functional import daemon


def dbsync(conf: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "baton.cmd.dbsync", "--config-file",
                           str(conf), *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_upgrade_then_version(tmp_path: Path) -> None:
    conf = daemon.write_conf(tmp_path / "baton.conf",
                             {"DEFAULT": {"state_path": tmp_path / "state"}})
    head = migration.head_version()
    assert dbsync(conf, "version") == "none"
    assert dbsync(conf, "upgrade") == f"Schema at revision {head}"
    assert (tmp_path / "state" / "baton.sqlite").is_file()
    assert dbsync(conf, "version") == head
    assert dbsync(conf, "upgrade") == f"Schema at revision {head}"  # idempotent


def test_unknown_command_is_refused(tmp_path: Path) -> None:
    conf = daemon.write_conf(tmp_path / "baton.conf",
                             {"DEFAULT": {"state_path": tmp_path / "state"}})
    proc = subprocess.run([sys.executable, "-m", "baton.cmd.dbsync", "--config-file",
                           str(conf), "downgrade"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode != 0
    assert "invalid choice" in proc.stderr
    assert not (tmp_path / "state" / "baton.sqlite").exists()
