"""HTTP to subscribers over real loopback servers: BASIC, OAuth2 with a cached token,
a fresh token after a 401, errors without secrets."""

from __future__ import annotations

import base64

import pytest
from oslo_config import cfg

from baton.conductor.notifications.client import DeliveryError, SubscriberClient, safe_url

from .servers import Subscriber, TokenEndpoint


def _oauth2(token_endpoint: TokenEndpoint, secret: str = "s3cret-client") -> dict[str, object]:
    return {"authType": ["OAUTH2_CLIENT_CREDENTIALS"],
            "paramsOauth2ClientCredentials": {"clientId": "client-1", "clientPassword": secret,
                                              "tokenEndpoint": token_endpoint.url}}


def test_basic_auth_post(conf: cfg.ConfigOpts, subscriber: Subscriber) -> None:
    expected = "Basic " + base64.b64encode(b"user:pa55word").decode()
    subscriber.expect_auth = lambda header: header == expected
    client = SubscriberClient(conf)
    auth = {"authType": ["BASIC"], "paramsBasic": {"userName": "user", "password": "pa55word"}}
    client.notify(subscriber.url, {"id": "n1"}, auth)
    (received,) = subscriber.posts()
    assert received.body == {"id": "n1"} and received.status == 204
    assert received.headers["Content-Type"] == "application/json"
    assert received.headers["Version"] == "2.0.0"
    with pytest.raises(DeliveryError) as info:
        client.notify(subscriber.url, {"id": "n2"},
                      {"authType": ["BASIC"], "paramsBasic": {"userName": "user",
                                                              "password": "wrong-pw"}})
    assert info.value.status == 401
    assert "wrong-pw" not in str(info.value)


def test_oauth2_token_is_cached_and_renewed_after_401(
        conf: cfg.ConfigOpts, subscriber: Subscriber, token_endpoint: TokenEndpoint) -> None:
    subscriber.expect_auth = token_endpoint.valid
    client = SubscriberClient(conf)
    auth = _oauth2(token_endpoint)
    for n in range(3):
        client.notify(subscriber.url, {"id": n}, auth)
    assert token_endpoint.requests == 1
    assert [r.headers["Authorization"] for r in subscriber.posts()] == ["Bearer tok-1"] * 3
    token_endpoint.revoke_all()
    client.notify(subscriber.url, {"id": 3}, auth)  # 401, new token, success
    assert token_endpoint.requests == 2
    assert subscriber.posts()[-1].headers["Authorization"] == "Bearer tok-2"
    assert len(subscriber.delivered()) == 4


def test_oauth2_token_expiry_margin(tmp_path: object, subscriber: Subscriber) -> None:
    from .conftest import notify_conf

    endpoint = TokenEndpoint("client-1", "s3cret-client", lifetime=31)
    try:
        client = SubscriberClient(notify_conf(tmp_path, token_expiry_margin=31))  # type: ignore[arg-type]
        client.notify(subscriber.url, {}, _oauth2(endpoint))
        client.notify(subscriber.url, {}, _oauth2(endpoint))
        assert endpoint.requests == 2  # expires_in - margin <= 0: never reused
    finally:
        endpoint.stop()


def test_bad_client_secret_is_not_in_the_error(
        conf: cfg.ConfigOpts, subscriber: Subscriber, token_endpoint: TokenEndpoint) -> None:
    client = SubscriberClient(conf)
    with pytest.raises(DeliveryError) as info:
        client.notify(subscriber.url, {}, _oauth2(token_endpoint, secret="not-the-secret"))
    assert "answered 401" in str(info.value) and "not-the-secret" not in str(info.value)
    assert subscriber.posts() == []


def test_test_get_wants_204(conf: cfg.ConfigOpts, subscriber: Subscriber) -> None:
    client = SubscriberClient(conf)
    client.test(subscriber.url, None)
    subscriber.answers.append(200)
    with pytest.raises(DeliveryError, match="answered 200, not 204"):
        client.test(subscriber.url, None)
    assert [r.method for r in subscriber.received] == ["GET", "GET"]


def test_unreachable_and_safe_url(conf: cfg.ConfigOpts, subscriber: Subscriber) -> None:
    url = subscriber.url.replace("http://", "http://user:pw@") + "?token=abc"
    subscriber.stop()
    with pytest.raises(DeliveryError) as info:
        SubscriberClient(conf).notify(url, {}, None)
    assert "unreachable" in str(info.value)
    assert "pw" not in str(info.value) and "abc" not in str(info.value)
    assert safe_url(url) == subscriber.url
