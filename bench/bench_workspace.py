"""Time the workspace commands end to end, as a user runs them, against the issue's targets.

Every figure is one run of the installed ``bridge-match`` entry point in its own process, from
process start to exit (its last byte of output written): wall time, CPU time (user + kernel) and
peak memory (``ru_maxrss`` of the process and the workers it waited for, from ``wait4``). The
steps, each in a temporary workspace (``--workspace`` and ``BRIDGE_MATCH_WORKSPACE``, never the
repository's) on a copy of the data:

1. ``import`` of the whole set into a fresh workspace;
2. ``import`` again with nothing changed;
3. ``import`` after ``--changed`` profiles (1,000) were edited in the copy (their ``field`` and
   ``keywords`` take words of other profiles: still valid, mostly known words);
4. ``recommend --need ID`` (N-AI-01, else the first need), ``--expert ID`` and ``--text``;
5. ``status set``, and ``status list`` after ``--pipeline-rows`` (10,000) pairs were given a
   status through the library (``pipeline.set_status`` in one transaction: setup, not timed as
   a command);
6. peak memory of ``recommend`` and of ``import``.

References, in the same run: ``recommend --profiles --needs --model-dir`` (file mode, the way
before the workspace, after ``fit`` on the same files) for each recommend; ``fit`` for the fresh
import; the fresh import for the incremental ones; ``bridge-match --help`` (process start and
the CLI's imports) as the floor of every command.

    python bench/bench_workspace.py --data /work/scale/n600000          # the issue's figures
    python bench/bench_workspace.py --data /work/scale/n600000 --repeats 2 --profile
    python bench/bench_workspace.py --n 20000                           # generate a smaller set
    python bench/bench_workspace.py --n 300 --changed 20 --pipeline-rows 500 --skip-reference

Without ``--data``, ``bridge-match sample-data --layout csv`` generates ``--n`` profiles (600,000,
as /work/scale/n600000 was made: 1,000 needs, seed 57). ``--repeats R`` runs every timed step R
times (a fresh workspace for each fresh import, other rows edited for each incremental one); the
figure is the median, all runs shown. ``--profile`` then reruns the slow steps under
``python -X importtime`` and cProfile and prints where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

TARGET_N = 600_000
GIB = 1024**3
DEFAULT_TEXT = (
    "Thiết kế vi mạch tương tự và RF cho chip IoT tiết kiệm năng lượng; "
    "analog and RF chip design, low-power IoT"
)
TARGETS: dict[str, tuple[str, float | None]] = {
    # step: (what the issue asks, the limit in seconds; None: no target)
    "import_fresh": ("≤ 60 s", 60),
    "import_unchanged": ("≤ 3 s", 3),
    "import_changed": ("≤ 10 s", 10),
    "recommend_need": ("≤ 2 s", 2),
    "recommend_expert": ("≤ 2 s", 2),
    "recommend_text": ("≤ 2 s", 2),
    "status_set": ("≤ 0.5 s", 0.5),
    "status_list": ("≤ 1 s", 1),
    "status_list_csv": ("≤ 1 s", 1),
}
RECOMMEND_PEAK_GIB = 1.5


# ------------------------------------------------------------------------------------------------
# Running one command
# ------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One process, as ``wait4`` saw it."""

    argv: list[str]
    seconds: float
    cpu: float
    peak_rss_mib: float
    code: int
    stdout_bytes: int
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)

    @property
    def ok(self) -> bool:
        return self.code == 0


# Starts the command and reaps it, in a small process of its own: a child's ru_maxrss starts at
# the peak RSS of the process it was forked from (Linux keeps the old memory's high-water mark
# across exec), so forking straight from this bench (which reads the data) would overstate it.
LAUNCHER = """
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as handle:
    handle.write(f"{seconds} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} "
                 f"{os.waitstatus_to_exitcode(status)}")
"""


def run_command(
    argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float, logs: Path
) -> Run:
    """Run ``argv`` to its end through :data:`LAUNCHER`: wall time from just before the fork to
    the reaped exit, and the child's own ``rusage`` (its CPU, and the largest RSS of it or any
    process it waited for)."""
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path, report = logs / "stdout", logs / "stderr", logs / "rusage"
    report.unlink(missing_ok=True)
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(report), *argv]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(
            launcher,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,  # a timeout stops the command too
        )
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    stdout = out_path.read_bytes()
    stderr = err_path.read_text("utf-8", "replace")[-4000:]
    try:
        seconds, cpu, maxrss, code = report.read_text("utf-8").split()
    except (OSError, ValueError):
        seconds, cpu, maxrss, code = "0", "0", "0", "-9"
        stderr += f"\n(stopped after {timeout:g} s, or the launcher failed)"
    peak = int(maxrss) / (1024 * 1024) if sys.platform == "darwin" else int(maxrss) / 1024
    return Run(
        argv=list(argv),
        seconds=float(seconds),
        cpu=float(cpu),
        peak_rss_mib=peak,
        code=int(code),
        stdout_bytes=len(stdout),
        stdout=stdout.decode("utf-8", "replace")[-4000:],
        stderr=stderr,
    )


