"""VIF attach, detach and list.

A network interface that implements ``vif_attach``/``vif_detach``/``vif_list`` (taking the
task) handles VIFs itself. Otherwise (``noop``) the conductor keeps them as Ironic's
``VIFPortIDMixin`` does: the VIF id goes into the ``internal_info['tenant_vif_port_id']`` of
a free portgroup or port of the node, preferring portgroups, then PXE-enabled ports.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from baton import errors
from baton.conductor.base import ManagerBase
from baton.engine.task_manager import Task

__all__ = ["TENANT_VIF_KEY", "VifsMixin"]

LOG = logging.getLogger(__name__)

TENANT_VIF_KEY = "tenant_vif_port_id"


def _attached_vif(port_like: Mapping[str, Any]) -> str | None:
    vif = (port_like.get("internal_info") or {}).get(TENANT_VIF_KEY)
    return str(vif) if vif else None


PortLike = tuple[str, dict[str, Any]]


def _scan_ports(task: Task, vif_id: str, port_uuid: str | None, portgroup_uuid: str | None
                ) -> tuple[list[PortLike], dict[Any, list[dict[str, Any]]], set[Any]]:
    """Free standalone ports, free ports per portgroup, portgroups with a VIF on a port."""
    free: list[PortLike] = []
    by_group: dict[Any, list[dict[str, Any]]] = {}
    unusable: set[Any] = set()
    for port in task.ports:
        if port_uuid and port_uuid != port["uuid"]:
            continue
        attached = _attached_vif(port)
        if attached == vif_id:
            raise errors.VifAlreadyAttached(vif=vif_id, node=task.uuid)
        if attached:
            unusable.add(port.get("portgroup_id"))
        elif port.get("portgroup_id") is None and not portgroup_uuid:
            free.append(("port", port))
        else:
            by_group.setdefault(port.get("portgroup_id"), []).append(port)
    return free, by_group, unusable


def _free_port_likes(task: Task, vif_id: str, vif_info: Mapping[str, Any]) -> list[PortLike]:
    """Ironic's ``_get_free_portgroups_and_ports`` (without physical networks)."""
    port_uuid = vif_info.get("port_uuid")
    portgroup_uuid = None if port_uuid else vif_info.get("portgroup_uuid")
    free, by_group, unusable = _scan_ports(task, vif_id, port_uuid, portgroup_uuid)
    if port_uuid:
        return free
    for group in task.portgroups:
        if portgroup_uuid and portgroup_uuid != group["uuid"]:
            continue
        attached = _attached_vif(group)
        if attached == vif_id:
            raise errors.VifAlreadyAttached(vif=vif_id, node=task.uuid)
        if attached:
            continue
        if group["id"] in unusable:
            if not portgroup_uuid:
                free.extend(("port", p) for p in by_group.get(group["id"], []))
        elif by_group.get(group["id"]):
            free.append(("portgroup", group))
    return free


def _preference(item: PortLike) -> tuple[bool, bool]:
    kind, obj = item
    is_group = kind == "portgroup"
    return is_group, is_group or bool(obj.get("pxe_enabled"))


class VifsMixin(ManagerBase):
    """``vif_attach``, ``vif_detach``, ``vif_list``."""

    def _save_vif(self, kind: str, obj: Mapping[str, Any], vif_id: str | None) -> None:
        internal = dict(obj.get("internal_info") or {})
        values: dict[str, Any] = {}
        if vif_id is None:
            internal.pop(TENANT_VIF_KEY, None)
            extra = dict(obj.get("extra") or {})
            if extra.pop("vif_port_id", None) is not None:
                values["extra"] = extra
        else:
            internal[TENANT_VIF_KEY] = vif_id
        values["internal_info"] = internal
        repo = self.portgroups if kind == "portgroup" else self.ports
        repo.update(obj["uuid"], values)

    def _attach(self, task: Task, vif_info: Mapping[str, Any]) -> None:
        network = task.driver.network
        if hasattr(network, "vif_attach"):
            network.vif_attach(task, dict(vif_info))
            return
        vif_id = str(vif_info["id"])
        free = _free_port_likes(task, vif_id, vif_info)
        if not free:
            raise errors.Invalid(
                message=f"Unable to attach VIF {vif_id}, not enough free physical ports.")
        kind, obj = sorted(free, key=_preference, reverse=True)[0]
        self._save_vif(kind, obj, vif_id)

    def vif_attach(self, node_id: str, vif_info: Mapping[str, Any]) -> None:
        """Attach the VIF ``vif_info["id"]`` to a free port or portgroup of the node.

        :raises VifAlreadyAttached, Invalid: (no free port), NodeLocked:
        """
        if not isinstance(vif_info.get("id"), str) or not vif_info["id"]:
            raise errors.InvalidParameterValue(err="VIF information must contain an 'id'.")
        with self.tasks.acquire(node_id, purpose="attach vif") as task:
            task.driver.network.validate(task.node_info)
            try:
                self._attach(task, vif_info)
            except Exception as exc:
                self._record_error(task, f"Failed to attach VIF {vif_info['id']} to node "
                                         f"{node_id}. Error: {exc}")
                raise
        LOG.info("VIF %s successfully attached to node %s", vif_info["id"], node_id)

    def _detach(self, task: Task, vif_id: str) -> None:
        network = task.driver.network
        if hasattr(network, "vif_detach"):
            network.vif_detach(task, vif_id)
            return
        for kind, items in (("portgroup", task.portgroups), ("port", task.ports)):
            for obj in items:
                if _attached_vif(obj) == vif_id:
                    self._save_vif(kind, obj, None)
                    return
        raise errors.VifNotAttached(vif=vif_id, node=task.uuid)

    def vif_detach(self, node_id: str, vif_id: str) -> None:
        """:raises VifNotAttached: no port or portgroup of the node carries ``vif_id``."""
        with self.tasks.acquire(node_id, purpose="detach vif") as task:
            task.driver.network.validate(task.node_info)
            try:
                self._detach(task, vif_id)
            except Exception as exc:
                self._record_error(task, f"Failed to detach VIF {vif_id} from node {node_id}, "
                                         f"Error: {exc}")
                raise
        LOG.info("VIF %s successfully detached from node %s", vif_id, node_id)

    def vif_list(self, node_id: str) -> list[dict[str, Any]]:
        """``[{"id": vif}, ...]``: the VIFs on the node's ports, then its portgroups."""
        with self.tasks.acquire(node_id, shared=True, purpose="list vifs") as task:
            network = task.driver.network
            network.validate(task.node_info)
            if hasattr(network, "vif_list"):
                return list(network.vif_list(task))
            vifs = []
            for obj in (*task.ports, *task.portgroups):
                vif = _attached_vif(obj)
                if vif:
                    vifs.append({"id": vif})
            return vifs
