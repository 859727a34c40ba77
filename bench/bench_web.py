"""Time the web workspace as a coordinator's browser and a script use it: the real server
(``bridge-match serve``) in a subprocess over a workspace, every request to loopback only.

    python bench/bench_web.py --data /work/scale/n600000          # import it, then measure
    python bench/bench_web.py --workspace /tmp/ws.sqlite          # reuse an imported workspace
    python bench/bench_web.py --n 2000 --seconds 10               # a generated sample: quick
    python bench/bench_web.py --n 300 --seconds 2 --json out.json # smoke run (tests)

The workspace comes from ``--workspace`` (reused when it exists, else imported there), else from
``--data DIR`` (``DIR/profiles`` and ``DIR/needs``) imported into a temporary one, else from a
sample of ``--n`` profiles that ``bridge-match sample-data`` writes. Then, against
``python -m bridge_match serve --no-browser`` started in a subprocess:

1. the need page ``GET /needs/<first need id>``: the first (cold) request of the process, one
   warm-up, then ``--page-repeats`` sequential requests (median, p95);
2. as the reference, the shortlist API ``GET /api/v1/needs/<id>/shortlist?top_k=10`` from one
   client, sequentially, cycling over the needs, for ``--reference-seconds``;
3. the same API from ``--clients`` concurrent clients (one asyncio loop, one keep-alive
   connection each) for ``--seconds``: requests, errors (non-200 or no answer), latency
   p50/p95/p99/max, throughput;
4. the server's peak RSS (``VmHWM`` of ``/proc/<pid>/status``, read at the end).

Also printed: the CPU each side used during the load (the server's ``utime + stime`` from
``/proc/<pid>/stat``, this process's own, the whole machine's from ``/proc/stat``), since the
load client shares the machine's cores with the server, and the server's thread count: FastAPI
runs sync endpoints in a thread pool of one process, so Python code there takes turns on the GIL.

The targets (issue 15) are set for 600,000 profiles on a 2-core machine: a need page ≤ 300 ms,
the API's p95 ≤ 150 ms at 20 clients for 60 s without errors, the server ≤ 2 GiB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

TARGET_N = 600_000
PAGE_TARGET = 0.300
API_P95_TARGET = 0.150
RSS_TARGET_GIB = 2.0
GIB = 1 << 30

try:  # the test extra's client; httpx itself where only that is installed
    import httpx2 as httpx
except ImportError:  # pragma: no cover - depends on the environment
    import httpx  # type: ignore[no-redef]


# ------------------------------------------------------------------------------------------------
# Machine, data, workspace
# ------------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "loadavg": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "client": httpx.__name__,
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["mem_total_gib"] = round(int(line.split()[1]) / 1024**2, 1)
    for package in ("fastapi", "starlette", "uvicorn", "anyio", "bridge-match", httpx.__name__):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = None
    return info


def print_machine(info: dict[str, Any]) -> None:
    load = info["loadavg"]
    print(
        f"machine: nproc={info['nproc']} ({info['cpu']}), "
        f"{info.get('mem_total_gib', '?')} GiB RAM, Python {info['python']}, "
        f"fastapi {info['fastapi']}, starlette {info['starlette']}, uvicorn {info['uvicorn']}, "
        f"anyio {info['anyio']}; client {info['client']} {info[info['client']]}; "
        f"load average before: {', '.join(f'{x:.2f}' for x in load) if load else '?'}",
        flush=True,
    )


def run_cli(args: Sequence[str], log: Path) -> float:
    """``python -m bridge_match ARGS``, its output to ``log``; the seconds it took."""
    start = time.perf_counter()
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "-m", "bridge_match", *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        tail = log.read_text("utf-8", errors="replace")[-3000:]
        raise SystemExit(f"bridge-match {args[0]} failed (exit {done.returncode}):\n{tail}")
    return time.perf_counter() - start


def prepare_workspace(args: argparse.Namespace, scratch: Path) -> tuple[Path, dict[str, Any]]:
    """The workspace to serve, and how it came about (generated? imported? in how long?)."""
    facts: dict[str, Any] = {"generated": False, "imported": False}
    log = scratch / "cli.log"
    workspace = args.workspace or scratch / "bench.sqlite"
    if args.workspace is not None and args.workspace.exists():
        facts["reused"] = str(args.workspace)
        print(f"reusing the workspace {args.workspace} as it is (not imported again)", flush=True)
        return args.workspace, facts
    data = args.data
    if data is None:
        data = scratch / "data"
        facts["generate_seconds"] = run_cli(
            [
                "sample-data",
                "--output",
                str(data),
                "--n-profiles",
                str(args.n),
                "--n-needs",
                str(args.n_needs),
                "--seed",
                str(args.seed),
                "--layout",
                "csv",
            ],
            log,
        )
        facts["generated"] = True
    print(f"importing {data} into {workspace} ...", flush=True)
    facts["import_seconds"] = run_cli(
        [
            "import",
            "--profiles",
            str(data / "profiles"),
            "--needs",
            str(data / "needs"),
            "--workspace",
            str(workspace),
        ],
        log,
    )
    facts["imported"] = True
    facts["data"] = str(data)
    return workspace, facts


# ------------------------------------------------------------------------------------------------
# The server and what /proc says about it
# ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proc_status(pid: int) -> dict[str, int]:
    """``VmRSS``, ``VmHWM`` (bytes) and ``Threads`` of a process (empty where /proc is not)."""
    found: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) * 1024
            elif key == "Threads":
                found[key] = int(value)
    return found


def proc_cpu(pid: int) -> float | None:
    """A process's user + system CPU seconds so far (``/proc/<pid>/stat``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float] | None:
    """The whole machine's (busy, total) jiffies (``/proc/stat``)."""
    try:
        first = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except (OSError, IndexError):
        return None
    ticks = [int(x) for x in first[:8]]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return float(sum(ticks) - idle), float(sum(ticks))


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CpuWatch:
    """CPU used between ``start()`` and ``stop()`` by the server, this process and the machine."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def start(self) -> None:
        self.wall = time.perf_counter()
        self.server = proc_cpu(self.pid)
        self.own = own_cpu()
        self.machine = machine_cpu()

    def stop(self) -> dict[str, Any]:
        wall = time.perf_counter() - self.wall
        server, end = self.server, proc_cpu(self.pid)
        whole, now = self.machine, machine_cpu()
        busy = None
        if whole and now and now[1] > whole[1]:
            busy = (now[0] - whole[0]) / (now[1] - whole[1])
        return {
            "wall_seconds": wall,
            "server_cores": (end - server) / wall if server is not None and end else None,
            "client_cores": (own_cpu() - self.own) / wall,
            "machine_busy": busy,
        }


@contextlib.contextmanager
def serving(workspace: Path, port: int, log: Path, timeout: float) -> Iterator[subprocess.Popen]:
    """The real server (``python -m bridge_match serve``), up and answering, stopped at the end."""
    argv = [sys.executable, "-m", "bridge_match", "serve", "--no-browser", "--port", str(port)]
    argv += ["--workspace", str(workspace)]
    with log.open("ab") as out:
        server = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(server, port, timeout, log)
        yield server
    finally:
        stop(server)


def wait_until_up(server: subprocess.Popen, port: int, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    with httpx.Client(trust_env=False, timeout=5) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                tail = log.read_text("utf-8", errors="replace")[-3000:]
                raise SystemExit(f"the server exited ({server.returncode}):\n{tail}")
            with contextlib.suppress(httpx.TransportError):
                if client.get(url).status_code == 200:
                    return
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer on port {port} within {timeout:.0f} s")


def stop(server: subprocess.Popen) -> None:
    """Ctrl-C first (uvicorn shuts down cleanly), then SIGTERM, then SIGKILL: this pid only."""
    if server.poll() is not None:
        return
    for sig, grace in ((signal.SIGINT, 15), (signal.SIGTERM, 10)):
        server.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(grace)
            return
    server.kill()
    server.wait()


# ------------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (nearest rank) of ``values``; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def summary(latencies: list[float], errors: int, wall: float, kinds: dict[str, int]) -> dict:
    count = len(latencies) + errors
    return {
        "requests": count,
        "ok": len(latencies),
        "errors": errors,
        "error_kinds": kinds,
        "seconds": wall,
        "throughput": len(latencies) / wall if wall > 0 else None,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "max": max(latencies) if latencies else None,
        "mean": sum(latencies) / len(latencies) if latencies else None,
    }


def measure_page(client: httpx.Client, path: str, repeats: int) -> dict[str, Any]:
    """The need page: the process's first (cold) request, one warm-up, then ``repeats``."""

    def timed() -> tuple[float, int, int]:
        start = time.perf_counter()
        answer = client.get(path)
        return time.perf_counter() - start, answer.status_code, len(answer.content)

    cold, status, size = timed()
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")
    timed()  # warm-up
    seconds, failed = [], 0
    for _ in range(repeats):
        took, status, _ = timed()
        if status == 200:
            seconds.append(took)
        else:
            failed += 1
    out = summary(seconds, failed, sum(seconds), {})
    out.update({"cold": cold, "bytes": size, "median": percentile(seconds, 50)})
    return out


