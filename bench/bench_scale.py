"""Time the engine at scale against a plain scikit-learn reference, stage by stage, in one process.

For N generated profiles and M needs: load, fit, one need's top-10 (median of 30 needs), M needs in
one batch, save, load the saved model, and peak memory; then the same work with scikit-learn alone
(``TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)`` and
``NearestNeighbors(metric="cosine", algorithm="brute")``), and a table with ratios and targets.

    python bench/bench_scale.py                                   # 100,000 profiles, 1,000 needs
    python bench/bench_scale.py --quick --skip-reference          # smoke run (CI), seconds
    python bench/bench_scale.py --profiles 600000 --json out.json
    python bench/bench_scale.py --sizes 10000,100000,600000 --data /tmp/scale --resume
    python bench/bench_scale.py --profiles 20000 --profile-fit    # where fit spends its time

``--sizes`` runs each size in its own subprocess (so each peak RSS is that size's alone), skips a
size whose extrapolated generate + load + fit would exceed ``--max-seconds``, and fits
cost ≈ a·N^b per stage by least squares on log-log. Peak RSS is ``ru_maxrss``: a high-water mark
for the whole process so far, never the memory of one stage alone.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

TARGET_N = 600_000
SINGLE_REPEATS = 30
TOP_K = 10
MARKER = "bench-sample.json"

ENGINE_STAGES = ("load", "fit", "single_top10", "batch", "save", "load_model")
REFERENCE_STAGES = ("fit", "single_top10", "batch")
CURVE_STAGES = (
    ("generate", "data", "generate"),
    ("load", "engine", "load"),
    ("fit", "engine", "fit"),
    ("single top-10", "engine", "single_top10"),
    ("batch", "engine", "batch"),
    ("save", "engine", "save"),
    ("load model", "engine", "load_model"),
    ("ref fit", "reference", "fit"),
    ("ref single top-10", "reference", "single_top10"),
    ("ref batch", "reference", "batch"),
)


# ------------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------------


class StageTimeoutError(Exception):
    """A stage ran past ``--max-seconds``; it and the stages that need it are reported, not run."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise StageTimeoutError in the main thread after ``seconds``.

    Python checks for the signal between bytecodes, so a long call inside C finishes first."""

    def expire(signum: int, frame: object) -> None:
        raise StageTimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def peak_rss_mib() -> float:
    """``ru_maxrss`` of this process: the high-water mark so far (KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def peak_worker_rss_mib() -> float:
    """The largest ``ru_maxrss`` of any finished child: fit's forked counting workers. They share
    the parent's pages until they write to them, so this overstates what they add."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> dict[str, float]:
    """CPU time so far of this process and of its finished children (fit's counting workers),
    user and kernel apart, and the children's minor page faults."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "parent_user": own.ru_utime,
        "parent_kernel": own.ru_stime,
        "workers_user": children.ru_utime,
        "workers_kernel": children.ru_stime,
        "workers_page_faults": children.ru_minflt,
    }


def current_rss_mib() -> float | None:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


class Recorder:
    """Times named stages with ``time.perf_counter`` and samples memory after each one."""

    def __init__(self, max_seconds: float) -> None:
        self.max_seconds = max_seconds
        self.stages: dict[str, dict[str, Any]] = {}

    def skip(self, name: str, why: str) -> None:
        self.stages[name] = {"status": "skipped", "seconds": None, "note": why}
        print(f"  {name:<14} skipped: {why}", flush=True)

    def ok(self, name: str) -> bool:
        return self.stages.get(name, {}).get("status") == "ok"

    def run(self, name: str, work: Callable[[], Any]) -> Any:
        """Run ``work`` once as stage ``name``; its result, or None if it timed out."""
        gc.collect()
        start = time.perf_counter()
        try:
            with _deadline(self.max_seconds):
                result = work()
        except StageTimeoutError:
            self._timed_out(name, time.perf_counter() - start)
            return None
        self._done(name, time.perf_counter() - start)
        return result

    def run_each(self, name: str, works: Sequence[Callable[[], Any]]) -> list[float] | None:
        """Time every call separately; the stage's time is the median."""
        gc.collect()
        times: list[float] = []
        begin = time.perf_counter()
        try:
            with _deadline(self.max_seconds):
                for work in works:
                    start = time.perf_counter()
                    work()
                    times.append(time.perf_counter() - start)
        except StageTimeoutError:
            self._timed_out(name, time.perf_counter() - begin)
            return None
        self._done(name, statistics.median(times))
        ordered = sorted(times)
        self.stages[name].update(
            {
                "repeats": len(times),
                "min": ordered[0],
                "p90": ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)],
                "max": ordered[-1],
                "samples": times,
            }
        )
        return times

    def _done(self, name: str, seconds: float) -> None:
        self.stages[name] = {
            "status": "ok",
            "seconds": seconds,
            "peak_rss_mib": peak_rss_mib(),
            "rss_mib": current_rss_mib(),
        }
        rss = self.stages[name]["rss_mib"]
        now = f", RSS now {rss:,.0f} MiB" if rss is not None else ""
        print(
            f"  {name:<14} {fmt_seconds(seconds):>10}   peak RSS {peak_rss_mib():,.0f} MiB{now}",
            flush=True,
        )

    def _timed_out(self, name: str, seconds: float) -> None:
        self.stages[name] = {
            "status": "timeout",
            "seconds": None,
            "note": f"stopped after {seconds:.0f} s (--max-seconds {self.max_seconds:g})",
        }
        print(f"  {name:<14} TIMED OUT after {seconds:.0f} s", flush=True)


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


