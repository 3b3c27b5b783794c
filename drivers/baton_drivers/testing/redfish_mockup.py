"""A small Redfish service serving a DMTF mockup tree (as DMTF's Redfish-Mockup-Server
does) on a free port of 127.0.0.1, in a thread of this process.

The tree is the mockups' "short form": ``<dir>/index.json`` is the resource
``/redfish/v1/<dir>``, with the response headers of ``<dir>/headers.json`` when there is one.
Beyond serving it read-only, the peer behaves like the BMC the mockup describes, in memory:

- PATCH merges the body into the resource (Boot override values checked against the
  resource's ``...@Redfish.AllowableValues``, 400 otherwise);
- POST to the Sessions collection with the right UserName/Password creates a session
  (201, ``X-Auth-Token``, ``Location``); DELETE of it logs out. ``sessions=False`` makes the
  service refuse sessions (405), for the fall back to HTTP Basic;
- POST ``ComputerSystem.Reset`` (ResetType checked against AllowableValues) changes
  PowerState; ``VirtualMedia.InsertMedia``/``EjectMedia`` change Image and Inserted.

Every request but the service root needs HTTP Basic or a session token. ``requests`` records
``(method, path, auth)`` with auth ``basic``, ``session`` or ``none``; ``actions`` records
``(path, body)`` of each action POSTed.
"""

from __future__ import annotations

import base64
import copy
import http.server
import json
import secrets
import threading
from pathlib import Path
from typing import Any

__all__ = ["RedfishMockup"]

ROOT = "/redfish/v1"
_SESSIONS = f"{ROOT}/SessionService/Sessions"
_OPEN = {"/redfish", ROOT}
_POWER_AFTER = {"On": "On", "ForceOn": "On", "ForceOff": "Off", "GracefulShutdown": "Off",
                "ForceRestart": "On", "GracefulRestart": "On", "PowerCycle": "On"}


def load_tree(directory: Path) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """``{path: resource}`` and ``{path: GET headers}`` of a short-form mockup tree."""
    resources: dict[str, Any] = {}
    headers: dict[str, dict[str, str]] = {}
    for index in directory.rglob("index.json"):
        relative = index.parent.relative_to(directory).as_posix()
        path = ROOT if relative == "." else f"{ROOT}/{relative}"
        resources[path] = json.loads(index.read_text())
        extra = index.parent / "headers.json"
        if extra.exists():
            headers[path] = dict(json.loads(extra.read_text()).get("GET", {}))
    resources["/redfish"] = {"v1": f"{ROOT}/"}
    return resources, headers


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _bad_values(resource: dict[str, Any], patch: dict[str, Any]) -> str | None:
    """The first patched value its AllowableValues don't list, as a message."""
    for key, value in patch.items():
        if isinstance(value, dict):
            found = _bad_values(resource.get(key) or {}, value)
            if found:
                return found
            continue
        allowed = resource.get(f"{key}@Redfish.AllowableValues")
        if allowed is not None and value not in allowed:
            return f"The value {value} for the property {key} is not in the list of " \
                   f"acceptable values."
    return None


def _error(message: str) -> dict[str, Any]:
    return {"error": {"code": "Base.1.5.0.GeneralError", "message": message,
                      "@Message.ExtendedInfo": [{"MessageId": "Base.1.5.0.GeneralError",
                                                 "Message": message}]}}


