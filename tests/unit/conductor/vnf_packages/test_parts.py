"""The CSAR layouts and parts beyond the samples: root YAML, signed manifest, URL imports."""

from __future__ import annotations

import hashlib
import io

import pytest

from baton import errors
from baton.conductor.vnf_packages.limits import Limits
from baton.conductor.vnf_packages.processing import analyse
from baton.conductor.vnf_packages.vnfd import parse_size

from . import samples

TOP = "Definitions/v2_sample2_top.vnfd.yaml"
CMS = b"-----BEGIN CMS-----\nMIIBsignature\n-----END CMS-----\n"


def _root_yaml_files() -> dict[str, bytes]:
    files, _ = samples.sample_package("basic_lcms_min")
    del files["TOSCA-Metadata/TOSCA.meta"]
    top = files.pop(TOP)
    for name in (b"etsi_nfv_sol001_common_types.yaml", b"etsi_nfv_sol001_vnfd_types.yaml",
                 b"v2_sample2_types.yaml", b"v2_sample2_df_simple.yaml"):
        top = top.replace(b"  - " + name, b"  - Definitions/" + name)
    files["vnfd.yaml"] = top
    return files


def _manifest(files: dict[str, bytes], *, signed: bool) -> bytes:
    lines = [b"metadata:", b"  vnf_provider_id: Company", b"  vnf_product_name: Sample VNF",
             b"  vnf_release_date_time: 2024-01-01T00:00:00+00:00",
             b"  vnf_package_version: '1.0'", b""]
    for path in ("vnfd.yaml", "Scripts/sample_script.py"):
        lines += [b"Source: " + path.encode(), b"Algorithm: SHA-512",
                  b"Hash: " + hashlib.sha512(files[path]).hexdigest().encode(), b""]
    lines += [b"non_mano_artifact_sets:", b"  prv.company.tests:", b"    Source: x", b""]
    return b"\n".join(lines) + (CMS if signed else b"")


def test_root_yaml_layout_with_signed_manifest() -> None:
    files = _root_yaml_files()
    files["vnfd.mf"] = _manifest(files, signed=True)
    files["vnfd.cert"] = b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"
    values = analyse(io.BytesIO(samples.zip_files(files)), Limits())
    assert values["vnfd"]["entry_definitions"] == "vnfd.yaml"
    assert values["vnfd"]["tosca_meta"] is None
    assert values["vnfd"]["manifest"] == "vnfd.mf"
    assert values["vnfd"]["manifest_metadata"]["vnf_provider_id"] == "Company"
    assert values["package_security_option"] == "OPTION_1"
    assert values["signing_certificate"] == "vnfd.cert"
    artifacts = {a["artifactPath"]: a for a in values["additional_artifacts"]}
    assert "vnfd.mf" not in artifacts and "vnfd.cert" not in artifacts
    # The manifest's checksum is the one reported.
    assert artifacts["Scripts/sample_script.py"]["checksum"]["algorithm"] == "SHA-512"


def test_root_yaml_layout_unsigned_bad_manifest_hash() -> None:
    files = _root_yaml_files()
    files["vnfd.mf"] = _manifest(files, signed=False)
    files["Scripts/sample_script.py"] += b"# changed after signing\n"
    with pytest.raises(errors.PackageContentInvalid) as caught:
        analyse(io.BytesIO(samples.zip_files(files)), Limits())
    assert "vnfd.mf line 11: the SHA-512 Hash of Scripts/sample_script.py does not match" in \
        str(caught.value)


def test_several_root_yamls_are_ambiguous() -> None:
    files = _root_yaml_files()
    files["other.yaml"] = b"tosca_definitions_version: tosca_simple_yaml_1_2\n"
    with pytest.raises(errors.PackageContentInvalid, match="ambiguous"):
        analyse(io.BytesIO(samples.zip_files(files)), Limits())


def test_url_imports_resolve_to_package_files() -> None:
    url = b"https://forge.etsi.org/rep/nfv/SOL001/raw/v2.6.1/etsi_nfv_sol001_common_types.yaml"
    files, vnfd_id = samples.sample_package("basic_lcms_min")
    files[TOP] = files[TOP].replace(b"  - etsi_nfv_sol001_common_types.yaml", b"  - " + url)
    values = analyse(io.BytesIO(samples.zip_files(files)), Limits())
    assert values["vnfd_id"] == vnfd_id
    files[TOP] = files[TOP].replace(url, url.replace(b"common_types", b"other_types"))
    with pytest.raises(errors.PackageContentInvalid, match="Baton|inside the package"):
        analyse(io.BytesIO(samples.zip_files(files)), Limits())


def test_vnfd_id_from_type_default() -> None:
    files, vnfd_id = samples.sample_package("basic_lcms_min")
    files[TOP] = files[TOP].replace(f"descriptor_id: {vnfd_id}".encode(),
                                    b"descriptor_id: { get_input: descriptor_id }")
    values = analyse(io.BytesIO(samples.zip_files(files)), Limits())
    assert values["vnfd_id"] == vnfd_id


@pytest.mark.parametrize(("value", "expected"), [
    ("12 GB", 12 * 10**9), ("512 MiB", 512 * 2**20), (1024, 1024), ("0 GB", 0),
    ("1.5 kB", 1500), ("ten", None), ("3 parsecs", None), (True, None),
])
def test_parse_size(value: object, expected: int | None) -> None:
    assert parse_size(value) == expected
