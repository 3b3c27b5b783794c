"""Install a throw-away distribution with entry points, to test plugin loading for real.

Writes ``<name>-0.dist-info`` (METADATA and ``entry_points.txt``) plus any modules into a
directory, puts it on ``sys.path`` for the ``with`` block, then takes everything away::

    with temporary_distribution(tmp_path, "broken-plugin",
                                entry_points={"baton.hardware.interfaces.power":
                                              {"broken": "broken_power:Power"}},
                                modules={"broken_power": "raise ImportError('no lib')"}):
        DriverRegistry(conf)   # -> DriverLoadError naming the namespace and "broken"
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from stevedore import extension

__all__ = ["temporary_distribution"]


def _write(root: Path, name: str, entry_points: Mapping[str, Mapping[str, str]],
           modules: Mapping[str, str]) -> None:
    dist_info = root / f"{name.replace('-', '_')}-0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0\n", encoding="utf-8")
    lines = []
    for group, names in entry_points.items():
        lines.append(f"[{group}]")
        lines.extend(f"{ep_name} = {target}" for ep_name, target in names.items())
        lines.append("")
    (dist_info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")
    for module, source in modules.items():
        path = root.joinpath(*module.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            if parent != Path("."):
                (root / parent / "__init__.py").touch()
        path.write_text(source, encoding="utf-8")


def _forget(groups: Mapping[str, object]) -> None:
    importlib.invalidate_caches()
    for group in groups:
        extension.ExtensionManager.ENTRY_POINT_CACHE.pop(group, None)


@contextlib.contextmanager
def temporary_distribution(root: Path, name: str, *,
                           entry_points: Mapping[str, Mapping[str, str]],
                           modules: Mapping[str, str] | None = None) -> Iterator[Path]:
    """Install distribution ``name`` under ``root`` (a new directory) for the block.

    ``entry_points`` maps a group to ``{name: "module:attr"}``; ``modules`` maps a dotted
    module name to its source. Yields ``root``.
    """
    modules = modules or {}
    _write(root, name, entry_points, modules)
    sys.path.insert(0, str(root))
    _forget(entry_points)
    try:
        yield root
    finally:
        sys.path.remove(str(root))
        tops = {module.split(".")[0] for module in modules}
        for loaded in [m for m in sys.modules if m.split(".")[0] in tops]:
            del sys.modules[loaded]
        _forget(entry_points)
