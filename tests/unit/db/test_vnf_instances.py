"""VNF instance, LCM op occ and fake VIM repositories."""

from __future__ import annotations

import pytest

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import (
    FakeVnfResourceRepository,
    LcmOpOccRepository,
    OperationRepository,
    VnfInstanceRepository,
)
from baton.db.repositories.lcm_op_occs import lcm_op_occ_body
from baton.db.repositories.vnf_instances import vnf_instance_body


def _instance(db: Database) -> dict[str, object]:
    return VnfInstanceRepository(db).create({
        "vnfd_id": "vnfd-1", "vnf_pkg_id": "pkg-1", "vnf_provider": "Company",
        "vnf_product_name": "Sample", "vnf_software_version": "1.0", "vnfd_version": "1.0",
        "vnf_instance_name": "vnf-1"})


def test_instance_body_and_not_found(db: Database) -> None:
    row = _instance(db)
    body = vnf_instance_body(row)
    assert body == {"id": row["uuid"], "vnfdId": "vnfd-1", "vnfProvider": "Company",
                    "vnfProductName": "Sample", "vnfSoftwareVersion": "1.0",
                    "vnfdVersion": "1.0", "instantiationState": "NOT_INSTANTIATED",
                    "vnfInstanceName": "vnf-1"}
    assert VnfInstanceRepository(db).count_for_package("pkg-1") == 1
    with pytest.raises(errors.VnfInstanceNotFound):
        VnfInstanceRepository(db).get("nope")


def test_op_occ_rows_live_in_operations(db: Database) -> None:
    row = _instance(db)
    repo = LcmOpOccRepository(db)
    op = db.run(lambda conn: repo.create_in(
        conn, operation="INSTANTIATE", instance_id=str(row["uuid"]),
        params={"operationParams": {"flavourId": "simple"}}, steps=[], owner="c1",
        lease_seconds=60))
    assert op["kind"] == "vnf.INSTANTIATE" and op["target_type"] == "vnf_instance"
    body = lcm_op_occ_body(op)
    assert body["operation"] == "INSTANTIATE" and body["operationState"] == "STARTING"
    assert body["operationParams"] == {"flavourId": "simple"}
    assert body["startTime"].endswith("Z") and body["isCancelPending"] is False
    assert [o["uuid"] for o in repo.list_for_instance(str(row["uuid"]))] == [op["uuid"]]
    assert [o["uuid"] for o in repo.list_unfinished()] == [op["uuid"]]
    # A bare-metal operation is not an LCM op occ.
    other = OperationRepository(db).create("power", "node", "n1")
    with pytest.raises(errors.LcmOpOccNotFound):
        repo.get(other["uuid"])
    assert [o["uuid"] for o in repo.list()] == [op["uuid"]]


def test_fake_resources_apply_and_undo(db: Database) -> None:
    repo = FakeVnfResourceRepository(db)
    repo.apply(op_id="op1", instance_id="i1", create=[{"kind": "compute",
                                                       "descriptor_id": "VDU1"}])
    first = repo.live("i1")
    repo.apply(op_id="op2", instance_id="i1", remove=[first[0]["uuid"]],
               create=[{"kind": "compute", "descriptor_id": "VDU1"}])
    second = repo.live("i1")
    assert len(second) == 1 and second[0]["uuid"] != first[0]["uuid"]
    repo.apply(op_id="op2", instance_id="i1", remove=[first[0]["uuid"]],
               create=[{"kind": "compute", "descriptor_id": "VDU1"}])
    assert len(repo.live("i1")) == 1  # a repeat starts clean
    repo.record_fault("op2", "i1", "heal")
    repo.undo("op2")
    assert [r["uuid"] for r in repo.live("i1")] == [first[0]["uuid"]]
    assert repo.count_faults("op2", "heal") == 1