def shortlist_path(need_id: str, top_k: int) -> str:
    return f"/api/v1/needs/{need_id}/shortlist?top_k={top_k}"


def measure_sequential(
    client: httpx.Client, paths: list[str], seconds: float, max_requests: int
) -> dict[str, Any]:
    """One client, one request at a time, cycling over ``paths``, for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}
    start = time.perf_counter()
    deadline = start + seconds
    i = 0
    while time.perf_counter() < deadline and i < max_requests:
        path = paths[i % len(paths)]
        i += 1
        sent = time.perf_counter()
        try:
            status = client.get(path).status_code
        except httpx.HTTPError as exc:
            status, name = None, type(exc).__name__
        else:
            name = str(status)
        if status == 200:
            latencies.append(time.perf_counter() - sent)
        else:
            errors += 1
            kinds[name] = kinds.get(name, 0) + 1
    return summary(latencies, errors, time.perf_counter() - start, kinds)


async def load(
    base: str, paths: list[str], clients: int, seconds: float, max_requests: int
) -> dict[str, Any]:
    """``clients`` concurrent clients, each sending its next request as soon as the last is
    answered, until ``seconds`` have passed or ``max_requests`` were sent: bounded."""
    latencies: list[float] = []
    kinds: dict[str, int] = {}
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(30.0)
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=timeout, trust_env=False
    ) as client:

        async def one_client() -> None:
            nonlocal errors, sent
            while time.perf_counter() < deadline and sent < max_requests:
                path = paths[sent % len(paths)]
                sent += 1
                start = time.perf_counter()
                try:
                    answer = await client.get(path)
                    await answer.aread()
                except httpx.HTTPError as exc:
                    status, name = None, type(exc).__name__
                else:
                    status, name = answer.status_code, str(answer.status_code)
                if status == 200:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors += 1
                    kinds[name] = kinds.get(name, 0) + 1

        begin = time.perf_counter()
        deadline = begin + seconds
        await asyncio.gather(*(one_client() for _ in range(clients)))
        wall = time.perf_counter() - begin
    return summary(latencies, errors, wall, kinds)


def run(args: argparse.Namespace) -> dict[str, Any]:
    info = machine()
    print_machine(info)
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        scratch = Path(tmp)
        workspace, facts = prepare_workspace(args, scratch)
        port = args.port or free_port()
        base = f"http://127.0.0.1:{port}"
        log = scratch / "server.log"
        started = time.perf_counter()
        with serving(workspace, port, log, args.start_timeout) as server:
            facts["start_seconds"] = time.perf_counter() - started
            time.sleep(args.settle)  # the server's warm-up (every need's shortlist) to finish
            facts["settle_seconds"] = args.settle
            memory: dict[str, Any] = {"after_start": proc_status(server.pid)}
            with httpx.Client(base_url=base, trust_env=False, timeout=args.cold_timeout) as c:
                needs = c.get("/api/v1/needs")
                needs.raise_for_status()
                ids = [n["id"] for n in needs.json()]
                if not ids:
                    raise SystemExit(f"{workspace} has no needs")
                page = measure_page(c, f"/needs/{ids[0]}", args.page_repeats)
                memory["after_page"] = proc_status(server.pid)
                order = ids[:]
                random.Random(args.seed).shuffle(order)
                paths = [shortlist_path(i, args.top_k) for i in order]
                c.timeout = httpx.Timeout(30.0)
                c.get(paths[0])  # the API's first request is not the reference's
                watch = CpuWatch(server.pid)
                watch.start()
                reference = measure_sequential(c, paths, args.reference_seconds, args.max_requests)
                reference_cpu = watch.stop()
            watch.start()
            loaded = asyncio.run(load(base, paths, args.clients, args.seconds, args.max_requests))
            cpu = watch.stop()
            cpu["loadavg_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
            for figures, used in ((reference, reference_cpu), (loaded, cpu)):
                cores = used["server_cores"]
                figures["server_cpu_per_request"] = (
                    cores * used["wall_seconds"] / figures["requests"]
                    if cores is not None and figures["requests"]
                    else None
                )
            memory["end"] = proc_status(server.pid)
            alive = server.poll() is None
        counts = {"needs": len(ids), "profiles": profile_count(workspace)}
    result = {
        "params": {
            "n": args.n if args.data is None and args.workspace is None else None,
            "clients": args.clients,
            "seconds": args.seconds,
            "reference_seconds": args.reference_seconds,
            "page_repeats": args.page_repeats,
            "top_k": args.top_k,
        },
        "machine": info,
        "workspace": {"path": str(workspace), **facts, **counts},
        "page": page,
        "reference": reference,
        "load": loaded,
        "cpu": cpu,
        "reference_cpu": reference_cpu,
        "memory": memory,
        "server_alive_at_end": alive,
    }
    result["targets"] = evaluate_targets(result)
    return result


def profile_count(workspace: Path) -> int | None:
    """How many profiles the workspace holds (read-only, from its SQLite file)."""
    import sqlite3

    with contextlib.suppress(sqlite3.Error):
        db = sqlite3.connect(f"file:{workspace}?mode=ro", uri=True)
        try:
            return int(db.execute("select count(*) from profiles").fetchone()[0])
        finally:
            db.close()
    return None


# ------------------------------------------------------------------------------------------------
# Reporting
# ------------------------------------------------------------------------------------------------


def _at_most(value: float | None, limit: float) -> str:
    if value is None:
        return "?"
    return "yes" if value <= limit else "no"


def evaluate_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 15's targets (set for 600,000 profiles on a 2-core machine) against the figures."""
    page, api = result["page"], result["load"]
    clients, seconds = result["params"]["clients"], result["params"]["seconds"]
    hwm = result["memory"]["end"].get("VmHWM")
    full = clients >= 20 and seconds >= 60
    return [
        {"figure": "page_median", "target": "≤ 300 ms", "met": _at_most(page["median"], 0.3)},
        {"figure": "page_p95", "target": "≤ 300 ms", "met": _at_most(page["p95"], PAGE_TARGET)},
        {
            "figure": "api_p95",
            "target": "≤ 150 ms (20 clients, 60 s)",
            "met": _at_most(api["p95"], API_P95_TARGET) if full else "?",
        },
        {
            "figure": "api_errors",
            "target": "no errors",
            "met": "yes" if api["errors"] == 0 and api["ok"] > 0 else "no",
        },
        {
            "figure": "server_rss",
            "target": "≤ 2 GiB",
            "met": _at_most(None if hwm is None else hwm / GIB, RSS_TARGET_GIB),
        },
    ]


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def gib(size: int | None) -> str:
    return "—" if size is None else f"{size / GIB:.2f} GiB"


