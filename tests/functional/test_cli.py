"""The standard ``baremetal`` CLI (python-ironicclient) against a real baton-server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def _baremetal_command() -> list[str]:
    found = shutil.which("baremetal", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("the baremetal CLI (python-ironicclient) is not installed")
    return [found]


def run(server: str, *args: str) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update({"OS_AUTH_TYPE": "none", "OS_ENDPOINT": server})
    proc = subprocess.run([*_baremetal_command(), *args], env=env, capture_output=True,
                          text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError(f"baremetal {' '.join(args)} failed: {proc.stderr}")
    return json.loads(proc.stdout) if "-f" in args else proc.stdout


def test_cli_walkthrough(server: str) -> None:
    created = run(server, "node", "create", "--driver", "fake-hardware", "--name", "cli-1",
                  "--driver-info", "fake_password=hunter2", "-f", "json")
    assert created["name"] == "cli-1"
    assert created["driver_info"]["fake_password"] == "******"
    run(server, "node", "power", "on", "cli-1", "--power-timeout", "30")
    shown = run(server, "node", "show", "cli-1", "-f", "json")
    assert shown["power_state"] == "power on"
    run(server, "node", "add", "trait", "cli-1", "CUSTOM_CLI")
    assert run(server, "node", "trait", "list", "cli-1", "-f", "json") == [
        {"traits": "CUSTOM_CLI"}]
    run(server, "port", "create", "52:54:00:cc:dd:01", "--node", created["uuid"])
    ports = run(server, "port", "list", "--node", "cli-1", "-f", "json")
    assert [p["address"] for p in ports] == ["52:54:00:cc:dd:01"]
    listed = run(server, "node", "list", "-f", "json")
    assert "cli-1" in [n["name"] for n in listed]
    history = run(server, "node", "history", "list", "cli-1", "-f", "json")
    assert isinstance(history, list)
    run(server, "node", "maintenance", "set", "cli-1", "--reason", "cli test")
    assert run(server, "node", "show", "cli-1", "-f", "json")["maintenance"] is True
    run(server, "node", "maintenance", "unset", "cli-1")
    run(server, "port", "delete", ports[0]["uuid"])
    run(server, "node", "delete", "cli-1")
    assert "cli-1" not in [n["name"] for n in run(server, "node", "list", "-f", "json")]
