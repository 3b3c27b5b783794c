"""A TCP port bridged to a BMC's Serial-over-LAN, through pyghmi's SOL client.

:class:`SolBridge` listens on one TCP port. Each client that connects gets its own SOL
session (activated when it connects, deactivated when it leaves), as Ironic's
``socat ... TCP-LISTEN:port,fork,max-children=1 EXEC:"ipmitool sol activate"`` does: bytes
from the client go to the node's serial port and the node's serial output comes back. One
client at a time; another one is told the console is busy and disconnected. An SOL session
already held by someone else on the BMC is taken over (pyghmi's ``force``, as Ironic runs
``sol deactivate`` first).

pyghmi delivers SOL output from whichever thread pumps its event loop, so the output
handler only queues bytes; the connection's own thread writes them to the client, reads
the client, and pumps pyghmi's loop. A BMC that can't be reached, refuses the credentials
or refuses SOL is reported to the client in one line naming the BMC, then the connection
closes; the port keeps listening for the next try.

A new SOL session carries on the packet sequence numbers where the previous one to the same
BMC stopped: OpenIPMI's ``ipmi_sim`` (and BMCs built on it) keeps the last sequence number
across activations and drops a first packet that repeats it as a retransmission, so a
second client's first keystrokes would be lost if every session started again at 1.
"""

from __future__ import annotations

import collections
import logging
import select
import socket
import threading
import time
from typing import Any

from baton_drivers.ipmi.info import IPMIInfo

__all__ = ["SolBridge"]

LOG = logging.getLogger(__name__)

_PUMP = 0.05  # seconds pyghmi's event loop may block between two looks at the client
_HANDOVER = 2.0  # seconds a new client waits for the previous one's SOL session to close

#: The last SOL packet sequence number used with each BMC (see the module's docstring).
_LAST_SEQUENCE: dict[tuple[str, int], int] = {}


class _Session:
    """One client's SOL session: pyghmi's output queued for the connection's thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.output: collections.deque[bytes] = collections.deque()
        self.error: str | None = None
        self.console: Any = None

    def handle(self, data: Any) -> None:
        """pyghmi's ``iohandler``: bytes, or ``{"error": ...}`` / ``{"info": ...}``."""
        if isinstance(data, dict):
            if "error" in data:
                with self.lock:
                    self.error = self.error or str(data["error"])
            return
        chunk = data.encode() if isinstance(data, str) else bytes(data)
        with self.lock:
            self.output.append(chunk)

    def take(self) -> tuple[bytes, str | None]:
        with self.lock:
            chunk = b"".join(self.output)
            self.output.clear()
            return chunk, self.error


class SolBridge:
    """Listens on ``(address, port)`` and bridges each client to ``info``'s BMC SOL.

    ``connect_timeout`` bounds the login and SOL activation of each client's session.
    """

    def __init__(self, node: str, info: IPMIInfo, address: str, port: int, *,
                 connect_timeout: float) -> None:
        self.node = node
        self.info = info
        self.address = address
        self.port = port
        self.connect_timeout = connect_timeout
        self._stop = threading.Event()
        self._busy = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._server = socket.create_server((address, port), family=_family(address))
        self._server.settimeout(0.2)
        self._accepter = threading.Thread(target=self._accept_loop, daemon=True,
                                          name=f"sol-{node}")
        self._accepter.start()

    @property
    def running(self) -> bool:
        return not self._stop.is_set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop listening, end the client's SOL session, wait for the threads."""
        self._stop.set()
        self._server.close()
        deadline = time.monotonic() + timeout
        for thread in [self._accepter, *self._threads]:
            thread.join(max(0.0, deadline - time.monotonic()))

    # -- accepting -------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                break  # closed by stop()
            LOG.info("Serial console client %s connected for node %s", peer, self.node)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True,
                                      name=f"sol-{self.node}-client")
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
            thread.start()

    # -- one client --------------------------------------------------------------------------
    def _serve(self, conn: socket.socket) -> None:
        # the previous client may have just left: let its SOL session close first
        if not self._busy.acquire(timeout=_HANDOVER):
            _say(conn, "The serial console of this node is in use by another client.")
            conn.close()
            return
        session = _Session()
        try:
            error = self._activate(session)
            if error is None:
                error = self._bridge(conn, session)
            if error is not None:
                LOG.warning("Serial console of node %s: %s", self.node, error)
                _say(conn, error)
        except Exception as exc:  # a pyghmi surprise must not kill the port
            LOG.exception("Serial console of node %s failed", self.node)
            _say(conn, f"The serial console of {self.info.bmc} failed: {exc}")
        finally:
            self._deactivate(session)
            conn.close()
            self._busy.release()

    def _activate(self, session: _Session) -> str | None:
        from pyghmi.ipmi import console as ipmi_console

        userid, password, kg, _ = self.info.credentials
        try:
            session.console = ipmi_console.Console(
                bmc=self.info.address, userid=userid, password=password,
                iohandler=session.handle, port=self.info.port, force=True, kg=kg)
        except Exception as exc:
            return f"Could not open the serial console of {self.info.bmc}: {exc or 'no answer'}"
        console = session.console
        console.myseq = _LAST_SEQUENCE.get((self.info.address, self.info.port), 0)
        deadline = time.monotonic() + self.connect_timeout
        while not (console.connected or console.broken or session.error):
            if time.monotonic() >= deadline or self._stop.is_set():
                return (f"Could not open the serial console of {self.info.bmc}: no answer "
                        f"within {self.connect_timeout:g} s")
            ipmi_console.Console.wait_for_rsp(_PUMP)
        if session.error or console.broken:
            return (f"Could not open the serial console of {self.info.bmc}: "
                    f"{session.error or 'the session failed'}")
        return None

    def _bridge(self, conn: socket.socket, session: _Session) -> str | None:
        """Shuttle bytes until the client leaves (None) or the SOL session fails."""
        from pyghmi.ipmi import console as ipmi_console

        console = session.console
        while not self._stop.is_set():
            chunk, error = session.take()
            if chunk:
                try:
                    conn.sendall(chunk)
                except OSError:
                    return None  # the client left
            if error is not None:
                return f"The serial console of {self.info.bmc} closed: {error}"
            readable, _, _ = select.select([conn], [], [], 0)
            if readable:
                try:
                    data = conn.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    return None  # the client left
                console.send_data(data)
            ipmi_console.Console.wait_for_rsp(_PUMP)
        return None

    def _deactivate(self, session: _Session) -> None:
        if session.console is None:
            return
        _LAST_SEQUENCE[(self.info.address, self.info.port)] = int(session.console.myseq)
        try:
            session.console.close()
        except Exception:  # the BMC may be gone already: the SOL session dies with it
            LOG.debug("Closing the SOL session of node %s failed", self.node, exc_info=True)


def _family(address: str) -> socket.AddressFamily:
    family: socket.AddressFamily = socket.getaddrinfo(address, None, type=socket.SOCK_STREAM)[0][0]
    return family


def _say(conn: socket.socket, message: str) -> None:
    """One line to the client, never raising (it may be gone)."""
    try:
        conn.sendall(f"\r\n[baton] {message}\r\n".encode())
    except OSError:
        pass
