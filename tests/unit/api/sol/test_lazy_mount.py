"""The SOL resources are added on the first SOL request, by whichever thread comes first."""

from __future__ import annotations

import threading

import falcon.testing

from api.conftest import Env


def test_first_requests_from_many_threads_are_all_served(env: Env) -> None:
    client = env.fresh_client()
    results: list[int] = []
    lock = threading.Lock()

    def first_request(path: str, headers: dict[str, str]) -> None:
        status = client.simulate_get(path, headers=headers).status_code
        with lock:
            results.append(status)

    threads = [threading.Thread(target=first_request, args=args) for args in (
        [("/vnfpkgm/v1/vnf_packages", {})] * 4
        + [("/vnflcm/v2/vnf_instances", {"Version": "2.0.0"})] * 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 8


def test_unknown_sol_paths_are_problem_details(env: Env) -> None:
    client: falcon.testing.TestClient = env.fresh_client()
    result = client.simulate_get("/vnflcm/v2/no_such_thing", headers={"Version": "2.0.0"})
    assert result.status_code == 404
    assert result.headers["content-type"] == "application/problem+json"
    assert result.json["status"] == 404
    # The bare-metal API is not touched by the SOL sink.
    assert client.simulate_get("/v1").status_code == 200
    assert client.simulate_get("/vnflcmx").status_code == 404