def print_table(result: dict[str, Any]) -> None:
    page, ref, api = result["page"], result["reference"], result["load"]
    ws, params = result["workspace"], result["params"]
    targets = {t["figure"]: t for t in result["targets"]}
    clients = params["clients"]
    rows: list[tuple[str, str, str, str]] = [
        ("need page, first (cold) request", ms(page["cold"]), "", ""),
        (f"need page median (of {page['ok']})", ms(page["median"]), "", "page_median"),
        ("need page p95", ms(page["p95"]), "", "page_p95"),
        ("shortlist API p50", ms(api["p50"]), ms(ref["p50"]), ""),
        ("shortlist API p95", ms(api["p95"]), ms(ref["p95"]), "api_p95"),
        ("shortlist API p99", ms(api["p99"]), ms(ref["p99"]), ""),
        ("shortlist API max", ms(api["max"]), ms(ref["max"]), ""),
        (
            "shortlist API requests / errors",
            f"{api['requests']:,} / {api['errors']:,}",
            f"{ref['requests']:,} / {ref['errors']:,}",
            "api_errors",
        ),
        (
            "shortlist API throughput",
            f"{api['throughput'] or 0:,.1f} req/s",
            f"{ref['throughput'] or 0:,.1f} req/s",
            "",
        ),
        (
            "server CPU per request",
            ms(api["server_cpu_per_request"]),
            ms(ref["server_cpu_per_request"]),
            "",
        ),
        ("server peak RSS (VmHWM)", gib(result["memory"]["end"].get("VmHWM")), "", "server_rss"),
    ]
    profiles = ws.get("profiles")
    print()
    how = "reused" if ws.get("reused") else f"imported in {ws.get('import_seconds', 0):.1f} s"
    print(
        f"N = {profiles:,} profiles, {ws['needs']:,} needs (workspace {how}; server up in "
        f"{ws['start_seconds']:.1f} s, measured {ws.get('settle_seconds', 0):.0f} s after); "
        f"shortlist top_k={params['top_k']}, {clients} clients for "
        f"{api['seconds']:.1f} s, reference: 1 client for {ref['seconds']:.1f} s"
        if profiles is not None
        else f"{ws['needs']:,} needs"
    )
    header = f"{'figure':<34}{f'{clients} clients':>18}{'1 client':>16}  {'target':<28}met?"
    print(header)
    print("-" * len(header))
    for label, value, reference, key in rows:
        target = targets.get(key, {})
        print(
            f"{label:<34}{value:>18}{reference:>16}  {target.get('target', ''):<28}"
            f"{target.get('met', '')}"
        )
    mem = result["memory"]
    print(
        f"server RSS: {gib(mem['after_start'].get('VmRSS'))} after start, "
        f"{gib(mem['after_page'].get('VmRSS'))} after the first page, "
        f"{gib(mem['end'].get('VmRSS'))} at the end; threads at the end: "
        f"{mem['end'].get('Threads', '?')}"
    )
    cpu = result["cpu"]

    def cores(x: float | None) -> str:
        return "?" if x is None else f"{x:.2f}"

    busy, nproc = cpu["machine_busy"], result["machine"]["nproc"]
    others = None
    if busy is not None and nproc and cpu["server_cores"] is not None:
        others = max(0.0, busy * nproc - cpu["server_cores"] - cpu["client_cores"])
    print(
        f"CPU during the {clients}-client load: server {cores(cpu['server_cores'])} cores, "
        f"this load client {cores(cpu['client_cores'])} cores, other processes "
        f"{cores(others)} cores; machine {'?' if busy is None else f'{busy:.0%}'} busy "
        f"(of {nproc} cores); load average after: "
        f"{', '.join(f'{x:.2f}' for x in cpu['loadavg_after']) if cpu['loadavg_after'] else '?'}"
    )
    if cpu["server_cores"] is not None and nproc and nproc > 1 and cpu["server_cores"] < 1.15:
        print(
            "the server used about one core at most: one process, its sync endpoints' Python "
            "work serialised by the GIL (SQLite and some numpy calls release it)"
        )
    if ref["p50"] and api["p50"]:
        ratio = api["p50"] / ref["p50"]
        speedup = (api["throughput"] or 0) / (ref["throughput"] or 1)
        print(
            f"concurrency cost: p50 {ratio:.1f}× the single client's, throughput "
            f"{speedup:.2f}× (one server process: sync endpoints share a thread pool and the GIL)"
        )
    if api["error_kinds"]:
        print(f"errors by kind: {api['error_kinds']}")
    if not result["server_alive_at_end"]:
        print("the server was no longer running at the end")
    if profiles != TARGET_N:
        n = f"{profiles:,}" if profiles is not None else "?"
        print(f"(targets are set for N = {TARGET_N:,}; at N = {n} the verdicts are indicative)")
    print("'?' means not measured, or a shorter or lighter load than the target's.")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="folder with profiles/ and needs/ to import")
    parser.add_argument(
        "--workspace", type=Path, help="workspace file to reuse (or to import into and keep)"
    )
    parser.add_argument(
        "--n", type=int, default=2000, help="else generate N profiles (default 2000)"
    )
    parser.add_argument("--n-needs", type=int, default=50, help="needs to generate (default 50)")
    parser.add_argument("--seed", type=int, default=57, help="sample seed and need order")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--seconds", type=float, default=60, help="load duration (60)")
    parser.add_argument(
        "--reference-seconds",
        type=float,
        help="single-client reference duration (default a quarter of --seconds, ≥ 1)",
    )
    parser.add_argument("--page-repeats", type=int, default=30, help="need page requests (30)")
    parser.add_argument("--top-k", type=int, default=10, help="shortlist length (10)")
    parser.add_argument(
        "--max-requests", type=int, default=1_000_000, help="bound on requests per phase"
    )
    parser.add_argument("--port", type=int, default=0, help="port (default a free one)")
    parser.add_argument("--start-timeout", type=float, default=300, help="seconds to come up")
    parser.add_argument(
        "--cold-timeout", type=float, default=300, help="seconds the first page may take"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=0,
        help="seconds to wait after the server is up, before measuring: it ranks every need's "
        "shortlist in the background at start (about 25 ms a need at 600,000 profiles)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    if args.data is not None and not (args.data / "profiles").exists():
        parser.error(f"{args.data} has no profiles/ folder")
    if args.reference_seconds is None:
        args.reference_seconds = max(1.0, args.seconds / 4)
    if args.workspace is not None:
        args.workspace = args.workspace.absolute()
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    print_table(result)
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
