"""IPMI sessions to BMCs through pyghmi: reused per BMC, one request at a time, on a deadline.

pyghmi is synchronous and runs its own I/O thread; a request to a BMC that stopped answering
returns only after pyghmi's own retransmissions and re-logins, which take up to about 30 s.
So every request runs in a short-lived daemon thread while the caller waits at most
``[ipmi] command_timeout``; a request that overruns is abandoned (its thread ends when
pyghmi gives up, and the session it used is dropped) and the caller gets
:class:`baton.errors.BMCConnectionError` at once. A BMC's lock stays held by the abandoned
request, so the next request to that BMC waits for it within its own deadline: at most one
request per BMC is ever in flight.

pyghmi's exceptions never leave this module: refused credentials become
:class:`~baton.errors.BMCAuthenticationError` (never retried), lost sessions are retried on
a new session up to ``[ipmi] command_retries`` times, unanswered requests become
:class:`~baton.errors.BMCConnectionError`, and errors the BMC answered with become
:class:`~baton.errors.BMCError`. Messages name the BMC (``ipmi://host:port``), never a
credential.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from oslo_config import cfg

from baton import errors
from baton.interfaces.types import NodeInfo
from baton_drivers.ipmi.info import IPMIInfo

__all__ = ["IPMIClient", "forget_sessions"]

LOG = logging.getLogger(__name__)

T = TypeVar("T")

#: Words in pyghmi's messages that mean "the BMC refused who we are".
_AUTH_MARKERS = ("password", "unauthorized", "kg?", "privelege", "privilege",
                 "invalid username", "invalid role")
#: ... and that mean "the session is gone; a new one may work".
_LOST_MARKERS = ("no longer connected", "timeout", "session", "unable to transmit")


class _Lost(Exception):
    """The session failed; another try on a new session may work."""


class _BMC:
    """One BMC: its lock (one request at a time) and its cached pyghmi ``Command``."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.command: Any = None
        self.credentials: tuple[bytes, bytes, bytes | None, int] | None = None

    def session(self, info: IPMIInfo) -> Any:
        """The cached session if it was opened with ``info``'s credentials, else a new one."""
        credentials = info.credentials
        if self.command is not None and self.credentials == credentials:
            return self.command
        from pyghmi.ipmi import command as ipmi_command

        userid, password, kg, privilege = credentials
        self.command = None
        self.command = ipmi_command.Command(bmc=info.address, userid=userid,
                                            password=password, port=info.port, kg=kg,
                                            privlevel=privilege)
        self.credentials = credentials
        return self.command

    def forget(self) -> None:
        self.command = None
        self.credentials = None


_BMCS: dict[tuple[str, int], _BMC] = {}
_BMCS_LOCK = threading.Lock()


def _bmc_for(info: IPMIInfo) -> _BMC:
    key = (info.address, info.port)
    with _BMCS_LOCK:
        found = _BMCS.get(key)
        if found is None:
            found = _BMCS[key] = _BMC()
        return found


def forget_sessions() -> None:
    """Drop every cached session (tests)."""
    with _BMCS_LOCK:
        for bmc in _BMCS.values():
            bmc.forget()


def _classify(exc: BaseException) -> str:
    """``auth``, ``lost``, ``unreachable`` or ``answered`` for an exception from pyghmi."""
    if isinstance(exc, socket.gaierror):
        return "unreachable"
    if isinstance(exc, OSError):
        return "lost"
    text = str(exc).lower() if str(exc) else ""
    if any(marker in text for marker in _AUTH_MARKERS):
        return "auth"
    if not text or text == "none" or any(marker in text for marker in _LOST_MARKERS):
        return "lost"
    return "answered"


class _Call:
    """One attempt of one request, run in its own daemon thread."""

    def __init__(self, bmc: _BMC, info: IPMIInfo, fn: Callable[[Any], Any],
                 deadline: float) -> None:
        self.bmc = bmc
        self.info = info
        self.fn = fn
        self.deadline = deadline
        self.done = threading.Event()
        self.abandoned = False
        self.busy = False
        self.value: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            if not self.bmc.lock.acquire(timeout=max(0.0, self.deadline - time.monotonic())):
                self.busy = True
                return
            try:
                self.value = self.fn(self.bmc.session(self.info))
            except BaseException as exc:
                self.error = exc
                if _classify(exc) != "answered":
                    self.bmc.forget()
            finally:
                if self.abandoned:
                    self.bmc.forget()  # its state is unknown: start afresh next time
                self.bmc.lock.release()
        finally:
            self.done.set()


class IPMIClient:
    """Runs requests against BMCs with the ``[ipmi]`` timeouts and retries of ``conf``."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self.conf = conf

    def run(self, node: NodeInfo, info: IPMIInfo, action: str, fn: Callable[[Any], T], *,
            timeout: float | None = None) -> T:
        """Call ``fn(command)`` with a pyghmi ``Command`` logged in to ``info``'s BMC.

        ``action`` says what is being done, for messages ("read the power state").
        """
        opts = self.conf.ipmi
        budget = float(timeout if timeout is not None else opts.command_timeout)
        deadline = time.monotonic() + budget
        bmc = _bmc_for(info)
        attempts = opts.command_retries + 1
        last: BaseException | None = None
        for attempt in range(1, attempts + 1):
            if time.monotonic() >= deadline:
                break
            call = _Call(bmc, info, fn, deadline)
            threading.Thread(target=call.run, name=f"ipmi-{info.address}:{info.port}",
                             daemon=True).start()
            if not call.done.wait(max(0.0, deadline - time.monotonic())):
                call.abandoned = True
                raise errors.BMCConnectionError(
                    bmc=info.bmc, node=node.uuid,
                    reason=f"no answer within {budget:g} s while trying to {action}")
            if call.busy:
                raise errors.BMCConnectionError(
                    bmc=info.bmc, node=node.uuid,
                    reason=f"an earlier request to this BMC is still waiting for an answer; "
                           f"could not {action} within {budget:g} s")
            if call.error is None:
                return call.value  # type: ignore[no-any-return]
            last = call.error
            kind = _classify(last)
            if kind != "lost":
                raise self._translate(node, info, action, last, kind) from last
            LOG.debug("IPMI session to %s for node %s failed (attempt %d of %d) while "
                      "trying to %s: %s", info.bmc, node.uuid, attempt, attempts, action,
                      last or "no answer")
        reason = f"no usable session while trying to {action}"
        if last is not None and str(last) not in ("", "None"):
            reason += f": {last}"
        raise errors.BMCConnectionError(bmc=info.bmc, node=node.uuid, reason=reason) from last

    @staticmethod
    def _translate(node: NodeInfo, info: IPMIInfo, action: str, exc: BaseException,
                   kind: str) -> errors.BatonError:
        if kind == "auth":
            return errors.BMCAuthenticationError(bmc=info.bmc, node=node.uuid, reason=str(exc))
        if kind == "unreachable":
            return errors.BMCConnectionError(bmc=info.bmc, node=node.uuid,
                                             reason=f"unknown host ({exc})")
        return errors.BMCError(bmc=info.bmc, node=node.uuid, action=action,
                               reason=str(exc) or type(exc).__name__)
