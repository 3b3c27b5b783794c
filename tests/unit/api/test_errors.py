"""Error bodies: Ironic's shape for every 4xx/5xx, including falcon's own."""

from __future__ import annotations

import logging

import falcon
import falcon.testing
import pytest

from baton import errors
from baton.api import errors as api_errors

from .conftest import Env, fault


def test_unknown_route_404(env: Env) -> None:
    result = env.get("/v1/nothing-here")
    assert result.status_code == 404
    assert fault(result)["faultstring"] == "The resource could not be found."


def test_method_not_allowed_405(env: Env) -> None:
    result = env.req("DELETE", "/v1/nodes")
    assert result.status_code == 405
    fault(result)


def test_malformed_json_400(env: Env) -> None:
    result = env.client.simulate_post("/v1/nodes", body="{not json",
                                      headers={"Content-Type": "application/json"})
    assert result.status_code == 400
    assert "JSON" in fault(result)["faultstring"]


def test_body_too_large_413(env: Env) -> None:
    env.conf.set_override("max_body_size", 1024, group="api")
    result = env.fresh_client().simulate_post(
        "/v1/nodes", body="x" * 5000, headers={"Content-Type": "application/json"})
    assert result.status_code == 413
    fault(result)


def test_baton_error_status_and_headers() -> None:
    app = falcon.App()
    api_errors.install(app)

    class Busy:
        def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
            raise errors.NoFreeConductorWorker()

    app.add_route("/busy", Busy())
    result = falcon.testing.TestClient(app).simulate_get("/busy")
    assert result.status_code == 503
    assert result.headers["Retry-After"] == "1"
    assert fault(result)["faultcode"] == "Server"


def test_unknown_exception_is_500_without_internals(caplog: pytest.LogCaptureFixture) -> None:
    app = falcon.App()
    api_errors.install(app)

    class Boom:
        def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
            raise RuntimeError("secret internal detail")

    app.add_route("/boom", Boom())
    with caplog.at_level(logging.ERROR):
        result = falcon.testing.TestClient(app).simulate_get("/boom")
    assert result.status_code == 500
    inner = fault(result)
    assert "secret" not in result.text
    assert inner["faultstring"] == "Internal Server Error"
    assert any(r.exc_info for r in caplog.records)


def test_status_override() -> None:
    app = falcon.App()
    api_errors.install(app)

    class Moved:
        def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
            api_errors.reraise_with_status(errors.NoValidHost(reason="none"), 400)

    app.add_route("/x", Moved())
    result = falcon.testing.TestClient(app).simulate_get("/x")
    assert result.status_code == 400
    assert "No valid host" in fault(result)["faultstring"]
