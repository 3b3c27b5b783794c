"""The bare metal API as a falcon WSGI app: ``create_app(conf, db=..., rpc=...)``.

Every route is served under ``/v1`` and, as Ironic does for its bookmark links, without it.
The ETSI NFV SOL APIs (``/vnfpkgm/v1``...) are mounted beside it (:mod:`baton.api.sol`).
"""

from __future__ import annotations

from typing import Any

import falcon
from oslo_config import cfg

from baton.api import errors, media
from baton.api.microversion import MicroversionMiddleware
from baton.api.sol import mount as sol
from baton.api.v1 import (
    chassis,
    conductors,
    drivers,
    node_history,
    node_management,
    node_states,
    node_traits,
    node_vifs,
    nodes,
    portgroups,
    ports,
    ramdisk,
    root,
    volume,
)
from baton.api.v1.deps import Deps, HashRingLike
from baton.db.engine import Database
from baton.rpc.conductor_api import ConductorAPI

__all__ = ["create_app"]


class RequestContextMiddleware:
    """Puts what every resource needs on ``req.context``: the public URL and body limit."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        endpoint = conf.api.public_endpoint
        self.public_endpoint: str | None = endpoint.rstrip("/") if endpoint else None
        self.max_body_size: int = conf.api.max_body_size

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        ctx = req.context
        ctx.public_url = self.public_endpoint or req.prefix
        ctx.max_body_size = self.max_body_size


def _node_routes(deps: Deps) -> list[tuple[str, Any]]:
    n = "/nodes/{node_ident}"
    return [
        ("/nodes", nodes.NodeCollection(deps)),
        ("/nodes/detail", nodes.NodeDetail(deps)),
        ("/nodes/validate", node_management.NodeValidate(deps)),
        (n, nodes.NodeItem(deps)),
        (f"{n}/validate", node_management.NodeValidate(deps)),
        (f"{n}/states", node_states.NodeStates(deps)),
        (f"{n}/states/power", node_states.NodePower(deps)),
        (f"{n}/states/provision", node_states.NodeProvision(deps)),
        (f"{n}/states/raid", node_states.NodeRaid(deps)),
        (f"{n}/states/console", node_states.NodeConsole(deps)),
        (f"{n}/management/boot_device", node_management.NodeBootDevice(deps)),
        (f"{n}/management/boot_device/supported",
         node_management.NodeSupportedBootDevices(deps)),
        (f"{n}/management/inject_nmi", node_management.NodeInjectNmi(deps)),
        (f"{n}/maintenance", node_management.NodeMaintenance(deps)),
        (f"{n}/vendor_passthru", node_management.NodeVendorPassthru(deps)),
        (f"{n}/vendor_passthru/methods", node_management.NodeVendorMethods(deps)),
        (f"{n}/vendor_passthru/{{method}}", node_management.NodeVendorPassthru(deps)),
        (f"{n}/traits", node_traits.NodeTraits(deps)),
        (f"{n}/traits/{{trait}}", node_traits.NodeTrait(deps)),
        (f"{n}/vifs", node_vifs.NodeVifs(deps)),
        (f"{n}/vifs/{{vif_id}}", node_vifs.NodeVif(deps)),
        (f"{n}/history", node_history.NodeHistory(deps)),
        (f"{n}/history/{{event}}", node_history.NodeHistoryEvent(deps)),
        (f"{n}/ports", ports.NodePorts(deps)),
        (f"{n}/ports/detail", ports.NodePorts(deps, detail=True)),
        (f"{n}/portgroups", portgroups.NodePortgroups(deps)),
        (f"{n}/portgroups/detail", portgroups.NodePortgroups(deps, detail=True)),
        (f"{n}/volume", volume.VolumeRoot(deps)),
        (f"{n}/volume/connectors", volume.VolumeCollection(deps, volume.CONNECTORS)),
        (f"{n}/volume/targets", volume.VolumeCollection(deps, volume.TARGETS)),
    ]


def _other_routes(deps: Deps) -> list[tuple[str, Any]]:
    return [
        ("/ports", ports.PortCollection(deps)),
        ("/ports/detail", ports.PortDetail(deps)),
        ("/ports/{port_ident}", ports.PortItem(deps)),
        ("/portgroups", portgroups.PortgroupCollection(deps)),
        ("/portgroups/detail", portgroups.PortgroupDetail(deps)),
        ("/portgroups/{portgroup_ident}", portgroups.PortgroupItem(deps)),
        ("/portgroups/{portgroup_ident}/ports", ports.PortgroupPorts(deps)),
        ("/portgroups/{portgroup_ident}/ports/detail", ports.PortgroupPorts(deps, detail=True)),
        ("/volume", volume.VolumeRoot(deps)),
        ("/volume/connectors", volume.VolumeCollection(deps, volume.CONNECTORS)),
        ("/volume/connectors/{ident}", volume.VolumeItem(deps, volume.CONNECTORS)),
        ("/volume/targets", volume.VolumeCollection(deps, volume.TARGETS)),
        ("/volume/targets/{ident}", volume.VolumeItem(deps, volume.TARGETS)),
        ("/drivers", drivers.DriverCollection(deps)),
        ("/drivers/{driver_name}", drivers.DriverItem(deps)),
        ("/drivers/{driver_name}/properties", drivers.DriverProperties(deps)),
        ("/drivers/{driver_name}/raid/logical_disk_properties",
         drivers.DriverRaidProperties(deps)),
        ("/drivers/{driver_name}/vendor_passthru", drivers.DriverVendorPassthru(deps)),
        ("/drivers/{driver_name}/vendor_passthru/methods", drivers.DriverVendorMethods(deps)),
        ("/drivers/{driver_name}/vendor_passthru/{method}",
         drivers.DriverVendorPassthru(deps)),
        ("/lookup", ramdisk.Lookup(deps)),
        ("/heartbeat/{node_ident}", ramdisk.Heartbeat(deps)),
        ("/conductors", conductors.ConductorCollection(deps)),
        ("/conductors/{hostname}", conductors.ConductorItem(deps)),
        ("/chassis", chassis.ChassisCollection(deps)),
        ("/chassis/detail", chassis.ChassisDetail(deps)),
        ("/chassis/{chassis_uuid}", chassis.ChassisItem(deps)),
        ("/chassis/{chassis_uuid}/nodes", chassis.ChassisNodes(deps)),
        ("/chassis/{chassis_uuid}/nodes/detail", chassis.ChassisNodes(deps, detail=True)),
    ]


def create_app(conf: cfg.ConfigOpts, *, db: Database, rpc: ConductorAPI,
               hash_ring: HashRingLike | None = None
               ) -> falcon.App[falcon.Request, falcon.Response]:
    """The bare metal API (Ironic v1, microversions 1.1 to 1.78) over ``db`` and ``rpc``.

    ``hash_ring`` names the conductor of each node (the ``conductor`` field); the RPC
    client's ring is used when None.
    """
    ring = hash_ring if hash_ring is not None else getattr(rpc, "hash_ring", None)
    deps = Deps.build(conf, db, rpc, ring)
    middleware: list[Any] = [RequestContextMiddleware(conf),
                             sol.OutsideSol(MicroversionMiddleware())]
    app: falcon.App[falcon.Request, falcon.Response] = falcon.App(middleware=middleware)
    app.req_options.strip_url_path_trailing_slash = True
    app.req_options.auto_parse_qs_csv = False
    app.req_options.keep_blank_qs_values = False
    app.req_options.media_handlers.update(media.handlers())
    app.resp_options.media_handlers.update(media.handlers())
    errors.install(app)
    sol.install(app, conf, db=db, rpc=rpc)
    app.add_route("/", root.Root())
    app.add_route("/v1", root.V1())
    for path, resource in _node_routes(deps) + _other_routes(deps):
        app.add_route("/v1" + path, resource)
        app.add_route(path, resource)
    return app
