"""The JSON-RPC 2.0 client the API uses to reach conductors over HTTP.

One keep-alive :class:`http.client.HTTPConnection` per thread and conductor address, reused
across calls; a connection the server closed while idle is reopened once. Calls time out
after ``[json_rpc] timeout`` seconds. An error answer is raised as the same
:mod:`baton.errors` class the conductor raised.
"""

from __future__ import annotations

import http.client
import itertools
import logging
import threading
from typing import Any

from baton import errors
from baton.rpc import serialize

__all__ = ["JSONRPCClient"]

LOG = logging.getLogger(__name__)

_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
# Failures that mean "the server closed our idle keep-alive connection".
_STALE = (http.client.RemoteDisconnected, http.client.BadStatusLine, ConnectionResetError,
          BrokenPipeError, ConnectionAbortedError)


def _split(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise errors.RPCError(reason=f"invalid conductor RPC address {address!r}")
    return host.strip("[]"), int(port)


class JSONRPCClient:
    """Calls ``method(**params)`` on the conductor listening at ``host:port``."""

    def __init__(self, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self._local = threading.local()
        self._ids = itertools.count(1)

    def _connections(self) -> dict[str, http.client.HTTPConnection]:
        conns: dict[str, http.client.HTTPConnection] | None = getattr(
            self._local, "conns", None)
        if conns is None:
            conns = self._local.conns = {}
        return conns

    def _connection(self, address: str) -> tuple[http.client.HTTPConnection, bool]:
        conns = self._connections()
        conn = conns.get(address)
        if conn is not None:
            return conn, True
        host, port = _split(address)
        conn = conns[address] = http.client.HTTPConnection(host, port, timeout=self.timeout)
        return conn, False

    def _drop(self, address: str) -> None:
        conn = self._connections().pop(address, None)
        if conn is not None:
            conn.close()

    def _post(self, address: str, body: bytes) -> bytes:
        for _attempt in range(2):
            conn, reused = self._connection(address)
            try:
                conn.request("POST", "/", body=body, headers=_HEADERS)
                response = conn.getresponse()
                data = response.read()
            except _STALE as exc:
                self._drop(address)
                if reused:
                    continue  # the server closed the idle connection: once more, fresh
                raise errors.TemporaryFailure(
                    message=f"Conductor at {address} closed the connection: {exc}") from exc
            except TimeoutError as exc:
                self._drop(address)
                raise errors.RPCError(
                    reason=f"no answer from conductor at {address} within "
                           f"{self.timeout} s") from exc
            except OSError as exc:
                self._drop(address)
                raise errors.TemporaryFailure(
                    message=f"Conductor at {address} could not be reached: {exc}") from exc
            if response.status != 200:
                self._drop(address)
                raise errors.RPCError(
                    reason=f"conductor at {address} answered HTTP {response.status}")
            if response.will_close:
                self._drop(address)
            return data
        raise errors.TemporaryFailure(message=f"Conductor at {address} could not be reached")

    def call(self, address: str, method: str, params: dict[str, Any], *,
             version: str) -> Any:
        """Call ``method`` with keyword ``params`` needing RPC API ``version``."""
        request_id = next(self._ids)
        body = serialize.dumps({"jsonrpc": "2.0", "method": method, "params": params,
                                "id": request_id, "version": version})
        data = self._post(address, body)
        try:
            answer = serialize.loads(data)
        except ValueError as exc:
            raise errors.RPCError(reason=f"unreadable answer from {address}: {exc}") from exc
        if not isinstance(answer, dict):
            raise errors.RPCError(reason=f"unexpected answer from {address}")
        error = answer.get("error")
        if error is not None:
            if not isinstance(error, dict):
                raise errors.RPCError(reason=f"malformed error from {address}: {error!r}")
            raise serialize.error_from_dict(error)
        return answer.get("result")

    def close(self) -> None:
        """Close this thread's connections."""
        for address in list(self._connections()):
            self._drop(address)
