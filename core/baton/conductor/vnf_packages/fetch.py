"""``upload_from_uri``: fetch a VNF package over HTTP(S) into the package store.

Only ``http`` and ``https`` addresses (and redirects to them) are followed. The fetch is
bounded in size (``Content-Length`` checked first, then every byte counted) and in time
(the socket timeout, and a deadline for the whole transfer). Basic auth credentials go in
an unredirected header, so a redirect never carries them to another host, and are never
logged nor kept: errors name the address without them.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Any, BinaryIO, cast

from baton import errors
from baton.interfaces.package_store import PackageStore

__all__ = ["check_address", "fetch_into_store"]

_SCHEMES = ("http", "https")


def check_address(address: Any) -> str:
    """``address`` if it is an http(s) URL with a host; InvalidParameterValue otherwise."""
    if not isinstance(address, str) or not address:
        raise errors.InvalidParameterValue(err="addressInformation must be a URL")
    parsed = urllib.parse.urlsplit(address)
    if parsed.scheme.lower() not in _SCHEMES or not parsed.hostname:
        raise errors.InvalidParameterValue(
            err=f"addressInformation must be an http or https URL, not {_safe(address)}")
    return address


def _safe(address: str) -> str:
    """``address`` without any user:password part."""
    parsed = urllib.parse.urlsplit(address)
    if parsed.username is None and parsed.password is None:
        return address
    netloc = parsed.hostname or ""
    if parsed.port:
        netloc = f"{netloc}:{parsed.port}"
    return urllib.parse.urlunsplit(parsed._replace(netloc=netloc))


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int,
                         msg: str, headers: Any, newurl: str) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in _SCHEMES:
            raise errors.PackageFetchFailed(address=_safe(req.full_url),
                                            reason=f"redirected to a non-HTTP URL "
                                                   f"{_safe(newurl)}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Bounded:
    """Reads a response until a deadline; the store counts the bytes (``max_size``)."""

    def __init__(self, response: BinaryIO, deadline: float, address: str) -> None:
        self._response = response
        self._deadline = deadline
        self._address = address

    def read(self, size: int = -1) -> bytes:
        if time.monotonic() > self._deadline:
            raise errors.PackageFetchFailed(address=self._address,
                                            reason="the transfer took too long")
        return self._response.read(size)


def fetch_into_store(store: PackageStore, address: str, *, max_size: int, timeout: float,
                     user_name: str | None = None, password: str | None = None) -> str:
    """Fetch ``address`` into ``store``; answer the content reference.

    :raises PackageFetchFailed: the server could not be reached, answered an error, was
        too slow, or the address is not http(s).
    :raises PackageTooLarge: the package is larger than ``max_size``.
    """
    safe = _safe(check_address(address))
    request = urllib.request.Request(address, headers={"Accept": "application/zip, */*"})
    if user_name is not None:
        token = base64.b64encode(f"{user_name}:{password or ''}".encode()).decode()
        request.add_unredirected_header("Authorization", f"Basic {token}")
    opener = urllib.request.build_opener(_Redirects())
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > max_size:
                raise errors.PackageTooLarge(limit=max_size)
            reader = cast(BinaryIO, _Bounded(response, deadline, safe))
            return store.put(reader, max_size=max_size)
    except urllib.error.HTTPError as exc:
        raise errors.PackageFetchFailed(address=safe,
                                        reason=f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise errors.PackageFetchFailed(address=safe, reason=str(exc.reason)) from None
    except (TimeoutError, OSError) as exc:
        raise errors.PackageFetchFailed(address=safe,
                                        reason=f"{type(exc).__name__}: {exc}") from None
