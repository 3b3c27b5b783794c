"""Fixtures of the vnflcm API tests: ``lcm`` (a client of ``/vnflcm/v2``), ``package`` (an
onboarded, enabled package built from Tacker's basic_lcms_min sample)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from api.conftest import Env
from api.sol.helpers import Sol

from .helpers import Lcm


@pytest.fixture
def lcm(env: Env) -> Lcm:
    return Lcm(env)


@pytest.fixture
def package(sol: Sol, csar_factory: Callable[..., tuple[bytes, str]]) -> dict[str, Any]:
    csar, _vnfd_id = csar_factory()
    info = sol.onboard(csar)
    assert info["onboardingState"] == "ONBOARDED", info
    assert info["operationalState"] == "ENABLED", info  # enabled once onboarded
    return info


@pytest.fixture
def second_package(sol: Sol, csar_factory: Callable[..., tuple[bytes, str]]) -> dict[str, Any]:
    """Another package of the same sample (another vnfdId), for change_vnfpkg."""
    csar, _vnfd_id = csar_factory()
    info = sol.onboard(csar)
    assert info["operationalState"] == "ENABLED", info
    return info
