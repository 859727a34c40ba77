import math

import pandas as pd
import pytest

from bridge_match import DataError, Matcher, NotFittedError
from bridge_match.boost import BOOST_NAMES
from bridge_match.evaluate import (
    ablate,
    evaluate,
    ndcg_at,
    need_metrics,
    precision_at_1,
    read_qrels,
    recall_at,
    reciprocal_rank,
    to_markdown,
)
from tests.conftest import ROOT

SAMPLE_QRELS = ROOT / "qrels" / "sample.csv"

# --------------------------------------------------------------------------------------------
# Metrics, against arithmetic done by hand.
# --------------------------------------------------------------------------------------------


def test_ndcg_of_a_three_item_list_by_hand():
    ranked = ["a", "b", "c"]
    judged = {"a": 1, "b": 3, "c": 0, "d": 2}  # d is judged but never retrieved
    # gains 2^rel - 1: a=1, b=7, c=0; discounts 1/log2(rank + 1): 1, 1/log2(3), 1/2
    dcg = 1 / 1 + 7 / math.log2(3) + 0 / 2  # = 5.4165
    # ideal from *all* judged items, best first: 7 (b), 3 (d), 1 (a)
    idcg = 7 / 1 + 3 / math.log2(3) + 1 / 2  # = 9.3928
    assert ndcg_at(ranked, judged, 3) == pytest.approx(dcg / idcg)
    assert ndcg_at(ranked, judged, 3) == pytest.approx(0.57667, abs=1e-5)


def test_ndcg_cuts_both_the_list_and_the_ideal_at_k():
    judged = {"a": 1, "b": 3}
    # k=1: DCG = 1 (a), ideal = 7 (b)
    assert ndcg_at(["a", "b"], judged, 1) == pytest.approx(1 / 7)
    # the best order scores 1 at every k
    assert ndcg_at(["b", "a"], judged, 1) == 1.0
    assert ndcg_at(["b", "a", "x"], judged, 10) == 1.0


def test_ndcg_edge_cases():
    assert ndcg_at([], {"a": 3}, 10) == 0.0  # nothing retrieved
    assert ndcg_at(["a", "b"], {}, 10) == 0.0  # nothing judged: defined as 0
    assert ndcg_at(["a", "b"], {"a": 0, "b": 0}, 10) == 0.0  # only zeros: nothing to gain
    # unjudged experts count as 0; a repeated id is counted once
    assert ndcg_at(["x", "a", "a"], {"a": 2}, 3) == pytest.approx(1 / math.log2(3))
    with pytest.raises(ValueError, match="k must be at least 1"):
        ndcg_at(["a"], {"a": 3}, 0)


def test_reciprocal_rank_needs_relevance_two_or_more():
    judged = {"a": 1, "b": 0, "c": 2, "d": 3}
    assert reciprocal_rank(["a", "b", "c", "d"], judged) == pytest.approx(1 / 3)
    assert reciprocal_rank(["d"], judged) == 1.0
    assert reciprocal_rank(["a", "b"], judged) == 0.0  # a 1 is not a hit
    assert reciprocal_rank([], judged) == 0.0


def test_precision_at_1_needs_an_ideal_expert_on_top():
    judged = {"a": 3, "b": 2}
    assert precision_at_1(["a", "b"], judged) == 1.0
    assert precision_at_1(["b", "a"], judged) == 0.0  # good is not ideal
    assert precision_at_1(["x", "a"], judged) == 0.0
    assert precision_at_1([], judged) == 0.0


def test_recall_counts_relevant_experts_found_in_the_top_k():
    judged = {"a": 3, "b": 2, "c": 2, "d": 1}  # relevant: a, b, c
    assert recall_at(["a", "d", "x"], judged, 2) == pytest.approx(1 / 3)
    assert recall_at(["a", "d", "b", "c"], judged, 4) == 1.0
    assert recall_at(["a", "d", "b", "c"], judged, 3) == pytest.approx(2 / 3)
    assert recall_at(["d"], judged, 10) == 0.0
    assert recall_at(["a"], {"a": 1}, 10) == 0.0  # no relevant expert: defined as 0


# --------------------------------------------------------------------------------------------
# Reading judgements.
# --------------------------------------------------------------------------------------------


def test_read_qrels_accepts_bom_semicolons_spaces_and_blank_lines(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        "\ufeffneed_id;expert_id;relevance\n N-1 ;E1;3\n\nN-1;E2; 0\nN-2;E1;2\n", encoding="utf-8"
    )
    frame = read_qrels(path)
    assert list(frame.columns) == ["need_id", "expert_id", "relevance"]
    assert frame.values.tolist() == [["N-1", "E1", 3], ["N-1", "E2", 0], ["N-2", "E1", 2]]
    assert frame.relevance.dtype == "int64"
    assert list(frame.index) == [2, 4, 5]  # file lines, for later error messages
    assert frame.attrs["source"].endswith("q.csv")


