"""Ironic's provision state machine, as a table.

States, the verbs ``PUT /v1/nodes/{id}/states/provision`` accepts, and every allowed
``(state, event) -> state`` transition, exactly as in Ironic (``ironic/common/states.py``
and ``state_machine.py``). The conductor moves nodes only through :func:`advance`, which
also keeps ``target_provision_state`` as Ironic does: a transition into a state that has a
target sets it (or the explicit target given), reaching a stable state clears it.
"""

from __future__ import annotations

from typing import Final

from baton import errors

__all__ = [
    "ACTIVE", "ADOPTFAIL", "ADOPTING", "AVAILABLE", "CLEANFAIL", "CLEANHOLD", "CLEANING",
    "CLEANWAIT", "DELETED", "DELETING", "DEPLOYFAIL", "DEPLOYHOLD", "DEPLOYING", "DEPLOYWAIT",
    "ENROLL", "ERROR", "FAILURE_STATES", "INSPECTFAIL", "INSPECTING", "INSPECTWAIT",
    "MANAGEABLE", "REBUILD", "RESCUE", "RESCUEFAIL", "RESCUEWAIT", "RESCUING", "SERVICEFAIL",
    "SERVICEHOLD", "SERVICEWAIT", "SERVICING", "STABLE_STATES", "STATES", "TARGETS",
    "TRANSITIONS", "UNDEPLOY", "UNRESCUEFAIL", "UNRESCUING", "UNSTABLE_STATES", "VERBS",
    "VERIFYING", "WAIT_STATES", "advance", "allowed_events", "is_actionable", "next_state",
]

ENROLL: Final = "enroll"
VERIFYING: Final = "verifying"
MANAGEABLE: Final = "manageable"
AVAILABLE: Final = "available"
ACTIVE: Final = "active"
DEPLOYING: Final = "deploying"
DEPLOYWAIT: Final = "wait call-back"
DEPLOYFAIL: Final = "deploy failed"
DEPLOYHOLD: Final = "deploy hold"
DELETING: Final = "deleting"
DELETED: Final = "deleted"
UNDEPLOY: Final = "undeploy"
CLEANING: Final = "cleaning"
CLEANWAIT: Final = "clean wait"
CLEANFAIL: Final = "clean failed"
CLEANHOLD: Final = "clean hold"
ERROR: Final = "error"
REBUILD: Final = "rebuild"
INSPECTING: Final = "inspecting"
INSPECTWAIT: Final = "inspect wait"
INSPECTFAIL: Final = "inspect failed"
ADOPTING: Final = "adopting"
ADOPTFAIL: Final = "adopt failed"
RESCUE: Final = "rescue"
RESCUING: Final = "rescuing"
RESCUEWAIT: Final = "rescue wait"
RESCUEFAIL: Final = "rescue failed"
UNRESCUING: Final = "unrescuing"
UNRESCUEFAIL: Final = "unrescue failed"
SERVICING: Final = "servicing"
SERVICEWAIT: Final = "service wait"
SERVICEFAIL: Final = "service failed"
SERVICEHOLD: Final = "service hold"

#: API target (``PUT .../states/provision {"target": ...}``) -> state machine event.
VERBS: Final[dict[str, str]] = {
    "active": "deploy", "deploy": "deploy", "deleted": "delete", "undeploy": "delete",
    "manage": "manage", "provide": "provide", "inspect": "inspect", "abort": "abort",
    "clean": "clean", "adopt": "adopt", "rescue": "rescue", "unrescue": "unrescue",
    "unhold": "unhold", "service": "service", "rebuild": "rebuild",
}

#: States that change only on request.
STABLE_STATES: Final = (ENROLL, MANAGEABLE, AVAILABLE, ACTIVE, ERROR, RESCUE)

#: Unstable state -> the stable state it heads for (Ironic's ``add_state(target=...)``).
TARGETS: Final[dict[str, str]] = {
    VERIFYING: MANAGEABLE,
    DEPLOYING: ACTIVE, DEPLOYWAIT: ACTIVE, DEPLOYFAIL: ACTIVE, DEPLOYHOLD: ACTIVE,
    CLEANING: AVAILABLE, CLEANWAIT: AVAILABLE, CLEANFAIL: AVAILABLE, CLEANHOLD: AVAILABLE,
    DELETING: AVAILABLE,
    INSPECTING: MANAGEABLE, INSPECTFAIL: MANAGEABLE, INSPECTWAIT: MANAGEABLE,
    ADOPTING: ACTIVE, ADOPTFAIL: ACTIVE,
    RESCUING: RESCUE, RESCUEWAIT: RESCUE, RESCUEFAIL: RESCUE,
    UNRESCUING: ACTIVE, UNRESCUEFAIL: ACTIVE,
    SERVICING: ACTIVE, SERVICEWAIT: ACTIVE, SERVICEFAIL: ACTIVE, SERVICEHOLD: ACTIVE,
}

