"""Onboarding Tacker's sample packages through the conductor: ONBOARDED with their VNFD."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from baton import errors
from baton.conductor.manager import ConductorManager
from baton.db.repositories import OperationRepository, VnfPackageRepository

from . import samples
from .conftest import assert_nothing_left, stored_files

Onboard = Callable[[bytes], dict[str, Any]]


def _common(row: dict[str, Any], vnfd_id: str, csar: bytes) -> None:
    assert row["onboarding_state"] == "ONBOARDED", row["onboarding_failure_details"]
    assert row["onboarding_failure_details"] is None
    assert row["vnfd_id"] == vnfd_id
    assert (row["vnf_provider"], row["vnf_product_name"]) == ("Company", "Sample VNF")
    assert (row["vnf_software_version"], row["vnfd_version"]) == ("1.0", "1.0")
    assert row["size"] == len(csar)
    assert row["checksum"] == {"algorithm": "SHA-256", "hash": row["content_ref"]}
    assert row["operational_state"] == "ENABLED" and row["usage_state"] == "NOT_IN_USE"
    assert row["user_defined_data"] == {"k": "v"}


def test_basic_lcms_min(onboard: Onboard, tmp_path: Path) -> None:
    csar, vnfd_id = samples.build("basic_lcms_min")
    row = onboard(csar)
    _common(row, vnfd_id, csar)
    vnfd = row["vnfd"]
    assert vnfd["entry_definitions"] == "Definitions/v2_sample2_top.vnfd.yaml"
    assert "Definitions/etsi_nfv_sol001_common_types.yaml" in vnfd["definitions"]
    flavour = vnfd["flavours"]["simple"]
    assert flavour["description"] == "A simple flavour"
    assert sorted(flavour["vdus"]) == ["VDU1", "VDU2"]
    assert flavour["vdus"]["VDU1"]["vdu_profile"] == {"min_number_of_instances": 1,
                                                      "max_number_of_instances": 3}
    assert flavour["cps"]["VDU1_CP1"]["vdu"] == "VDU1"
    assert flavour["cps"]["VDU1_CP1"]["virtual_link"] == "internalVL3"
    assert list(flavour["virtual_links"]) == ["internalVL3"]
    images = {i["id"]: i for i in row["software_images"]}
    assert sorted(images) == ["VDU1", "VDU2"]
    assert images["VDU1"]["name"] == "cirros-0.5.2-x86_64-disk"
    assert images["VDU1"]["checksum"]["hash"].startswith("932fcae9")
    assert images["VDU1"]["containerFormat"] == "BARE"
    assert images["VDU1"]["diskFormat"] == "QCOW2"
    assert (images["VDU1"]["minRam"], images["VDU1"]["size"]) == (256 * 10**6, 12 * 10**9)
    assert images["VDU1"]["imagePath"] == ""
    artifacts = {a["artifactPath"]: a for a in row["additional_artifacts"]}
    assert "Scripts/sample_script.py" in artifacts
    assert "BaseHOT/simple/sample2.yaml" in artifacts
    assert artifacts["Scripts/sample_script.py"]["checksum"]["algorithm"] == "SHA-256"
    assert stored_files(tmp_path) == [f"{row['content_ref'][:2]}/{row['content_ref']}"]


def test_basic_lcms_max_scaling(onboard: Onboard) -> None:
    csar, vnfd_id = samples.build("basic_lcms_max")
    row = onboard(csar)
    _common(row, vnfd_id, csar)
    flavour = row["vnfd"]["flavours"]["simple"]
    assert sorted(flavour["virtual_links"]) == ["internalVL1", "internalVL2", "internalVL3"]
    assert len(flavour["cps"]) == 11
    aspect = flavour["scaling_aspects"]["VDU1_scale"]
    assert aspect["max_scale_level"] == 2
    assert aspect["vdu_deltas"] == {"VDU1": {"delta_1": {"number_of_instances": 1}}}
    levels = flavour["instantiation_levels"]
    assert flavour["default_instantiation_level"] == "instantiation_level_1"
    assert levels["instantiation_level_2"]["scale_info"] == {"VDU1_scale": {"scale_level": 2}}
    assert levels["instantiation_level_2"]["vdus"]["VDU1"] == {"number_of_instances": 3}
    assert flavour["vdus"]["VDU1"]["virtual_storages"] == ["VDU1-VirtualStorage"]
    assert flavour["vdus"]["VDU1"]["initial_delta"] == {"number_of_instances": 1}
    images = {i["id"]: i for i in row["software_images"]}
    assert images["VDU1-VirtualStorage"]["imagePath"] == \
        "Files/images/cirros-0.5.2-x86_64-disk.img"
    paths = {a["artifactPath"] for a in row["additional_artifacts"]}
    assert "Files/images/cirros-0.5.2-x86_64-disk.img" not in paths
    assert "BaseHOT/simple/nested/VDU1.yaml" in paths


def test_userdata_standard(onboard: Onboard) -> None:
    csar, vnfd_id = samples.build("userdata_standard")
    row = onboard(csar)
    _common(row, vnfd_id, csar)
    flavour = row["vnfd"]["flavours"]["simple"]
    assert sorted(flavour["vdus"]) == ["VDU1", "VDU2"]
    assert "VDU1_scale" in flavour["scaling_aspects"]
    assert sorted(i["id"] for i in row["software_images"]) == ["VDU1", "VDU2-VirtualStorage"]


def test_kubernetes_cnf(onboard: Onboard) -> None:
    csar, vnfd_id = samples.build("test_instantiate_cnf_resources")
    row = onboard(csar)
    _common(row, vnfd_id, csar)
    flavour = row["vnfd"]["flavours"]["simple"]
    assert sorted(flavour["vdus"]) == ["VDU1", "VDU2", "VDU3", "VDU5", "VDU6"]
    assert flavour["vdus"]["VDU2"]["name"] == "vdu2"
    assert sorted(flavour["scaling_aspects"]) == ["vdu2_aspect", "vdu3_aspect", "vdu5_aspect"]
    assert row["software_images"] == []
    artifacts = {a["artifactPath"]: a for a in row["additional_artifacts"]}
    deployment = artifacts["Files/kubernetes/deployment.yaml"]
    # The checksum TOSCA.meta lists (and Baton verified), with its metadata.
    assert deployment["checksum"]["algorithm"] == "SHA-256"
    assert deployment["metadata"] == {"contentType": "test-data"}
    assert len([p for p in artifacts if p.startswith("Files/kubernetes/")]) == 28


def test_operation_recorded(onboard: Onboard, manager: ConductorManager) -> None:
    csar, _ = samples.build("basic_lcms_min")
    row = onboard(csar)
    ops = OperationRepository(manager.db).list_for_target("vnf_package", row["uuid"])
    assert [(o["kind"], o["state"], o["owner"]) for o in ops] == [
        ("vnf_package.onboard", "succeeded", manager.host)]
    assert ops[0]["result"] == {"vnfd_id": row["vnfd_id"]}
    assert ops[0]["lease_expires_at"] is None


def test_same_vnfd_id_twice_is_refused(onboard: Onboard, tmp_path: Path) -> None:
    first_csar, vnfd_id = samples.build("basic_lcms_min")
    first = onboard(first_csar)
    second_csar, _ = samples.build("basic_lcms_max", vnfd_id=vnfd_id)
    second = onboard(second_csar)
    assert second["onboarding_state"] == "ERROR"
    details = second["onboarding_failure_details"]
    assert details["status"] == 409
    assert vnfd_id in details["detail"] and first["uuid"] in details["detail"]
    # The first package's content stays, the refused one's is gone.
    assert stored_files(tmp_path) == [f"{first['content_ref'][:2]}/{first['content_ref']}"]


def test_same_content_twice_keeps_the_first(onboard: Onboard, tmp_path: Path) -> None:
    csar, _ = samples.build("basic_lcms_min")
    first = onboard(csar)
    second = onboard(csar)
    assert second["onboarding_state"] == "ERROR"
    assert first["content_ref"] in stored_files(tmp_path)[0]


def test_upload_needs_created_or_uploading(manager: ConductorManager,
                                           packages: VnfPackageRepository,
                                           onboard: Onboard, tmp_path: Path) -> None:
    csar, _ = samples.build("basic_lcms_min")
    row = onboard(csar)
    other, _ = samples.build("basic_lcms_max")
    ref = manager.package_store.put(io.BytesIO(other))
    with pytest.raises(errors.InvalidPackageState) as caught:
        manager.upload_vnf_package_content(row["uuid"], ref)
    assert caught.value.code == 409 and "ONBOARDED" in str(caught.value)
    assert not manager.package_store.exists(ref)
    with pytest.raises(errors.VnfPackageNotFound):
        manager.upload_vnf_package_content("6b1bfe2b-1b8c-4c38-b9a1-cf1fbd8b7a6e",
                                           row["content_ref"])
    # The onboarded package's content is never deleted by someone else's failed upload.
    assert manager.package_store.exists(row["content_ref"])


def test_delete(manager: ConductorManager, packages: VnfPackageRepository,
                onboard: Onboard, tmp_path: Path) -> None:
    csar, _ = samples.build("basic_lcms_min")
    row = onboard(csar)
    packages.update(row["uuid"], {"operational_state": "ENABLED"})
    with pytest.raises(errors.InvalidPackageState):
        manager.delete_vnf_package(row["uuid"])
    packages.update(row["uuid"], {"operational_state": "DISABLED"})
    manager.delete_vnf_package(row["uuid"])
    with pytest.raises(errors.VnfPackageNotFound):
        packages.get(row["uuid"])
    assert stored_files(tmp_path) == []


def test_failure_leaves_nothing(onboard: Onboard, tmp_path: Path) -> None:
    row = onboard(b"not a zip at all")
    assert_nothing_left(tmp_path, row)
    assert row["onboarding_failure_details"]["status"] == 400
    assert row["onboarding_failure_details"]["title"] == "Invalid VNF package"


@pytest.mark.parametrize("name", ["basic_lcms_min", "basic_lcms_max", "userdata_standard",
                                  "test_instantiate_cnf_resources"])
def test_images_and_artifacts_match_tst010(name: str, onboard: Onboard) -> None:
    """softwareImages and additionalArtifacts items as ETSI NFV-TST010 v2.6.1 (SOL005)
    describes them in vnfPkgInfo (unchanged in later versions but for new optional keys)."""
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = (samples.SAMPLES.parent / "etsi-nfv-api-tests-tst010-v2.6.1" / "SOL005"
                   / "VNFPackageManagement-API" / "schemas" / "vnfPkgInfo.schema.json")
    properties = json.loads(schema_path.read_text())["properties"]
    row = onboard(samples.build(name)[0])
    jsonschema.validate(row["software_images"], properties["softwareImages"])
    jsonschema.validate(row["additional_artifacts"], properties["additionalArtifacts"])
    assert row["additional_artifacts"]


def test_resume_after_a_dead_conductor(manager: ConductorManager,
                                       packages: VnfPackageRepository) -> None:
    """A PROCESSING package whose conductor died is processed again by the new owner; an
    interrupted fetch ends in ERROR."""
    operations = OperationRepository(manager.db)
    csar, vnfd_id = samples.build("basic_lcms_min")
    ref = manager.package_store.put(io.BytesIO(csar))
    package = packages.create({"onboarding_state": "PROCESSING", "content_ref": ref})
    op = operations.create("vnf_package.onboard", "vnf_package", package["uuid"],
                           owner=manager.host, state="running")
    # What the lease keeper calls for each operation it took over.
    assert manager.resume_operation(op) is True
    manager.pool.wait(20)
    assert packages.get(package["uuid"])["vnfd_id"] == vnfd_id
    assert operations.get(op["uuid"])["state"] == "succeeded"
    fetching = packages.create({"onboarding_state": "UPLOADING"})
    op = operations.create("vnf_package.onboard", "vnf_package", fetching["uuid"],
                           owner=manager.host, state="running")
    assert manager.resume_operation(op) is True
    row = packages.get(fetching["uuid"])
    assert row["onboarding_state"] == "ERROR"
    assert "stopped" in row["onboarding_failure_details"]["detail"]
    assert operations.get(op["uuid"])["state"] == "failed"
