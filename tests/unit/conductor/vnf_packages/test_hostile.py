"""Broken and hostile packages end in ERROR with a precise detail, leaving nothing behind."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from baton.conductor.manager import ConductorManager

from . import samples
from .conftest import assert_nothing_left

Onboard = Callable[[bytes], dict[str, Any]]

BOMB = b"""tosca_definitions_version: tosca_simple_yaml_1_2
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""
TOP = "Definitions/v2_sample2_top.vnfd.yaml"
DF = "Definitions/v2_sample2_df_simple.yaml"
META = "TOSCA-Metadata/TOSCA.meta"


def _with_entry(files: dict[str, bytes], info: zipfile.ZipInfo, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
        archive.writestr(info, content)
    return buffer.getvalue()


def _min_files(changes: dict[str, bytes | None] | None = None) -> dict[str, bytes]:
    files, _ = samples.sample_package("basic_lcms_min", changes=changes)
    return files


def _min(changes: dict[str, bytes | None]) -> Callable[[], bytes]:
    return lambda: samples.zip_files(_min_files(changes))


def _edit(path: str, old: bytes, new: bytes) -> bytes:
    content = samples.sample_package("basic_lcms_min")[0][path]
    assert old in content
    return content.replace(old, new)


def _symlink() -> bytes:
    info = zipfile.ZipInfo("Definitions/link.yaml")
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    return _with_entry(_min_files(), info, b"/etc/passwd")


def _slip(name: str) -> Callable[[], bytes]:
    return lambda: _with_entry(_min_files(), zipfile.ZipInfo(name), b"#!/bin/sh\n")


def _cnf_bad_hash() -> bytes:
    files, _ = samples.sample_package("test_instantiate_cnf_resources")
    files["Files/kubernetes/deployment.yaml"] += b"# tampered\n"
    return samples.zip_files(files)


def _manifest_bad_hash() -> bytes:
    files = _min_files()
    files["vnfd.mf"] = (b"metadata:\nvnf_provider_id: Company\nvnf_product_name: Sample VNF\n\n"
                        b"Source: " + TOP.encode() + b"\nAlgorithm: SHA-256\nHash: "
                        + b"0" * 64 + b"\n")
    files[META] += b"ETSI-Entry-Manifest: vnfd.mf\n"
    files[META] = files[META].replace(b"Created-by: Onboarding portal\n",
                                      b"Created-by: Onboarding portal\n"
                                      b"ETSI-Entry-Manifest: vnfd.mf\n")
    files[META] = files[META].rstrip(b"\n").rsplit(b"\n", 1)[0] + b"\n"
    return samples.zip_files(files)


CASES: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "not-zip": (lambda: b"PK\x03\x04 but not really a zip",
                ["not a ZIP archive"]),
    "truncated": (lambda: (lambda b: b[: len(b) // 2])(samples.build("basic_lcms_min")[0]),
                  ["not a ZIP archive (CSAR), or it is truncated"]),
    "zip-slip": (_slip("../../etc/cron.d/evil"),
                 ["'../../etc/cron.d/evil'", "zip-slip"]),
    "absolute-path": (_slip("/etc/cron.d/evil"), ["'/etc/cron.d/evil'", "absolute path"]),
    "symlink": (_symlink, ["Definitions/link.yaml is a symbolic link"]),
    "zip-bomb-ratio": (_min({"Files/zeros": b"\0" * 3_000_000}),
                       ["Files/zeros", "zip bomb"]),
    "yaml-bomb": (_min({DF: BOMB}),
                  [DF, "YAML bomb"]),
    "yaml-syntax": (_min({DF: b"tosca_definitions_version: 1\nimports: [a,\n b: c\n"}),
                    [f"{DF} line 4, column 1", "not valid YAML"]),
    "no-entry-definitions": (_min({META: b"TOSCA-Meta-File-Version: 1.0\nCSAR-Version: 1.1\n"}),
        [META, "Entry-Definitions is missing"]),
    "entry-definitions-absent": (_min({TOP: None}),
        [f"{META} line 4", "Entry-Definitions Definitions/v2_sample2_top.vnfd.yaml is not in "
                           "the package"]),
    "broken-import": (_min({"Definitions/etsi_nfv_sol001_common_types.yaml": None}),
        [f"{TOP} line 6 (imports.0)", "imports etsi_nfv_sol001_common_types.yaml, which is "
                                      "not in the package"]),
    "import-outside": (lambda: samples.zip_files(_min_files({TOP: _edit(
        TOP, b"  - v2_sample2_types.yaml", b"  - ../../v2_sample2_types.yaml")})),
        [TOP, "imports ../../v2_sample2_types.yaml, which is outside the package"]),
    "bad-hash": (_cnf_bad_hash, [f"{META} line", "Hash of Files/kubernetes/deployment.yaml "
                                                 "does not match"]),
    "manifest-bad-hash": (_manifest_bad_hash, ["vnfd.mf line 5", f"Hash of {TOP} does not "
                                                                 "match"]),
    "missing-artifact": (_min({"Scripts/sample_script.py": None}),
        [f"{DF} line 59 (topology_template.node_templates.VNF.artifacts.sample-script.file)",
         "artifact file ../Scripts/sample_script.py is not in the package"]),
    "unknown-aspect": (lambda: samples.zip_files(_min_files({DF: _edit(
        DF, b"aspect: VDU1_scale", b"aspect: VDU9_scale")})),
        [f"{DF} line", "scaling aspect VDU9_scale is not declared"]),
    "cp-bound-to-nothing": (lambda: samples.zip_files(_min_files({DF: _edit(
        DF, b"        - virtual_binding: VDU2\n", b"        - virtual_binding: VDU7\n")})),
        [f"{DF} line", "requirements.0.virtual_binding", "bound to VDU7"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_package(case: str, onboard: Onboard, tmp_path: Path) -> None:
    build, expected = CASES[case]
    row = onboard(build())
    assert_nothing_left(tmp_path, row)
    details = row["onboarding_failure_details"]
    assert details["status"] == 400 and details["title"] == "Invalid VNF package"
    for part in expected:
        assert part in details["detail"], details["detail"]


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("max_uncompressed_size", 20_000, "more than the limit of 20000: refused as a zip bomb"),
    ("max_files", 5, "more than the limit of 5"),
    ("max_yaml_size", 2048, "more than the YAML limit of 2048"),
])
def test_limits(option: str, value: int, expected: str, onboard: Onboard,
                manager: ConductorManager, tmp_path: Path) -> None:
    manager.conf.set_override(option, value, group="vnf_package")
    row = onboard(samples.build("basic_lcms_min")[0])
    assert_nothing_left(tmp_path, row)
    assert expected in row["onboarding_failure_details"]["detail"]
