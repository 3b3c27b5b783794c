"""Configuration and registry helpers, and pytest fixtures built on them.

Use the fixtures from a ``conftest.py`` with ``pytest_plugins = ["baton.testing.fixtures"]``
(or ``from baton.testing.fixtures import *``)::

    def test_power(conf_factory):
        conf = conf_factory(enabled_power_interfaces=["mypower"],
                            register=[MyPower.register_opts], groups={"mypower": {"port": 1}})
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from oslo_config import cfg

from baton.conf import make_conf
from baton.engine.loader import DriverRegistry

__all__ = [
    "ConfFactory",
    "conf",
    "conf_factory",
    "make_registry",
    "make_test_conf",
    "registry",
]

ConfFactory = Callable[..., cfg.ConfigOpts]


def make_test_conf(*, state_path: str | None = None,
                   register: Iterable[Callable[[cfg.ConfigOpts], None]] = (),
                   groups: Mapping[str, Mapping[str, Any]] | None = None,
                   **defaults: Any) -> cfg.ConfigOpts:
    """A parsed ConfigOpts with every core group, reading no file and no command line.

    ``defaults`` override ``[DEFAULT]`` options; ``groups`` maps a group to its overrides;
    ``register`` callables (e.g. an interface's ``register_opts``) run first, so their
    groups can be overridden. ``state_path`` defaults to a new temporary directory (the
    fixtures use pytest's ``tmp_path`` instead).
    """
    conf = make_conf()
    for register_opts in register:
        register_opts(conf)
    conf([], project="baton", default_config_files=[], default_config_dirs=[])
    conf.set_override("state_path", state_path or tempfile.mkdtemp(prefix="baton-test-"))
    for name, value in defaults.items():
        conf.set_override(name, value)
    for group, values in (groups or {}).items():
        for name, value in values.items():
            conf.set_override(name, value, group=group)
    return conf


def make_registry(conf: cfg.ConfigOpts | None = None, **defaults: Any) -> DriverRegistry:
    """A DriverRegistry over ``conf`` (default: :func:`make_test_conf` with ``defaults``)."""
    return DriverRegistry(conf if conf is not None else make_test_conf(**defaults))


@pytest.fixture
def conf_factory(tmp_path: Path) -> ConfFactory:
    """A factory of test configurations (see :func:`make_test_conf`) under ``tmp_path``."""

    def factory(**kwargs: Any) -> cfg.ConfigOpts:
        kwargs.setdefault("state_path", str(tmp_path))
        return make_test_conf(**kwargs)

    return factory


@pytest.fixture
def conf(conf_factory: ConfFactory) -> cfg.ConfigOpts:
    """A test configuration with the defaults (every fake interface enabled)."""
    return conf_factory()


@pytest.fixture
def registry(conf: cfg.ConfigOpts) -> DriverRegistry:
    """The driver registry the default test configuration loads."""
    return DriverRegistry(conf)
