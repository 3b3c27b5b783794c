"""The version documents: ``/`` (all versions) and ``/v1`` (the v1 resources)."""

from __future__ import annotations

from typing import Any

import falcon

from baton.api.media import set_json
from baton.api.microversion import MAX_VERSION, MIN_VERSION
from baton.api.v1 import common

__all__ = ["Root", "V1"]

# v1 resources shown from a microversion on (as Ironic's VERSIONED_CONTROLLERS).
_VERSIONED = (("portgroups", 23), ("volume", 32), ("conductors", 49))


def _version(url: str) -> dict[str, Any]:
    return {
        "id": "v1",
        "links": [{"href": f"{url}/v1/", "rel": "self"}],
        "status": "CURRENT",
        "min_version": MIN_VERSION,
        "version": MAX_VERSION,
    }


class Root:
    """``GET /``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        url = req.context.public_url
        set_json(resp, {
            "name": "OpenStack Ironic API",
            "description": "Ironic is an OpenStack project which enables the provision and "
                           "management of baremetal machines.",
            "default_version": _version(url),
            "versions": [_version(url)],
        })


class V1:
    """``GET /v1``."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        url = req.context.public_url
        body: dict[str, Any] = {
            "id": "v1",
            "links": [
                {"href": f"{url}/v1/", "rel": "self"},
                {"href": "https://docs.openstack.org/ironic/latest/contributor/webapi.html",
                 "rel": "describedby", "type": "text/html"},
            ],
            "media_types": {"base": "application/json",
                            "type": "application/vnd.openstack.ironic.v1+json"},
            "chassis": common.resource_links(url, "chassis"),
            "nodes": common.resource_links(url, "nodes"),
            "ports": common.resource_links(url, "ports"),
            "drivers": common.resource_links(url, "drivers"),
            "version": _version(url),
        }
        mv = common.minor(req)
        for name, wanted in _VERSIONED:
            if mv >= wanted:
                body[name] = common.resource_links(url, name)
        set_json(resp, body)
