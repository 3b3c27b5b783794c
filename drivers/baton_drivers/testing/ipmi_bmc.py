"""Simulated IPMI BMCs on loopback, built on pyghmi's server class (``pyghmi.ipmi.bmc.Bmc``).

One child process hosts any number of BMCs, each on its own free UDP port of 127.0.0.1,
each keeping its power state, boot device (with the persistent and UEFI flags) and NMI count
in memory. They speak real IPMI 2.0 over RMCP+ (cipher suite 3), so both pyghmi's client and
``ipmitool -I lanplus -C 3`` drive them.

Two fixes over the stock server class, both on the server side only:

- pyghmi's client proposes cipher suite 17 (SHA-256) first; the stock server answers as if it
  had accepted it and the client then fails in RAKP2. These BMCs refuse any proposal other
  than suite 3's algorithms with RMCP+ status 0x11, so the client falls back, as it would
  with a real BMC that only has suite 3.
- The stock server reports boot flags as never persistent; these keep what was set.

The parent talks to the child through JSON lines on its stdin/stdout (``BMCSimulator``):
read or change a BMC's state behind Baton's back, mute a BMC (it stops answering, like a
dead one), or drop its next N packets (UDP loss).

Run by hand: ``python -m baton_drivers.testing.ipmi_bmc --count 2`` prints the ports.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import pyghmi.ipmi.bmc as bmc
import pyghmi.ipmi.private.serversession as serversession
import pyghmi.ipmi.private.session as ipmisession

__all__ = ["BMCSimulator", "SimulatedBmc", "main"]

#: pyghmi's boot device numbers (bits 5:2 of boot flags data 2) and names.
_BOOTDEV_NAMES = {0x0: "default", 0x4: "network", 0x8: "hd", 0xc: "safe", 0x14: "optical",
                  0x18: "setup", 0x3c: "floppy"}


class SuiteThreeSession(serversession.ServerSession):
    """A server session that refuses anything but cipher suite 3's algorithms."""

    def create_open_session_response(self, request: bytearray) -> bytearray:
        auth, integrity = request[12], request[20]
        if auth != 1 or integrity != 1:
            self.clientsessionid = request[4:8]
            return bytearray([request[0], 0x11, 0, 0]) + request[4:8]
        response: bytearray = super().create_open_session_response(request)
        self.bmc.logins += 1
        return response

    def _handle_ipmi_packet(self, data: Any, sockaddr: Any = None,
                            qent: Any = None) -> Any:
        if self.bmc.swallow():
            return None
        return super()._handle_ipmi_packet(data, sockaddr=sockaddr, qent=qent)

class SimulatedBmc(bmc.Bmc):  # type: ignore[misc]
    """One BMC: state in memory, a port of its own."""

    def __init__(self, authdata: Mapping[str, str], address: str) -> None:
        super().__init__(authdata, port=0, address=address)
        self.port = self.serversocket.getsockname()[1]
        self.power = "off"
        self.bootdev = 0x8
        self.persistent = False
        self.uefi = False
        self.nmi = 0
        self.muted = False
        self.drop = 0
        self.commands = 0
        self.logins = 0
        self.lock = threading.Lock()

    def swallow(self) -> bool:
        with self.lock:
            if self.muted:
                return True
            if self.drop > 0:
                self.drop -= 1
                return True
            return False

    def sessionless_data(self, data: Any, sockaddr: Any) -> None:
        if self.swallow():
            return
        data = bytearray(data)
        if len(data) > 21 and data[4] == 6 and data[5] == 16:
            SuiteThreeSession(self.authdata, self.kg, sockaddr, self.serversocket,
                              data[16:], self.uuid, bmc=self)
            return
        super().sessionless_data(data, sockaddr)

    def handle_raw_request(self, request: Any, session: Any) -> None:
        self.commands += 1
        super().handle_raw_request(request, session)

    # -- chassis ---------------------------------------------------------------------
    def get_power_state(self) -> str:
        return self.power

    def power_on(self) -> None:
        self.power = "on"

    def power_off(self) -> None:
        self.power = "off"

    def power_shutdown(self) -> None:
        self.power = "off"

    def power_cycle(self) -> None:
        self.power = "on"

    def power_reset(self) -> None:
        self.power = "on"

    def pulse_diag(self) -> None:
        self.nmi += 1

    def cold_reset(self) -> int:
        return 0

    # -- boot options: keep the persistent and UEFI flags ------------------------
    def get_system_boot_options(self, request: Any, session: Any) -> None:
        if request["data"][0] != 5:
            return session.send_ipmi_response(code=0x80)  # type: ignore[no-any-return]
        flags = 0x80 | (0x40 if self.persistent else 0) | (0x20 if self.uefi else 0)
        session.send_ipmi_response(data=[1, 5, flags, self.bootdev, 0, 0, 0])
        return None

    def set_system_boot_options(self, request: Any, session: Any) -> None:
        data = request["data"]
        if data[0] in (0, 3, 4):
            session.send_ipmi_response()
        elif data[0] == 5:
            device = data[2] & 0b111100
            if device not in _BOOTDEV_NAMES:
                session.send_ipmi_response(code=0xcc)
                return
            self.bootdev = device
            self.persistent = bool(data[1] & 0x40)
            self.uefi = bool(data[1] & 0x20)
            session.send_ipmi_response()
        else:
            session.send_ipmi_response(code=0x80)

    def describe(self) -> dict[str, Any]:
        return {"port": self.port, "power": self.power,
                "bootdev": _BOOTDEV_NAMES.get(self.bootdev, self.bootdev),
                "persistent": self.persistent, "uefi": self.uefi, "nmi": self.nmi,
                "muted": self.muted, "commands": self.commands,
                "logins": self.logins}


