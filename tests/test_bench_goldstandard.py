"""The gold-standard bench: its metric on known answers, and a run end to end on a tiny data set
in the gold standard's layout (the real one lives outside the repository)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

BENCH = Path(__file__).parents[1] / "bench" / "goldstandard.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("goldstandard", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["goldstandard"] = module
    spec.loader.exec_module(module)
    return module


def test_loss_weighs_each_wrong_pair_by_its_rating_gap_and_ties_by_half(bench):
    ratings = {"r": {"a": 5.0, "b": 3.0, "c": 1.0, "d": 5.0}}
    # pairs with different ratings: a-b (2), a-c (4), b-c (2), d-b (2), d-c (4): weight 14
    scores = pd.DataFrame({"r": {"a": 0.9, "b": 0.1, "c": 0.5, "d": 0.5}})
    tally = bench.tally(scores, ratings)
    # b-c wrong (2), d-c tied (4 / 2): cost 4
    assert tally.weight == 14
    assert tally.cost == 4
    assert tally.loss == pytest.approx(4 / 14)
    # easy pairs (one >= 4, other <= 2): a-c right, d-c tied (not right); hard: a-d (equal) none
    assert (tally.easy_right, tally.easy) == (1, 2)
    assert (tally.hard_right, tally.hard) == (0, 0)


def _write_sample(root: Path) -> None:
    papers = {
        "p1": (
            "Graph neural networks for molecules",
            "Message passing networks predict molecules.",
        ),
        "p2": ("Speech recognition with transformers", "End-to-end speech recognition models."),
        "p3": ("Protein structure prediction", "Deep learning predicts protein folding."),
    }
    own = {
        "11": [("Molecular property prediction with graph networks", "Graph neural networks.")],
        "22": [("Transformers for speech", "Speech recognition and audio transformers.")],
    }
    rows = [
        "ParticipantID\tPaper1\tPaper2\tPaper3\tExpertise1\tExpertise2\tExpertise3",
        "11\tp1\tp2\tp3\t5.0\t1.0\t3.0",
        "22\tp1\tp2\t\t1.0\t5.0\t",
    ]
    (root / "evaluations.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    sample = root / "d_20_1"
    (sample / "archives").mkdir(parents=True)
    for who, mine in own.items():
        lines = [
            json.dumps({"id": f"{who}-{i}", "content": {"title": t, "abstract": a, "year": 2020}})
            for i, (t, a) in enumerate(mine)
        ]
        (sample / "archives" / f"~{who}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    submissions = {
        k: {"id": k, "content": {"title": t, "abstract": a}} for k, (t, a) in papers.items()
    }
    (sample / "submissions.json").write_text(json.dumps(submissions), "utf-8")


def test_runs_end_to_end_on_the_gold_standards_layout(bench, tmp_path, capsys):
    _write_sample(tmp_path)
    assert bench.main(["--data", str(tmp_path), "--samples", "1", "--matcher", "ngram_max=1"]) == 0
    out = capsys.readouterr().out
    assert "| Matcher() | 0.000 |" in out  # each researcher's own topic first
    assert "sklearn TfidfVectorizer baseline" in out
    assert "Matcher(ngram_max=1)" in out
    [expert] = [
        e
        for e in bench.load_sample(tmp_path, 1, bench.read_ratings(tmp_path)).experts
        if e.id == "11"
    ]
    assert expert.publications[0].title.startswith("Molecular property")
