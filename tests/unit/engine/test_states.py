"""The provision state machine, table-driven: every allowed and every refused transition."""

from __future__ import annotations

import itertools

import pytest

from baton import errors
from baton.engine import states

EVENTS = sorted({e for (_, e) in states.TRANSITIONS} | {"bogus"})
PAIRS = list(itertools.product(sorted(states.STATES), EVENTS))

# Ironic's transitions, written out independently of the module's table (from, event, to).
IRONIC = {
    ("available", "deploy"): "deploying", ("deploying", "fail"): "deploy failed",
    ("deploy failed", "rebuild"): "deploying", ("deploy failed", "deploy"): "deploying",
    ("deploying", "wait"): "wait call-back", ("deploying", "hold"): "deploy hold",
    ("wait call-back", "hold"): "deploy hold", ("wait call-back", "resume"): "deploying",
    ("wait call-back", "fail"): "deploy failed", ("deploy hold", "unhold"): "wait call-back",
    ("deploy hold", "abort"): "deploy failed", ("wait call-back", "abort"): "deploy failed",
    ("deploying", "done"): "active", ("active", "rebuild"): "deploying",
    ("active", "delete"): "deleting", ("wait call-back", "delete"): "deleting",
    ("deploy failed", "delete"): "deleting", ("deleting", "fail"): "error",
    ("deleting", "clean"): "cleaning", ("cleaning", "done"): "available",
    ("cleaning", "fail"): "clean failed", ("clean wait", "fail"): "clean failed",
    ("clean wait", "abort"): "clean failed", ("cleaning", "wait"): "clean wait",
    ("cleaning", "hold"): "clean hold", ("clean wait", "hold"): "clean hold",
    ("clean wait", "resume"): "cleaning", ("clean hold", "abort"): "clean failed",
    ("clean hold", "unhold"): "clean wait", ("clean failed", "manage"): "manageable",
    ("manageable", "provide"): "cleaning", ("manageable", "clean"): "cleaning",
    ("cleaning", "manage"): "manageable", ("available", "manage"): "manageable",
    ("error", "rebuild"): "deploying", ("error", "delete"): "deleting",
    ("manageable", "inspect"): "inspecting", ("inspecting", "done"): "manageable",
    ("inspecting", "fail"): "inspect failed", ("inspecting", "wait"): "inspect wait",
    ("inspect wait", "done"): "manageable", ("inspect wait", "fail"): "inspect failed",
    ("inspect wait", "abort"): "inspect failed", ("inspect wait", "resume"): "inspecting",
    ("inspect failed", "manage"): "manageable", ("inspect failed", "inspect"): "inspecting",
    ("active", "rescue"): "rescuing", ("rescuing", "done"): "rescue",
    ("rescuing", "wait"): "rescue wait", ("rescue wait", "resume"): "rescuing",
    ("rescue", "rescue"): "rescuing", ("rescue", "delete"): "deleting",
    ("rescue wait", "fail"): "rescue failed", ("rescuing", "fail"): "rescue failed",
    ("rescue wait", "abort"): "rescue failed", ("rescue failed", "rescue"): "rescuing",
    ("rescue failed", "unrescue"): "unrescuing", ("rescue failed", "delete"): "deleting",
    ("rescue wait", "delete"): "deleting", ("rescue", "unrescue"): "unrescuing",
    ("unrescuing", "done"): "active", ("unrescuing", "fail"): "unrescue failed",
    ("unrescue failed", "rescue"): "rescuing", ("unrescue failed", "unrescue"): "unrescuing",
    ("unrescue failed", "delete"): "deleting", ("enroll", "manage"): "verifying",
    ("verifying", "done"): "manageable", ("verifying", "fail"): "enroll",
    ("manageable", "adopt"): "adopting", ("adopting", "done"): "active",
    ("adopting", "fail"): "adopt failed", ("adopt failed", "adopt"): "adopting",
    ("adopt failed", "manage"): "manageable", ("servicing", "done"): "active",
    ("active", "service"): "servicing", ("servicing", "fail"): "service failed",
    ("servicing", "wait"): "service wait", ("servicing", "hold"): "service hold",
    ("service wait", "hold"): "service hold", ("service hold", "service"): "servicing",
    ("service hold", "unhold"): "service wait", ("service wait", "resume"): "servicing",
    ("service wait", "fail"): "service failed", ("service hold", "fail"): "service failed",
    ("service wait", "abort"): "service failed", ("service hold", "abort"): "service failed",
    ("service failed", "service"): "servicing", ("service failed", "rescue"): "rescuing",
    ("service failed", "wait"): "service wait", ("service failed", "hold"): "service hold",
    ("service failed", "delete"): "deleting", ("service failed", "abort"): "active",
    ("service wait", "delete"): "deleting",
}


def test_table_is_ironics() -> None:
    assert states.TRANSITIONS == IRONIC


@pytest.mark.parametrize(("state", "event"), PAIRS, ids=[f"{s}-{e}" for s, e in PAIRS])
def test_every_transition(state: str, event: str) -> None:
    expected = IRONIC.get((state, event))
    assert states.is_actionable(state, event) is (expected is not None)
    if expected is None:
        with pytest.raises(errors.InvalidStateRequested, match=f'state "{state}"'):
            states.next_state(state, event, node="n1")
    else:
        assert states.next_state(state, event) == expected


def test_verbs_map_to_events() -> None:
    assert states.is_actionable("available", "active")
    assert states.is_actionable("active", "deleted") and states.is_actionable("active",
                                                                              "undeploy")
    assert not states.is_actionable("available", "deleted")


@pytest.mark.parametrize(("state", "target", "event", "kwargs", "expected"), [
    ("available", None, "deploy", {}, ("deploying", "active")),
    ("deploying", "active", "wait", {}, ("wait call-back", "active")),
    ("deploying", "active", "done", {}, ("active", None)),
    ("manageable", None, "clean", {"target_state": "manageable"}, ("cleaning", "manageable")),
    ("cleaning", "manageable", "wait", {"target_state": "manageable"},
     ("clean wait", "manageable")),
    ("cleaning", "manageable", "manage", {}, ("manageable", None)),
    ("deploying", "active", "fail", {}, ("deploy failed", "active")),
    ("deleting", "available", "fail", {}, ("error", None)),
    ("enroll", None, "manage", {}, ("verifying", "manageable")),
    ("verifying", "manageable", "fail", {}, ("enroll", None)),
])
def test_target_provision_state(state: str, target: str | None, event: str,
                                kwargs: dict[str, str], expected: tuple[str, str | None]) -> None:
    assert states.advance(state, target, event, **kwargs) == expected


def test_state_sets() -> None:
    assert states.STABLE_STATES == ("enroll", "manageable", "available", "active", "error",
                                    "rescue")
    assert states.WAIT_STATES <= states.STATES
    assert set(states.TARGETS.values()) <= set(states.STABLE_STATES)
    assert states.allowed_events("enroll") == ["manage"]
