"""``/vnflcm/v2/subscriptions``: Tacker's samples, 201 / 303, the callback test, secrets."""

from __future__ import annotations

from typing import Any

from api.sol.helpers import problem_of

from .helpers import BASE, Lcm, sample, subscriber


def _keys_like_sample(body: dict[str, Any], name: str) -> None:
    expected = sample(name)
    assert set(body) == set(expected)
    assert set(body["_links"]) == set(expected["_links"])


def test_create_show_list_delete(lcm: Lcm) -> None:
    with subscriber() as server:
        request = sample("create-subscription-request")
        request["callbackUri"] = server.url
        result = lcm.post("subscriptions", request)
        assert result.status_code == 201, result.text
        assert server.tests == 1       # the callback was tested with a GET
        created = result.json
        _keys_like_sample(created, "create-subscription-response")
        assert created["callbackUri"] == server.url
        assert created["verbosity"] == "FULL"
        href = f"http://falconframework.org{BASE}/subscriptions/{created['id']}"
        assert created["_links"]["self"]["href"] == href
        assert result.headers["location"] == href
        assert result.headers["version"] == "2.0.0"

        shown = lcm.get(f"subscriptions/{created['id']}")
        assert shown.status_code == 200
        assert shown.json == created
        _keys_like_sample(shown.json, "show-subscription-response")
        listed = lcm.get("subscriptions")
        assert listed.json == [created]
        assert [set(i) for i in listed.json] == [set(i) for i in
                                                 sample("list-subscription-response")]

        deleted = lcm.req("DELETE", f"subscriptions/{created['id']}")
        assert deleted.status_code == 204, deleted.text
        problem_of(lcm.get(f"subscriptions/{created['id']}"), 404)
        problem_of(lcm.req("DELETE", f"subscriptions/{created['id']}"), 404)


def test_duplicate_answers_303_with_the_existing_one(lcm: Lcm) -> None:
    with subscriber() as server:
        request = {"callbackUri": server.url,
                   "filter": {"operationTypes": ["INSTANTIATE"],
                              "notificationTypes": ["VnfLcmOperationOccurrenceNotification"]}}
        first = lcm.post("subscriptions", request)
        assert first.status_code == 201, first.text
        again = lcm.post("subscriptions", request)
        assert again.status_code == 303, again.text
        assert again.headers["location"] == first.headers["location"]
        assert not again.content
        # Another filter is another subscription.
        other = lcm.post("subscriptions", {"callbackUri": server.url})
        assert other.status_code == 201
        assert len(lcm.get("subscriptions").json) == 2
        filtered = lcm.get("subscriptions",
                           params={"filter": "(eq,filter/operationTypes,INSTANTIATE)"})
        assert [s["id"] for s in filtered.json] == [first.json["id"]]


def test_secrets_are_never_shown(lcm: Lcm) -> None:
    with subscriber() as server:
        request = {"callbackUri": server.url, "authentication": {
            "authType": ["BASIC"], "paramsBasic": {"userName": "u", "password": "hunter2"}}}
        result = lcm.post("subscriptions", request)
        assert result.status_code == 201, result.text
        for text in (result.text, lcm.get("subscriptions").text,
                     lcm.get(f"subscriptions/{result.json['id']}").text):
            assert "hunter2" not in text
            assert "authentication" not in text


def test_callback_that_fails_the_test(lcm: Lcm) -> None:
    with subscriber() as server:
        url = server.url
    # The server is gone: the callback test fails, nothing is created.
    body = problem_of(lcm.post("subscriptions", {"callbackUri": url}), 422)
    assert "127.0.0.1" in body["detail"]
    assert lcm.get("subscriptions").json == []


def test_bad_requests(lcm: Lcm) -> None:
    problem_of(lcm.post("subscriptions", {}), 400)
    problem_of(lcm.post("subscriptions", {"callbackUri": "not a uri"}), 400)
    body = problem_of(lcm.post("subscriptions", {
        "callbackUri": "http://127.0.0.1:9/", "authentication": {"authType": ["BASIC"]}}),
        400)
    assert "paramsBasic" in body["detail"]
    problem_of(lcm.post("subscriptions", {
        "callbackUri": "http://127.0.0.1:9/", "authentication": {
            "authType": ["OAUTH2_CLIENT_CREDENTIALS"],
            "paramsOauth2ClientCredentials": {"clientId": "c", "clientPassword": "p"}}}), 400)


def test_paging(lcm: Lcm) -> None:
    lcm.env.conf.set_override("sol_page_size", 2, group="api")
    lcm.client = lcm.env.fresh_client()
    with subscriber() as server:
        ids = []
        for n in range(3):
            result = lcm.post("subscriptions", {"callbackUri": f"{server.url}/{n}"})
            assert result.status_code == 201, result.text
            ids.append(result.json["id"])
        first = lcm.get("subscriptions")
        assert [s["id"] for s in first.json] == ids[:2]
        link = first.headers["link"]
        assert link.endswith('>; rel="next"') and f"nextpage_opaque_marker={ids[1]}" in link
        second = lcm.get("subscriptions", params={"nextpage_opaque_marker": ids[1]})
        assert [s["id"] for s in second.json] == ids[2:]
        assert "link" not in second.headers
