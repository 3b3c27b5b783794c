"""Bare metal API microversions, negotiated as Ironic does.

A request names its version in ``OpenStack-API-Version: baremetal 1.X`` (preferred) or the
legacy ``X-OpenStack-Ironic-API-Version: 1.X``; ``latest`` means the maximum; no header
means the minimum. A version outside ``[MIN, MAX]`` or a malformed one answers 406. Every
response (errors included) carries the minimum, maximum and negotiated versions.

Only the minor number matters inside Baton (the major is always 1), so the negotiated version
is stored as an ``int`` on ``req.context.minor``.
"""

from __future__ import annotations

from typing import Any

import falcon

from baton import errors

__all__ = [
    "HEADER",
    "MAX_MINOR",
    "MAX_VERSION",
    "MIN_MINOR",
    "MIN_VERSION",
    "MicroversionMiddleware",
    "parse_version",
]

MIN_MINOR = 1
MAX_MINOR = 78
MIN_VERSION = f"1.{MIN_MINOR}"
MAX_VERSION = f"1.{MAX_MINOR}"

HEADER = "X-OpenStack-Ironic-API-Version"
MIN_HEADER = "X-OpenStack-Ironic-API-Minimum-Version"
MAX_HEADER = "X-OpenStack-Ironic-API-Maximum-Version"
STANDARD_HEADER = "OpenStack-API-Version"
SERVICE_TYPE = "baremetal"

# Precomputed response headers, one set per minor version.
_RESPONSE_HEADERS: dict[int, list[tuple[str, str]]] = {
    minor: [
        (MIN_HEADER, MIN_VERSION),
        (MAX_HEADER, MAX_VERSION),
        (HEADER, f"1.{minor}"),
        (STANDARD_HEADER, f"{SERVICE_TYPE} 1.{minor}"),
        ("Vary", f"{STANDARD_HEADER}, {HEADER}"),
    ]
    for minor in range(MIN_MINOR, MAX_MINOR + 1)
}
_RANGE_HEADERS = [(MIN_HEADER, MIN_VERSION), (MAX_HEADER, MAX_VERSION)]


def _requested(standard: str | None, legacy: str | None) -> str | None:
    if standard:
        for item in standard.split(","):
            parts = item.strip().split(None, 1)
            if len(parts) == 2 and parts[0].lower() == SERVICE_TYPE:
                return parts[1].strip()
    return legacy.strip() if legacy else None


def parse_version(standard: str | None, legacy: str | None) -> int:
    """The negotiated minor version for these header values; NotAcceptable when refused."""
    text = _requested(standard, legacy)
    if not text:
        return MIN_MINOR
    if text.lower() == "latest":
        return MAX_MINOR
    try:
        major_s, minor_s = text.split(".")
        major, minor = int(major_s), int(minor_s)
        if major_s.strip() != major_s or minor_s.strip() != minor_s or minor < 0:
            raise ValueError(text)
    except ValueError:
        raise errors.NotAcceptable(f"Invalid value for {HEADER} header") from None
    if major != 1:
        raise errors.NotAcceptable(
            f"Mutually exclusive versions requested. Version {text} requested but not "
            f"supported by this service. The supported version range is: "
            f"[{MIN_VERSION}, {MAX_VERSION}].")
    if not MIN_MINOR <= minor <= MAX_MINOR:
        raise errors.NotAcceptable(
            f"Version {text} was requested but the minor version is not supported by this "
            f"service. The supported version range is: [{MIN_VERSION}, {MAX_VERSION}].")
    return minor


class MicroversionMiddleware:
    """Negotiates the version of each request and stamps the version headers on responses."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        # Set first so that even a refused request's error response has a version.
        req.context.minor = None
        env = req.env
        req.context.minor = parse_version(
            env.get("HTTP_OPENSTACK_API_VERSION"),
            env.get("HTTP_X_OPENSTACK_IRONIC_API_VERSION"))

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any,
                         req_succeeded: bool) -> None:
        minor = req.context.get("minor")
        headers = _RESPONSE_HEADERS.get(minor) if minor is not None else None
        for name, value in headers if headers is not None else _RANGE_HEADERS:
            resp.set_header(name, value)