class Bench:
    """The runs of every step, and what the bench noticed on the way."""

    def __init__(self, tool: Path, scratch: Path, env: dict[str, str], timeout: float) -> None:
        self.tool = tool
        self.scratch = scratch
        self.env = env
        self.timeout = timeout
        self.steps: dict[str, list[Run]] = {}
        self.labels: dict[str, str] = {}
        self.notes: list[str] = []
        self.facts: dict[str, Any] = {}

    def run(self, step: str, label: str, args: Sequence[str], python: Sequence[str] = ()) -> Run:
        """Run ``bridge-match ARGS`` (or ``python ... -m bridge_match ARGS``) as ``step``."""
        argv = [*python, "-m", "bridge_match", *args] if python else [str(self.tool), *args]
        done = run_command(argv, self.scratch, self.env, self.timeout, self.scratch / "logs" / step)
        self.steps.setdefault(step, []).append(done)
        self.labels[step] = label
        status = "" if done.ok else f"  FAILED (exit {done.code})"
        print(
            f"  {label:<44}{fmt_seconds(done.seconds):>10}  CPU {fmt_seconds(done.cpu):>9}  "
            f"peak {done.peak_rss_mib:>7,.0f} MiB{status}",
            flush=True,
        )
        if not done.ok:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            for line in tail:
                print(f"      | {line}")
        return done

    def median(self, step: str) -> float | None:
        runs = [r.seconds for r in self.steps.get(step, []) if r.ok]
        return statistics.median(runs) if runs else None

    def peak(self, step: str) -> float | None:
        runs = [r.peak_rss_mib for r in self.steps.get(step, []) if r.ok]
        return max(runs) if runs else None

    def cpu(self, step: str) -> float | None:
        runs = [r.cpu for r in self.steps.get(step, []) if r.ok]
        return statistics.median(runs) if runs else None


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


