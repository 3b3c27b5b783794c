"""RPC API version rules."""

from __future__ import annotations

import pytest

from baton import errors
from baton.rpc import versions


def test_compatible() -> None:
    assert versions.compatible("1.3", "1.0")
    assert versions.compatible("1.3", "1.3")
    assert not versions.compatible("1.3", "1.4")
    assert not versions.compatible("2.0", "1.0")


def test_cap_takes_the_lower_of_client_and_target() -> None:
    assert versions.cap("1.4", "1.2") == "1.2"
    assert versions.cap("1.2", "1.10") == "1.2"
    assert versions.cap("1.2", None) == "1.2"
    assert versions.cap("1.2", "2.0") == "2.0"


def test_check_served_and_parse() -> None:
    versions.check_served("h", "1.0", "1.0")
    with pytest.raises(errors.RPCVersionMismatch, match="serves RPC API 1.0, the call needs 1.1"):
        versions.check_served("h", "1.0", "1.1")
    with pytest.raises(errors.RPCError):
        versions.parse("one")


def test_every_method_is_served_by_the_manager() -> None:
    from baton.conductor.manager import ConductorManager

    assert all(callable(getattr(ConductorManager, name, None)) for name in versions.METHODS)
    assert all(versions.compatible(versions.RPC_API_VERSION, v)
               for v in versions.METHODS.values())
