"""The VNF LCM half of the conductor RPC client (RPC API 1.3).

Mixed into :class:`baton.rpc.conductor_api.ConductorAPI`. Like package work, LCM work
belongs to no node: it goes to a live conductor chosen on the consistent hash ring of all
live conductors, keyed by the VNF instance id (an operation occurrence: by its instance),
so one instance's calls land on one conductor while the set of conductors holds. Any
conductor may serve any call: the database decides (one operation per instance).
"""

from __future__ import annotations

from typing import Any

from baton.db.repositories import LcmOpOccRepository

__all__ = ["VnfLcmAPI"]


class VnfLcmAPI:
    """``create_vnf_instance``, ``delete_vnf_instance``, ``start_vnf_lcm_operation``,
    ``retry_/rollback_/fail_/cancel_vnf_lcm_op_occ``; answers SOL documents (no _links)."""

    in_process: bool
    db: Any

    def call(self, topic: str | None, method: str, /, **params: Any) -> Any:
        raise NotImplementedError

    def get_topic_for_package(self, package_id: str) -> str | None:
        raise NotImplementedError

    def _op_topic(self, op_id: str) -> str | None:
        if self.in_process:
            return None
        op = LcmOpOccRepository(self.db).get(op_id)
        return self.get_topic_for_package(str(op["target_id"]))

    def create_vnf_instance(self, request: dict[str, Any], *,
                            topic: str | None = None) -> dict[str, Any]:
        key = str(request.get("vnfdId") or "")
        result: dict[str, Any] = self.call(topic or self.get_topic_for_package(key),
                                           "create_vnf_instance", request=request)
        return result

    def delete_vnf_instance(self, instance_id: str, *, topic: str | None = None) -> None:
        self.call(topic or self.get_topic_for_package(instance_id), "delete_vnf_instance",
                  instance_id=instance_id)

    def start_vnf_lcm_operation(self, instance_id: str, operation: str,
                                request: dict[str, Any], *,
                                topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(
            topic or self.get_topic_for_package(instance_id), "start_vnf_lcm_operation",
            instance_id=instance_id, operation=operation, request=request)
        return result

    def retry_vnf_lcm_op_occ(self, op_id: str, *, topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(topic or self._op_topic(op_id),
                                           "retry_vnf_lcm_op_occ", op_id=op_id)
        return result

    def rollback_vnf_lcm_op_occ(self, op_id: str, *,
                                topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(topic or self._op_topic(op_id),
                                           "rollback_vnf_lcm_op_occ", op_id=op_id)
        return result

    def fail_vnf_lcm_op_occ(self, op_id: str, *, topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(topic or self._op_topic(op_id),
                                           "fail_vnf_lcm_op_occ", op_id=op_id)
        return result

    def cancel_vnf_lcm_op_occ(self, op_id: str, cancel_mode: str = "GRACEFUL", *,
                              topic: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.call(topic or self._op_topic(op_id),
                                           "cancel_vnf_lcm_op_occ", op_id=op_id,
                                           cancel_mode=cancel_mode)
        return result