# ------------------------------------------------------------------------------------------------
# Machine and data
# ------------------------------------------------------------------------------------------------


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine(tool: Path) -> dict[str, Any]:
    import sqlite3

    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "tool": str(tool),
        "load_average": load_average(),
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
    for package in ("bridge-match", "numpy", "scipy", "pandas", "SQLAlchemy", "alembic"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = None
    return info


def engine_identity(tool: Path, env: dict[str, str]) -> dict[str, str]:
    """Which bridge_match the entry point runs (with this environment, PYTHONPATH included): its
    folder and a sha256 over its source and data files, so a run can tell whether the code
    changed under it (an editable install follows its checkout)."""
    import hashlib

    done = subprocess.run(
        [tool_python(tool), "-c", "import bridge_match; print(bridge_match.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {"path": "?", "sha256": "?"}
    root = Path(done.stdout.strip()).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".yaml", ".json"}:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return {"path": str(root), "sha256": digest.hexdigest()}


def print_machine(info: dict[str, Any]) -> None:
    print(
        f"machine: nproc={info['nproc']} ({info['cpu']}), {info.get('mem_total_gib', '?')} GiB "
        f"RAM, load average {info['load_average']}; Python {info['python']}, SQLite "
        f"{info['sqlite']}, bridge-match {info['bridge-match']}, SQLAlchemy {info['SQLAlchemy']}, "
        f"alembic {info['alembic']}, numpy {info['numpy']}, pandas {info['pandas']}"
    )
    engine = info["engine"]
    print(
        f"entry point: {info['tool']}, running {engine['path']} (source sha256 "
        f"{engine['sha256'][:12]})"
    )


def find_tool(given: str | None) -> Path:
    """``--bridge-match``, else the entry point beside this Python, else the one on PATH."""
    if given:
        return Path(given)
    beside = Path(sys.executable).with_name("bridge-match")
    if beside.is_file():
        return beside
    found = shutil.which("bridge-match")
    if found is None:
        raise SystemExit("no bridge-match entry point: give --bridge-match PATH")
    return Path(found)


def tool_python(tool: Path) -> str:
    """The interpreter of the entry point's shebang (for the profiling runs)."""
    first = tool.read_text("utf-8", "replace").splitlines()[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable


def prepare_data(args: argparse.Namespace, bench: Bench, data: Path) -> None:
    """A copy of ``--data`` (step 3 edits it), or a generated sample, in ``data``."""
    start = time.perf_counter()
    if args.data:
        source = Path(args.data)
        for kind in ("profiles", "needs"):
            if not (source / kind).is_dir():
                raise SystemExit(f"--data {source}: no {kind}/ folder")
            shutil.copytree(source / kind, data / kind)
        print(f"data: copied {source} to {data} in {time.perf_counter() - start:.1f} s")
        return
    done = run_command(
        [
            str(bench.tool),
            "sample-data",
            "--output",
            str(data),
            "--n-profiles",
            str(args.n),
            "--n-needs",
            str(args.needs),
            "--seed",
            str(args.seed),
            "--layout",
            "csv",
        ],
        bench.scratch,
        bench.env,
        bench.timeout,
        bench.scratch / "logs" / "sample-data",
    )
    if not done.ok:
        raise SystemExit(f"sample-data failed (exit {done.code}): {done.stderr.strip()}")
    print(
        f"data: generated {args.n:,} profiles, {args.needs:,} needs (seed {args.seed}, layout "
        f"csv) in {done.seconds:.1f} s"
    )


def profiles_csv(folder: Path) -> Path:
    """The largest CSV file of profiles: the one step 3 edits."""
    found = sorted(folder.rglob("*.csv"), key=lambda p: p.stat().st_size, reverse=True)
    found = [p for p in found if not any(part.startswith(".") for part in p.parts)]
    if not found:
        raise SystemExit(f"{folder}: step 3 edits a CSV file of profiles, and there is none")
    return found[0]


def edit_profiles(path: Path, count: int, round_no: int) -> int:
    """Change ``count`` rows of ``path``, spread through the file and other rows each round:
    ``field`` becomes "<field> and <the field of the row changed before it>" (always a change),
    ``keywords`` gains one of that row's keywords. Streamed (one pass to count the rows, one to
    write) beside it under a hidden name, which the loader skips, and renamed over it. Returns
    how many rows changed."""
    with path.open("rb") as handle:
        bom = handle.read(3) == b"\xef\xbb\xbf"
    encoding = "utf-8-sig" if bom else "utf-8"
    with path.open(encoding=encoding, newline="") as handle:
        n = sum(1 for _ in csv.reader(handle)) - 1
    count = min(count, n)
    step = max(1, n // count)
    chosen = {(i * step + round_no) % n for i in range(count)}
    partial = path.with_name(f".{path.name}.partial")
    with (
        path.open(encoding=encoding, newline="") as source,
        partial.open("w", encoding=encoding, newline="") as target,
    ):
        rows = csv.reader(source)
        writer = csv.writer(target, lineterminator="\n")
        header = next(rows)
        writer.writerow(header)
        if "field" not in header:
            raise SystemExit(f"{path}: no 'field' column to edit")
        at_field = header.index("field")
        at_keywords = header.index("keywords") if "keywords" in header else None
        donor: list[str] | None = None
        for number, row in enumerate(rows):
            if number in chosen:
                original = list(row)
                given = donor or original
                row[at_field] = f"{row[at_field]} and {given[at_field]}".strip()
                if at_keywords is not None:
                    own = [k for k in row[at_keywords].split(";") if k.strip()]
                    extra = [k for k in given[at_keywords].split(";") if k.strip() and k not in own]
                    row[at_keywords] = ";".join(own + extra[:1])
                donor = original
            writer.writerow(row)
    partial.replace(path)
    return len(chosen)


IMPORT_LINE = re.compile(r"profiles (\d+) added, (\d+) changed, (\d+) removed")


def import_summary(run: Run) -> str:
    """What ``import`` said it did, in a few words."""
    text = " ".join(run.stdout.split())
    if "nothing changed" in text:
        return "nothing changed"
    found = IMPORT_LINE.search(text)
    index = re.search(r"index (kept|updated|fitted)", text)
    if not found:
        return "?"
    added, changed, removed = (int(g) for g in found.groups())
    return f"+{added:,} ~{changed:,} -{removed:,}, index {index.group(1) if index else '?'}"


# ------------------------------------------------------------------------------------------------
# The workspace, through the library (ids; the pipeline's setup rows)
# ------------------------------------------------------------------------------------------------


def workspace_ids(workspace: Path, experts: int) -> tuple[list[str], list[str]]:
    """The workspace's need ids (in file order) and its first ``experts`` profile ids (by id)."""
    from sqlalchemy import select

    from bridge_match.workspace import Workspace
    from bridge_match.workspace.schema import needs, profiles

    with Workspace.open(workspace, create=False) as ws, ws.snapshot() as snap:
        need_ids = [
            r.id
            for r in snap.connection.execute(
                select(needs.c.id).order_by(needs.c.source, needs.c.line, needs.c.id)
            )
        ]
        expert_ids = [
            r.id
            for r in snap.connection.execute(
                select(profiles.c.id).order_by(profiles.c.id).limit(experts)
            )
        ]
    return need_ids, expert_ids


def fill_pipeline(workspace: Path, pairs: Sequence[tuple[str, str]]) -> float:
    """Give every pair a status (cycling through those a new pair may take), through the
    library's pipeline in one write transaction; its seconds."""
    from bridge_match.workspace import Workspace
    from bridge_match.workspace.pipeline import moves, set_status

    first = moves().allowed(None)
    start = time.perf_counter()
    with Workspace.open(workspace, create=False) as ws, ws.transaction() as connection:
        for k, (need_id, expert_id) in enumerate(pairs):
            status = first[k % len(first)]
            set_status(connection, need_id, expert_id, status, f"bench row {k}", "bench")
    return time.perf_counter() - start


# ------------------------------------------------------------------------------------------------
# The steps
# ------------------------------------------------------------------------------------------------


def run_steps(args: argparse.Namespace, bench: Bench, data: Path) -> None:
    profiles_dir, needs_dir = data / "profiles", data / "needs"
    folders = ["--profiles", str(profiles_dir), "--needs", str(needs_dir)]
    repeats = args.repeats

    print("\nfloor: process start and the CLI's imports", flush=True)
    for _ in range(repeats):
        bench.run("floor", "bridge-match --help", ["--help"])

    print("\n1. import into a fresh workspace", flush=True)
    workspace = bench.scratch / "ws-0" / "bridge-match.sqlite"
    for r in range(repeats):
        if r:  # each fresh import in a new workspace; the last one stays for the other steps
            shutil.rmtree(workspace.parent, ignore_errors=True)
            workspace = bench.scratch / f"ws-{r}" / "bridge-match.sqlite"
        done = bench.run(
            "import_fresh",
            "import (fresh workspace)",
            ["import", *folders, "--workspace", str(workspace)],
        )
        bench.facts.setdefault("import_fresh", []).append(import_summary(done))
        if not done.ok:
            raise SystemExit("the first import failed; nothing else can be measured")
    size = sum(p.stat().st_size for p in workspace.parent.rglob("*") if p.is_file())
    bench.facts["workspace_bytes"] = size
    ws_args = ["--workspace", str(workspace)]
    bench.env["BRIDGE_MATCH_WORKSPACE"] = str(workspace)

    print("\n2. import again, nothing changed", flush=True)
    for _ in range(repeats):
        done = bench.run("import_unchanged", "import (nothing changed)", ["import", *ws_args])
        bench.facts.setdefault("import_unchanged", []).append(import_summary(done))

    print(f"\n3. import after {args.changed:,} profiles changed", flush=True)
    target = profiles_csv(profiles_dir)
    for r in range(repeats):
        start = time.perf_counter()
        edited = edit_profiles(target, args.changed, r)
        seconds = time.perf_counter() - start
        print(f"  (edited {edited:,} rows of {target.name} in {seconds:.1f} s)", flush=True)
        done = bench.run(
            "import_changed", f"import ({edited:,} profiles changed)", ["import", *ws_args]
        )
        bench.facts.setdefault("import_changed", []).append(import_summary(done))
        bench.facts["edited_rows"] = edited

    need_ids, expert_ids = workspace_ids(workspace, args.pipeline_rows + repeats + 1)
    need = "N-AI-01" if "N-AI-01" in need_ids else need_ids[0]
    expert = expert_ids[0]
    bench.facts.update(need=need, expert=expert, text=args.text)
    queries = {
        "need": ["--need", need],
        "expert": ["--expert", expert],
        "text": ["--text", args.text],
    }

    if not args.skip_reference:
        print("\nreference: fit in file mode (the model the old recommend reads)", flush=True)
        bench.run(
            "fit",
            "fit --profiles DIR --model-dir M",
            ["fit", "--profiles", str(profiles_dir), "--model-dir", str(bench.scratch / "model")],
        )

    print(f"\n4. recommend from the workspace (need {need}, expert {expert})", flush=True)
    for _ in range(repeats):
        for kind, query in queries.items():
            bench.run(f"recommend_{kind}", f"recommend --{kind}", ["recommend", *query, *ws_args])
    if not args.skip_reference:
        print("\nreference: recommend in file mode, model fitted on these files", flush=True)
        model = ["--model-dir", str(bench.scratch / "model")]
        for _ in range(repeats):
            for kind, query in queries.items():
                bench.run(
                    f"file_recommend_{kind}",
                    f"recommend --{kind} --profiles --needs",
                    ["recommend", *query, *folders, *model],
                )

    print("\n5. the pipeline", flush=True)
    rows = min(args.pipeline_rows, len(need_ids) * (len(expert_ids) - repeats - 1))
    if rows < args.pipeline_rows:
        bench.notes.append(
            f"status list: {rows:,} pipeline rows, not {args.pipeline_rows:,} "
            f"({len(need_ids):,} needs × {len(expert_ids) - repeats - 1:,} experts)"
        )
    spare, paired = expert_ids[:repeats], expert_ids[repeats + 1 :]
    bench.facts["spare_expert"] = expert_ids[repeats]  # for --profile's status set
    pairs = [(need_ids[k % len(need_ids)], paired[k // len(need_ids)]) for k in range(rows)]
    seconds = fill_pipeline(workspace, pairs)
    bench.facts.update(pipeline_rows=rows + repeats, pipeline_fill_seconds=seconds)
    print(
        f"  (gave {rows:,} pairs a status through pipeline.set_status, one transaction: "
        f"{seconds:.1f} s)",
        flush=True,
    )
    for r in range(repeats):
        bench.run(
            "status_set",
            "status set",
            [
                *("status", "set", "--need", need, "--expert", spare[r], "--to", "contacted"),
                *("--note", "bench", "--by", "bench", *ws_args),
            ],
        )
    shown = rows + repeats
    for _ in range(repeats):
        bench.run(
            "status_list", f"status list ({shown:,} rows, table)", ["status", "list", *ws_args]
        )
        bench.run(
            "status_list_csv",
            f"status list ({shown:,} rows, csv)",
            ["status", "list", "--format", "csv", *ws_args],
        )
    listed = bench.steps["status_list_csv"][-1]
    if listed.ok:
        bench.facts["status_list_lines"] = listed.stdout_bytes and _csv_rows(
            bench.scratch / "logs" / "status_list_csv" / "stdout"
        )


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


# ------------------------------------------------------------------------------------------------
# The table
# ------------------------------------------------------------------------------------------------

ROWS: list[tuple[str, str | None]] = [
    # (step, its reference step)
    ("floor", None),
    ("import_fresh", "fit"),
    ("import_unchanged", "import_fresh"),
    ("import_changed", "import_fresh"),
    ("recommend_need", "file_recommend_need"),
    ("recommend_expert", "file_recommend_expert"),
    ("recommend_text", "file_recommend_text"),
    ("status_set", "floor"),
    ("status_list", "floor"),
    ("status_list_csv", "floor"),
]


def verdict(value: float | None, limit: float | None) -> str:
    if limit is None:
        return ""
    if value is None:
        return "?"
    return "yes" if value <= limit else "NO"


def evaluate(bench: Bench, n_profiles: int) -> dict[str, Any]:
    """The figures and the verdicts, as the table shows them and ``--json`` keeps them."""
    out: dict[str, Any] = {"steps": {}, "memory": {}}
    for step, reference in ROWS:
        if step not in bench.steps:
            continue
        target, limit = TARGETS.get(step, ("", None))
        value = bench.median(step)
        ref = bench.median(reference) if reference else None
        out["steps"][step] = {
            "label": bench.labels[step],
            "seconds": value,
            "samples": [r.seconds for r in bench.steps[step]],
            "cpu": bench.cpu(step),
            "peak_rss_mib": bench.peak(step),
            "failed": sum(1 for r in bench.steps[step] if not r.ok),
            "reference": reference if ref is not None else None,
            "reference_seconds": ref,
            "target": target,
            "met": verdict(value, limit),
        }
    recommend = [bench.peak(f"recommend_{k}") for k in ("need", "expert", "text")]
    file_mode = [bench.peak(f"file_recommend_{k}") for k in ("need", "expert", "text")]
    peak = max((p for p in recommend if p is not None), default=None)
    ref_peak = max((p for p in file_mode if p is not None), default=None)
    out["memory"]["recommend"] = {
        "peak_rss_mib": peak,
        "reference_peak_rss_mib": ref_peak,
        "target": f"≤ {RECOMMEND_PEAK_GIB} GiB",
        "met": verdict(None if peak is None else peak / 1024, RECOMMEND_PEAK_GIB),
    }
    for step in ("import_fresh", "import_unchanged", "import_changed"):
        out["memory"][step] = {
            "peak_rss_mib": bench.peak(step),
            "reference_peak_rss_mib": bench.peak("fit") if step == "import_fresh" else None,
        }
    out["n_profiles"] = n_profiles
    return out


def print_table(bench: Bench, figures: dict[str, Any]) -> None:
    n = figures["n_profiles"]
    print()
    print(
        f"N = {n:,} profiles; each figure the median of the runs (all shown), wall time of the "
        "whole process"
    )
    header = (
        f"{'step':<40}{'wall':>9}{'CPU':>9}{'peak RSS':>11}{'reference':>11}{'ratio':>8}"
        f"  {'target':<10}{'met?':<5}runs"
    )
    print(header)
    print("-" * len(header))
    for row in figures["steps"].values():
        value, ref = row["seconds"], row["reference_seconds"]
        ratio = f"{ref / value:.1f}×" if ref and value else "—"
        peak = row["peak_rss_mib"]
        runs = ", ".join(fmt_seconds(s) for s in row["samples"])
        if row["failed"]:
            runs += f" ({row['failed']} failed)"
        print(
            f"{row['label']:<40}{fmt_seconds(value):>9}{fmt_seconds(row['cpu']):>9}"
            f"{(f'{peak:,.0f} MiB' if peak else '—'):>11}{fmt_seconds(ref):>11}{ratio:>8}"
            f"  {row['target']:<10}{row['met']:<5}{runs}"
        )
    memory = figures["memory"]
    for key, label in (("recommend", "peak RSS of recommend (largest)"), ("import_fresh", "")):
        peak, ref_peak = memory[key]["peak_rss_mib"], memory[key]["reference_peak_rss_mib"]
        if peak is None:
            continue
        shown = f"{peak / 1024:.2f} GiB"
        ref_shown = f"{ref_peak / 1024:.2f} GiB" if ref_peak else "—"
        ratio = f"{ref_peak / peak:.1f}×" if ref_peak else "—"
        target = memory[key].get("target", "(none)")
        print(
            f"{label or 'peak RSS of import (fresh)':<40}{shown:>29}{ref_shown:>11}{ratio:>8}"
            f"  {target:<10}{memory[key].get('met', '')}"
        )
    print()
    print(
        "reference: recommend → the same query in file mode (--profiles --needs --model-dir, "
        "model fitted on the same files); import (fresh) → fit in file mode; incremental imports "
        "→ the fresh import; status → bridge-match --help (process start and CLI imports). "
        "ratio = reference / figure (> 1: the workspace is faster)."
    )
    print(
        "peak RSS: ru_maxrss from wait4, the largest of the process and the workers it waited "
        "for (fit's counting workers share pages with it)."
    )
    facts = bench.facts
    said = "; ".join(
        f"{step.replace('import_', '')}: {', '.join(facts[step])}"
        for step in ("import_fresh", "import_unchanged", "import_changed")
        if step in facts
    )
    print(f"import said: {said}")
    print(
        f"workspace: {facts.get('workspace_bytes', 0) / 1024**2:,.0f} MiB (database and index) "
        f"after the fresh import; queries: --need {facts.get('need')}, --expert "
        f"{facts.get('expert')}, --text {facts.get('text')!r}"
    )
    if "pipeline_rows" in facts:
        lines = facts.get("status_list_lines")
        print(
            f"pipeline: {facts['pipeline_rows']:,} rows ({facts['pipeline_fill_seconds']:.1f} s "
            f"to fill through pipeline.set_status, one transaction); status list --format csv "
            f"printed {f'{lines:,}' if isinstance(lines, int) else '?'} rows"
        )
    for note in bench.notes:
        print(f"note: {note}")
    if n != TARGET_N:
        print(f"(targets are set for N = {TARGET_N:,}; at N = {n:,} the verdicts are indicative)")


# ------------------------------------------------------------------------------------------------
# Where the time goes (--profile)
# ------------------------------------------------------------------------------------------------


def import_times(stderr: str) -> tuple[float, dict[str, float], list[tuple[float, str]]]:
    """``-X importtime`` lines: the total (s), the self time summed by top-level package, and
    the imports bridge_match makes of other packages, by cumulative time (with their parent)."""
    lines: list[tuple[int, str, float, float]] = []  # depth, module, self, cumulative
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        head, cumulative, name = line.split("|", 2)
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        own = int(head.split(":", 1)[1]) / 1e6
        lines.append((depth, name.strip(), own, int(cumulative) / 1e6))
    by_package: dict[str, float] = {}
    for _, module, own, _ in lines:
        package = module.split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + own
    direct: list[tuple[float, str]] = []
    for at, (depth, module, _, cumulative) in enumerate(lines):
        if module.startswith("bridge_match"):
            continue
        # importtime prints a module after what it imported: its parent is the next line up
        parent = next((m for d, m, _, _ in lines[at + 1 :] if d < depth), None)
        if parent is not None and parent.startswith("bridge_match"):
            direct.append((cumulative, f"{module}  (from {parent})"))
    direct.sort(reverse=True)
    return sum(own for _, _, own, _ in lines), by_package, direct


def print_imports(stderr: str, top: int) -> None:
    total, by_package, direct = import_times(stderr)
    print(f"  imports: {total:.2f} s in all (self times summed); by top-level package:")
    ranked = sorted(by_package.items(), key=lambda kv: kv[1], reverse=True)
    shown = "; ".join(f"{name} {seconds:.2f}" for name, seconds in ranked[:top])
    print(f"    {shown}")
    print("  the heaviest imports bridge_match makes (cumulative, with what they pull in):")
    for seconds, name in direct[:top]:
        print(f"    {seconds:6.3f} s  {name}")


def print_cprofile(path: Path, top: int) -> None:
    """bridge_match's own functions by cumulative time, then every function by own time."""
    import pstats

    stats = pstats.Stats(str(path))
    rows = stats.stats  # type: ignore[attr-defined]
    total = max((ct for _, _, _, ct, _ in rows.values()), default=0.0)

    def where(key: tuple[str, int, str]) -> str:
        file, line, func = key
        if file == "~":
            return func
        for marker in ("/site-packages/", "/src/", "/lib/python"):
            if marker in file:
                file = file.split(marker, 1)[1]
                break
        return f"{file}:{line}({func})"

    def show(keys: list[tuple[str, int, str]]) -> None:
        print(f"    {'cumtime':>8} {'tottime':>8} {'ncalls':>9}  function")
        for key in keys[:top]:
            _, nc, tt, ct, _ = rows[key]
            print(f"    {ct:8.3f} {tt:8.3f} {nc:9,}  {where(key)}")

    own = [k for k in rows if "bridge_match" in k[0] and k[2] != "<module>"]
    print(f"  cProfile: {total:.2f} s under the profiler; bridge_match functions, by cumulative:")
    show(sorted(own, key=lambda k: rows[k][3], reverse=True))
    print("  every function, by own time:")
    show(sorted(rows, key=lambda k: rows[k][2], reverse=True))


def profile_steps(args: argparse.Namespace, bench: Bench, data: Path) -> None:
    """Rerun the slow steps under ``-X importtime`` (where start-up goes) and cProfile (where
    the rest goes): recommend, import with nothing changed and after another round of edits,
    status set."""
    python = tool_python(bench.tool)
    ws_args = ["--workspace", bench.env["BRIDGE_MATCH_WORKSPACE"]]
    need, expert = bench.facts["need"], bench.facts["expert"]
    print("\n=== where the time goes (--profile; the profilers add overhead)")
    commands = {
        "recommend_need": ["recommend", "--need", need, *ws_args],
        "recommend_expert": ["recommend", "--expert", expert, *ws_args],
        "recommend_text": ["recommend", "--text", args.text, *ws_args],
        "import_unchanged": ["import", *ws_args],
        "status_set": [
            *("status", "set", "--need", need, "--expert", bench.facts["spare_expert"]),
            *("--to", "proposed", *ws_args),
        ],
        "status_list": ["status", "list", *ws_args],
    }
    for step in ("recommend_need", "import_unchanged", "status_set"):
        print()
        bench.run(
            f"importtime_{step}",
            f"{step}, -X importtime",
            commands[step],
            python=[python, "-X", "importtime"],
        )
        log = bench.scratch / "logs" / f"importtime_{step}" / "stderr"
        print_imports(log.read_text("utf-8", "replace"), args.profile_lines)
    edited = edit_profiles(profiles_csv(data / "profiles"), args.changed, args.repeats)
    commands["import_changed"] = ["import", *ws_args]
    profiled = ("recommend_need", "recommend_expert", "recommend_text", "import_changed")
    for step in (*profiled, "import_unchanged", "status_list"):
        print()
        if step == "import_changed":
            print(f"  ({edited:,} more rows edited)")
        out = bench.scratch / f"{step}.prof"
        bench.run(
            f"cprofile_{step}",
            f"{step}, cProfile",
            commands[step],
            python=[python, "-m", "cProfile", "-o", str(out)],
        )
        if out.is_file():
            print_cprofile(out, args.profile_lines)


# ------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        help="a folder with profiles/ and needs/ (copied: step 3 edits the copy); default: "
        "generate --n profiles",
    )
    parser.add_argument(
        "--n", type=int, default=TARGET_N, help="profiles to generate without --data (600,000)"
    )
    parser.add_argument("--needs", type=int, default=1_000, help="needs to generate (1,000)")
    parser.add_argument("--seed", type=int, default=57)
    parser.add_argument(
        "--changed", type=int, default=1_000, help="profiles edited for step 3 (1,000)"
    )
    parser.add_argument(
        "--pipeline-rows", type=int, default=10_000, help="pipeline rows for status list (10,000)"
    )
    parser.add_argument("--text", default=DEFAULT_TEXT, help="the query of recommend --text")
    parser.add_argument("--repeats", type=int, default=1, help="runs of every timed step (1)")
    parser.add_argument(
        "--skip-reference", action="store_true", help="no file-mode fit and recommend"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="then rerun recommend and import under -X importtime and cProfile",
    )
    parser.add_argument("--profile-lines", type=int, default=25, help="lines a profile (25)")
    parser.add_argument("--bridge-match", help="the entry point [default: beside this Python]")
    parser.add_argument(
        "--scratch", help="the temporary folder's parent [default: the system's temp folder]"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="stop a command after this long (1800 s)"
    )
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    if args.n < 1 or args.needs < 1 or args.changed < 1 or args.repeats < 1:
        parser.error("--n, --needs, --changed and --repeats must be at least 1")
    if args.pipeline_rows < 0:
        parser.error("--pipeline-rows must be at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    tool = find_tool(args.bridge_match)
    scratch = Path(tempfile.mkdtemp(prefix="bench-workspace-", dir=args.scratch))
    env = {**os.environ, "BRIDGE_MATCH_WORKSPACE": str(scratch / "unused.sqlite")}
    env.pop("COLUMNS", None)
    info = machine(tool)
    info["engine"] = engine_identity(tool, env)
    print_machine(info)
    bench = Bench(tool, scratch, env, args.timeout)
    started = time.perf_counter()
    try:
        data = scratch / "data"
        prepare_data(args, bench, data)
        run_steps(args, bench, data)
        n_profiles = _count_profiles(bench)
        figures = evaluate(bench, n_profiles)
        print_table(bench, figures)
        if args.profile:
            profile_steps(args, bench, data)
        info["load_average_after"] = load_average()
        if engine_identity(tool, env) != info["engine"]:
            bench.notes.append("the source changed during the run: the figures mix versions")
            print(
                "\nwarning: bridge_match's source changed during the run; the figures mix "
                "versions (run from a checkout nobody edits, e.g. PYTHONPATH=<worktree>/src)"
            )
        print(
            f"\nbench wall time {time.perf_counter() - started:,.0f} s; load average at the end "
            f"{info['load_average_after']}"
        )
        if args.json:
            result = {
                "params": {k: v for k, v in vars(args).items() if k != "json"},
                "machine": info,
                "figures": figures,
                "facts": bench.facts,
                "notes": bench.notes,
                "runs": {
                    step: [
                        {k: v for k, v in asdict(r).items() if k not in ("stdout", "stderr")}
                        for r in runs
                    ]
                    for step, runs in bench.steps.items()
                },
            }
            Path(args.json).write_text(json.dumps(result, indent=2, default=str) + "\n", "utf-8")
        failed = [s for s, runs in bench.steps.items() if any(not r.ok for r in runs)]
        return 1 if failed else 0
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


def _count_profiles(bench: Bench) -> int:
    said = bench.steps["import_fresh"][0].stdout
    found = IMPORT_LINE.search(" ".join(said.split()))
    return int(found.group(1)) if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
