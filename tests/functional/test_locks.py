"""Node locks, for real: a slow fake power action holds the lock while a second request
either waits within its budget or gets 409 naming the holder."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.functional import daemon

HEADERS = {"Content-Type": "application/json", "Accept": "application/json",
           "X-OpenStack-Ironic-API-Version": "1.78"}


def call(port: int, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers=HEADERS)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return resp.status, (json.loads(raw) if raw else None)


def start(tmp: Path, *, attempts: int, interval: float) -> Any:
    return daemon.baton_server(tmp, "lock-host", {
        "conductor": {"sync_power_state_interval": 0, "node_locked_retry_attempts": attempts,
                      "node_locked_retry_interval": interval},
        "fake": {"power_delay": 1.5},
    })


@pytest.fixture(scope="module")
def patient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Waits up to 3 s for a busy lock."""
    with start(tmp_path_factory.mktemp("patient"), attempts=6, interval=0.5) as running:
        yield running.port


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Does not wait for a busy lock."""
    with start(tmp_path_factory.mktemp("impatient"), attempts=0, interval=0.1) as running:
        yield running.port


def _new_node(port: int, name: str) -> str:
    status, body = call(port, "POST", "/v1/nodes", {"driver": "fake-hardware", "name": name})
    assert status == 201, body
    return str(body["uuid"])


def _wait_power(port: int, uuid: str, state: str, timeout: float = 15) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, node = call(port, "GET", f"/v1/nodes/{uuid}")
        if node["power_state"] == state and node["target_power_state"] is None \
                and node["reservation"] is None:
            return dict(node)
        time.sleep(0.1)
    raise AssertionError(f"node {uuid} did not reach {state}: {node}")


def test_two_concurrent_power_requests_one_waits(patient: int) -> None:
    uuid = _new_node(patient, "lock-wait")
    results: list[int] = []

    def power(target: str) -> None:
        results.append(call(patient, "PUT", f"/v1/nodes/{uuid}/states/power",
                            {"target": target})[0])

    first = threading.Thread(target=power, args=("power on",))
    first.start()
    first.join()
    # The first request holds the lock for ~1.5 s of fake power delay.
    status, node = call(patient, "GET", f"/v1/nodes/{uuid}")
    assert node["target_power_state"] == "power on" and node["reservation"] == "lock-host"
    began = time.monotonic()
    power("power off")
    waited = time.monotonic() - began
    assert results == [202, 202]
    assert waited > 0.3, "the second request should have waited for the lock"
    final = _wait_power(patient, uuid, "power off")
    assert final["last_error"] is None


def test_busy_lock_answers_409_naming_the_holder(impatient: int) -> None:
    uuid = _new_node(impatient, "lock-busy")
    status, _ = call(impatient, "PUT", f"/v1/nodes/{uuid}/states/power", {"target": "power on"})
    assert status == 202
    status, body = call(impatient, "PUT", f"/v1/nodes/{uuid}/states/power",
                        {"target": "power off"})
    assert status == 409
    message = json.loads(body["error_message"])["faultstring"]
    assert "lock-host" in message and uuid in message
    # Nothing changed by the refused request; the first one completes and frees the lock.
    node = _wait_power(impatient, uuid, "power on")
    assert node["reservation"] is None
