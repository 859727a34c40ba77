"""The web benchmark serves a generated sample with the real server and prints every figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "bench_web.py"


def test_bench_web_measures_the_real_server(tmp_path: Path) -> None:
    out = tmp_path / "web.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--n",
            "300",
            "--n-needs",
            "12",
            "--clients",
            "4",
            "--seconds",
            "2",
            "--reference-seconds",
            "1",
            "--page-repeats",
            "3",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text("utf-8"))

    assert result["workspace"]["generated"] is True
    assert result["workspace"]["imported"] is True
    assert result["workspace"]["profiles"] == 300
    assert result["workspace"]["needs"] == 12
    page = result["page"]
    assert page["ok"] == 3
    assert page["errors"] == 0
    assert 0 < page["median"] <= page["p95"]
    assert page["cold"] > 0
    for side in ("reference", "load"):
        figures = result[side]
        assert figures["ok"] > 0, side
        assert figures["errors"] == 0, (side, figures["error_kinds"])
        assert 0 < figures["p50"] <= figures["p95"] <= figures["p99"] <= figures["max"], side
        assert figures["throughput"] > 0, side
    assert result["memory"]["end"]["VmHWM"] > 0
    assert result["cpu"]["server_cores"] is not None
    assert result["load"]["server_cpu_per_request"] > 0
    assert result["server_alive_at_end"] is True
    assert [t["figure"] for t in result["targets"]] == [
        "page_median",
        "page_p95",
        "api_p95",
        "api_errors",
        "server_rss",
    ]
    assert next(t for t in result["targets"] if t["figure"] == "api_p95")["met"] == "?"
    assert "machine: nproc=" in done.stdout
    assert "N = 300 profiles, 12 needs" in done.stdout
    for label in (
        "need page, first (cold) request",
        "need page median (of 3)",
        "shortlist API p95",
        "shortlist API requests / errors",
        "server CPU per request",
        "server peak RSS (VmHWM)",
        "CPU during the 4-client load",
    ):
        assert label in done.stdout, label
