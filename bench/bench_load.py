"""Time ``load_profiles`` and measure what the loaded profiles cost in memory, in one process.

    python bench/bench_load.py --profiles /work/scale/n100000/profiles
    python bench/bench_load.py --n 20000            # generate a CSV sample in a temporary folder
    python bench/bench_load.py                      # 2,000 generated profiles: a quick check

Prints the load time, profiles per second, RSS before and after (after ``gc.collect()``), the
bytes each profile adds to RSS, the peak RSS during the load, and how long that first full
collection after the load took (work the collector still does once, outside the load).

The peak is ``ru_maxrss``, the process's high-water mark: samples are generated in a child
process and the library warmed up (imports, country tables) before the clock starts, so the
figure is the load's own peak unless something earlier went higher. Run each size in its own
process for figures that compare.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MIB = 1 << 20


def current_rss() -> int:
    """Resident set size now, in bytes (``/proc/self/statm``; the peak where that is missing)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return peak_rss()


def peak_rss() -> int:
    """``ru_maxrss`` in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def generate(folder: Path, n: int, seed: int) -> None:
    """Write a CSV sample in a child process, so that generating it does not count in the peak."""
    code = "import sys; from bridge_match.sample import write_sample; "
    code += "write_sample(sys.argv[1], int(sys.argv[2]), 10, int(sys.argv[3]), layout='csv')"
    subprocess.run([sys.executable, "-c", code, str(folder), str(n), str(seed)], check=True)


def warm_up(load_profiles: Callable[[Path], object], folder: Path) -> None:
    """Load a handful of profiles so imports and lookup tables are not counted as the load's."""
    generate(folder, 20, 57)
    load_profiles(folder / "profiles")


def measure(profiles_dir: Path) -> dict[str, float]:
    from bridge_match import load_profiles

    with tempfile.TemporaryDirectory() as tmp:
        warm_up(load_profiles, Path(tmp))
    gc.collect()
    before = current_rss()
    start, cpu = time.perf_counter(), time.process_time()
    profiles = load_profiles(profiles_dir)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = peak_rss()
    start = time.perf_counter()
    gc.collect()
    collect = time.perf_counter() - start
    after = current_rss()
    count = len(profiles)
    return {
        "profiles": count,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "per_second": count / seconds if seconds else float("inf"),
        "rss_before": before,
        "rss_after": after,
        "bytes_per_profile": (after - before) / count if count else 0.0,
        "peak_rss": peak,
        "collect_seconds": collect,
    }


def report(figures: dict[str, float], where: str) -> str:
    return "\n".join(
        [
            f"load_profiles({where})",
            f"  profiles           {figures['profiles']:>14,.0f}",
            f"  load seconds       {figures['seconds']:>14.2f}",
            f"  CPU seconds        {figures['cpu_seconds']:>14.2f}",
            f"  profiles/s         {figures['per_second']:>14,.0f}",
            f"  RSS before         {figures['rss_before'] / MIB:>14,.0f} MiB",
            f"  RSS after          {figures['rss_after'] / MIB:>14,.0f} MiB",
            f"  bytes per profile  {figures['bytes_per_profile']:>14,.0f}",
            f"  peak RSS (load)    {figures['peak_rss'] / MIB:>14,.0f} MiB",
            f"  peak / after       {figures['peak_rss'] / max(figures['rss_after'], 1):>14.2f}",
            f"  gc.collect() after {figures['collect_seconds']:>14.2f} s",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--profiles", type=Path, help="folder (or file) of profiles to load")
    source.add_argument(
        "--n", type=int, default=2000, help="else generate N profiles as one CSV (default 2000)"
    )
    parser.add_argument("--seed", type=int, default=57, help="seed of the generated sample")
    args = parser.parse_args(argv)
    if args.profiles is not None:
        print(report(measure(args.profiles), str(args.profiles)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), args.n, args.seed)
        print(report(measure(Path(tmp) / "profiles"), f"{args.n:,} generated profiles"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
