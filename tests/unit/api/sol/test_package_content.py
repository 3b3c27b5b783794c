"""Uploading, onboarding and reading back VNF packages built from Tacker's samples:
``package_content`` (PUT zip or multipart, GET with Range), ``upload_from_uri``, ``vnfd``,
``artifacts`` and ``manifest``, the upload limits and the ERROR state.

Schemas checked (ETSI NFV-TST010 v2.6.1, SOL005 VNFPackageManagement-API; the shape of an
ONBOARDED VnfPkgInfo did not change in later versions): vnfPkgInfo, vnfPkgsInfo,
ProblemDetails.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from api.conftest import Env
from baton.db.repositories import VnfPackageRepository

from .helpers import (
    BASE,
    Sol,
    build,
    check_schema,
    multipart,
    problem_of,
    rehash_meta,
    sample_package,
    zip_files,
)

Factory = Callable[..., tuple[bytes, str]]
SAMPLES = ("basic_lcms_min", "basic_lcms_max", "userdata_standard",
           "test_instantiate_cnf_resources")


@pytest.fixture(scope="module")
def basic_min() -> tuple[bytes, str]:
    return build("basic_lcms_min")


@pytest.fixture(scope="module")
def basic_max() -> tuple[bytes, str]:
    return build("basic_lcms_max")


def _stored(env: Env, package_id: str) -> tuple[str, Any]:
    from baton.engine.package_store import load_package_store
    row = VnfPackageRepository(env.db).get(package_id)
    return row["content_ref"], load_package_store(env.conf)


def test_onboard_end_to_end(sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, vnfd_id = basic_min
    info = sol.onboard(csar, user_data={"abc": "xyz"})
    assert info["onboardingState"] == "ONBOARDED", info
    check_schema("vnfPkgInfo", info)
    assert info["vnfdId"] == vnfd_id
    # Enabled once onboarded, as Tacker does.
    assert info["operationalState"] == "ENABLED" and info["usageState"] == "NOT_IN_USE"
    assert info["checksum"] == {"algorithm": "SHA-256",
                                "hash": hashlib.sha256(csar).hexdigest()}
    assert info["userDefinedData"] == {"abc": "xyz"}
    for key in ("vnfProvider", "vnfProductName", "vnfSoftwareVersion", "vnfdVersion"):
        assert isinstance(info[key], str) and info[key]
    assert info["_links"]["vnfd"]["href"].endswith(f"/vnf_packages/{info['id']}/vnfd")
    listed = sol.get(BASE, query_string="all_fields").json
    check_schema("vnfPkgsInfo", listed)
    assert listed == [info]
    onboarded = sol.get(BASE, query_string=f"filter=(eq,vnfdId,{vnfd_id})").json
    assert [i["id"] for i in onboarded] == [info["id"]]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_onboards(sol: Sol, csar_factory: Factory, name: str) -> None:
    csar, vnfd_id = csar_factory(name)
    info = sol.onboard(csar, as_multipart=name.startswith("basic"))
    assert info["onboardingState"] == "ONBOARDED", info.get("onboardingFailureDetails")
    assert info["vnfdId"] == vnfd_id
    check_schema("vnfPkgInfo", info)


def test_multipart_upload_as_clients_send_it(sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    package = sol.create()
    body, ctype = multipart(csar, name="upload", filename="vnf.zip")
    body = b"preamble\r\n" + body.replace(
        b"--batonboundary42\r\n",
        b"--batonboundary42\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
        b"hello\r\n--batonboundary42\r\n", 1)
    result = sol.client.simulate_put(f"{BASE}/{package['id']}/package_content", body=body,
                                     headers={"Content-Type": ctype})
    assert result.status_code == 202, result.text
    assert sol.wait(package["id"])["checksum"]["hash"] == hashlib.sha256(csar).hexdigest()


def test_package_content_download_and_ranges(sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    pkg = sol.onboard(csar)["id"]
    url = f"{BASE}/{pkg}/package_content"
    whole = sol.get(url)
    assert whole.status_code == 200 and whole.content == csar
    assert whole.headers["content-type"] == "application/zip"
    assert whole.headers["accept-ranges"] == "bytes"
    part = sol.get(url, headers={"Range": "bytes=10-99"})
    assert part.status_code == 206 and part.content == csar[10:100]
    assert part.headers["content-range"] == f"bytes 10-99/{len(csar)}"
    assert sol.get(url, headers={"Range": "bytes=-5"}).content == csar[-5:]
    assert sol.get(url, headers={"Range": f"bytes={len(csar) - 3}-"}).content == csar[-3:]
    assert sol.get(url, headers={"Range": "bytes=0-1,4-5"}).status_code == 200
    refused = sol.get(url, headers={"Range": f"bytes={len(csar)}-"})
    problem_of(refused, 416)
    assert refused.headers["content-range"] == f"bytes */{len(csar)}"


def test_reads_need_an_onboarded_package(sol: Sol) -> None:
    pkg = sol.create()["id"]
    for tail in ("package_content", "vnfd", "manifest", "artifacts/Scripts/x.py"):
        assert "onboardingState CREATED" in problem_of(sol.get(f"{BASE}/{pkg}/{tail}"),
                                                       409)["detail"]


def test_upload_only_once(sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    pkg = sol.onboard(csar)["id"]
    detail = problem_of(sol.upload(pkg, csar), 409)["detail"]
    assert "onboardingState ONBOARDED" in detail
    problem_of(sol.upload("7f1d4b3e-0000-4000-8000-000000000000", csar), 404)


def test_upload_refused_before_reading_leaves_the_package_alone(
        env: Env, sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    pkg = sol.create()["id"]
    result = sol.client.simulate_put(f"{BASE}/{pkg}/package_content", body=csar,
                                     headers={"Content-Type": "application/json"})
    problem_of(result, 415)
    env.conf.set_override("max_upload_size", len(csar) - 1, group="vnf_package")
    client = env.fresh_client()
    result = client.simulate_put(f"{BASE}/{pkg}/package_content", body=csar,
                                 headers={"Content-Type": "application/zip"})
    assert str(len(csar) - 1) in problem_of(result, 413)["detail"]
    assert sol.get(f"{BASE}/{pkg}").json["onboardingState"] == "CREATED"


def _stored_files(env: Env) -> list[str]:
    import pathlib
    root = pathlib.Path(env.conf.state_path) / "vnf_packages"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_upload_too_large_while_streaming_ends_in_error(
        env: Env, basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    env.conf.set_override("max_upload_size", len(csar) - 1, group="vnf_package")
    sol = Sol(env)
    sol.client = env.fresh_client()
    pkg = sol.create()["id"]
    problem_of(sol.upload(pkg, csar, as_multipart=True), 413)
    info = sol.get(f"{BASE}/{pkg}", query_string="").json
    assert info["onboardingState"] == "ERROR"
    details = info["onboardingFailureDetails"]
    check_schema("ProblemDetails", details)
    assert details["status"] == 413 and "larger than" in details["detail"]
    assert _stored_files(env) == []


def test_truncated_uploads_end_in_error(env: Env, sol: Sol,
                                        basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    pkg = sol.create()["id"]
    body, ctype = multipart(csar)
    cut = body[: len(body) - 40]     # the closing boundary never arrives
    result = sol.client.simulate_put(f"{BASE}/{pkg}/package_content", body=cut,
                                     headers={"Content-Type": ctype})
    problem_of(result, 400)
    info = sol.get(f"{BASE}/{pkg}").json
    assert info["onboardingState"] == "ERROR"
    assert info["onboardingFailureDetails"]["status"] == 400
    assert _stored_files(env) == []


def test_broken_package_ends_in_error_with_details(sol: Sol) -> None:
    info = sol.onboard(b"this is not a zip file")
    assert info["onboardingState"] == "ERROR"
    check_schema("ProblemDetails", info["onboardingFailureDetails"])
    assert "onboardingFailureDetails" not in sol.get(BASE).json[0]
    assert "softwareImages" not in info and "vnfd" not in info["_links"]


def test_second_package_with_the_same_vnfd_is_refused(sol: Sol,
                                                      csar_factory: Factory) -> None:
    csar, vnfd_id = csar_factory()
    assert sol.onboard(csar)["onboardingState"] == "ONBOARDED"
    info = sol.onboard(csar)
    assert info["onboardingState"] == "ERROR"
    assert vnfd_id in info["onboardingFailureDetails"]["detail"]


def test_vnfd_by_accept(env: Env, sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    pkg = sol.onboard(csar)["id"]
    url = f"{BASE}/{pkg}/vnfd"
    for accept in ("application/zip", "text/plain, application/zip", "*/*", None):
        result = sol.get(url, headers={"Accept": accept} if accept else {})
        assert result.status_code == 200, (accept, result.text)
        assert result.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(result.content)) as archive:
            names = archive.namelist()
        assert "TOSCA-Metadata/TOSCA.meta" in names
        assert "Definitions/v2_sample2_top.vnfd.yaml" in names
        assert not [n for n in names if not n.startswith(("Definitions/", "TOSCA-Metadata/"))]
    assert "several files" in problem_of(sol.get(url, headers={"Accept": "text/plain"}),
                                         406)["detail"]
    problem_of(sol.get(url, headers={"Accept": "application/json"}), 406)
    # A VNFD that is one YAML file answers it as text/plain.
    repo = VnfPackageRepository(env.db)
    summary = repo.get(pkg)["vnfd"]
    entry = summary["entry_definitions"]
    repo.update(pkg, {"vnfd": {**summary, "definitions": [entry], "tosca_meta": None}})
    for accept in ("text/plain", "text/plain, application/zip"):
        result = sol.get(url, headers={"Accept": accept})
        assert result.status_code == 200
        assert result.headers["content-type"] == "text/plain"
        assert result.content == zipfile.ZipFile(io.BytesIO(csar)).read(entry)


def test_artifacts(sol: Sol, basic_max: tuple[bytes, str]) -> None:
    csar, _ = basic_max
    info = sol.onboard(csar)
    archive = zipfile.ZipFile(io.BytesIO(csar))
    paths = [a["artifactPath"] for a in info["additionalArtifacts"]]
    paths += [i["imagePath"] for i in info["softwareImages"] if i["imagePath"]]
    assert paths
    for path in paths:
        result = sol.get(f"{BASE}/{info['id']}/artifacts/{path}")
        assert result.status_code == 200, (path, result.text)
        assert result.content == archive.read(path)
        assert result.headers["accept-ranges"] == "bytes"
    path = paths[0]
    part = sol.get(f"{BASE}/{info['id']}/artifacts/{path}", headers={"Range": "bytes=1-3"})
    assert part.status_code == 206 and part.content == archive.read(path)[1:4]
    for missing in ("nope.txt", "Definitions/v2_sample3_top.vnfd.yaml", "../etc/passwd",
                    "TOSCA-Metadata/TOSCA.meta"):
        problem_of(sol.get(f"{BASE}/{info['id']}/artifacts/{missing}"), 404)


def _with_manifest() -> tuple[bytes, bytes]:
    files, _ = sample_package("basic_lcms_min")
    meta = files["TOSCA-Metadata/TOSCA.meta"].decode().replace(
        "Entry-Definitions:", "ETSI-Entry-Manifest: manifest.mf\nEntry-Definitions:", 1)
    files["TOSCA-Metadata/TOSCA.meta"] = meta.encode()
    script = files["Scripts/sample_script.py"]
    manifest = ("metadata:\n  vnf_provider_id: Company\n  vnf_product_name: Sample VNF\n"
                "  vnf_release_date_time: 2024-01-01T00:00:00+00:00\n"
                "  vnf_package_version: 1.0\n\n"
                "Source: Scripts/sample_script.py\nAlgorithm: SHA-256\n"
                f"Hash: {hashlib.sha256(script).hexdigest()}\n").encode()
    files["manifest.mf"] = manifest
    rehash_meta(files)
    return zip_files(files), manifest


def test_manifest(sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, manifest = _with_manifest()
    info = sol.onboard(csar)
    assert info["onboardingState"] == "ONBOARDED", info
    result = sol.get(f"{BASE}/{info['id']}/manifest")
    assert result.status_code == 200 and result.content == manifest
    assert result.headers["content-type"] == "text/plain"
    signed = sol.get(f"{BASE}/{info['id']}/manifest", query_string="include_signatures")
    assert signed.headers["content-type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(signed.content)).read("manifest.mf") == manifest
    plain = sol.onboard(basic_min[0])
    assert "manifest" in problem_of(sol.get(f"{BASE}/{plain['id']}/manifest"),
                                    404)["detail"]


def test_delete_onboarded_package_removes_its_content(
        env: Env, sol: Sol, basic_min: tuple[bytes, str]) -> None:
    csar, _ = basic_min
    pkg = sol.onboard(csar)["id"]
    ref, store = _stored(env, pkg)
    assert store.exists(ref)
    problem_of(sol.req("DELETE", f"{BASE}/{pkg}"), 409)  # enabled once onboarded
    assert sol.req("PATCH", f"{BASE}/{pkg}", {"operationalState": "DISABLED"}).status_code \
        == 200
    assert sol.req("DELETE", f"{BASE}/{pkg}").status_code == 204
    assert not store.exists(ref)
    problem_of(sol.get(f"{BASE}/{pkg}"), 404)
