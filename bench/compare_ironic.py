#!/usr/bin/env python3
"""Compare Baton with the peer OpenStack Ironic in one run, and print the ratios.

    .venv/bin/python bench/compare_ironic.py            # full run (Ironic, then Baton)
    .venv/bin/python bench/compare_ironic.py --skip-ironic --nodes 200

Both servers are measured by the same load script, ``../shared/peers/ironic/bench.py``
(phases: a create N nodes, b detailed list, c concurrent GET of one node, d power on 100
fake-hardware nodes; idle RSS sampled before the load), run with this interpreter:

1. Ironic: ``setup.sh`` (idempotent), ``start.sh --fresh``, bench.py, ``stop.sh``. When
   something already answers on Ironic's port (someone else's run), this waits for it to
   go away (``--wait-busy``) and otherwise goes on without Ironic. Any Ironic failure only
   drops Ironic's column.
2. Baton: ``baton-server`` from this interpreter's venv, on a free loopback port with a
   fresh temporary state_path (SQLite), all-in-one. The time from process start until
   ``GET /v1`` answers is Baton's start-to-first-answer figure.

Targets (issue 2): >= 10x Ironic on each of the four phases, idle RSS <= 1/3 of Ironic's,
start to first answer < 1.5 s. The machine is shared and noisy: compare the ratios of one
run, never absolute figures across runs. Exit status: 0 all targets met, 1 a target
missed, 2 Baton could not be measured.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
IRONIC_URL_HOST, IRONIC_PORT = "127.0.0.1", 6385
START_TARGET_S = 1.5


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    higher_is_better: bool
    factor: float          # Baton must be this many times better than Ironic
    target_text: str


TARGETS = (
    Target("a_create_nodes_per_s", "a  create nodes/s", True, 10.0, ">= 10x"),
    Target("b_list_detail_median_ms", "b  detailed list, median ms", False, 10.0, ">= 10x"),
    Target("c_get_req_per_s", "c  concurrent GET req/s", True, 10.0, ">= 10x"),
    Target("d_power_all_on_s", "d  power on all nodes, s", False, 10.0, ">= 10x"),
    Target("rss_idle_mb", "   idle RSS, MB", False, 3.0, ">= 3x (1/3)"),
)
INFO_KEYS = (
    ("a_server_cpu_ms_per_create", "   server CPU ms per create"),
    ("b_server_cpu_ms_per_list", "   server CPU ms per list"),
    ("c_server_cpu_ms_per_get", "   server CPU ms per GET"),
    ("d_server_cpu_ms_per_power_on", "   server CPU ms per power on"),
    ("c_get_p50_ms", "   GET p50 ms"),
    ("a_create_p50_ms", "   create p50 ms"),
    ("rss_after_mb", "   RSS after load, MB"),
)


def log(msg: str) -> None:
    print(f"[compare] {msg}", file=sys.stderr, flush=True)


def default_peer_dir() -> Path:
    env = os.environ.get("BATON_PEER_IRONIC")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared" / "peers" / "ironic",
                   Path("/work/shared/peers/ironic")]
    for path in candidates:
        if (path / "bench.py").exists():
            return path
    return candidates[0]


def answers(host: str, port: int, path: str = "/v1", timeout: float = 0.5) -> bool:
    """True when GET path answers 200 (any HTTP answer other than a refused connection)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_bench(peer_dir: Path, args: argparse.Namespace, endpoint: str, out: Path,
              pid_args: list[str], log_file: Path) -> dict[str, Any] | None:
    """Run the peer bench.py against endpoint; its figures, or None when it failed."""
    cmd = [sys.executable, str(peer_dir / "bench.py"), "--endpoint", endpoint,
           "--json", str(out), "--nodes", str(args.nodes), "--list-calls", str(args.list_calls),
           "--concurrency", str(args.concurrency), "--duration", str(args.duration),
           "--power-nodes", str(args.power_nodes), *pid_args]
    if args.wrk:
        cmd.append("--wrk")
    log(f"bench: {' '.join(cmd)}  (output in {log_file})")
    with log_file.open("w") as fh:
        rc = subprocess.call(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if rc != 0 or not out.exists():
        log(f"bench.py failed (exit {rc}); last lines:\n{tail(log_file)}")
        return None
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


# --- Ironic -----------------------------------------------------------------------------

def ironic_pid_alive(run_dir: Path) -> bool:
    try:
        os.kill(int((run_dir / "ironic.pid").read_text().strip()), 0)
    except (OSError, ValueError):
        return False
    return True


def wait_until_free(wait_s: float, run_dir: Path) -> bool:
    """Wait while someone else's Ironic runs (pid file alive or port answering)."""
    deadline = time.monotonic() + wait_s
    announced = False
    while ironic_pid_alive(run_dir) or answers(IRONIC_URL_HOST, IRONIC_PORT):
        if time.monotonic() > deadline:
            return False
        if not announced:
            log(f"port {IRONIC_PORT} is in use (another Ironic bench run?); waiting up to "
                f"{wait_s:.0f}s for it to stop")
            announced = True
        time.sleep(5)
    return True


def measure_ironic(args: argparse.Namespace, out_dir: Path) -> tuple[dict[str, Any] | None, str]:
    """Ironic's figures (or None) and a sentence saying what happened."""
    peer = args.peer_dir
    if args.ironic_json:
        return json.loads(Path(args.ironic_json).read_text()), f"from {args.ironic_json}"
    if args.skip_ironic:
        return None, "skipped (--skip-ironic)"
    if not (peer / "start.sh").exists():
        return None, f"not available: no {peer}/start.sh"
    run_dir = Path(os.environ.get("IRONIC_RUN", "/tmp/peer-ironic-run"))
    if not wait_until_free(args.wait_busy, run_dir):
        return None, f"not measured: another Ironic kept running for {args.wait_busy:.0f}s"
    setup_log = out_dir / "ironic-setup.log"
    log(f"ironic: setup.sh (log {setup_log})")
    with setup_log.open("w") as fh:
        if subprocess.call(["bash", str(peer / "setup.sh")], stdout=fh,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL) != 0:
            return None, f"not available: setup.sh failed, see {setup_log}"
    t0 = time.monotonic()
    started = subprocess.run(["bash", str(peer / "start.sh"), "--fresh"],
                             capture_output=True, text=True, stdin=subprocess.DEVNULL)
    start_s = time.monotonic() - t0
    if "already running" in started.stdout:      # someone else's Ironic: leave it alone
        return None, f"not measured: {started.stdout.strip()}"
    try:
        if started.returncode != 0:
            return None, f"not available: start.sh failed: {started.stdout[-500:]}"
        log(f"ironic: {started.stdout.strip()}  (start.sh took {start_s:.1f}s incl. dbsync)")
        result = run_bench(peer, args, f"http://{IRONIC_URL_HOST}:{IRONIC_PORT}",
                           out_dir / "ironic.json",
                           ["--pidfile", str(run_dir / "ironic.pid")], out_dir / "ironic-bench.log")
        if result is not None:
            result["start_sh_s"] = start_s
        return result, ("measured" if result else "bench failed against Ironic")
    finally:
        stopped = subprocess.run(["bash", str(peer / "stop.sh")], capture_output=True, text=True,
                                 stdin=subprocess.DEVNULL)
        log(f"ironic: {stopped.stdout.strip()}")


# --- Baton ------------------------------------------------------------------------------

def baton_server_path() -> str:
    local = Path(sys.executable).parent / "baton-server"
    found = str(local) if local.exists() else shutil.which("baton-server")
    if not found:
        sys.exit("baton-server not found: install Baton into this venv (pip install .)")
    return found


def write_baton_conf(state: Path, port: int, overrides: list[str]) -> Path:
    sections: dict[str, dict[str, str]] = {
        "DEFAULT": {"host": "baton-bench", "state_path": str(state), "debug": "false",
                    "log_file": str(state / "baton.log")},
        "api": {"host_ip": "127.0.0.1", "port": str(port)},
        # the same settings as the peer Ironic's ironic.conf
        "conductor": {"automated_clean": "false", "sync_power_state_interval": "120"},
    }
    for item in overrides:
        key, _, value = item.partition("=")
        group, _, name = key.rpartition(".")
        sections.setdefault(group or "DEFAULT", {})[name] = value
    conf = state / "baton.conf"
    conf.write_text("".join(
        f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in opts.items()) + "\n"
        for group, opts in sections.items()))
    return conf


