"""The public modules (what third-party drivers import) declare ``__all__`` honestly.

Public: ``baton.errors``, ``baton.interfaces`` and its submodules, ``baton.testing`` and its
submodules. Each must have an ``__all__`` of unique strings naming attributes that exist,
and every public class or function the module itself defines must be listed in it, so that
nothing is exported by accident or forgotten.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

PUBLIC_PACKAGES = ("baton.interfaces", "baton.testing")
PUBLIC_MODULES = ("baton.errors",)


def _public_module_names() -> list[str]:
    names = list(PUBLIC_MODULES)
    for package_name in PUBLIC_PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
            if not info.name.rsplit(".", 1)[-1].startswith("_"):
                names.append(info.name)
    return sorted(names)


MODULES = _public_module_names()


def _defined_here(module: ModuleType) -> set[str]:
    return {
        name for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
        and getattr(obj, "__module__", None) == module.__name__
    }


def test_public_modules_found() -> None:
    assert "baton.errors" in MODULES
    assert "baton.interfaces.power" in MODULES


@pytest.mark.parametrize("module_name", MODULES)
def test_all_is_declared_and_exists(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{module_name} has no __all__"
    assert isinstance(exported, (list, tuple))
    assert all(isinstance(name, str) for name in exported)
    assert len(exported) == len(set(exported)), f"{module_name}.__all__ has duplicates"
    missing = [name for name in exported if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names what does not exist: {missing}"


@pytest.mark.parametrize("module_name", MODULES)
def test_public_definitions_are_exported(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = set(getattr(module, "__all__", ()))
    forgotten = sorted(_defined_here(module) - exported)
    assert not forgotten, f"{module_name} defines public names missing from __all__: {forgotten}"


def test_star_import_works() -> None:
    for module_name in MODULES:
        namespace: dict[str, object] = {}
        exec(f"from {module_name} import *", namespace)  # the point of the test
