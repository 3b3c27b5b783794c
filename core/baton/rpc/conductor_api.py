"""The conductor RPC API as the API process sees it.

Every method resolves the conductor that serves the call (its topic: the hostname the hash
ring maps the node, or the hardware type, to), then calls through the transport:

- ``rpc_transport = none``: the conductor runs in this process; the call goes straight to
  ``local_manager`` (no routing, no serialisation, no extra database read).
- ``rpc_transport = json-rpc``: a JSON-RPC POST to the conductor's ``rpc_address`` from the
  ``conductors`` table, capped at the version it advertises (``rpc_version``): a method
  needing more raises :class:`~baton.errors.RPCVersionMismatch` without being sent.

Node methods accept ``topic=`` when the caller already knows it (it read the node and asked
:meth:`ConductorAPI.get_topic_for`), which saves the routing read.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import (
    NodeRepository,
    PortgroupRepository,
    PortRepository,
    VolumeConnectorRepository,
    VolumeTargetRepository,
)
from baton.engine.hash_ring import HashRing
from baton.rpc import versions
from baton.rpc.jsonrpc_client import JSONRPCClient
from baton.rpc.provision_api import ProvisionAPI
from baton.rpc.vnf_package_api import VnfPackageAPI
from baton.rpc.vnflcm_api import VnfLcmAPI

__all__ = ["ConductorAPI"]


class ConductorAPI(ProvisionAPI, VnfPackageAPI, VnfLcmAPI):
    """Client of the conductor RPC API.

    :param conf: reads ``rpc_transport`` and ``[json_rpc] timeout``.
    :param db: for routing reads (node of a port, ...).
    :param hash_ring: the hash ring (one is built when None).
    :param local_manager: the in-process conductor manager (``rpc_transport = none``).
    """

    RPC_API_VERSION = versions.RPC_API_VERSION

    def __init__(self, conf: cfg.ConfigOpts, db: Database, hash_ring: HashRing | None = None,
                 *, local_manager: Any | None = None) -> None:
        self.conf = conf
        self.db = db
        self.hash_ring = hash_ring if hash_ring is not None else HashRing(conf, db)
        self.local_manager = local_manager
        self.in_process = conf.rpc_transport == "none"
        self.client = JSONRPCClient(timeout=conf.json_rpc.timeout)
        self._nodes = NodeRepository(db)
        self._children: dict[str, Any] = {
            "port": PortRepository(db),
            "portgroup": PortgroupRepository(db),
            "volume_connector": VolumeConnectorRepository(db),
            "volume_target": VolumeTargetRepository(db),
        }

    # -- routing -------------------------------------------------------------------------
    def get_topic_for(self, node: Mapping[str, Any]) -> str:
        """The conductor serving ``node`` (a node dict); NoValidHost when none."""
        return self.hash_ring.get_topic_for(node)

    def get_topic_for_driver(self, driver: str) -> str:
        """A conductor that loaded hardware type ``driver``; DriverNotFound when none."""
        return self.hash_ring.get_topic_for_driver(driver)

    def _node_topic(self, node_id: str, topic: str | None) -> str | None:
        if topic is not None or self.in_process:
            return topic
        return self.get_topic_for(self._nodes.get(node_id))

    def _node_id_topic(self, node_id: Any, topic: str | None) -> str | None:
        if topic is not None or self.in_process:
            return topic
        if isinstance(node_id, int):
            return self.get_topic_for(self._nodes.get_by_id(node_id))
        return self._node_topic(str(node_id), None)

    def _child_topic(self, kind: str, ident: str, topic: str | None) -> str | None:
        if topic is not None or self.in_process:
            return topic
        child = self._children[kind].get(ident)
        return self._node_id_topic(int(child["node_id"]), None)

    def _values_topic(self, values: Mapping[str, Any], topic: str | None) -> str | None:
        if topic is not None or self.in_process:
            return topic
        if values.get("node_uuid") is not None:
            return self._node_topic(str(values["node_uuid"]), None)
        if values.get("node_id") is None:
            raise errors.MissingParameterValue(err="A node is required (node_uuid).")
        return self._node_id_topic(values["node_id"], None)

    def _driver_topic(self, driver: str, topic: str | None) -> str | None:
        if topic is not None or self.in_process:
            return topic
        return self.get_topic_for_driver(driver)

    # -- transport -----------------------------------------------------------------------
    def call(self, topic: str | None, method: str, /, **params: Any) -> Any:
        """Call ``method(**params)`` on the conductor ``topic`` (ignored in-process)."""
        wanted = versions.METHODS.get(method)
        if wanted is None:
            raise errors.RPCError(reason=f"unknown RPC method {method}")
        if self.in_process:
            if self.local_manager is None:
                raise errors.RPCError(
                    reason="rpc_transport is none but no conductor runs in this process")
            return getattr(self.local_manager, method)(**params)
        if topic is None:
            raise errors.RPCError(reason=f"no conductor to send {method} to")
        conductor = self.hash_ring.get_conductor(topic)
        served = versions.cap(self.RPC_API_VERSION, conductor.get("rpc_version"))
        versions.check_served(topic, served, wanted)
        address = conductor.get("rpc_address")
        if not address:
            raise errors.TemporaryFailure(
                message=f"Conductor {topic} does not accept RPC calls (no rpc_address).")
        return self.client.call(address, method, params, version=wanted)

    # -- nodes ---------------------------------------------------------------------------
    def create_node(self, values: Mapping[str, Any], *, topic: str | None = None
                    ) -> dict[str, Any]:
        values = dict(values)
        if not self.in_process and topic is None:
            values.setdefault("uuid", str(uuidlib.uuid4()))
            topic = self.get_topic_for(values)
        result: dict[str, Any] = self.call(topic, "create_node", values=values)
        return result

    def update_node(self, node_id: str, values: Mapping[str, Any], *,
                    reset_interfaces: bool = False, topic: str | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {"node_id": node_id, "values": dict(values)}
        if reset_interfaces:
            params["reset_interfaces"] = True
        result: dict[str, Any] = self.call(self._node_topic(node_id, topic), "update_node",
                                           **params)
        return result

    def destroy_node(self, node_id: str, *, topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "destroy_node", node_id=node_id)

    def change_node_power_state(self, node_id: str, target: str, timeout: int | None = None,
                                *, topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "change_node_power_state",
                  node_id=node_id, target=target, timeout=timeout)

    # -- management ----------------------------------------------------------------------
    def get_boot_device(self, node_id: str, *, topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._node_topic(node_id, topic), "get_boot_device",
                                           node_id=node_id)
        return result

    def set_boot_device(self, node_id: str, device: str, persistent: bool = False, *,
                        topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "set_boot_device", node_id=node_id,
                  device=device, persistent=persistent)

    def get_supported_boot_devices(self, node_id: str, *,
                                   topic: str | None = None) -> list[str]:
        result: list[str] = self.call(self._node_topic(node_id, topic),
                                      "get_supported_boot_devices", node_id=node_id)
        return result

    def inject_nmi(self, node_id: str, *, topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "inject_nmi", node_id=node_id)

    def validate_driver_interfaces(self, node_id: str, *,
                                   topic: str | None = None) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = self.call(
            self._node_topic(node_id, topic), "validate_driver_interfaces", node_id=node_id)
        return result

    def set_console_mode(self, node_id: str, enabled: bool, *,
                         topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "set_console_mode", node_id=node_id,
                  enabled=enabled)

    def get_console_information(self, node_id: str, *,
                                topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._node_topic(node_id, topic),
                                           "get_console_information", node_id=node_id)
        return result

    def set_target_raid_config(self, node_id: str, config: Mapping[str, Any], *,
                               topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "set_target_raid_config",
                  node_id=node_id, config=dict(config))

    def get_raid_logical_disk_properties(self, driver: str, *,
                                         topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._driver_topic(driver, topic),
                                           "get_raid_logical_disk_properties", driver=driver)
        return result

    def get_driver_properties(self, driver: str, *, topic: str | None = None
                              ) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._driver_topic(driver, topic),
                                           "get_driver_properties", driver=driver)
        return result

    # -- vendor passthru -----------------------------------------------------------------
    def vendor_passthru(self, node_id: str, method: str, http_method: str,
                        info: Mapping[str, Any], *, topic: str | None = None
                        ) -> dict[str, Any]:
        result: dict[str, Any] = self.call(
            self._node_topic(node_id, topic), "vendor_passthru", node_id=node_id,
            method=method, http_method=http_method, info=dict(info))
        return result

    def driver_vendor_passthru(self, driver: str, method: str, http_method: str,
                               info: Mapping[str, Any], *, topic: str | None = None
                               ) -> dict[str, Any]:
        result: dict[str, Any] = self.call(
            self._driver_topic(driver, topic), "driver_vendor_passthru", driver=driver,
            method=method, http_method=http_method, info=dict(info))
        return result

    def get_node_vendor_passthru_methods(self, node_id: str, *, topic: str | None = None
                                         ) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._node_topic(node_id, topic),
                                           "get_node_vendor_passthru_methods", node_id=node_id)
        return result

    def get_driver_vendor_passthru_methods(self, driver: str, *, topic: str | None = None
                                           ) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._driver_topic(driver, topic),
                                           "get_driver_vendor_passthru_methods", driver=driver)
        return result

    # -- VIFs ----------------------------------------------------------------------------
    def vif_attach(self, node_id: str, vif_info: Mapping[str, Any], *,
                   topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "vif_attach", node_id=node_id,
                  vif_info=dict(vif_info))

    def vif_detach(self, node_id: str, vif_id: str, *, topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "vif_detach", node_id=node_id,
                  vif_id=vif_id)

    def vif_list(self, node_id: str, *, topic: str | None = None) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.call(self._node_topic(node_id, topic), "vif_list",
                                                 node_id=node_id)
        return result

    # -- traits --------------------------------------------------------------------------
    def add_node_traits(self, node_id: str, traits: list[str], replace: bool = False, *,
                        topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "add_node_traits", node_id=node_id,
                  traits=list(traits), replace=replace)

    def remove_node_traits(self, node_id: str, traits: list[str] | None = None, *,
                           topic: str | None = None) -> None:
        self.call(self._node_topic(node_id, topic), "remove_node_traits", node_id=node_id,
                  traits=None if traits is None else list(traits))

    # -- ports, portgroups, volume connectors and targets --------------------------------
    def _create_child(self, kind: str, values: Mapping[str, Any],
                      topic: str | None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._values_topic(values, topic), f"create_{kind}",
                                           values=dict(values))
        return result

    def _update_child(self, kind: str, ident: str, values: Mapping[str, Any],
                      topic: str | None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(self._child_topic(kind, ident, topic),
                                           f"update_{kind}", **{_ID_ARG[kind]: ident},
                                           values=dict(values))
        return result

    def _destroy_child(self, kind: str, ident: str, topic: str | None) -> None:
        self.call(self._child_topic(kind, ident, topic), f"destroy_{kind}",
                  **{_ID_ARG[kind]: ident})

    def create_port(self, values: Mapping[str, Any], *, topic: str | None = None
                    ) -> dict[str, Any]:
        return self._create_child("port", values, topic)

    def update_port(self, port_id: str, values: Mapping[str, Any], *,
                    topic: str | None = None) -> dict[str, Any]:
        return self._update_child("port", port_id, values, topic)

    def destroy_port(self, port_id: str, *, topic: str | None = None) -> None:
        self._destroy_child("port", port_id, topic)

    def create_portgroup(self, values: Mapping[str, Any], *, topic: str | None = None
                         ) -> dict[str, Any]:
        return self._create_child("portgroup", values, topic)

    def update_portgroup(self, portgroup_id: str, values: Mapping[str, Any], *,
                         topic: str | None = None) -> dict[str, Any]:
        return self._update_child("portgroup", portgroup_id, values, topic)

    def destroy_portgroup(self, portgroup_id: str, *, topic: str | None = None) -> None:
        self._destroy_child("portgroup", portgroup_id, topic)

    def create_volume_connector(self, values: Mapping[str, Any], *,
                                topic: str | None = None) -> dict[str, Any]:
        return self._create_child("volume_connector", values, topic)

    def update_volume_connector(self, connector_id: str, values: Mapping[str, Any], *,
                                topic: str | None = None) -> dict[str, Any]:
        return self._update_child("volume_connector", connector_id, values, topic)

    def destroy_volume_connector(self, connector_id: str, *, topic: str | None = None) -> None:
        self._destroy_child("volume_connector", connector_id, topic)

    def create_volume_target(self, values: Mapping[str, Any], *,
                             topic: str | None = None) -> dict[str, Any]:
        return self._create_child("volume_target", values, topic)

    def update_volume_target(self, target_id: str, values: Mapping[str, Any], *,
                             topic: str | None = None) -> dict[str, Any]:
        return self._update_child("volume_target", target_id, values, topic)

    def destroy_volume_target(self, target_id: str, *, topic: str | None = None) -> None:
        self._destroy_child("volume_target", target_id, topic)


#: The name of the identifier argument of the manager's update_/destroy_ methods.
_ID_ARG = {
    "port": "port_id",
    "portgroup": "portgroup_id",
    "volume_connector": "connector_id",
    "volume_target": "target_id",
}
