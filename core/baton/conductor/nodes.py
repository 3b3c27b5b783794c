"""Node create, update and destroy, with Ironic's rules."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase, States
from baton.engine.composition import INTERFACE_FIELDS, fill_interfaces

__all__ = ["NodesMixin"]

LOG = logging.getLogger(__name__)

_INTERFACE_FIELDS = frozenset(INTERFACE_FIELDS.values())


def _check_protected(node: Mapping[str, Any], values: dict[str, Any]) -> None:
    protected = values.get("protected", node.get("protected"))
    if "protected" in values:
        if not protected:
            values["protected_reason"] = None
        elif node["provision_state"] not in (States.ACTIVE, States.RESCUE):
            raise errors.InvalidStateConflict(
                reason=f"Node {node['uuid']} can only be made protected in provision states "
                       f"'active' or 'rescue', the current state is "
                       f"'{node['provision_state']}'")
    if values.get("protected_reason") and not protected:
        raise errors.InvalidParameterValue(
            err="The protected_reason field can only be set when protected is True")


def _check_retired(node: Mapping[str, Any], values: dict[str, Any]) -> None:
    retired = values.get("retired", node.get("retired"))
    if "retired" in values:
        if not retired:
            values["retired_reason"] = None
        elif node["provision_state"] == States.AVAILABLE:
            raise errors.InvalidStateConflict(
                reason=f"Node {node['uuid']} can not have 'retired' set in provision state "
                       f"'available', the current state is '{node['provision_state']}'")
    if values.get("retired_reason") and not retired:
        raise errors.InvalidParameterValue(
            err="The retired_reason field can only be set when retired is True")


def _not_allowed(node: Mapping[str, Any], field: str) -> errors.BatonError:
    return errors.InvalidStateConflict(
        reason=f"Node {node['uuid']} can not have {field} updated unless it is in one of "
               f"allowed ({', '.join(States.UPDATE_ALLOWED)}) states or in maintenance "
               f"mode. Current state is '{node['provision_state']}'.")


class NodesMixin(ManagerBase):
    """``create_node``, ``update_node``, ``destroy_node``."""

    def create_node(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Create a node; unset interfaces get the hardware type's defaults.

        :raises DriverNotFound: the hardware type is not enabled here.
        :raises InterfaceNotEnabled: an explicit interface is not usable with it.
        :raises DuplicateName, NodeAlreadyExists, InstanceAssociated:
        """
        prepared = dict(values)
        fill_interfaces(self.registry, prepared)
        node = self.nodes.create(prepared)
        LOG.info("Created node %s (%s)", node["uuid"], node["driver"])
        return node

    def _settle_interfaces(self, node: Mapping[str, Any], values: dict[str, Any],
                           reset_interfaces: bool) -> None:
        changing = sorted(f for f in _INTERFACE_FIELDS if f in values
                          and values[f] != node.get(f))
        updating_driver = "driver" in values and values["driver"] != node["driver"]
        if not (changing or updating_driver):
            return
        if not (node["provision_state"] in States.UPDATE_ALLOWED or node["maintenance"]):
            raise _not_allowed(node, changing[0] if changing else "driver")
        merged = {**node, **values}
        fill_interfaces(self.registry, merged, reset=updating_driver and reset_interfaces,
                        keep=[f for f in _INTERFACE_FIELDS if f in values])
        for field in _INTERFACE_FIELDS:
            if field in values or merged[field] != node.get(field):
                values[field] = merged[field]

    def _check_update(self, node: Mapping[str, Any], values: dict[str, Any]) -> None:
        if "maintenance" in values and not values["maintenance"]:
            values["maintenance_reason"] = None
            values["fault"] = None
        _check_protected(node, values)
        _check_retired(node, values)
        instance = values.get("instance_uuid")
        if instance and node.get("instance_uuid") and instance != node["instance_uuid"]:
            raise errors.NodeAssociated(node=node["uuid"], instance=node["instance_uuid"])
        if ("resource_class" in values and node.get("resource_class")
                and values["resource_class"] != node["resource_class"]
                and node["provision_state"] not in States.UPDATE_ALLOWED):
            raise errors.InvalidStateConflict(
                reason=f"Node {node['uuid']} can not have resource_class updated unless it "
                       f"is in one of allowed ({', '.join(States.UPDATE_ALLOWED)}) states. "
                       f"Current state is '{node['provision_state']}'.")

    def update_node(self, node_id: str, values: Mapping[str, Any], *,
                    reset_interfaces: bool = False) -> dict[str, Any]:
        """Change the given node fields under the node's exclusive lock.

        Interfaces and driver change only in Ironic's allowed states (or in maintenance) and
        are validated through the registry; leaving maintenance clears its reason and
        fault. Answers the stored node.
        """
        with self.tasks.acquire(node_id, purpose="node update") as task:
            changes = dict(values)
            self._check_update(task.node, changes)
            self._settle_interfaces(task.node, changes, reset_interfaces)
            if changes:
                task.update(**changes)
            return task.node

    def destroy_node(self, node_id: str) -> None:
        """Delete a node with its ports, portgroups, volume records and history.

        Refused (unless in maintenance) for nodes with an instance or outside Ironic's
        deletable states; always refused for protected nodes.
        """
        with self.tasks.acquire(node_id, purpose="node deletion") as task:
            node = task.node
            if not node["maintenance"] and node.get("instance_uuid") is not None:
                raise errors.NodeAssociated(node=node["uuid"], instance=node["instance_uuid"])
            if node.get("protected"):
                raise errors.NodeProtected(node=node["uuid"])
            if not node["maintenance"] and node["provision_state"] not in States.DELETE_ALLOWED:
                raise errors.InvalidStateConflict(
                    reason=f'Can not delete node "{node["uuid"]}" while it is in provision '
                           f'state "{node["provision_state"]}". Valid provision states to '
                           f'perform deletion are: "{", ".join(States.DELETE_ALLOWED)}", or '
                           f'set the node into maintenance mode')
            if node.get("console_enabled"):
                try:
                    task.driver.console.stop_console(task.node_info)
                except Exception as exc:
                    LOG.error("Failed to stop console while deleting the node %s: %s",
                              node["uuid"], exc)
            self.nodes.destroy(node["uuid"])
            task.released = True
        LOG.info("Successfully deleted node %s.", node["uuid"])
