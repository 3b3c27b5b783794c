"""The provisioning half of the conductor RPC client (RPC API 1.1).

Mixed into :class:`baton.rpc.conductor_api.ConductorAPI`; each call goes to the conductor
that owns the node on the hash ring (``topic``), as every node method does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["ProvisionAPI"]


class ProvisionAPI:
    """``do_node_deploy``, ``do_node_tear_down``, ``do_node_clean``, ``inspect_hardware``,
    ``do_node_rescue``, ``do_node_unrescue``, ``do_provisioning_action``, ``heartbeat``,
    ``continue_node_clean``, ``continue_node_deploy``."""

    def call(self, topic: str | None, method: str, /, **params: Any) -> Any:
        raise NotImplementedError

    def _node_topic(self, node_id: str, topic: str | None) -> str | None:
        raise NotImplementedError

    def _node_call(self, node_id: str, topic: str | None, method: str, **params: Any) -> None:
        self.call(self._node_topic(node_id, topic), method, node_id=node_id, **params)

    def do_provisioning_action(self, node_id: str, action: str, *,
                               topic: str | None = None) -> None:
        self._node_call(node_id, topic, "do_provisioning_action", action=action)

    def do_node_deploy(self, node_id: str, rebuild: bool = False, configdrive: Any = None,
                       deploy_steps: Sequence[Mapping[str, Any]] | None = None, *,
                       topic: str | None = None) -> None:
        self._node_call(node_id, topic, "do_node_deploy", rebuild=rebuild,
                        configdrive=configdrive,
                        deploy_steps=None if deploy_steps is None
                        else [dict(s) for s in deploy_steps])

    def do_node_tear_down(self, node_id: str, *, topic: str | None = None) -> None:
        self._node_call(node_id, topic, "do_node_tear_down")

    def do_node_clean(self, node_id: str, clean_steps: Sequence[Mapping[str, Any]],
                      disable_ramdisk: bool | None = None, *,
                      topic: str | None = None) -> None:
        self._node_call(node_id, topic, "do_node_clean",
                        clean_steps=[dict(s) for s in clean_steps],
                        disable_ramdisk=disable_ramdisk)

    def inspect_hardware(self, node_id: str, *, topic: str | None = None) -> None:
        self._node_call(node_id, topic, "inspect_hardware")

    def do_node_rescue(self, node_id: str, rescue_password: str, *,
                       topic: str | None = None) -> None:
        self._node_call(node_id, topic, "do_node_rescue", rescue_password=rescue_password)

    def do_node_unrescue(self, node_id: str, *, topic: str | None = None) -> None:
        self._node_call(node_id, topic, "do_node_unrescue")

    def heartbeat(self, node_id: str, callback_url: str, agent_version: str | None = None,
                  agent_token: str | None = None, *, topic: str | None = None) -> None:
        self._node_call(node_id, topic, "heartbeat", callback_url=callback_url,
                        agent_version=agent_version, agent_token=agent_token)

    def continue_node_clean(self, node_id: str, *, topic: str | None = None) -> None:
        self._node_call(node_id, topic, "continue_node_clean")

    def continue_node_deploy(self, node_id: str, *, topic: str | None = None) -> None:
        self._node_call(node_id, topic, "continue_node_deploy")