def test_read_qrels_reports_every_bad_row_with_line_and_field(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "need_id,expert_id,relevance\n"
        "N-1,E1,3\n"  # 2: fine
        ",E2,1\n"  # 3: empty need_id
        "N-1,E3,x\n"  # 4: not a number
        "N-1,E4,4\n"  # 5: out of range
        "N-1,E5,2.5\n"  # 6: not whole
        "N-1,E1,2\n"  # 7: (N-1, E1) judged twice
        "N-1,E6\n",  # 8: a cell missing
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        read_qrels(path)
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {
        (3, "need_id"),
        (4, "relevance"),
        (5, "relevance"),
        (6, "relevance"),
        (7, "expert_id"),
        (8, None),
    }
    text = str(info.value)
    assert text.startswith("6 problems in the input:")
    assert "bad.csv:4: relevance: 'x' is not a whole number from 0 to 3" in text
    assert "bad.csv:7: expert_id: (N-1, E1) is judged twice, first at line 2" in text
    assert "bad.csv:8: row has 2 cells but the header has 3" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        ("need,expert,relevance\nN-1,E1,3\n", "missing column"),
        ("need_id,expert_id,relevance\n", "no judgements"),
    ],
)
def test_read_qrels_rejects_unusable_files(tmp_path, content, message):
    path = tmp_path / "q.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_qrels(path)