# -- the child process -----------------------------------------------------------------
def _serve_forever() -> None:
    while True:
        try:
            ipmisession.Session.wait_for_rsp(timeout=1)
        except Exception as exc:  # a malformed packet must not kill every BMC
            print(json.dumps({"warning": repr(exc)}), file=sys.stderr, flush=True)


def _control(bmcs: list[Any], line: str) -> dict[str, Any]:
    request = json.loads(line)
    target = bmcs[int(request.get("index", 0))]
    command = request["cmd"]
    with target.lock:
        if command == "set":
            for key in ("power", "persistent", "uefi"):
                if key in request:
                    setattr(target, key, request[key])
        elif command == "mute":
            target.muted = bool(request.get("muted", True))
        elif command == "drop":
            target.drop = int(request["count"])
        elif command != "get":
            return {"error": f"unknown command {command!r}"}
    return target.describe()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="password")
    args = parser.parse_args(argv)
    bmcs = [SimulatedBmc({args.username: args.password}, args.address)
            for _ in range(args.count)]
    threading.Thread(target=_serve_forever, name="ipmi-bmcs", daemon=True).start()
    print(json.dumps({"ports": [b.port for b in bmcs]}), flush=True)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(_control(bmcs, line)), flush=True)
    return 0


# -- the parent side ------------------------------------------------------------------
class BMCSimulator:
    """Start ``count`` simulated BMCs in a child process; a context manager.

    ``ports[i]`` is BMC i's UDP port on ``address``; :meth:`state`, :meth:`set`,
    :meth:`mute` and :meth:`drop` reach into BMC i behind the client's back.
    """

    def __init__(self, count: int = 1, *, username: str = "admin",
                 password: str = "password", address: str = "127.0.0.1") -> None:
        self.count = count
        self.username = username
        self.password = password
        self.address = address
        self.ports: list[int] = []
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def start(self) -> BMCSimulator:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "baton_drivers.testing.ipmi_bmc", "--count",
             str(self.count), "--address", self.address, "--username", self.username,
             "--password", self.password],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert self._proc.stdout is not None
        first = self._proc.stdout.readline()
        if not first:
            self.stop()
            raise RuntimeError("the IPMI BMC simulator did not start")
        self.ports = list(json.loads(first)["ports"])
        return self

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise RuntimeError("the simulator is not running")
        with self._lock:
            proc.stdin.write(json.dumps(request) + "\n")
            proc.stdin.flush()
            answer: dict[str, Any] = json.loads(proc.stdout.readline())
        return answer

    def state(self, index: int = 0) -> dict[str, Any]:
        return self._ask({"cmd": "get", "index": index})

    def set(self, index: int = 0, **values: Any) -> dict[str, Any]:
        return self._ask({"cmd": "set", "index": index, **values})

    def mute(self, index: int = 0, muted: bool = True) -> dict[str, Any]:
        return self._ask({"cmd": "mute", "index": index, "muted": muted})

    def drop(self, index: int = 0, count: int = 1) -> dict[str, Any]:
        return self._ask({"cmd": "drop", "index": index, "count": count})

    def driver_info(self, index: int = 0) -> dict[str, Any]:
        """The ``driver_info`` of a node whose BMC is BMC ``index``."""
        return {"ipmi_address": self.address, "ipmi_port": self.ports[index],
                "ipmi_username": self.username, "ipmi_password": self.password}

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    def __enter__(self) -> BMCSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __iter__(self) -> Iterator[int]:
        return iter(self.ports)


if __name__ == "__main__":
    sys.exit(main())
