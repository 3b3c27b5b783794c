"""The fake infra driver is found by vimType through entry points."""

from __future__ import annotations

from pathlib import Path

import pytest

from baton import errors
from baton.engine.infra import InfraDrivers
from baton.interfaces.nfv import INFRA_OPERATIONS, InfraDriver
from baton.testing.fixtures import make_test_conf


def test_fake_infra_loads_by_vim_type(tmp_path: Path) -> None:
    drivers = InfraDrivers(make_test_conf(state_path=str(tmp_path)))
    driver = drivers.for_vim({"vimType": "BATON.FAKE.V_1"})
    assert isinstance(driver, InfraDriver)
    assert drivers.get("BATON.FAKE.V_1") is driver
    assert {f"rollback_{op}" for op in INFRA_OPERATIONS} <= driver.safe_to_repeat
    assert "BATON.FAKE.V_1" in InfraDrivers.available()


def test_unknown_vim_type_is_a_400(tmp_path: Path) -> None:
    drivers = InfraDrivers(make_test_conf(state_path=str(tmp_path)))
    with pytest.raises(errors.UnsupportedVimType) as info:
        drivers.for_vim({"vimType": "ETSINFV.NOPE.V_1"})
    assert info.value.code == 400 and "BATON.FAKE.V_1" in str(info.value)
    with pytest.raises(errors.InvalidParameterValue):
        drivers.for_vim({})
