"""VNF lifecycle management end to end over real HTTP: a ``baton-server`` process, a
package onboarded from Tacker's samples, the fake infra driver (vimType BATON.FAKE.V_1),
and a subscriber on 127.0.0.1 that receives every notification, in order, with HTTP Basic
and (another run) OAuth2 client-credentials authentication; then the failure paths
(FAILED_TEMP, retry, rollback, fail) as the subscriber sees them."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.functional import daemon
from tests.functional.lcm_subscriber import Subscriber, running_subscriber
from tests.unit.conductor.vnf_packages.samples import build

LCM = "/vnflcm/v2"
FAKE_VIM = {"vim1": {"vimType": "BATON.FAKE.V_1", "vimId": "fake-vim-1",
                     "accessInfo": {"username": "admin", "password": "vim-s3cret"},
                     "interfaceInfo": {"endpoint": "http://127.0.0.1:9/fake"}}}
SAMPLES = (Path(__file__).resolve().parents[3] / "shared" / "reference" / "tacker-samples"
           / "api-ref-v2-samples" / "vnflcm")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """303 See Other is an answer to check, not to follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any


class Client:
    """JSON over HTTP to the server, with the SOL Version header."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(_NoRedirect())

    def call(self, method: str, path: str, body: Any = None, *,
             ctype: str = "application/json", version: str | None = "2.0.0") -> Answer:
        data = None
        headers = {"Accept": "application/json"}
        if version:
            headers["Version"] = version
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = ctype
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers=headers)
        try:
            with self.opener.open(req, timeout=30) as resp:
                raw, status, hdrs = resp.read(), resp.status, dict(resp.headers)
        except urllib.error.HTTPError as exc:
            raw, status, hdrs = exc.read(), exc.code, dict(exc.headers)
        text = raw.decode() if raw else ""
        return Answer(status, {k.lower(): v for k, v in hdrs.items()},
                      json.loads(text) if text.strip() else None)

    def ok(self, method: str, path: str, body: Any = None, status: int = 200,
           **kw: Any) -> Answer:
        answer = self.call(method, path, body, **kw)
        assert answer.status == status, (method, path, answer)
        return answer


@pytest.fixture(scope="module")
def baton(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    root: Path = tmp_path_factory.mktemp("baton-lcm")
    with daemon.baton_server(root, "lcm-functional", {
        "conductor": {"sync_power_state_interval": 0, "heartbeat_interval": 2},
        "vnflcm_notifications": {"poll_interval": 0.1, "retry_initial_delay": 0.1,
                                 "retry_max_delay": 0.5},
    }) as running:
        yield Client(running.url)


def onboard(client: Client, sample: str = "basic_lcms_min") -> dict[str, Any]:
    csar, vnfd_id = build(sample)
    package = client.ok("POST", "/vnfpkgm/v1/vnf_packages", {}, 201, version=None).body
    client.ok("PUT", f"/vnfpkgm/v1/vnf_packages/{package['id']}/package_content", csar, 202,
              ctype="application/zip", version=None)
    deadline = time.monotonic() + 30
    while True:
        info: dict[str, Any] = client.ok(
            "GET", f"/vnfpkgm/v1/vnf_packages/{package['id']}", version=None).body
        if info["onboardingState"] == "ONBOARDED":
            assert info["vnfdId"] == vnfd_id
            assert info["operationalState"] == "ENABLED"  # usable once onboarded
            return info
        assert info["onboardingState"] != "ERROR", info
        assert time.monotonic() < deadline, info
        time.sleep(0.05)


def subscribe(client: Client, sub: Subscriber, **filters: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"callbackUri": sub.callback, "authentication": sub.authentication()}
    if filters:
        body["filter"] = filters
    created = client.ok("POST", f"{LCM}/subscriptions", body, 201)
    assert created.headers["version"] == "2.0.0"
    assert created.headers["location"] == f"{client.url}{LCM}/subscriptions/{created.body['id']}"
    assert "authentication" not in created.body
    again = client.call("POST", f"{LCM}/subscriptions", body)
    assert again.status == 303 and again.headers["location"] == created.headers["location"]
    result: dict[str, Any] = created.body
    return result


def wait_op(client: Client, op: str, timeout: float = 30.0) -> dict[str, Any]:
    """The occurrence ``op`` (its id or its URL) once it no longer runs."""
    path = f"{LCM}/vnf_lcm_op_occs/{op.rsplit('/', 1)[-1]}"
    deadline = time.monotonic() + timeout
    while True:
        op: dict[str, Any] = client.ok("GET", path).body
        if op["operationState"] not in ("STARTING", "PROCESSING", "ROLLING_BACK"):
            return op
        assert time.monotonic() < deadline, op
        time.sleep(0.05)


def task(client: Client, instance_id: str, name: str, body: dict[str, Any],
         state: str = "COMPLETED") -> dict[str, Any]:
    answer = client.ok("POST", f"{LCM}/vnf_instances/{instance_id}/{name}", body, 202)
    op = wait_op(client, answer.headers["location"])
    assert op["operationState"] == state, op
    return op


def _event(n: dict[str, Any]) -> tuple[str, ...]:
    if n["notificationType"] == "VnfLcmOperationOccurrenceNotification":
        return (n["operation"], n["operationState"])
    return (n["notificationType"],)


def _lcm_events(op: str, final: str = "COMPLETED") -> list[tuple[str, ...]]:
    return [(op, "STARTING"), (op, "PROCESSING"), (op, final)]


@pytest.mark.parametrize("auth", ["BASIC", "OAUTH2_CLIENT_CREDENTIALS"])
def test_whole_life_notified_in_order(baton: Client, auth: str) -> None:
    with running_subscriber(auth) as sub:
        subscription = subscribe(baton, sub)
        first, second = onboard(baton), onboard(baton)
        created = baton.ok("POST", f"{LCM}/vnf_instances",
                           {"vnfdId": first["vnfdId"], "vnfInstanceName": f"e2e-{auth}"}, 201)
        ident = created.body["id"]
        task(baton, ident, "instantiate", {
            "flavourId": "simple", "instantiationLevelId": "instantiation_level_1",
            "vimConnectionInfo": FAKE_VIM})
        task(baton, ident, "scale", {"type": "SCALE_OUT", "aspectId": "VDU1_scale"})
        task(baton, ident, "scale", {"type": "SCALE_IN", "aspectId": "VDU1_scale"})
        task(baton, ident, "heal", {"cause": "e2e"})
        ext = json.loads((SAMPLES / "change-ext-conn-request.json").read_text())
        ext["vimConnectionInfo"] = FAKE_VIM
        task(baton, ident, "change_ext_conn", ext)
        patch = baton.ok("PATCH", f"{LCM}/vnf_instances/{ident}",
                         {"vnfInstanceDescription": "modified"}, 202,
                         ctype="application/merge-patch+json")
        assert wait_op(baton, patch.headers["location"])["operationState"] == "COMPLETED"
        task(baton, ident, "change_vnfpkg", {"vnfdId": second["vnfdId"]})
        info = baton.ok("GET", f"{LCM}/vnf_instances/{ident}").body
        assert info["vnfdId"] == second["vnfdId"]
        assert info["vnfInstanceDescription"] == "modified"
        assert "vim-s3cret" not in json.dumps(info)
        task(baton, ident, "terminate", {"terminationType": "FORCEFUL"})
        baton.ok("DELETE", f"{LCM}/vnf_instances/{ident}", status=204)

        mine = [n for n in sub.wait_for(
            lambda got: any(n["notificationType"] == "VnfIdentifierDeletionNotification"
                            and n["vnfInstanceId"] == ident for n in got))
            if n["vnfInstanceId"] == ident]
        expected: list[tuple[str, ...]] = [("VnfIdentifierCreationNotification",)]
        for op in ("INSTANTIATE", "SCALE", "SCALE", "HEAL", "CHANGE_EXT_CONN", "MODIFY_INFO",
                   "CHANGE_VNFPKG", "TERMINATE"):
            expected += _lcm_events(op)
        expected.append(("VnfIdentifierDeletionNotification",))
        assert [_event(n) for n in mine] == expected
        assert all(n["subscriptionId"] == subscription["id"] for n in mine)
        assert sub.refused == 0
        if auth == "OAUTH2_CLIENT_CREDENTIALS":
            assert sub.token_requests >= 1
        baton.ok("DELETE", f"{LCM}/subscriptions/{subscription['id']}", status=204)


def _fail(method: str, times: int = 1) -> dict[str, Any]:
    return {"additionalParams": {"baton.fake": {"fail": {method: times}}}}


def _op_task(client: Client, op_id: str, name: str, status: int = 202) -> Answer:
    return client.ok("POST", f"{LCM}/vnf_lcm_op_occs/{op_id}/{name}", status=status)


def test_failure_paths_notified(baton: Client) -> None:
    with running_subscriber("BASIC") as sub:
        subscription = subscribe(baton, sub, operationStates=[
            "STARTING", "PROCESSING", "COMPLETED", "FAILED_TEMP", "FAILED", "ROLLING_BACK",
            "ROLLED_BACK"])
        package = onboard(baton)
        ident = baton.ok("POST", f"{LCM}/vnf_instances", {"vnfdId": package["vnfdId"]},
                         201).body["id"]
        # instantiate fails once: FAILED_TEMP, then retry completes it.
        op = task(baton, ident, "instantiate", {
            "flavourId": "simple", "vimConnectionInfo": FAKE_VIM, **_fail("instantiate")},
            state="FAILED_TEMP")
        assert op["error"]["detail"]
        conflict = baton.call("POST", f"{LCM}/vnf_instances/{ident}/instantiate",
                              {"flavourId": "simple", "vimConnectionInfo": FAKE_VIM})
        assert conflict.status == 409
        assert conflict.headers["content-type"] == "application/problem+json"
        _op_task(baton, op["id"], "retry")
        assert wait_op(baton, op["id"])["operationState"] == "COMPLETED"
        # scale out fails: rollback puts the VNFCs back.
        op = task(baton, ident, "scale", {"type": "SCALE_OUT", "aspectId": "VDU1_scale",
                                          **_fail("scale")}, state="FAILED_TEMP")
        _op_task(baton, op["id"], "rollback")
        assert wait_op(baton, op["id"])["operationState"] == "ROLLED_BACK"
        # heal keeps failing: fail ends it.
        op = task(baton, ident, "heal", _fail("heal", 9), state="FAILED_TEMP")
        failed = _op_task(baton, op["id"], "fail", status=200).body
        assert failed["operationState"] == "FAILED"
        assert _op_task(baton, op["id"], "retry", status=409).body["status"] == 409
        task(baton, ident, "terminate", {"terminationType": "FORCEFUL"})

        done = ("TERMINATE", "COMPLETED")
        mine = [_event(n) for n in sub.wait_for(
            lambda got: any(_event(n) == done and n["vnfInstanceId"] == ident for n in got))
            if n["vnfInstanceId"] == ident]
        assert mine == [
            ("VnfIdentifierCreationNotification",),
            ("INSTANTIATE", "STARTING"), ("INSTANTIATE", "PROCESSING"),
            ("INSTANTIATE", "FAILED_TEMP"), ("INSTANTIATE", "PROCESSING"),
            ("INSTANTIATE", "COMPLETED"),
            ("SCALE", "STARTING"), ("SCALE", "PROCESSING"), ("SCALE", "FAILED_TEMP"),
            ("SCALE", "ROLLING_BACK"), ("SCALE", "ROLLED_BACK"),
            ("HEAL", "STARTING"), ("HEAL", "PROCESSING"), ("HEAL", "FAILED_TEMP"),
            ("HEAL", "FAILED"),
            *_lcm_events("TERMINATE"),
        ]
        failed_temp = [n for n in sub.received if n.get("operationState") == "FAILED_TEMP"]
        assert all(n["notificationStatus"] == "RESULT" and n["error"]["detail"]
                   for n in failed_temp)
        baton.ok("DELETE", f"{LCM}/subscriptions/{subscription['id']}", status=204)
