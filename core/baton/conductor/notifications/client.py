"""HTTP to subscribers: notifications (POST), the callback test (GET) and OAuth2 tokens.

Authentication follows the subscription's SOL013 SubscriptionAuthentication: BASIC sends
``paramsBasic`` as HTTP Basic credentials; OAUTH2_CLIENT_CREDENTIALS obtains an access token
from ``paramsOauth2ClientCredentials.tokenEndpoint`` (client credentials grant, the client
authenticated with HTTP Basic as RFC 6749 2.3.1 describes) and sends it as a Bearer token.
Tokens are cached until shortly before they expire, and dropped when a subscriber answers
401. Errors say what failed without any credential, and without the URI's userinfo or query.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
import urllib.parse
from collections.abc import Mapping
from typing import Any

import orjson
import urllib3
from oslo_config import cfg

__all__ = ["DeliveryError", "SubscriberClient", "TokenCache", "safe_url"]

#: The SOL003 VNF LCM API version notifications are written in.
API_VERSION = "2.0.0"


class DeliveryError(Exception):
    """A request to a subscriber or token endpoint failed; the message holds no secret."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def safe_url(uri: str) -> str:
    """``uri`` without userinfo, query or fragment: fit for logs and error messages."""
    try:
        parts = urllib.parse.urlsplit(uri)
        netloc = parts.netloc.rpartition("@")[2]
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "<invalid URI>"


def _basic(user: str, password: str) -> str:
    raw = f"{user}:{password}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _oauth2_params(authentication: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if not authentication:
        return None
    if "OAUTH2_CLIENT_CREDENTIALS" not in (authentication.get("authType") or []):
        return None
    params = authentication.get("paramsOauth2ClientCredentials")
    return params if isinstance(params, Mapping) else None


def _basic_params(authentication: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if not authentication or "BASIC" not in (authentication.get("authType") or []):
        return None
    params = authentication.get("paramsBasic")
    return params if isinstance(params, Mapping) else None


class TokenCache:
    """OAuth2 access tokens per (token endpoint, client id, secret), until they expire."""

    def __init__(self, http: urllib3.PoolManager, *, timeout: float, margin: float,
                 default_lifetime: float) -> None:
        self._http = http
        self._timeout = timeout
        self._margin = margin
        self._default_lifetime = default_lifetime
        self._tokens: dict[tuple[str, str, str], tuple[str, float]] = {}
        self._lock = threading.Lock()
        # One lock per credentials: a slow token endpoint holds up only its own clients.
        self._fetching: dict[tuple[str, str, str], threading.Lock] = {}

    @staticmethod
    def _key(params: Mapping[str, Any]) -> tuple[str, str, str]:
        secret = hashlib.sha256(str(params.get("clientPassword", "")).encode()).hexdigest()
        return str(params.get("tokenEndpoint", "")), str(params.get("clientId", "")), secret

    def get(self, params: Mapping[str, Any]) -> str:
        """A valid access token for these client credentials (cached, or fetched now)."""
        key = self._key(params)
        with self._lock:
            fetching = self._fetching.setdefault(key, threading.Lock())
        with fetching:
            with self._lock:
                cached = self._tokens.get(key)
            if cached is not None and cached[1] > time.monotonic():
                return cached[0]
            token, lifetime = self._fetch(params)
            expires = time.monotonic() + max(0.0, lifetime - self._margin)
            with self._lock:
                self._tokens[key] = (token, expires)
            return token

    def invalidate(self, params: Mapping[str, Any]) -> None:
        with self._lock:
            self._tokens.pop(self._key(params), None)

    def _fetch(self, params: Mapping[str, Any]) -> tuple[str, float]:
        endpoint = str(params.get("tokenEndpoint") or "")
        where = safe_url(endpoint)
        try:
            response = self._http.request(
                "POST", endpoint, body=b"grant_type=client_credentials",
                headers={"Content-Type": "application/x-www-form-urlencoded",
                         "Accept": "application/json",
                         "Authorization": _basic(str(params.get("clientId", "")),
                                                 str(params.get("clientPassword", "")))},
                timeout=self._timeout, retries=False, redirect=False)
        except (urllib3.exceptions.HTTPError, ValueError) as exc:
            raise DeliveryError(f"token endpoint {where} unreachable: "
                                f"{type(exc).__name__}") from exc
        if response.status != 200:
            raise DeliveryError(f"token endpoint {where} answered {response.status}",
                                status=response.status)
        try:
            doc = orjson.loads(response.data)
            token = str(doc["access_token"])
            lifetime = float(doc.get("expires_in") or self._default_lifetime)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise DeliveryError(f"token endpoint {where} gave no access token") from exc
        return token, lifetime


class SubscriberClient:
    """Sends notifications and callback tests with a subscription's authentication."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        opts = conf.vnflcm_notifications
        kwargs: dict[str, Any] = {"num_pools": 32, "maxsize": 4}
        if not opts.verify_tls:
            kwargs["cert_reqs"] = "CERT_NONE"
        elif opts.ca_file:
            kwargs["ca_certs"] = opts.ca_file
        self.timeout = float(opts.request_timeout)
        self.http = urllib3.PoolManager(**kwargs)
        self.tokens = TokenCache(self.http, timeout=self.timeout,
                                 margin=float(opts.token_expiry_margin),
                                 default_lifetime=float(opts.default_token_lifetime))

    def _auth_header(self, authentication: Mapping[str, Any] | None) -> dict[str, str]:
        oauth2 = _oauth2_params(authentication)
        if oauth2 is not None:
            return {"Authorization": f"Bearer {self.tokens.get(oauth2)}"}
        basic = _basic_params(authentication)
        if basic is not None:
            return {"Authorization": _basic(str(basic.get("userName", "")),
                                            str(basic.get("password", "")))}
        return {}

    def _request(self, method: str, uri: str, authentication: Mapping[str, Any] | None,
                 body: bytes | None = None) -> int:
        headers = {"Accept": "application/json", "Version": API_VERSION}
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            all_headers = {**headers, **self._auth_header(authentication)}
            try:
                response = self.http.request(method, uri, body=body, headers=all_headers,
                                             timeout=self.timeout, retries=False,
                                             redirect=False)
            except (urllib3.exceptions.HTTPError, ValueError) as exc:
                raise DeliveryError(f"{safe_url(uri)} unreachable: "
                                    f"{type(exc).__name__}") from exc
            oauth2 = _oauth2_params(authentication)
            if response.status == 401 and oauth2 is not None and attempt == 0:
                self.tokens.invalidate(oauth2)  # expired or revoked early: once more
                continue
            return int(response.status)
        return 401

    def notify(self, uri: str, body: Mapping[str, Any],
               authentication: Mapping[str, Any] | None) -> None:
        """POST a notification; any 2xx is delivered, anything else a DeliveryError."""
        status = self._request("POST", uri, authentication, orjson.dumps(body))
        if not 200 <= status < 300:
            raise DeliveryError(f"{safe_url(uri)} answered {status}", status=status)

    def test(self, uri: str, authentication: Mapping[str, Any] | None) -> None:
        """The SOL013 callback test: a GET that must answer 204 No Content."""
        status = self._request("GET", uri, authentication)
        if status != 204:
            raise DeliveryError(f"GET {safe_url(uri)} answered {status}, not 204",
                                status=status)

    def close(self) -> None:
        self.http.clear()