class RedfishMockup:
    """A context manager; ``address`` is the service's URL, ``system`` its system's path."""

    def __init__(self, directory: Path | str, *, username: str = "admin",
                 password: str = "password", sessions: bool = True) -> None:
        self.resources, self.headers = load_tree(Path(directory))
        self.username = username
        self.password = password
        self.sessions = sessions
        self.tokens: dict[str, str] = {}  # token -> session path
        self.requests: list[tuple[str, str, str]] = []
        self.actions: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        self._server: http.server.ThreadingHTTPServer | None = None
        members = self.resources[f"{ROOT}/Systems"]["Members"]
        self.system = str(members[0]["@odata.id"])

    @property
    def address(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def driver_info(self, **extra: Any) -> dict[str, Any]:
        return {"redfish_address": self.address, "redfish_system_id": self.system,
                "redfish_username": self.username, "redfish_password": self.password,
                **extra}

    def get(self, path: str) -> Any:
        with self.lock:
            return copy.deepcopy(self.resources[path.rstrip("/")])

    def move_virtual_media_to_manager(self, manager: str = f"{ROOT}/Managers/BMC") -> None:
        """Serve the system's VirtualMedia under ``manager`` instead, as most BMCs do."""
        with self.lock:
            system = self.resources[self.system]
            old = system.pop("VirtualMedia")["@odata.id"]
            new = f"{manager}/VirtualMedia"
            for path in [p for p in self.resources if p == old or p.startswith(old + "/")]:
                text = json.dumps(self.resources.pop(path)).replace(old, new)
                self.resources[new + path[len(old):]] = json.loads(text)
            self.resources[manager]["VirtualMedia"] = {"@odata.id": new}

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> RedfishMockup:
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True,
                         name="redfish-mockup").start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> RedfishMockup:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- behaviour (called with the lock held) --------------------------------------------------
    def dispatch(self, method: str, path: str, body: dict[str, Any], headers: Any
                 ) -> tuple[int, Any, dict[str, str]]:
        """The status, body and headers of the answer to one request."""
        auth = self.auth_of(headers)
        self.requests.append((method, path, str(auth)))
        if method == "POST" and path == _SESSIONS:
            return self.create_session(body)
        if path not in _OPEN and auth in (None, "none"):
            return (401, _error("Authentication is required."),
                    {"WWW-Authenticate": 'Basic realm="mockup"'})
        if method == "GET":
            if path not in self.resources:
                return 404, _error(f"{path} was not found."), {}
            return 200, self.resources[path], dict(self.headers.get(path) or {})
        if method == "PATCH":
            return (*self.patch(path, body), {})
        if method == "POST" and "/Actions/" in path:
            return (*self.action(path, body), {})
        if method == "DELETE":
            return (*self.delete(path), {})
        return 405, _error(f"{method} is not allowed on {path}."), {}

    def auth_of(self, headers: Any) -> str | None:
        """``basic``/``session`` for good credentials, ``none`` without any, None if bad."""
        token = str(headers.get("X-Auth-Token") or "")
        if token:
            return "session" if token in self.tokens else None
        basic = headers.get("Authorization", "")
        if basic.startswith("Basic "):
            user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
            return "basic" if (user, password) == (self.username, self.password) else None
        return "none"

    def create_session(self, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        if not self.sessions:
            return 405, _error("Sessions are not supported by this service."), {}
        if (body.get("UserName"), body.get("Password")) != (self.username, self.password):
            return 401, _error("Invalid credentials."), {}
        token, ident = secrets.token_hex(16), secrets.token_hex(4)
        path = f"{_SESSIONS}/{ident}"
        session = {"@odata.id": path, "@odata.type": "#Session.v1_0_0.Session", "Id": ident,
                   "Name": "User Session", "UserName": body["UserName"]}
        self.resources[path] = session
        self.resources[_SESSIONS]["Members"].append({"@odata.id": path})
        self.tokens[token] = path
        return 201, session, {"X-Auth-Token": token, "Location": path}

    def delete(self, path: str) -> tuple[int, Any]:
        if not path.startswith(_SESSIONS + "/") or path not in self.resources:
            return 405, _error(f"{path} can't be deleted.")
        del self.resources[path]
        members = self.resources[_SESSIONS]["Members"]
        members[:] = [m for m in members if m["@odata.id"] != path]
        self.tokens = {t: p for t, p in self.tokens.items() if p != path}
        return 204, None

    def patch(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        resource = self.resources.get(path)
        if resource is None:
            return 404, _error(f"{path} was not found.")
        problem = _bad_values(resource, body)
        if problem:
            return 400, _error(problem)
        _merge(resource, body)
        return 200, resource

    def action(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        self.actions.append((path, body))
        owner, _, name = path.partition("/Actions/")
        resource = self.resources.get(owner)
        if resource is None:
            return 404, _error(f"{path} was not found.")
        if name == "ComputerSystem.Reset":
            return self._reset(resource, body)
        if name == "VirtualMedia.InsertMedia":
            resource.update(Image=body.get("Image"), Inserted=body.get("Inserted", True),
                            WriteProtected=body.get("WriteProtected", True))
            return 204, None
        if name == "VirtualMedia.EjectMedia":
            resource.update(Image=None, Inserted=False)
            return 204, None
        return 404, _error(f"Action {name} is not supported.")

    @staticmethod
    def _reset(system: dict[str, Any], body: dict[str, Any]) -> tuple[int, Any]:
        reset = str(body.get("ResetType"))
        action = system.get("Actions", {}).get("#ComputerSystem.Reset", {})
        if reset not in action.get("ResetType@Redfish.AllowableValues", _POWER_AFTER):
            return 400, _error(f"The value {reset} for the parameter ResetType is not in "
                               f"the list of acceptable values.")
        if reset == "PushPowerButton":
            system["PowerState"] = "Off" if system.get("PowerState") == "On" else "On"
        elif reset == "Nmi":
            system["NmiCount"] = int(system.get("NmiCount", 0)) + 1
        else:
            system["PowerState"] = _POWER_AFTER[reset]
        system["ResetCount"] = int(system.get("ResetCount", 0)) + 1
        return 204, None


def _handler(peer: RedfishMockup) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: Any, headers: dict[str, str] | None = None
                    ) -> None:
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("OData-Version", "4.0")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            value = json.loads(raw) if raw.strip() else {}
            return value if isinstance(value, dict) else {}

        def _handle(self, method: str) -> None:
            path = self.path.split("?", 1)[0].rstrip("/") or "/"
            body = self._body() if method in ("POST", "PATCH") else {}
            with peer.lock:
                self._answer(*peer.dispatch(method, path, body, self.headers))

        def do_GET(self) -> None:
            self._handle("GET")

        def do_PATCH(self) -> None:
            self._handle("PATCH")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

    return Handler