def test_read_qrels_missing_or_not_utf8(tmp_path):
    with pytest.raises(DataError, match="cannot read"):
        read_qrels(tmp_path / "nope.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"need_id,expert_id,relevance\nN-1,Nguy\xe9n,3\n")  # Latin-1, not UTF-8
    with pytest.raises(DataError, match="not UTF-8"):
        read_qrels(path)


# --------------------------------------------------------------------------------------------
# Evaluating a matcher on the tiny data set.
# --------------------------------------------------------------------------------------------

TINY_QRELS = [
    ("N-SEMI-VI", "E01", 3),
    ("N-SEMI-VI", "E06", 3),
    ("N-SEMI-VI", "E08", 1),
    ("N-AI-EN", "E03", 3),
    ("N-AI-EN", "E09", 2),
    ("N-GREEN-VI", "E04", 3),
    ("N-GREEN-VI", "E10", 1),
    ("N-PKG-EN", "E08", 3),
    ("N-PKG-EN", "E02", 1),
]


def tiny_qrels(rows=TINY_QRELS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["need_id", "expert_id", "relevance"])


def test_evaluate_tiny_data_rows_columns_and_known_answers(tiny_matcher, tiny_needs):
    table = evaluate(tiny_matcher, tiny_needs, tiny_qrels())
    assert list(table.index) == ["all", "semiconductors", "ai", "green_energy", "vi", "en"]
    assert list(table.columns) == [
        "n_needs",
        "n_excluded",
        "ndcg@5",
        "ndcg@10",
        "mrr",
        "p@1",
        "recall@10",
    ]
    assert table.loc["all", "n_needs"] == 4
    assert table.loc["vi", "n_needs"] == 2  # N-SEMI-VI and N-GREEN-VI are written in Vietnamese
    assert table.loc["en", "n_needs"] == 2
    assert table.loc["semiconductors", "n_needs"] == 2
    # the tiny set has a known right answer on top of every need (see test_matcher)
    assert table.loc["all", "p@1"] == 1.0
    assert table.loc["all", "mrr"] == 1.0
    metrics = table[["ndcg@5", "ndcg@10", "mrr", "p@1", "recall@10"]]
    assert ((metrics >= 0) & (metrics <= 1)).all().all()


def test_need_metrics_agree_with_the_metric_functions(tiny_matcher, tiny_needs):
    per_need = need_metrics(tiny_matcher, tiny_needs, tiny_qrels())
    shortlist = tiny_matcher.recommend(tiny_needs, top_k=10)
    for need_id, group in shortlist.groupby("need_id"):
        ranked = group.sort_values("rank").expert_id.tolist()
        judged = {e: g for n, e, g in TINY_QRELS if n == need_id}
        assert per_need.loc[need_id, "ndcg@10"] == pytest.approx(ndcg_at(ranked, judged, 10))
        assert per_need.loc[need_id, "recall@10"] == pytest.approx(recall_at(ranked, judged, 10))
    assert per_need.loc["N-AI-EN", "n_relevant"] == 2
    assert per_need.loc["N-AI-EN", "n_ideal"] == 1


def test_needs_without_a_relevant_judgement_are_excluded_and_counted(tiny_matcher, tiny_needs):
    rows = [r for r in TINY_QRELS if r[0] != "N-PKG-EN"] + [("N-PKG-EN", "E02", 1)]
    table = evaluate(tiny_matcher, tiny_needs, tiny_qrels(rows))
    assert table.loc["all", "n_needs"] == 3
    assert table.loc["all", "n_excluded"] == 1
    assert table.loc["en", "n_excluded"] == 1
    per_need = need_metrics(tiny_matcher, tiny_needs, tiny_qrels(rows))
    assert math.isnan(per_need.loc["N-PKG-EN", "ndcg@10"])


def test_k_changes_the_cut_off_columns(tiny_matcher, tiny_needs):
    table = evaluate(tiny_matcher, tiny_needs, tiny_qrels(), k=3)
    assert list(table.columns)[2:] == ["ndcg@5", "ndcg@3", "mrr", "p@1", "recall@3"]
    with pytest.raises(DataError, match="at least 1"):
        evaluate(tiny_matcher, tiny_needs, tiny_qrels(), k=0)


def test_unknown_needs_and_experts_are_named(tiny_matcher, tiny_needs, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        "need_id,expert_id,relevance\nN-AI-EN,E03,3\nN-NOPE,E03,2\nN-AI-EN,X99,1\nN-NOPE,E01,1\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        evaluate(tiny_matcher, tiny_needs, path)
    text = str(info.value)
    assert "q.csv:3: need_id: unknown need 'N-NOPE' (2 judgements)" in text
    assert "q.csv:4: expert_id: unknown expert 'X99' (1 judgement)" in text


def test_a_frame_built_by_hand_is_checked_like_a_file(tiny_matcher, tiny_needs):
    with pytest.raises(DataError, match="relevance"):
        evaluate(tiny_matcher, tiny_needs, tiny_qrels([("N-AI-EN", "E03", 7)]))
    with pytest.raises(DataError, match="missing column"):
        evaluate(tiny_matcher, tiny_needs, tiny_qrels().drop(columns="relevance"))


def test_an_unfitted_matcher_is_refused(tiny_needs):
    with pytest.raises(NotFittedError):
        evaluate(Matcher(), tiny_needs, tiny_qrels())


def test_ablate_lists_every_variant(tiny_profiles, tiny_needs):
    table = ablate(tiny_profiles, tiny_needs, tiny_qrels())
    boosts = [f"\N{MINUS SIGN} {name}" for name in BOOST_NAMES]
    expected = [
        "similarity only",
        "default rules",
        *boosts,
        "glossary off",
        "concepts weigh 1",
        "word bigrams off",
        "BM25 weighting",
        "field weighting off",
    ]
    assert list(table.index) == expected
    assert list(table.columns) == [
        "ndcg@5",
        "ndcg@10",
        "mrr",
        "p@1",
        "recall@10",
        "ndcg@10 vi",
        "ndcg@10 en",
    ]
    plain = evaluate(Matcher(rules=None).fit(tiny_profiles), tiny_needs, tiny_qrels())
    assert table.loc["similarity only", "ndcg@10"] == pytest.approx(plain.loc["all", "ndcg@10"])
    assert table.loc["similarity only", "ndcg@10 vi"] == pytest.approx(plain.loc["vi", "ndcg@10"])


def test_to_markdown_writes_a_plain_table():
    frame = pd.DataFrame(
        {"n": [3, 0], "score": [0.5, float("nan")], "note": ["a|b", "c"]},
        index=pd.Index(["all", "vi"], name="group"),
    )
    assert to_markdown(frame) == (
        "| group | n | score | note |\n"
        "| --- | ---: | ---: | --- |\n"
        "| all | 3 | 0.500 | a\\|b |\n"
        "| vi | 0 | n/a | c |"
    )


# --------------------------------------------------------------------------------------------
# The shipped judgements.
# --------------------------------------------------------------------------------------------


def test_shipped_qrels_cover_every_sample_need_and_only_known_ids(sample_profiles, sample_needs):
    qrels = read_qrels(SAMPLE_QRELS)
    assert set(qrels.need_id) == {n.id for n in sample_needs}
    assert set(qrels.expert_id) <= {p.id for p in sample_profiles}
    assert set(qrels.relevance) == {0, 1, 2, 3}
    relevant = qrels[qrels.relevance >= 2].groupby("need_id").size()
    assert set(relevant.index) == {n.id for n in sample_needs}  # nothing gets excluded
