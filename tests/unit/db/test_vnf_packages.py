"""VnfPackageRepository: defaults, lookups, compare-and-set, the unique vnfdId."""

from __future__ import annotations

import pytest

from baton import errors
from baton.db.engine import Database
from baton.db.repositories import VnfPackageRepository


def test_create_get_list(db: Database) -> None:
    repo = VnfPackageRepository(db)
    row = repo.create({"user_defined_data": {"a": 1}})
    assert (row["onboarding_state"], row["operational_state"], row["usage_state"]) == (
        "CREATED", "DISABLED", "NOT_IN_USE")
    assert row["software_images"] == [] and row["additional_artifacts"] == []
    assert repo.get(row["uuid"])["user_defined_data"] == {"a": 1}
    other = repo.create({"onboarding_state": "ONBOARDED", "vnfd_id": "v-1"})
    assert repo.get_by_vnfd_id("v-1")["uuid"] == other["uuid"]
    listed = repo.list(filters={"onboarding_state": ["CREATED", "ERROR"]})
    assert [r["uuid"] for r in listed] == [row["uuid"]]
    page = repo.list(limit=1, marker=row["uuid"])
    assert [r["uuid"] for r in page] == [other["uuid"]]
    assert repo.count() == 2
    with pytest.raises(errors.VnfPackageNotFound):
        repo.get("6b1bfe2b-1b8c-4c38-b9a1-cf1fbd8b7a6e")
    with pytest.raises(errors.VnfPackageNotFound):
        repo.get_by_vnfd_id("nope")


def test_compare_and_set(db: Database) -> None:
    repo = VnfPackageRepository(db)
    row = repo.create({})
    moved = repo.update(row["uuid"], {"onboarding_state": "UPLOADING"},
                        expected={"onboarding_state": "CREATED"})
    assert moved["onboarding_state"] == "UPLOADING"
    with pytest.raises(errors.InvalidPackageState) as caught:
        repo.update(row["uuid"], {"onboarding_state": "UPLOADING"},
                    expected={"onboarding_state": "CREATED"})
    assert caught.value.code == 409
    assert "onboardingState UPLOADING" in str(caught.value)
    repo.update(row["uuid"], {"onboarding_state": "PROCESSING"},
                expected={"onboarding_state": ("CREATED", "UPLOADING")})
    with pytest.raises(errors.InvalidPackageState):
        repo.destroy(row["uuid"], expected={"onboarding_state": ("CREATED", "ERROR")})
    repo.destroy(row["uuid"], expected={"onboarding_state": "PROCESSING"})
    with pytest.raises(errors.VnfPackageNotFound):
        repo.get(row["uuid"])


def test_vnfd_id_is_unique(db: Database) -> None:
    repo = VnfPackageRepository(db)
    first = repo.create({"vnfd_id": "dup"})
    second = repo.create({})
    with pytest.raises(errors.VnfdIdConflict) as caught:
        repo.update(second["uuid"], {"vnfd_id": "dup"})
    assert caught.value.code == 409 and first["uuid"] in str(caught.value)
    # Many packages without a VNFD yet.
    repo.create({})
    assert repo.count({"vnfd_id": None}) == 2


def test_content_in_use(db: Database) -> None:
    repo = VnfPackageRepository(db)
    row = repo.create({"content_ref": "a" * 64})
    assert repo.content_in_use("a" * 64)
    assert not repo.content_in_use("a" * 64, exclude=row["uuid"])
    assert not repo.content_in_use("b" * 64)
