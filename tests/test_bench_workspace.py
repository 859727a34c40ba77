"""The workspace benchmark runs end to end on a few hundred generated profiles; its figures are
checked for shape only, and its edit of the profiles file for validity."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "bench_workspace.py"
STEPS = (
    "floor",
    "import_fresh",
    "import_unchanged",
    "import_changed",
    "recommend_need",
    "recommend_expert",
    "recommend_text",
    "status_set",
    "status_list",
    "status_list_csv",
)


def test_small_bench_reports_every_step(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            *("--n", "300", "--needs", "12", "--changed", "20", "--pipeline-rows", "200"),
            *("--skip-reference", "--scratch", str(tmp_path), "--json", str(out)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text("utf-8"))

    steps = result["figures"]["steps"]
    assert set(steps) == set(STEPS)
    for name in STEPS:
        assert steps[name]["failed"] == 0, name
        assert steps[name]["seconds"] > 0, name
        assert steps[name]["peak_rss_mib"] > 0, name
        assert steps[name]["met"] in ("yes", "NO", ""), name
    assert steps["import_fresh"]["reference"] is None  # --skip-reference: no fit
    assert steps["recommend_need"]["reference"] is None
    assert steps["status_set"]["reference"] == "floor"
    assert result["figures"]["memory"]["recommend"]["peak_rss_mib"] > 0
    facts = result["facts"]
    assert facts["import_fresh"] == ["+300 ~0 -0, index fitted"]
    assert facts["import_unchanged"] == ["nothing changed"]
    assert facts["import_changed"] == ["+0 ~20 -0, index updated"]
    assert facts["need"] == "N-AI-01"
    assert facts["pipeline_rows"] == 201
    assert facts["status_list_lines"] == 201
    assert "N = 300 profiles" in done.stdout
    assert "peak RSS of recommend" in done.stdout
    assert not any(tmp_path.glob("bench-workspace-*")), "the scratch folder is removed"


def _bench_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_workspace", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_edited_profiles_stay_valid_and_change_as_many_as_asked(tmp_path: Path) -> None:
    from bridge_match import load_profiles
    from bridge_match.sample import write_sample

    bench = _bench_module()
    write_sample(tmp_path, 200, 5, 57, layout="csv")
    path = tmp_path / "profiles" / "profiles.csv"
    before = {p.id: p.digest for p in load_profiles(tmp_path / "profiles")}
    assert bench.edit_profiles(path, 15, 0) == 15
    first = {p.id: p.digest for p in load_profiles(tmp_path / "profiles")}
    assert first.keys() == before.keys()
    assert sum(first[i] != before[i] for i in before) == 15
    assert bench.edit_profiles(path, 15, 1) == 15  # other rows the next round
    second = {p.id: p.digest for p in load_profiles(tmp_path / "profiles")}
    assert sum(second[i] != first[i] for i in first) == 15
    assert not list((tmp_path / "profiles").glob(".*")), "no partial file left"
