"""The ``local`` VNF package store: content-addressed, atomic, loaded by entry point."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from baton import errors
from baton.engine.package_store import load_package_store
from baton.interfaces.package_store import PackageStore
from baton.testing.fixtures import make_test_conf


@pytest.fixture
def store(tmp_path: Path) -> PackageStore:
    return load_package_store(make_test_conf(state_path=str(tmp_path)))


class _Broken(io.RawIOBase):
    def __init__(self) -> None:
        self.calls = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.calls += 1
        if self.calls > 2:
            raise ConnectionResetError("client went away")
        return b"x" * 1000


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_put_open_size_delete(store: PackageStore, tmp_path: Path) -> None:
    data = b"PK" + os.urandom(3000)
    ref = store.put(io.BytesIO(data))
    assert ref == hashlib.sha256(data).hexdigest()
    assert store.exists(ref) and store.size(ref) == len(data)
    with store.open(ref) as stored:
        assert stored.read() == data
    # Stored once: the same content gives the same reference and one file.
    assert store.put(io.BytesIO(data)) == ref
    assert _files(tmp_path / "vnf_packages") == [f"{ref[:2]}/{ref}"]
    store.delete(ref)
    store.delete(ref)
    assert not store.exists(ref)
    with pytest.raises(errors.NotFound):
        store.open(ref)
    with pytest.raises(errors.NotFound):
        store.size(ref)


def test_failed_or_too_large_put_keeps_nothing(store: PackageStore, tmp_path: Path) -> None:
    with pytest.raises(errors.PackageTooLarge) as caught:
        store.put(io.BytesIO(b"y" * 5000), max_size=4096)
    assert caught.value.code == 413
    with pytest.raises(ConnectionResetError):
        store.put(_Broken())  # type: ignore[arg-type]
    assert _files(tmp_path / "vnf_packages") == []


@pytest.mark.parametrize("ref", ["../../etc/passwd", "ABC", "", "0" * 63])
def test_refs_are_content_addresses_only(store: PackageStore, ref: str) -> None:
    assert not store.exists(ref)
    with pytest.raises(errors.NotFound):
        store.open(ref)
    store.delete(ref)


def test_directory_option(tmp_path: Path) -> None:
    conf = make_test_conf(state_path=str(tmp_path))
    store = load_package_store(conf)
    conf.set_override("directory", str(tmp_path / "elsewhere"), group="package_store_local")
    moved = load_package_store(conf)
    ref = moved.put(io.BytesIO(b"data"))
    assert (tmp_path / "elsewhere" / ref[:2] / ref).is_file()
    assert not store.exists(ref)


def test_unknown_store_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(errors.DriverLoadError) as caught:
        load_package_store(make_test_conf(state_path=str(tmp_path)), "nope")
    assert "baton.nfv.package_store" in str(caught.value)
