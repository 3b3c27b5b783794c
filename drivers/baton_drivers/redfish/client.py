"""Requests to Redfish services through DMTF's ``redfish`` library.

One logged-in client is kept per BMC and credentials, used by one request at a time. Login
tries a Redfish session first and falls back to HTTP Basic when the BMC can't make one
(``auth_type = auto``); a 401 later (an expired session) logs in again once. Every request
has the ``[redfish]`` connect and read timeouts and at most ``connection_attempts`` tries, so
a dead BMC answers "unreachable" in seconds.

The library's and ``requests``' exceptions never leave this module: they become
:class:`~baton.errors.BMCConnectionError` (unreachable, timed out),
:class:`~baton.errors.BMCAuthenticationError` (401) or :class:`~baton.errors.BMCError`
(any other error answer, with the Redfish message). Messages name the BMC, never a
credential.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from oslo_config import cfg

from baton import errors
from baton.interfaces.types import NodeInfo
from baton_drivers.redfish.info import RedfishInfo

__all__ = ["RedfishClient", "forget_connections"]

LOG = logging.getLogger(__name__)

_SYSTEMS = "/redfish/v1/Systems"


class _Unauthorized(Exception):
    pass


class _Connection:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.client: Any = None

    def forget(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            try:
                client._session.close()
            except Exception:  # closing a dead connection must not hide the real error
                LOG.debug("Closing a Redfish connection failed", exc_info=True)


_CONNECTIONS: dict[tuple[Any, ...], _Connection] = {}
_CONNECTIONS_LOCK = threading.Lock()


def _connection_for(info: RedfishInfo) -> _Connection:
    with _CONNECTIONS_LOCK:
        found = _CONNECTIONS.get(info.key)
        if found is None:
            found = _CONNECTIONS[info.key] = _Connection()
        return found


def forget_connections() -> None:
    """Drop every cached connection (tests)."""
    with _CONNECTIONS_LOCK:
        for connection in _CONNECTIONS.values():
            connection.forget()
        _CONNECTIONS.clear()


def _cafile(verify: bool | str) -> str | None:
    """The library verifies only with a CA file (``verify=False`` otherwise)."""
    if verify is False:
        return None
    if verify is True:
        import requests.certs

        return str(requests.certs.where())
    return verify


def _message(response: Any) -> str:
    """The Redfish error message of an error answer, else the start of its body."""
    try:
        body = response.dict
        error = body.get("error", {})
        extended = error.get("@Message.ExtendedInfo") or []
        if extended and extended[0].get("Message"):
            return str(extended[0]["Message"])
        if error.get("message"):
            return str(error["message"])
    except Exception:
        LOG.debug("Redfish error body is not JSON", exc_info=True)
    text = str(getattr(response, "text", "") or "").strip()
    return f"HTTP {response.status}" + (f": {text[:200]}" if text else "")


class RedfishClient:
    """GET/PATCH/POST against a node's BMC with the ``[redfish]`` options of ``conf``."""

    def __init__(self, conf: cfg.ConfigOpts) -> None:
        self.conf = conf

    # -- connections ---------------------------------------------------------------------
    def _login(self, info: RedfishInfo) -> Any:
        import redfish
        from redfish.rest.v1 import AuthMethod, InvalidCredentialsError

        opts = self.conf.redfish
        client = redfish.redfish_client(
            base_url=info.address, username=info.username, password=info.password,
            cafile=_cafile(info.verify_ca), timeout=(opts.connect_timeout, opts.read_timeout),
            max_retry=opts.connection_attempts - 1)
        auth = info.auth_type or opts.auth_type
        if info.username is None:
            return client  # an anonymous service: nothing to log in to
        if auth in ("auto", "session"):
            try:
                client.login(auth=AuthMethod.SESSION)
                return client
            except InvalidCredentialsError as exc:
                if auth == "session":
                    raise _Unauthorized(str(exc)) from exc
            except Exception as exc:
                if auth == "session":
                    raise
                LOG.debug("No Redfish session at %s (%s); using HTTP Basic", info.address, exc)
        try:
            client.login(auth=AuthMethod.BASIC)
        except InvalidCredentialsError as exc:
            raise _Unauthorized(str(exc)) from exc
        return client

    def _send(self, connection: _Connection, info: RedfishInfo, method: str, path: str,
              body: Any) -> Any:
        for attempt in (1, 2):
            if connection.client is None:
                connection.client = self._login(info)
            call = getattr(connection.client, method)
            response = call(path) if body is None else call(path, body=body)
            if response.status != 401:
                return response
            connection.forget()
            if attempt == 2:
                raise _Unauthorized(_message(response))
        raise AssertionError("unreachable")

    def request(self, node: NodeInfo, info: RedfishInfo, method: str, path: str, *,
                action: str, body: Any = None) -> Any:
        """Send ``method`` (get, patch, post, delete) to ``path``; answer the response.

        :raises BMCConnectionError, BMCAuthenticationError, BMCError: see the module.
        """
        opts = self.conf.redfish
        connection = _connection_for(info)
        wait = (opts.connect_timeout + opts.read_timeout) * opts.connection_attempts
        if not connection.lock.acquire(timeout=wait):
            raise errors.BMCConnectionError(
                bmc=info.bmc, node=node.uuid,
                reason=f"an earlier request is still waiting for an answer; could not "
                       f"{action} within {wait:g} s")
        try:
            response = self._send(connection, info, method, path, body)
        except _Unauthorized as exc:
            raise errors.BMCAuthenticationError(bmc=info.bmc, node=node.uuid,
                                                reason=str(exc)) from exc
        except Exception as exc:
            connection.forget()
            raise self._translate(node, info, action, exc) from exc
        finally:
            connection.lock.release()
        if response.status >= 400:
            raise errors.BMCError(bmc=info.bmc, node=node.uuid, action=action,
                                  reason=_message(response))
        return response

    @staticmethod
    def _translate(node: NodeInfo, info: RedfishInfo, action: str,
                   exc: BaseException) -> errors.BatonError:
        from redfish.rest.v1 import (
            JsonDecodingError,
            RetriesExhaustedError,
            ServerDownOrUnreachableError,
        )

        if isinstance(exc, RetriesExhaustedError | ServerDownOrUnreachableError | OSError):
            cause = exc.__cause__ or exc
            return errors.BMCConnectionError(
                bmc=info.bmc, node=node.uuid,
                reason=f"could not {action}: {type(cause).__name__}: {cause}")
        if isinstance(exc, JsonDecodingError):
            return errors.BMCError(bmc=info.bmc, node=node.uuid, action=action,
                                   reason="the answer is not valid JSON")
        return errors.BMCError(bmc=info.bmc, node=node.uuid, action=action,
                               reason=f"{type(exc).__name__}: {exc}")

    # -- helpers ---------------------------------------------------------------------------
    def get(self, node: NodeInfo, info: RedfishInfo, path: str, *, action: str
            ) -> dict[str, Any]:
        response = self.request(node, info, "get", path, action=action)
        try:
            body: dict[str, Any] = response.dict
        except Exception as exc:
            raise errors.BMCError(bmc=info.bmc, node=node.uuid, action=action,
                                  reason="the answer is not a JSON object") from exc
        return body

    def system_path(self, node: NodeInfo, info: RedfishInfo) -> str:
        """``redfish_system_id``, or the only member of /redfish/v1/Systems."""
        if info.system_id:
            return info.system_id
        members = self.get(node, info, _SYSTEMS, action="list its systems").get("Members", [])
        if len(members) != 1:
            raise errors.InvalidParameterValue(
                err=f"The BMC {info.address} of node {node.uuid} manages {len(members)} "
                    f"systems: set redfish_system_id.")
        return str(members[0]["@odata.id"]).rstrip("/")

    def system(self, node: NodeInfo, info: RedfishInfo, *, action: str
               ) -> tuple[str, dict[str, Any]]:
        path = self.system_path(node, info)
        return path, self.get(node, info, path, action=action)