def compile_baton() -> None:
    """Byte-compile Baton's modules, as ``pip install .`` does when it installs them.

    An editable install (the test venv) has no ``.pyc`` files, and with
    ``PYTHONDONTWRITEBYTECODE`` set none are ever written: every start would compile the
    sources again, which is not what an installed daemon does.
    """
    import baton
    import baton_drivers

    for package in (baton, baton_drivers):
        subprocess.run([sys.executable, "-m", "compileall", "-q",
                        str(Path(package.__file__).parent)], check=True,
                       stdout=subprocess.DEVNULL)


def start_baton(conf: Path, port: int, state: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Start baton-server; (process, seconds from process start until GET /v1 answers)."""
    compile_baton()
    out = (state / "stdout.log").open("wb")
    t0 = time.monotonic()
    proc = subprocess.Popen([baton_server_path(), "--config-file", str(conf)], stdout=out,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    while time.monotonic() - t0 < 60:
        if answers("127.0.0.1", port, timeout=1.0):
            return proc, time.monotonic() - t0
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    stop_baton(proc)
    raise RuntimeError(f"baton-server did not answer (exit {proc.poll()}):\n"
                       f"{tail(state / 'stdout.log')}\n{tail(state / 'baton.log')}")


def stop_baton(proc: subprocess.Popen[bytes]) -> float:
    """SIGTERM the server's process group; seconds it took to exit (SIGKILL after 30 s)."""
    t0 = time.monotonic()
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            log("baton-server ignored SIGTERM for 30 s; killing it")
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return time.monotonic() - t0


def measure_baton(args: argparse.Namespace, out_dir: Path) -> dict[str, Any] | None:
    state = Path(tempfile.mkdtemp(prefix="baton-bench-state-"))
    port = args.baton_port or free_port()
    conf = write_baton_conf(state, port, args.set)
    try:
        proc, start_s = start_baton(conf, port, state)
    except RuntimeError as exc:
        log(str(exc))
        return None
    log(f"baton: up at http://127.0.0.1:{port} (pid {proc.pid}) in {start_s:.3f}s")
    try:
        result = run_bench(args.peer_dir, args, f"http://127.0.0.1:{port}",
                           out_dir / "baton.json", ["--pid", str(proc.pid)],
                           out_dir / "baton-bench.log")
    finally:
        stop_s = stop_baton(proc)
        log(f"baton: stopped in {stop_s:.2f}s (exit {proc.returncode})")
        if args.keep:
            log(f"baton: state and logs kept in {state}")
        else:
            shutil.rmtree(state, ignore_errors=True)
    result = result if result is not None else {"bench_failed": True}
    result["start_to_first_answer_s"] = start_s
    result["stop_s"] = stop_s
    return result


# --- report -----------------------------------------------------------------------------

def fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def verdicts(ironic: dict[str, Any] | None, baton: dict[str, Any]) -> list[list[str]]:
    rows = [["", "Ironic", "Baton", "gain", "target", "verdict"]]
    for t in TARGETS:
        i, b = (ironic or {}).get(t.key), baton.get(t.key)
        gain = verdict = "-"
        if isinstance(i, (int, float)) and isinstance(b, (int, float)) and i > 0 and b > 0:
            ratio = b / i if t.higher_is_better else i / b
            gain = f"{ratio:.1f}x"
            verdict = "PASS" if ratio >= t.factor else "FAIL"
        rows.append([t.label, fmt(i), fmt(b), gain, t.target_text, verdict])
    start = baton.get("start_to_first_answer_s")
    rows.append(["   start to first answer, s", fmt((ironic or {}).get("start_sh_s")), fmt(start),
                 "-", f"< {START_TARGET_S} s",
                 "-" if start is None else ("PASS" if start < START_TARGET_S else "FAIL")])
    for key, label in INFO_KEYS:
        rows.append([label, fmt((ironic or {}).get(key)), fmt(baton.get(key)), "", "(info)", ""])
    return rows


def print_table(rows: list[list[str]]) -> None:
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) if c == 0 else cell.rjust(w)
                        for c, (cell, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peer-dir", type=Path, default=default_peer_dir(),
                    help="folder of the peer Ironic scripts (setup.sh, start.sh, bench.py)")
    ap.add_argument("--nodes", type=int, default=1000, help="(a) nodes to create")
    ap.add_argument("--list-calls", type=int, default=20, help="(b) detailed list calls")
    ap.add_argument("--concurrency", type=int, default=8, help="(c) concurrent clients")
    ap.add_argument("--duration", type=int, default=10, help="(c) seconds")
    ap.add_argument("--power-nodes", type=int, default=100, help="(d) nodes to power on")
    ap.add_argument("--wrk", action=argparse.BooleanOptionalAction,
                    default=shutil.which("wrk") is not None,
                    help="(c) load with wrk instead of python threads (default: when "
                         "installed; apt-get install wrk)")
    ap.add_argument("--skip-ironic", action="store_true", help="measure Baton only")
    ap.add_argument("--ironic-json", help="reuse Ironic figures from an earlier bench.py --json "
                    "(less fair than measuring both in one run)")
    ap.add_argument("--wait-busy", type=float, default=600,
                    help="seconds to wait while port 6385 is used by someone else")
    ap.add_argument("--baton-port", type=int, help="Baton's port (default: a free one)")
    ap.add_argument("--set", action="append", default=[], metavar="GROUP.OPTION=VALUE",
                    help="extra Baton option, e.g. --set api.server_threads=32")
    ap.add_argument("--out-dir", type=Path, help="where JSON and logs go (default: a tmp dir)")
    ap.add_argument("--keep", action="store_true", help="keep Baton's state dir and logs")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out_dir = args.out_dir or Path(tempfile.mkdtemp(prefix="baton-compare-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (args.peer_dir / "bench.py").exists():
        log(f"no bench.py in {args.peer_dir}; pass --peer-dir")
        return 2
    ironic, ironic_note = measure_ironic(args, out_dir)
    baton = measure_baton(args, out_dir)
    if baton is None:
        return 2
    rows = verdicts(ironic, baton)
    print()
    print(f"Baton vs Ironic - nodes={args.nodes} power_nodes={args.power_nodes} "
          f"GET tool={baton.get('c_get_tool')} load(1m)={fmt(baton.get('loadavg_1m_before'))}")
    print(f"Ironic: {ironic_note}")
    if ironic is None:
        print("Ironic figures are unavailable: Baton's own figures only, no ratios.")
    print_table(rows)
    print("(Ironic's start figure is start.sh's wall time, dbsync included: for reference only)")
    summary = {"ironic": ironic, "ironic_note": ironic_note, "baton": baton,
               "table": [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]}
    (out_dir / "compare.json").write_text(json.dumps(summary, indent=1))
    print(f"\nraw figures and logs: {out_dir}")
    if baton.get("bench_failed"):
        print(f"bench.py failed against Baton: see {out_dir / 'baton-bench.log'}")
        return 2
    failed = [r[0].strip() for r in rows[1:] if r[5] == "FAIL"]
    if failed:
        print("targets missed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
