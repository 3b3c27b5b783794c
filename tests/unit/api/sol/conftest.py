"""Fixtures of the SOL API tests: ``sol`` (see :class:`.helpers.Sol`) over the ``env``
fixture (a real SQLite database and the real in-process conductor), ``csar_factory``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from api.conftest import Env

from .helpers import Sol, build


@pytest.fixture
def sol(env: Env) -> Sol:
    return Sol(env)


@pytest.fixture(scope="session")
def csar_factory() -> Callable[..., tuple[bytes, str]]:
    """``build(sample, ...)`` with a fresh vnfdId each call."""
    def factory(name: str = "basic_lcms_min", **kwargs: Any) -> tuple[bytes, str]:
        kwargs.setdefault("vnfd_id", str(uuid.uuid4()))
        return build(name, **kwargs)
    return factory