STATES: Final = frozenset(STABLE_STATES) | frozenset(TARGETS)

# (from, event, to): Ironic's add_transition calls, in its order.
_TABLE: Final = (
    (AVAILABLE, "deploy", DEPLOYING),
    (DEPLOYING, "fail", DEPLOYFAIL),
    (DEPLOYFAIL, "rebuild", DEPLOYING),
    (DEPLOYFAIL, "deploy", DEPLOYING),
    (DEPLOYING, "wait", DEPLOYWAIT),
    (DEPLOYING, "hold", DEPLOYHOLD),
    (DEPLOYWAIT, "hold", DEPLOYHOLD),
    (DEPLOYWAIT, "resume", DEPLOYING),
    (DEPLOYWAIT, "fail", DEPLOYFAIL),
    (DEPLOYHOLD, "unhold", DEPLOYWAIT),
    (DEPLOYHOLD, "abort", DEPLOYFAIL),
    (DEPLOYWAIT, "abort", DEPLOYFAIL),
    (DEPLOYING, "done", ACTIVE),
    (ACTIVE, "rebuild", DEPLOYING),
    (ACTIVE, "delete", DELETING),
    (DEPLOYWAIT, "delete", DELETING),
    (DEPLOYFAIL, "delete", DELETING),
    (DELETING, "fail", ERROR),
    (DELETING, "clean", CLEANING),
    (CLEANING, "done", AVAILABLE),
    (CLEANING, "fail", CLEANFAIL),
    (CLEANWAIT, "fail", CLEANFAIL),
    (CLEANWAIT, "abort", CLEANFAIL),
    (CLEANING, "wait", CLEANWAIT),
    (CLEANING, "hold", CLEANHOLD),
    (CLEANWAIT, "hold", CLEANHOLD),
    (CLEANWAIT, "resume", CLEANING),
    (CLEANHOLD, "abort", CLEANFAIL),
    (CLEANHOLD, "unhold", CLEANWAIT),
    (CLEANFAIL, "manage", MANAGEABLE),
    (MANAGEABLE, "provide", CLEANING),
    (MANAGEABLE, "clean", CLEANING),
    (CLEANING, "manage", MANAGEABLE),
    (AVAILABLE, "manage", MANAGEABLE),
    (ERROR, "rebuild", DEPLOYING),
    (ERROR, "delete", DELETING),
    (MANAGEABLE, "inspect", INSPECTING),
    (INSPECTING, "done", MANAGEABLE),
    (INSPECTING, "fail", INSPECTFAIL),
    (INSPECTING, "wait", INSPECTWAIT),
    (INSPECTWAIT, "done", MANAGEABLE),
    (INSPECTWAIT, "fail", INSPECTFAIL),
    (INSPECTWAIT, "abort", INSPECTFAIL),
    (INSPECTWAIT, "resume", INSPECTING),
    (INSPECTFAIL, "manage", MANAGEABLE),
    (INSPECTFAIL, "inspect", INSPECTING),
    (ACTIVE, "rescue", RESCUING),
    (RESCUING, "done", RESCUE),
    (RESCUING, "wait", RESCUEWAIT),
    (RESCUEWAIT, "resume", RESCUING),
    (RESCUE, "rescue", RESCUING),
    (RESCUE, "delete", DELETING),
    (RESCUEWAIT, "fail", RESCUEFAIL),
    (RESCUING, "fail", RESCUEFAIL),
    (RESCUEWAIT, "abort", RESCUEFAIL),
    (RESCUEFAIL, "rescue", RESCUING),
    (RESCUEFAIL, "unrescue", UNRESCUING),
    (RESCUEFAIL, "delete", DELETING),
    (RESCUEWAIT, "delete", DELETING),
    (RESCUE, "unrescue", UNRESCUING),
    (UNRESCUING, "done", ACTIVE),
    (UNRESCUING, "fail", UNRESCUEFAIL),
    (UNRESCUEFAIL, "rescue", RESCUING),
    (UNRESCUEFAIL, "unrescue", UNRESCUING),
    (UNRESCUEFAIL, "delete", DELETING),
    (ENROLL, "manage", VERIFYING),
    (VERIFYING, "done", MANAGEABLE),
    (VERIFYING, "fail", ENROLL),
    (MANAGEABLE, "adopt", ADOPTING),
    (ADOPTING, "done", ACTIVE),
    (ADOPTING, "fail", ADOPTFAIL),
    (ADOPTFAIL, "adopt", ADOPTING),
    (ADOPTFAIL, "manage", MANAGEABLE),
    (SERVICING, "done", ACTIVE),
    (ACTIVE, "service", SERVICING),
    (SERVICING, "fail", SERVICEFAIL),
    (SERVICING, "wait", SERVICEWAIT),
    (SERVICING, "hold", SERVICEHOLD),
    (SERVICEWAIT, "hold", SERVICEHOLD),
    (SERVICEHOLD, "service", SERVICING),
    (SERVICEHOLD, "unhold", SERVICEWAIT),
    (SERVICEWAIT, "resume", SERVICING),
    (SERVICEWAIT, "fail", SERVICEFAIL),
    (SERVICEHOLD, "fail", SERVICEFAIL),
    (SERVICEWAIT, "abort", SERVICEFAIL),
    (SERVICEHOLD, "abort", SERVICEFAIL),
    (SERVICEFAIL, "service", SERVICING),
    (SERVICEFAIL, "rescue", RESCUING),
    (SERVICEFAIL, "wait", SERVICEWAIT),
    (SERVICEFAIL, "hold", SERVICEHOLD),
    (SERVICEFAIL, "delete", DELETING),
    (SERVICEFAIL, "abort", ACTIVE),
    (SERVICEWAIT, "delete", DELETING),
)

