"""From the LCM records the repositories return to SOL documents.

The repositories may hand over either SOL-shaped documents (camelCase attributes, ``id``)
or rows keyed by column (snake_case, the API id in ``uuid``, the operation occurrence as
an ``operations`` row whose ``kind`` is ``vnf.<OPERATION>``): both are read here, so the
views only ever see the SOL shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from baton.db.repositories.lcm_op_occs import lcm_op_occ_body
from baton.db.repositories.vnf_instances import vnf_instance_body

__all__ = ["camel", "instance_document", "op_occ_document", "subscription_document"]

_SNAKE_RE = re.compile(r"_([a-z0-9])")


def camel(name: str) -> str:
    """``vnf_instance_name`` -> ``vnfInstanceName`` (``_links`` stays as it is)."""
    if name.startswith("_"):
        return name
    return _SNAKE_RE.sub(lambda m: m.group(1).upper(), name)


def _camelized(record: Mapping[str, Any]) -> dict[str, Any]:
    doc = {camel(str(k)): v for k, v in record.items()}
    if "uuid" in record:        # a row: the API id is the uuid, not the row id
        doc["id"] = record["uuid"]
    return doc


def instance_document(record: Mapping[str, Any]) -> dict[str, Any]:
    """The VnfInstance attributes of an instance record."""
    if "instantiation_state" in record:
        return vnf_instance_body(record)
    return _camelized(record)


def _as_dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def op_occ_document(record: Mapping[str, Any]) -> dict[str, Any]:
    """The VnfLcmOpOcc attributes of an operation occurrence record."""
    if "operationState" in record:
        return dict(record)
    if "kind" in record and "target_id" in record:
        return lcm_op_occ_body(record)
    doc = _camelized(record)
    params = _as_dict(record.get("params"))
    result = _as_dict(record.get("result"))
    kind = str(record.get("kind", ""))
    doc.setdefault("operation", kind.split(".", 1)[1] if "." in kind else kind)
    doc.setdefault("operationState", record.get("state"))
    doc.setdefault("vnfInstanceId", record.get("target_id"))
    doc.setdefault("startTime", record.get("started_at") or record.get("created_at"))
    doc.setdefault("stateEnteredTime", record.get("updated_at") or doc["startTime"])
    for source in (params, result):
        for key, value in source.items():
            doc.setdefault(camel(key), value)
    doc.setdefault("isAutomaticInvocation", False)
    doc.setdefault("isCancelPending", False)
    return doc


def subscription_document(record: Mapping[str, Any]) -> dict[str, Any]:
    """The LccnSubscription attributes of a subscription record."""
    return _camelized(record)
