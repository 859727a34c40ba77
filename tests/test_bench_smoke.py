"""The scale benchmark runs end to end in its quick mode; its figures are checked for shape only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "bench_scale.py"
ENGINE_STAGES = ("load", "fit", "single_top10", "batch", "save", "load_model")


def test_quick_bench_reports_every_stage(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--skip-reference", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text("utf-8"))

    stages = result["engine"]["stages"]
    for name in ENGINE_STAGES:
        assert stages[name]["status"] == "ok", (name, stages[name])
        assert stages[name]["seconds"] > 0, name
        assert stages[name]["peak_rss_mib"] > 0, name
    assert stages["single_top10"]["repeats"] == 30
    assert result["data"]["generated"] is True
    assert result["data"]["generate_seconds"] > 0
    assert result["engine"]["peak_rss_mib"] > 0
    assert result["engine"]["facts"]["batch_rows"] == 50 * 10
    assert result["params"] == {
        "profiles": 2000,
        "needs": 50,
        "seed": 57,
        "top_k": 10,
        "single_repeats": 30,
        "max_seconds": 1800,
        "reference": False,
        "default_malloc": False,
    }
    cpu = result["engine"]["facts"]["fit_cpu"]
    assert cpu["parent_user"] > 0  # 2,000 profiles are counted in this process: no workers
    assert result["reference"]["stages"] == {}
    assert {t["stage"] for t in result["targets"]} == {
        "fit",
        "single_top10",
        "batch",
        "save_load",
        "peak_rss",
    }
    assert "N = 2,000 profiles" in done.stdout