# ------------------------------------------------------------------------------------------------
# Machine and data
# ------------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_count": os.cpu_count(),
        "cpu": platform.processor() or platform.machine(),
        "platform": platform.platform(),
        "python": platform.python_version(),
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
    for package in ("numpy", "scipy", "scikit-learn", "pandas", "pydantic", "bridge-match"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = None
    try:
        import numpy  # noqa: F401  (load the BLAS/OpenMP pools the stages will use)
        import scipy.sparse  # noqa: F401
        import sklearn.neighbors  # noqa: F401
        from threadpoolctl import threadpool_info

        info["threadpools"] = [
            {k: pool.get(k) for k in ("user_api", "internal_api", "num_threads", "version")}
            for pool in threadpool_info()
        ]
    except ImportError:
        info["threadpools"] = "threadpoolctl not installed"
    return info


def engine_identity() -> dict[str, str]:
    """Which engine is measured: its folder and a sha256 over its source and glossary files, so a
    later run can tell whether it timed the same code."""
    import hashlib

    import bridge_match

    root = Path(bridge_match.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".yaml"}:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return {"path": str(root), "sha256": digest.hexdigest()}


def print_machine(info: dict[str, Any]) -> None:
    print(
        f"machine: nproc={info['nproc']} ({info['cpu']}), "
        f"{info.get('mem_total_gib', '?')} GiB RAM, "
        f"Python {info['python']}, numpy {info['numpy']}, scipy {info['scipy']}, "
        f"scikit-learn {info['scikit-learn']}, pandas {info['pandas']}, "
        f"pydantic {info['pydantic']}"
    )
    pools = info["threadpools"]
    if isinstance(pools, str):
        print(f"threadpools: {pools}")
    else:
        shown = ", ".join(
            f"{p['internal_api']} {p['version']} ({p['num_threads']} threads)" for p in pools
        )
        print(f"threadpools: {shown or 'none loaded'}")


def prepare_data(
    data: Path, n_profiles: int, n_needs: int, seed: int
) -> tuple[bool, float, str | None]:
    """Generate ``data`` unless it already holds this sample: (generated, seconds, note).

    A folder with our marker file is reused when the marker matches and regenerated otherwise; a
    folder with ``profiles/`` and ``needs/`` but no marker is someone's own data, used as it is.
    """
    from bridge_match.sample import write_sample

    wanted = {"n_profiles": n_profiles, "n_needs": n_needs, "seed": seed, "layout": "csv"}
    marker = data / MARKER
    if marker.is_file():
        with contextlib.suppress(ValueError):
            if json.loads(marker.read_text("utf-8")) == wanted:
                return False, 0.0, f"reused generated data in {data}"
    elif (data / "profiles").is_dir() and (data / "needs").is_dir():
        return False, 0.0, f"using existing data in {data} as it is (no {MARKER})"
    if marker.is_file():  # our own earlier sample, of another size: its two files go
        for generated in (data / "profiles" / "profiles.csv", data / "needs" / "needs.csv"):
            generated.unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    start = time.perf_counter()
    write_sample(data, n_profiles, n_needs, seed, layout="csv")
    seconds = time.perf_counter() - start
    marker.write_text(json.dumps(wanted) + "\n", "utf-8")
    return True, seconds, None


# ------------------------------------------------------------------------------------------------
# One size, in this process
# ------------------------------------------------------------------------------------------------


def measure_engine(
    rec: Recorder, profiles: list[Any], needs: list[Any], model_dir: Path
) -> dict[str, Any]:
    from bridge_match import Matcher

    facts: dict[str, Any] = {}
    phases: list[list[Any]] = []

    def heard(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if not phases or phases[-1][0] != stage:
            phases.append([stage, now, now])
        phases[-1][2] = now

    started = time.perf_counter()
    before = cpu_seconds()
    matcher = rec.run("fit", lambda: Matcher().fit(profiles, progress=heard))
    facts["fit_cpu"] = {k: round(v - before[k], 2) for k, v in cpu_seconds().items()}
    cpu = facts["fit_cpu"]
    print(
        f"    fit CPU: parent {cpu['parent_user'] + cpu['parent_kernel']:.1f} s "
        f"({cpu['parent_kernel']:.1f} s kernel), workers "
        f"{cpu['workers_user'] + cpu['workers_kernel']:.1f} s ({cpu['workers_kernel']:.1f} s "
        f"kernel, {cpu['workers_page_faults']:,.0f} page faults)",
        flush=True,
    )
    if phases:
        firsts = [first for _, first, _ in phases]
        ends = [*firsts[1:], phases[-1][2]]
        facts["fit_phases"] = {"start (sort, fork workers)": round(firsts[0] - started, 2)}
        for (stage, first, _), end in zip(phases, ends, strict=True):
            facts["fit_phases"][stage] = round(end - first, 2)
        shown = ", ".join(
            f"{stage} {seconds:.1f} s" for stage, seconds in facts["fit_phases"].items()
        )
        print(f"    fit phases (wall time): {shown}", flush=True)
    if matcher is None:
        for name in ENGINE_STAGES[2:]:
            rec.skip(name, "fit did not finish")
        return facts
    facts.update(n_terms=int(matcher.index_t_.shape[0]), nnz=int(matcher.index_t_.nnz))
    matcher.recommend([needs[0]], top_k=TOP_K)  # warm-up: lazy imports, first-call caches
    picks = [needs[i % len(needs)] for i in range(1, SINGLE_REPEATS + 1)]
    rec.run_each(
        "single_top10",
        [lambda need=need: matcher.recommend([need], top_k=TOP_K) for need in picks],
    )
    shortlist = rec.run("batch", lambda: matcher.recommend(needs, top_k=TOP_K))
    if shortlist is not None:
        facts["batch_rows"] = len(shortlist)
    if rec.run("save", lambda: matcher.save(model_dir)) is None:
        rec.skip("load_model", "save did not finish")
    else:
        loaded = rec.run("load_model", lambda: Matcher.load(model_dir, profiles))
        if loaded is not None:
            from bridge_match.model_folder import model_files

            facts["model_bytes"] = sum(f.stat().st_size for f in model_files(model_dir))
    return facts


def reference_documents(profiles: Sequence[Any], needs: Sequence[Any]) -> tuple[list, list]:
    """The engine's own profile and need text (field, keywords, sector labels, expertise; title,
    skills, sector, description), each part once and joined: no field weights, no folding, no
    glossary — scikit-learn's default analyzer does the rest."""
    from bridge_match.documents import need_document, profile_document

    def joined(doc: Sequence[tuple[str, int]]) -> str:
        return ". ".join(text for text, _ in doc if text)

    return [joined(profile_document(p)) for p in profiles], [
        joined(need_document(n)) for n in needs
    ]


def measure_reference(
    rec: Recorder, profile_texts: list[str], need_texts: list[str]
) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    facts: dict[str, Any] = {}

    def fit() -> tuple[TfidfVectorizer, NearestNeighbors]:
        vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
        matrix = vectorizer.fit_transform(profile_texts)
        facts.update(n_terms=int(matrix.shape[1]), nnz=int(matrix.nnz))
        neighbours = NearestNeighbors(n_neighbors=TOP_K, metric="cosine", algorithm="brute")
        return vectorizer, neighbours.fit(matrix)

    fitted = rec.run("fit", fit)
    if fitted is None:
        for name in REFERENCE_STAGES[1:]:
            rec.skip(name, "reference fit did not finish")
        return facts
    vectorizer, neighbours = fitted

    def query(texts: list[str]) -> Any:
        return neighbours.kneighbors(vectorizer.transform(texts), n_neighbors=TOP_K)

    query(need_texts[:1])  # warm-up, as for the engine
    picks = [need_texts[i % len(need_texts)] for i in range(1, SINGLE_REPEATS + 1)]
    rec.run_each("single_top10", [lambda text=text: query([text]) for text in picks])
    rec.run("batch", lambda: query(need_texts))
    return facts


def run_one(args: argparse.Namespace) -> dict[str, Any]:
    from bridge_match import load_needs, load_profiles

    info = machine()
    print_machine(info)
    if args.default_malloc:
        import bridge_match.vectorize

        bridge_match.vectorize._reuse_freed_memory = lambda: None
        print("counting workers: glibc's default allocator settings (--default-malloc)")
    engine_id = engine_identity()
    print(f"engine: {engine_id['path']} (source sha256 {engine_id['sha256'][:12]})")
    scratch = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    data = Path(args.data) if args.data else scratch / "data"
    try:
        print(
            f"data: {args.profiles:,} profiles, {args.needs:,} needs, seed {args.seed}", flush=True
        )
        generated, gen_seconds, note = prepare_data(data, args.profiles, args.needs, args.seed)
        print(
            f"  {'generate':<14} {fmt_seconds(gen_seconds):>10}   (write_sample, layout csv)"
            if generated
            else f"  {note}",
            flush=True,
        )
        engine = Recorder(args.max_seconds)
        loaded = engine.run(
            "load",
            lambda: (load_profiles(data / "profiles"), load_needs(data / "needs")),
        )
        if loaded is None:
            raise SystemExit("loading the data timed out; nothing else can run")
        profiles, needs = loaded
        print(f"engine: Matcher() on {len(profiles):,} profiles, {len(needs):,} needs", flush=True)
        engine_facts = measure_engine(engine, profiles, needs, scratch / "model")
        engine_peak = peak_rss_mib()
        worker_peak = peak_worker_rss_mib()

        reference = Recorder(args.max_seconds)
        reference_facts: dict[str, Any] = {}
        if args.skip_reference:
            print("reference: skipped (--skip-reference)")
        else:
            print("reference: scikit-learn TfidfVectorizer + NearestNeighbors", flush=True)
            gc.collect()
            profile_texts, need_texts = reference_documents(profiles, needs)
            reference_facts = measure_reference(reference, profile_texts, need_texts)
        result = {
            "params": {
                "profiles": len(profiles),
                "needs": len(needs),
                "seed": args.seed,
                "top_k": TOP_K,
                "single_repeats": SINGLE_REPEATS,
                "max_seconds": args.max_seconds,
                "reference": not args.skip_reference,
                "default_malloc": args.default_malloc,
            },
            "machine": info,
            "data": {
                "generated": generated,
                "generate_seconds": gen_seconds if generated else None,
                "note": note,
            },
            "engine": {
                "source": engine_id,
                "stages": engine.stages,
                "facts": engine_facts,
                "peak_rss_mib": engine_peak,
                "worker_peak_rss_mib": worker_peak,
            },
            "reference": {
                "stages": reference.stages,
                "facts": reference_facts,
                "peak_rss_mib": None if args.skip_reference else peak_rss_mib(),
            },
        }
        result["targets"] = evaluate_targets(result)
        print_table(result)
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ------------------------------------------------------------------------------------------------
# Targets and the table
# ------------------------------------------------------------------------------------------------


def _seconds(result: dict[str, Any], side: str, stage: str) -> float | None:
    entry = result[side]["stages"].get(stage, {})
    return entry.get("seconds") if entry.get("status") == "ok" else None


def _ratio(reference: float | None, engine: float | None) -> float | None:
    return reference / engine if reference and engine else None


def _verdict(*checks: bool | None) -> str:
    if any(c is False for c in checks):
        return "no"
    if any(c is None for c in checks):
        return "?"
    return "yes"


def evaluate_targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets (set for N = 600,000 on a 2-core machine) against these figures."""

    def at_most(value: float | None, limit: float) -> bool | None:
        return None if value is None else value <= limit

    def at_least(value: float | None, limit: float) -> bool | None:
        return None if value is None else value >= limit

    fit, ref_fit = _seconds(result, "engine", "fit"), _seconds(result, "reference", "fit")
    one = _seconds(result, "engine", "single_top10")
    ref_one = _seconds(result, "reference", "single_top10")
    batch = _seconds(result, "engine", "batch")
    save, load = _seconds(result, "engine", "save"), _seconds(result, "engine", "load_model")
    save_load = save + load if save is not None and load is not None else None
    peak_gib = result["engine"]["peak_rss_mib"] / 1024
    n_needs = result["params"]["needs"]
    return [
        {
            "stage": "fit",
            "target": "≤ 40 s and ≤ reference fit",
            "met": _verdict(at_most(fit, 40), at_least(_ratio(ref_fit, fit), 1)),
        },
        {
            "stage": "single_top10",
            "target": "≤ 20 ms and ≥ 20× reference",
            "met": _verdict(at_most(one, 0.020), at_least(_ratio(ref_one, one), 20)),
        },
        {
            "stage": "batch",
            "target": "1,000 needs ≤ 15 s",
            "met": _verdict(at_most(batch, 15) if n_needs == 1000 else None),
        },
        {
            "stage": "save_load",
            "target": "save + load ≤ 5 s",
            "met": _verdict(at_most(save_load, 5)),
        },
        {
            "stage": "peak_rss",
            "target": "peak RSS ≤ 3 GiB",
            "met": _verdict(peak_gib <= 3),
        },
    ]


def print_table(result: dict[str, Any]) -> None:
    targets = {t["stage"]: t for t in result["targets"]}
    save = _seconds(result, "engine", "save")
    load = _seconds(result, "engine", "load_model")
    rows: list[tuple[str, float | None, float | None, str]] = [
        ("load data", _seconds(result, "engine", "load"), None, ""),
        ("fit", _seconds(result, "engine", "fit"), _seconds(result, "reference", "fit"), "fit"),
        (
            f"one need top-{TOP_K} (median of {SINGLE_REPEATS})",
            _seconds(result, "engine", "single_top10"),
            _seconds(result, "reference", "single_top10"),
            "single_top10",
        ),
        (
            f"{result['params']['needs']:,}-need batch",
            _seconds(result, "engine", "batch"),
            _seconds(result, "reference", "batch"),
            "batch",
        ),
        ("save", save, None, ""),
        ("load model", load, None, ""),
        (
            "save + load",
            save + load if save is not None and load is not None else None,
            None,
            "save_load",
        ),
    ]
    n = result["params"]["profiles"]
    print()
    print(f"N = {n:,} profiles, {result['params']['needs']:,} needs")
    header = f"{'stage':<32}{'engine':>11}{'reference':>12}{'ref/engine':>12}  {'target':<30}met?"
    print(header)
    print("-" * len(header))
    for label, engine, reference, key in rows:
        ratio = _ratio(reference, engine)
        target = targets.get(key, {})
        print(
            f"{label:<32}{fmt_seconds(engine):>11}{fmt_seconds(reference):>12}"
            f"{(f'{ratio:.2f}×' if ratio else '—'):>12}  {target.get('target', ''):<30}"
            f"{target.get('met', '')}"
        )
    peak = result["engine"]["peak_rss_mib"]
    ref_peak = result["reference"]["peak_rss_mib"]
    print(
        f"{'peak RSS (engine stages)':<32}{peak / 1024:>9.2f} GiB"
        f"{'':>24}  {targets['peak_rss']['target']:<30}{targets['peak_rss']['met']}"
    )
    workers = result["engine"].get("worker_peak_rss_mib")
    if workers:
        print(
            f"largest worker process (fit's forked counting): {workers / 1024:.2f} GiB peak RSS, "
            "pages shared with the parent included"
        )
    if ref_peak is not None:
        print(
            f"process peak after the reference stages: {ref_peak / 1024:.2f} GiB "
            "(high-water mark: includes everything the engine stages held)"
        )
    facts = result["engine"]["facts"]
    if "n_terms" in facts:
        ref = result["reference"]["facts"]
        extra = f"; reference: {ref['n_terms']:,} terms, {ref['nnz']:,} non-zeros" if ref else ""
        print(f"engine matrix: {facts['n_terms']:,} terms, {facts['nnz']:,} non-zeros{extra}")
    if n != TARGET_N:
        print(f"(targets are set for N = {TARGET_N:,}; at N = {n:,} the verdicts are indicative)")
    print("ref/engine > 1 means the engine is faster; '?' means not measured.")


# ------------------------------------------------------------------------------------------------
# Sweep over sizes, one subprocess each
# ------------------------------------------------------------------------------------------------


def power_law(sizes: Sequence[float], values: Sequence[float]) -> tuple[float, float] | None:
    """Least squares on log-log: value ≈ a·N^b; (a, b), or None with fewer than 2 points."""
    import numpy as np

    points = [(n, v) for n, v in zip(sizes, values, strict=True) if v and v > 0]
    if len(points) < 2:
        return None
    logs = np.log([p[0] for p in points]), np.log([p[1] for p in points])
    b, log_a = np.polyfit(logs[0], logs[1], 1)
    return float(math.exp(log_a)), float(b)


def curve_value(result: dict[str, Any], side: str, stage: str) -> float | None:
    if side == "data":
        return result["data"].get("generate_seconds")
    return _seconds(result, side, stage)


def predict(runs: dict[int, dict[str, Any]], n: int, side: str, stage: str) -> float | None:
    """Extrapolate a stage to ``n`` from measured sizes; linear in N from a single point."""
    sizes = sorted(runs)
    values = [curve_value(runs[s], side, stage) for s in sizes]
    fit = power_law(sizes, values)
    if fit is not None:
        a, b = fit
        return a * n**b
    known = [(s, v) for s, v in zip(sizes, values, strict=True) if v]
    if known:
        size, value = known[-1]
        return value * n / size
    return None


def _child_argv(args: argparse.Namespace, n: int, out: Path, data: Path | None) -> list[str]:
    argv = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--profiles",
        str(n),
        "--needs",
        str(args.needs),
        "--seed",
        str(args.seed),
        "--max-seconds",
        str(args.max_seconds),
        "--json",
        str(out),
    ]
    if args.skip_reference:
        argv.append("--skip-reference")
    if data is not None:
        argv += ["--data", str(data)]
    return argv


def _reusable(path: Path, n: int, args: argparse.Namespace) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        result = json.loads(path.read_text("utf-8"))
        params = result["params"]
    except (ValueError, KeyError):
        return None
    same = (params["profiles"], params["needs"], params["seed"], params["reference"]) == (
        n,
        args.needs,
        args.seed,
        not args.skip_reference,
    )
    return result if same else None


def run_sweep(args: argparse.Namespace, sizes: list[int]) -> dict[str, Any]:
    root = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    runs: dict[int, dict[str, Any]] = {}
    skipped: dict[int, dict[str, Any]] = {}
    started = time.perf_counter()
    try:
        for n in sorted(sizes):
            folder = root / f"n{n}"
            folder.mkdir(parents=True, exist_ok=True)
            out = folder / "result.json"
            reused = _reusable(out, n, args) if args.resume else None
            if reused is not None:
                print(f"\n=== N = {n:,}: reusing {out} (--resume)", flush=True)
                runs[n] = reused
                continue
            guess = {label: predict(runs, n, side, stage) for label, side, stage in CURVE_STAGES}
            setup = [guess[k] for k in ("generate", "load", "fit")]
            if runs and all(v is not None for v in setup):
                total = sum(v for v in setup if v is not None)
                print(
                    f"\n=== N = {n:,}: extrapolated generate + load + fit ≈ {total:,.0f} s "
                    f"(fit ≈ {guess['fit']:,.0f} s)",
                    flush=True,
                )
                if total > args.max_seconds:
                    why = (
                        f"extrapolated generate + load + fit ≈ {total:,.0f} s exceeds "
                        f"--max-seconds {args.max_seconds:g}"
                    )
                    print(f"    skipping N = {n:,}: {why}", flush=True)
                    skipped[n] = {"why": why, "extrapolated": guess}
                    continue
            else:
                print(f"\n=== N = {n:,}", flush=True)
            keep_data = folder / "data" if args.data else None
            argv = _child_argv(args, n, out, keep_data)
            print("$ " + " ".join(argv[1:]), flush=True)
            # The child stops any stage at --max-seconds; this is only a backstop.
            backstop = args.max_seconds * (len(ENGINE_STAGES) + len(REFERENCE_STAGES) + 2)
            try:
                code = subprocess.run(argv, check=False, timeout=backstop).returncode
            except subprocess.TimeoutExpired:
                code = -1
            if code != 0 or not out.is_file():
                skipped[n] = {"why": f"the run failed (exit {code})", "extrapolated": guess}
                print(f"    N = {n:,} failed (exit {code})", flush=True)
                continue
            runs[n] = json.loads(out.read_text("utf-8"))
        summary = summarise(runs, skipped)
        summary["wall_seconds"] = time.perf_counter() - started
        print(f"\nsweep wall time {summary['wall_seconds']:,.0f} s")
        return summary
    finally:
        if not args.data:
            shutil.rmtree(root, ignore_errors=True)


def summarise(runs: dict[int, dict[str, Any]], skipped: dict[int, dict[str, Any]]) -> dict:
    sizes = sorted(runs)
    every = sorted({*sizes, *skipped, TARGET_N})
    fits: dict[str, Any] = {}
    print("\ncost by size (seconds; * = extrapolated from the fitted power law)")
    header = f"{'stage':<20}" + "".join(f"{f'N={n:,}':>14}" for n in every) + f"{'b':>7}{'a':>11}"
    print(header)
    print("-" * len(header))
    rows = [*CURVE_STAGES, ("peak RSS (MiB)", "memory", "peak")]
    for label, side, stage in rows:
        values = [_curve_or_memory(runs[n], side, stage) for n in sizes]
        fit = power_law(sizes, values)
        fits[label] = None if fit is None else {"a": fit[0], "b": fit[1]}
        cells = []
        for n in every:
            measured = _curve_or_memory(runs[n], side, stage) if n in runs else None
            if measured is not None:
                cells.append(_cell(measured, side))
            elif fit is not None:
                cells.append(_cell(fit[0] * n ** fit[1], side) + "*")
            else:
                cells.append("—")
        b = f"{fit[1]:.2f}" if fit else "—"
        a = f"{fit[0]:.3g}" if fit else "—"
        print(f"{label:<20}" + "".join(f"{c:>14}" for c in cells) + f"{b:>7}{a:>11}")
    for n, why in skipped.items():
        print(f"N = {n:,} not run: {why['why']}")
    print("b is the exponent of cost ≈ a·N^b (least squares on log-log over the measured sizes).")
    return {
        "sizes": sizes,
        "runs": {str(n): runs[n] for n in sizes},
        "skipped": {str(n): v for n, v in skipped.items()},
        "fits": fits,
    }


def _curve_or_memory(result: dict[str, Any], side: str, stage: str) -> float | None:
    if side == "memory":
        return result["engine"]["peak_rss_mib"]
    return curve_value(result, side, stage)


def _cell(value: float, side: str) -> str:
    if side == "memory":
        return f"{value:,.0f}"
    return f"{value:.4f}" if value < 1 else f"{value:,.1f}"


# ------------------------------------------------------------------------------------------------
# Where fit spends its time
# ------------------------------------------------------------------------------------------------


def profile_fit(args: argparse.Namespace) -> None:
    """Split fit into its parts without a profiler, then run it under cProfile."""
    import cProfile
    import pstats

    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from bridge_match import Matcher, load_profiles
    from bridge_match.documents import PROFILE_WEIGHTS, profile_document
    from bridge_match.text import is_vietnamese, tokens
    from bridge_match.vectorize import _count as count_terms

    def clock(work: Callable[[], Any]) -> float:
        gc.collect()
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    scratch = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    data = Path(args.data) if args.data else scratch / "data"
    try:
        prepare_data(data, args.profiles, args.needs, args.seed)
        profiles = load_profiles(data / "profiles")
        ordered = sorted(profiles, key=lambda p: p.id)
        # The engine's own analyzer, configured as Matcher() configures it.
        analyzer = Matcher().fit(ordered[:50]).vectorizer_.analyzer
        docs = [profile_document(p, PROFILE_WEIGHTS) for p in ordered]
        parts = [text for doc in docs for text, weight in doc if text and weight > 0]
        terms: list[list[str]] = []
        timings = {
            "profile_document": clock(
                lambda: [profile_document(p, PROFILE_WEIGHTS) for p in ordered]
            ),
            "is_vietnamese, every part": clock(lambda: [is_vietnamese(t) for t in parts]),
            "tokens, every part once": clock(lambda: [tokens(t) for t in parts]),
            "Analyzer, every document": clock(lambda: terms.extend(analyzer(d) for d in docs)),
            "fit's counting, one process": clock(lambda: count_terms(analyzer, docs)),
        }
        timings["sklearn count + idf"] = clock(
            lambda: TfidfVectorizer(
                analyzer=lambda t: t, lowercase=False, sublinear_tf=True, dtype=np.float32
            ).fit_transform(terms)
        )
        whole = clock(lambda: Matcher().fit(profiles))
        gc.disable()
        try:
            no_gc = clock(lambda: Matcher().fit(profiles))
        finally:
            gc.enable()
        print(f"fit of {len(profiles):,} profiles ({len(parts):,} text parts), timed apart:")
        for label, seconds in timings.items():
            print(f"  {label:<28}{seconds:8.2f} s")
        print(f"  {'Matcher().fit, whole':<28}{whole:8.2f} s")
        print(f"  {'Matcher().fit, gc disabled':<28}{no_gc:8.2f} s")
        print(
            f"  ({sum(map(len, terms)) / len(docs):,.0f} terms a profile after field weights; "
            "is_vietnamese and tokens are also inside the Analyzer's time; fit counts the "
            "same terms from word numbers, in worker processes: its counting, one process)"
        )
        gc.collect()
        profiler = cProfile.Profile()
        profiler.enable()
        Matcher().fit(profiles)
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        print("\ncProfile of Matcher().fit (adds overhead per Python call), by cumulative time:")
        stats.sort_stats("cumulative").print_stats(25)
        print("by own time:")
        stats.sort_stats("tottime").print_stats(20)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000, help="N profiles (100,000)")
    parser.add_argument("--needs", type=int, default=1_000, help="M needs in the batch (1,000)")
    parser.add_argument("--seed", type=int, default=57)
    parser.add_argument(
        "--data",
        help="data folder: reused if it holds this sample, else generated there (kept); "
        "with --sizes, one sub-folder per size. Default: a temporary folder, removed",
    )
    parser.add_argument("--skip-reference", action="store_true", help="engine only")
    parser.add_argument("--quick", action="store_true", help="smoke run for CI: N=2000, M=50")
    parser.add_argument("--sizes", help="sweep, e.g. 10000,100000,600000: one subprocess a size")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="with --sizes and --data: reuse a size's result.json from an earlier run",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=1800,
        help="stop any stage after this long; skip sweep sizes extrapolated past it (1800)",
    )
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument(
        "--profile-fit", action="store_true", help="where fit spends its time, then exit"
    )
    parser.add_argument(
        "--default-malloc",
        action="store_true",
        help="counting workers keep glibc's default allocator settings (for comparison: by "
        "default they keep freed memory for reuse, see vectorize._reuse_freed_memory)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.profiles, args.needs = 2_000, 50
    if args.profiles < 1 or args.needs < 1:
        parser.error("--profiles and --needs must be at least 1")
    if args.resume and not (args.sizes and args.data):
        parser.error("--resume needs --sizes and --data")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile_fit:
        profile_fit(args)
        return 0
    if args.sizes:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
        result: dict[str, Any] = {"sweep": run_sweep(args, sizes)}
    else:
        result = run_one(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
