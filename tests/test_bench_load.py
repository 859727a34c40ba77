"""The load benchmark runs on a generated sample and prints every figure it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "bench_load.py"


def test_bench_load_prints_its_figures(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--n", "300"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "300 generated profiles" in done.stdout
    for label in (
        "load seconds",
        "profiles/s",
        "RSS before",
        "RSS after",
        "bytes per profile",
        "peak RSS (load)",
        "gc.collect() after",
    ):
        assert label in done.stdout, label
