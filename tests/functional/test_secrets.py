"""Secrets in driver_info never come back in API output nor reach the log, even at DEBUG."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from typing import Any

from tests.functional import daemon

SECRET = "TopSecret-4f1c9a"
HEADERS = {"Content-Type": "application/json", "X-OpenStack-Ironic-API-Version": "1.78"}


def call(port: int, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers=HEADERS)
    resp = conn.getresponse()
    return resp.status, resp.read()


def test_secrets_stay_out_of_output_and_logs(tmp_path: Path) -> None:
    outputs: list[bytes] = []
    with daemon.baton_server(tmp_path, "secret-host", {
        "DEFAULT": {"debug": True},
        "conductor": {"sync_power_state_interval": 1},
    }) as running:
        port, log = running.port, running.log
        status, body = call(port, "POST", "/v1/nodes", {
            "driver": "fake-hardware", "name": "secretive",
            "driver_info": {"ipmi_password": SECRET, "ipmi_address": "10.0.0.1"}})
        assert status == 201
        outputs.append(body)
        for method, path, payload in (
                ("PATCH", "/v1/nodes/secretive", [{"op": "add", "path": "/driver_info/token",
                                                    "value": SECRET}]),
                ("PUT", "/v1/nodes/secretive/states/power", {"target": "power on"}),
                ("GET", "/v1/nodes/secretive/validate", None),
                ("GET", "/v1/nodes/secretive", None),
                ("GET", "/v1/nodes/detail", None),
                ("GET", "/v1/nodes?fields=driver_info", None),
                ("GET", "/v1/nodes/secretive/history", None),
                ("POST", "/v1/nodes", {"driver": "fake-hardware", "name": "secretive",
                                       "driver_info": {"password": SECRET}})):
            outputs.append(call(port, method, path, payload)[1])
    for output in outputs:
        assert SECRET.encode() not in output
    assert b"******" in outputs[0]
    text = log.read_text()
    assert "DEBUG" in text, "the server should have logged at DEBUG"
    assert SECRET not in text