#: ``(state, event) -> new state`` for every allowed transition.
TRANSITIONS: Final[dict[tuple[str, str], str]] = {(a, e): b for a, e, b in _TABLE}

UNSTABLE_STATES: Final = (DEPLOYING, DEPLOYWAIT, CLEANING, CLEANWAIT, VERIFYING, DELETING,
                          INSPECTING, INSPECTWAIT, ADOPTING, RESCUING, RESCUEWAIT, UNRESCUING,
                          SERVICING, SERVICEWAIT)
#: States in which the node waits for its ramdisk agent to call back.
WAIT_STATES: Final = frozenset({DEPLOYWAIT, CLEANWAIT, INSPECTWAIT, RESCUEWAIT, SERVICEWAIT})
FAILURE_STATES: Final = frozenset({DEPLOYFAIL, CLEANFAIL, INSPECTFAIL, RESCUEFAIL,
                                   UNRESCUEFAIL, ADOPTFAIL, SERVICEFAIL})


def allowed_events(state: str) -> list[str]:
    """The events a node in ``state`` accepts, sorted."""
    return sorted(e for (s, e) in TRANSITIONS if s == state)


def is_actionable(state: str, event: str) -> bool:
    """Whether ``event`` (or an API verb) may happen to a node in ``state``."""
    return (state, VERBS.get(event, event)) in TRANSITIONS


def next_state(state: str, event: str, *, node: str = "") -> str:
    """The state ``event`` leads to from ``state``.

    :raises InvalidStateRequested: naming the state, when the event is not allowed there.
    """
    found = TRANSITIONS.get((state, VERBS.get(event, event)))
    if found is None:
        raise errors.InvalidStateRequested(action=event, node=node, state=state)
    return found


def advance(state: str, target: str | None, event: str, *, target_state: str | None = None,
            node: str = "") -> tuple[str, str | None]:
    """Process ``event``: answer ``(provision_state, target_provision_state)``.

    As Ironic's FSM: the target is cleared when reached; a new state with a target of its
    own sets it; ``target_state`` (e.g. ``manageable`` for manual cleaning) wins over both.
    Reaching a stable state always clears the target.
    """
    new = next_state(state, event, node=node)
    new_target = target
    if new_target is not None and new_target == new:
        new_target = None
    if new in TARGETS:
        new_target = TARGETS[new]
    if target_state:
        new_target = target_state
    if new in STABLE_STATES:
        new_target = None
    return new, new_target
