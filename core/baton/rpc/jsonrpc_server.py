"""The conductor's JSON-RPC 2.0 server: one POST endpoint over HTTP.

A request is ``{"jsonrpc": "2.0", "method": name, "params": {...}, "id": ..., "version":
"1.x"}``; ``params`` are the keyword arguments of the manager method. The server refuses a
call whose ``version`` it does not serve (another major, or a newer minor) with
:class:`~baton.errors.RPCVersionMismatch`. Errors answer ``{"jsonrpc": "2.0", "error":
{"code", "message", "class", ...}, "id"}``: Baton errors keep their class, code (HTTP
status) and message; protocol errors use JSON-RPC's negative codes with class
``RPCError``; anything else is logged here and crosses as a 500 without internals.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from baton import errors
from baton.api.http_server import WSGIServer
from baton.rpc import serialize, versions

__all__ = ["JSONRPCApp", "JSONRPCServer"]

LOG = logging.getLogger(__name__)

StartResponse = Callable[..., Any]

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602

_JSON = [("Content-Type", "application/json")]


class _ProtocolError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _error_body(request_id: Any, error: dict[str, Any]) -> bytes:
    return serialize.dumps({"jsonrpc": "2.0", "error": error, "id": request_id})


class JSONRPCApp:
    """WSGI app dispatching JSON-RPC calls to ``manager``'s methods.

    :param manager: the object whose methods are called (the conductor manager).
    :param host: the conductor's hostname, named in version errors.
    :param methods: callable method names -> minimum version (default: the RPC API's).
    :param version: the RPC API version this server serves.
    """

    def __init__(self, manager: Any, *, host: str,
                 methods: Mapping[str, str] | None = None,
                 version: str = versions.RPC_API_VERSION) -> None:
        self.manager = manager
        self.host = host
        self.methods = dict(methods if methods is not None else versions.METHODS)
        self.version = version
        self._signatures: dict[str, inspect.Signature] = {}

    def __call__(self, environ: dict[str, Any],
                 start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "/") not in ("", "/"):
            start_response("404 Not Found", _JSON)
            return [b'{"error": "not found"}']
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [*_JSON, ("Allow", "POST")])
            return [b'{"error": "only POST is allowed"}']
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        payload = self.handle(body)
        start_response("200 OK", [*_JSON, ("Content-Length", str(len(payload)))])
        return [payload]

    def handle(self, body: bytes) -> bytes:
        """Answer one JSON-RPC request body (bytes in, bytes out)."""
        request_id: Any = None
        try:
            request = serialize.loads(body)
        except ValueError as exc:  # orjson.JSONDecodeError
            return _error_body(None, {"code": PARSE_ERROR, "message": f"Parse error: {exc}",
                                      "class": "RPCError"})
        method = request.get("method") if isinstance(request, dict) else None
        try:
            if not isinstance(request, dict):
                raise _ProtocolError(INVALID_REQUEST, "a request must be a JSON object")
            request_id = request.get("id")
            result = self._dispatch(request)
        except _ProtocolError as exc:
            return _error_body(request_id, {"code": exc.code, "message": exc.message,
                                            "class": "RPCError"})
        except errors.BatonError as exc:
            return _error_body(request_id, serialize.error_to_dict(exc))
        except Exception:
            LOG.exception("Unexpected error in RPC method %s", method)
            error = errors.BatonError(
                f"Unexpected error in conductor {self.host} running {method}; see its log.")
            return _error_body(request_id, serialize.error_to_dict(error))
        try:
            return serialize.dumps({"jsonrpc": "2.0", "result": result, "id": request_id})
        except TypeError as exc:
            LOG.error("RPC method %s returned an unserialisable result: %s", method, exc)
            error = errors.RPCError(reason=f"unserialisable result from {method}")
            return _error_body(request_id, serialize.error_to_dict(error))

    def _signature(self, method: str, func: Callable[..., Any]) -> inspect.Signature:
        signature = self._signatures.get(method)
        if signature is None:
            signature = self._signatures[method] = inspect.signature(func)
        return signature

    def _dispatch(self, request: dict[str, Any]) -> Any:
        if request.get("jsonrpc") != "2.0":
            raise _ProtocolError(INVALID_REQUEST, "jsonrpc must be \"2.0\"")
        method = request.get("method")
        if not isinstance(method, str):
            raise _ProtocolError(INVALID_REQUEST, "method must be a string")
        params = request.get("params", {})
        if not isinstance(params, dict):
            raise _ProtocolError(INVALID_PARAMS, "params must be an object")
        wanted = request.get("version") or "1.0"
        if not isinstance(wanted, str):
            raise _ProtocolError(INVALID_REQUEST, "version must be a string")
        versions.check_served(self.host, self.version, wanted)
        minimum = self.methods.get(method)
        func = getattr(self.manager, method, None) if minimum is not None else None
        if func is None:
            raise _ProtocolError(METHOD_NOT_FOUND, f"Method not found: {method}")
        try:
            self._signature(method, func).bind(**params)
        except TypeError as exc:
            raise _ProtocolError(INVALID_PARAMS, f"Invalid params for {method}: {exc}") from None
        return func(**params)


class JSONRPCServer:
    """:class:`baton.api.http_server.WSGIServer` serving a :class:`JSONRPCApp` on
    ``host:port`` (0 = ephemeral) in a thread.

    Bind happens in :meth:`start`, so the actual port is known (:attr:`port`) before the
    conductor advertises it. API processes keep their connections alive, so ``threads``
    bounds how many API connections are served at once.
    """

    def __init__(self, app: JSONRPCApp, host: str, port: int, *, threads: int = 16,
                 idle_timeout: float = 30.0) -> None:
        self.app = app
        self._address = (host, port)
        self._threads = threads
        self._idle_timeout = idle_timeout
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return str(self._server.server_address[0]) if self._server else self._address[0]

    @property
    def port(self) -> int:
        return self._server.port if self._server else 0

    def start(self) -> None:
        self._server = WSGIServer(self._address, self.app, max_connections=self._threads,
                                  idle_timeout=self._idle_timeout)
        LOG.info("JSON-RPC server listening on %s:%d", self.host, self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.5,),
                                        name="baton-jsonrpc", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None and self._server is not None:
            self._server.stop(timeout=10)
            self._thread.join(timeout=10)
            self._thread = None
