"""Packaging guards: the explicit package list, the entry points, the core/drivers boundary.

setup.cfg lists packages explicitly; a subpackage missing there silently drops out of the
wheel, so these tests compare the list with the folders on disk. Every entry point must
name an importable object, and core (``baton``) must never import ``baton_drivers``:
drivers are found only through entry points, as a third party's would be.
"""

from __future__ import annotations

import ast
import configparser
import importlib
import importlib.metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_ROOTS = {
    "baton": ROOT / "core" / "baton",
    "baton_drivers": ROOT / "drivers" / "baton_drivers",
}


def _setup_cfg() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keep the case of entry-point names
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    return parser


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _entry_points() -> list[tuple[str, str, str]]:
    """(group, name, "module:attr") for every entry point declared in setup.cfg."""
    section = _setup_cfg()["options.entry_points"]
    found = []
    for group, value in section.items():
        for line in _lines(value):
            name, _, target = line.partition("=")
            found.append((group, name.strip(), target.strip()))
    return found


def _package_dirs() -> set[str]:
    names = set()
    for top, path in PACKAGE_ROOTS.items():
        for init in path.rglob("__init__.py"):
            rel = init.parent.relative_to(path)
            names.add(".".join((top, *rel.parts)))
    return names


def test_package_list_matches_folders() -> None:
    declared = _lines(_setup_cfg()["options"]["packages"])
    assert len(declared) == len(set(declared)), "duplicate entries in setup.cfg packages ="
    on_disk = _package_dirs()
    missing = sorted(on_disk - set(declared))
    stale = sorted(set(declared) - on_disk)
    assert not missing, f"add to setup.cfg [options] packages =: {missing}"
    assert not stale, f"listed in setup.cfg but no folder with __init__.py: {stale}"


def test_every_python_folder_is_a_package() -> None:
    # A folder of modules without __init__.py is a namespace package setuptools skips.
    holes = []
    for path in PACKAGE_ROOTS.values():
        for module in path.rglob("*.py"):
            folder = module.parent
            if "__pycache__" not in folder.parts and not (folder / "__init__.py").exists():
                holes.append(str(folder.relative_to(ROOT)))
    assert not holes, f"folders with modules but no __init__.py: {sorted(set(holes))}"


def test_package_dir_mapping() -> None:
    mapping = dict(
        (k.strip(), v.strip())
        for k, _, v in (line.partition("=") for line in
                        _lines(_setup_cfg()["options"]["package_dir"]))
    )
    assert mapping == {top: str(path.relative_to(ROOT)) for top, path in PACKAGE_ROOTS.items()}


def test_package_data_exists() -> None:
    """Files named in [options.package_data] exist (a typo drops them from the wheel)."""
    missing = []
    for package, value in _setup_cfg()["options.package_data"].items():
        top, *rest = package.split(".")
        folder = PACKAGE_ROOTS[top].joinpath(*rest)
        for pattern in (p.strip() for p in value.replace("\n", ",").split(",")):
            if pattern and not list(folder.glob(pattern)):
                missing.append(f"{package}: {pattern}")
    assert not missing, f"package_data names files that do not exist: {missing}"


@pytest.mark.parametrize(
    "group,name,target", _entry_points(), ids=[f"{g}:{n}" for g, n, _ in _entry_points()]
)
def test_entry_point_resolves(group: str, name: str, target: str) -> None:
    module_name, _, attr = target.partition(":")
    assert attr, f"{group} {name}: target {target!r} is not module:attr"
    module = importlib.import_module(module_name)
    obj = module
    for part in attr.split("."):
        obj = getattr(obj, part)
    assert callable(obj), f"{group} {name} -> {target} is not callable"


def test_installed_entry_points_match_setup_cfg() -> None:
    """A stale install (setup.cfg changed, ``pip install -e`` not re-run) hides plugins."""
    try:
        dist = importlib.metadata.distribution("baton")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("baton is not installed as a distribution")
    installed = {(ep.group, ep.name, ep.value) for ep in dist.entry_points}
    declared = set(_entry_points())
    assert declared - installed == set(), (
        "entry points in setup.cfg but not in the installed metadata; "
        "re-run pip install -e '.[test]'"
    )
    assert installed - declared == set(), "installed entry points no longer in setup.cfg"


def _imports_of(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args:
            # importlib.import_module("baton_drivers...") / __import__("baton_drivers...")
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if fname in ("import_module", "__import__") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def test_core_never_imports_drivers() -> None:
    offenders = []
    for module in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
        for lineno, name in _imports_of(tree):
            if name == "baton_drivers" or name.startswith("baton_drivers."):
                offenders.append(f"{module.relative_to(ROOT)}:{lineno} imports {name}")
    assert not offenders, "core must load drivers through entry points:\n" + "\n".join(offenders)


def test_console_scripts_declared() -> None:
    scripts = {name for group, name, _ in _entry_points() if group == "console_scripts"}
    assert {"baton-server", "baton-api", "baton-conductor", "baton-dbsync"} <= scripts
