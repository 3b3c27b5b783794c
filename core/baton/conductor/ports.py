"""Ports, portgroups, volume connectors and volume targets, under their node's lock.

Values name their node by ``node_id`` (the node's integer id) or ``node_uuid``, and a port's
portgroup by ``portgroup_id`` or ``portgroup_uuid``; the ``*_uuid`` forms are resolved here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase, States
from baton.db.repositories.base import TableRepository
from baton.interfaces.types import PowerState

__all__ = ["PortsMixin"]

LOG = logging.getLogger(__name__)

_CONNECTIVITY = frozenset({"portgroup_id", "pxe_enabled", "local_link_connection",
                           "physical_network"})
_PORT_UPDATE_ALLOWED = (States.ENROLL, States.INSPECTING, States.INSPECTWAIT, States.MANAGEABLE)


def _bound_vif(port: Mapping[str, Any]) -> str | None:
    internal = port.get("internal_info") or {}
    for key in ("cleaning_vif_port_id", "provisioning_vif_port_id", "rescuing_vif_port_id",
                "inspection_vif_port_id", "servicing_vif_port_id", "tenant_vif_port_id"):
        if internal.get(key):
            return str(internal[key])
    vif = (port.get("extra") or {}).get("vif_port_id")
    return str(vif) if vif else None


class PortsMixin(ManagerBase):
    """Create, update and destroy ports, portgroups, volume connectors and targets."""

    # -- helpers -------------------------------------------------------------------------
    def _resolve_refs(self, values: Mapping[str, Any]) -> dict[str, Any]:
        resolved = dict(values)
        node_uuid = resolved.pop("node_uuid", None)
        if node_uuid is not None:
            resolved["node_id"] = self.nodes.get(str(node_uuid))["id"]
        group_uuid = resolved.pop("portgroup_uuid", None)
        if group_uuid is not None:
            resolved["portgroup_id"] = self.portgroups.get(str(group_uuid))["id"]
        return resolved

    def _node_of(self, values: Mapping[str, Any]) -> dict[str, Any]:
        node_id = values.get("node_id")
        if node_id is None:
            raise errors.MissingParameterValue(err="A node is required (node_uuid).")
        return self.nodes.get_by_id(int(node_id))

    def _check_portgroup_node(self, values: Mapping[str, Any], node_id: int) -> None:
        group_id = values.get("portgroup_id")
        if group_id is None:
            return
        group = self.portgroups.get_by_id(int(group_id))
        if group["node_id"] != node_id:
            raise errors.InvalidParameterValue(
                err="Port can not be added to a portgroup belonging to a different node.")

    def _update_child(self, repo: TableRepository, kind: str, ident: str,
                      values: Mapping[str, Any], check: Any = None) -> dict[str, Any]:
        current = repo.get(ident)
        changes = self._resolve_refs(values)
        with self.tasks.acquire(self.nodes.get_by_id(current["node_id"])["uuid"],
                                purpose=f"{kind} update") as task:
            if check is not None:
                check(task.node, current, changes)
            if "node_id" in changes and changes["node_id"] != current["node_id"]:
                self.nodes.get_by_id(int(changes["node_id"]))
            return repo.update(current["uuid"], changes)

    def _destroy_child(self, repo: TableRepository, kind: str, ident: str,
                       check: Any = None) -> None:
        current = repo.get(ident)
        with self.tasks.acquire(self.nodes.get_by_id(current["node_id"])["uuid"],
                                purpose=f"{kind} deletion") as task:
            if check is not None:
                check(task.node, current)
            repo.destroy(current["uuid"])
        LOG.info("Successfully deleted %s %s of node %s.", kind, current["uuid"],
                 task.uuid)

    # -- ports ---------------------------------------------------------------------------
    def create_port(self, values: Mapping[str, Any]) -> dict[str, Any]:
        prepared = self._resolve_refs(values)
        node = self._node_of(prepared)
        self._check_portgroup_node(prepared, node["id"])
        return self.ports.create(prepared)

    def update_port(self, port_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """Ironic's rules: no MAC change on an active node (outside maintenance), no
        connectivity change outside enroll/manageable/inspecting (or maintenance)."""

        def check(node: Mapping[str, Any], port: Mapping[str, Any],
                  changes: dict[str, Any]) -> None:
            changed = {k for k, v in changes.items() if v != port.get(k)}
            if (("address" in changed) and not node["maintenance"]
                    and (node["provision_state"] == States.ACTIVE or node["instance_uuid"])):
                raise errors.InvalidStateConflict(
                    reason=f"Cannot update hardware address for port {port['uuid']} as node "
                           f"{node['uuid']} is active or has instance UUID assigned")
            if (changed & _CONNECTIVITY and not node["maintenance"]
                    and node["provision_state"] not in _PORT_UPDATE_ALLOWED):
                raise errors.InvalidStateConflict(
                    reason=f"Port {port['uuid']} can not have any connectivity attributes "
                           f"({', '.join(sorted(_CONNECTIVITY))}) updated unless node "
                           f"{node['uuid']} is in a {', '.join(_PORT_UPDATE_ALLOWED)} state "
                           f"or in maintenance mode. The current state is "
                           f"{node['provision_state']}.")
            self._check_portgroup_node(changes, changes.get("node_id", port["node_id"]))

        return self._update_child(self.ports, "port", port_id, values, check)

    def destroy_port(self, port_id: str) -> None:
        def check(node: Mapping[str, Any], port: Mapping[str, Any]) -> None:
            vif = _bound_vif(port)
            if vif and not node["maintenance"]:
                raise errors.InvalidStateConflict(
                    reason=f"Cannot delete the port {port['uuid']} as it is bound to VIF "
                           f"{vif} for use.")

        self._destroy_child(self.ports, "port", port_id, check)

    # -- portgroups ----------------------------------------------------------------------
    def create_portgroup(self, values: Mapping[str, Any]) -> dict[str, Any]:
        prepared = self._resolve_refs(values)
        self._node_of(prepared)
        return self.portgroups.create(prepared)

    def update_portgroup(self, portgroup_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
        def check(node: Mapping[str, Any], group: Mapping[str, Any],
                  changes: dict[str, Any]) -> None:
            if ("node_id" in changes and changes["node_id"] != group["node_id"]
                    and node["provision_state"] not in _PORT_UPDATE_ALLOWED
                    and not node["maintenance"]):
                raise errors.InvalidStateConflict(
                    reason=f"Portgroup {group['uuid']} can not be associated to node "
                           f"{changes['node_id']} unless the node is in a "
                           f"{', '.join(_PORT_UPDATE_ALLOWED)} state or in maintenance mode. "
                           f"Current state is '{node['provision_state']}'.")

        return self._update_child(self.portgroups, "portgroup", portgroup_id, values, check)

    def destroy_portgroup(self, portgroup_id: str) -> None:
        self._destroy_child(self.portgroups, "portgroup", portgroup_id)

    # -- volume connectors and targets ---------------------------------------------------
    @staticmethod
    def _powered_off(action: str) -> Any:
        def check(node: Mapping[str, Any], *_: Any) -> None:
            if node.get("power_state") != PowerState.OFF:
                raise errors.InvalidStateRequested(action=action, node=node["uuid"],
                                                   state=node.get("power_state"))
        return check

    @staticmethod
    def _deletable(action: str) -> Any:
        def check(node: Mapping[str, Any], *_: Any) -> None:
            if (node["provision_state"] not in (States.MANAGEABLE, States.ENROLL, States.ADOPTFAIL)
                    and node.get("power_state") != PowerState.OFF):
                raise errors.InvalidStateRequested(action=action, node=node["uuid"],
                                                   state=node.get("power_state"))
        return check

    def create_volume_connector(self, values: Mapping[str, Any]) -> dict[str, Any]:
        prepared = self._resolve_refs(values)
        self._node_of(prepared)
        return self.volume_connectors.create(prepared)

    def update_volume_connector(self, connector_id: str,
                                values: Mapping[str, Any]) -> dict[str, Any]:
        return self._update_child(self.volume_connectors, "volume connector", connector_id,
                                  values, self._powered_off("volume connector update"))

    def destroy_volume_connector(self, connector_id: str) -> None:
        self._destroy_child(self.volume_connectors, "volume connector", connector_id,
                            self._deletable("volume connector deletion"))

    def create_volume_target(self, values: Mapping[str, Any]) -> dict[str, Any]:
        prepared = self._resolve_refs(values)
        self._node_of(prepared)
        return self.volume_targets.create(prepared)

    def update_volume_target(self, target_id: str, values: Mapping[str, Any]) -> dict[str, Any]:
        return self._update_child(self.volume_targets, "volume target", target_id, values,
                                  self._powered_off("volume target update"))

    def destroy_volume_target(self, target_id: str) -> None:
        self._destroy_child(self.volume_targets, "volume target", target_id,
                            self._deletable("volume target deletion"))
