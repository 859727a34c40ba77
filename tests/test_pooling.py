"""Publications matched one by one and pooled per expert: the pooling itself, the scores it
gives against a plain computation, every path that ranks (batch, one need, the needs for one
expert, updates, saved models), the reasons, and the long-CV case of issue 16."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from bridge_match import DataError, ExpertProfile, Matcher, Need, load_profiles
from bridge_match.documents import (
    PROFILE_WEIGHTS,
    PUBLICATION_WEIGHTS,
    profile_document,
    publication_document,
)
from bridge_match.pooling import top_k_mean, top_k_mean_dense
from tests.conftest import DATA

LONG_CV = DATA / "long_cv"


def _reference_top_k(owners: np.ndarray, sims: np.ndarray, k: int) -> dict[int, float]:
    """Each expert's k best, summed over k: sorted per expert, the obvious way."""
    out = {}
    for owner in np.unique(owners):
        mine = np.sort(sims[owners == owner])[::-1]
        out[int(owner)] = float(mine[:k].sum() / k)
    return out


def test_top_k_mean_known_answers():
    owners = np.array([0, 0, 0, 2, 5, 5])
    sims = np.array([0.2, 0.6, 0.6, 0.3, 0.0, 0.1])
    rows, pooled = top_k_mean(owners, sims, 2)
    assert rows.tolist() == [0, 2, 5]
    # ties count twice; a single paper counts the missing one as 0
    assert np.allclose(pooled, [0.6, 0.15, 0.05])
    rows, pooled = top_k_mean(owners, sims, 1)
    assert np.allclose(pooled, [0.6, 0.3, 0.1])
    rows, pooled = top_k_mean(np.zeros(0, dtype=np.int64), np.zeros(0), 3)
    assert len(rows) == len(pooled) == 0


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_top_k_mean_equals_sorting_each_expert(k):
    rng = np.random.default_rng(k)
    owners = np.sort(rng.integers(0, 40, size=400))
    sims = rng.random(400).astype(np.float32)
    sims[rng.random(400) < 0.2] = 0.5  # ties
    rows, pooled = top_k_mean(owners, sims, k)
    expected = _reference_top_k(owners, sims, k)
    assert rows.tolist() == sorted(expected)
    assert np.allclose(pooled, [expected[r] for r in rows.tolist()], atol=1e-6)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_the_dense_twin_pools_as_top_k_mean_does(k):
    """One need's dense row over every publication, pooled by whole-row reductions, gives
    :func:`top_k_mean`'s float32 values bit for bit where an expert has a match."""
    rng = np.random.default_rng(10 + k)
    counts = rng.integers(1, 12, size=300)
    owners = np.repeat(np.arange(300), counts) * 2  # expert rows with gaps between them
    sims = rng.random(len(owners)).astype(np.float32)
    sims[rng.random(len(owners)) < 0.5] = 0.0
    sims[rng.random(len(owners)) < 0.1] = np.float32(0.25)  # ties
    sims[owners == 8] = 0.0  # an expert with no match at all
    first = np.flatnonzero(np.concatenate([[True], owners[1:] != owners[:-1]]))
    dense = top_k_mean_dense(sims, owners, first, np.diff(np.append(first, len(owners))), k)
    hit = np.flatnonzero(sims)
    rows, sparse = top_k_mean(owners[hit], sims[hit], k)
    matched = dense > 0
    assert np.array_equal(owners[first][matched], rows)
    assert np.array_equal(dense[matched], sparse)
    assert not dense[owners[first] == 8].any()


def _paper(title: str, abstract: str, year: int = 2020) -> dict[str, object]:
    return {"title": title, "abstract": abstract, "year": year}


@pytest.fixture(scope="module")
def researchers(tiny_profiles: list[ExpertProfile]) -> list[ExpertProfile]:
    """The tiny experts and four researchers with publications (one, two and several papers;
    one also with a bio)."""
    base = {"country": "DE", "affiliation": "TU Dresden", "sectors": ["semiconductors"]}
    extra = [
        ExpertProfile(
            id="R1",
            name="Ngô Minh Đức",
            field="semiconductor packaging",
            publications=[
                _paper(
                    "Fan-out wafer-level packaging with fine-pitch redistribution layers",
                    "We report a fan-out wafer-level packaging process with 2 µm redistribution "
                    "layers and flip-chip interconnects for heterogeneous integration.",
                    2022,
                ),
                _paper(
                    "Warpage control in large fan-out panels",
                    "Warpage of moulded panels limits fan-out packaging yield; we model and "
                    "measure it.",
                    2019,
                ),
                _paper(
                    "Thermal interface materials for high-power chips",
                    "Thermal interface materials are compared for flip-chip packages.",
                    2015,
                ),
            ],
            **base,
        ),
        ExpertProfile(
            id="R2",
            name="Trần Thu Hà",
            field="photonics",
            expertise="Optical engineer working on silicon photonics transceivers.",
            publications=[
                _paper(
                    "Silicon photonic ring modulators",
                    "Ring modulators for data-centre optical links are designed and measured.",
                )
            ],
            **base,
        ),
        ExpertProfile(
            id="R3",
            name="Phạm Quang Huy",
            field="computational linguistics",  # papers, not the field, match N-AI-EN
            publications=[
                _paper(
                    "A Vietnamese large language model for public administration",
                    "We pre-train and instruction-tune a Vietnamese large language model and "
                    "evaluate it on citizens' questions to public services.",
                ),
                _paper(
                    "Named entity recognition for Vietnamese legal texts",
                    "A dataset and models for NER on Vietnamese legal documents.",
                ),
            ],
            **base,
        ),
        ExpertProfile(
            id="R4",
            name="Võ Thị Mai",
            field="perovskite solar cells",
            publications=[
                _paper(
                    "Stable perovskite solar cells",
                    "High-efficiency perovskite solar cells with improved stability.",
                )
            ],
            **base,
        ),
    ]
    return [*tiny_profiles, *extra]


@pytest.fixture(scope="module")
def pooled(researchers: list[ExpertProfile]) -> Matcher:
    return Matcher(rules=None).fit(researchers)


def test_scores_are_the_profile_or_the_best_papers_whichever_is_higher(
    pooled: Matcher, researchers: list[ExpertProfile], tiny_needs: list[Need]
):
    """Against a plain computation from the fitted vocabulary and idf: each profile and each
    paper a row, cosine with the need, the mean of the two best papers, the larger of the two."""
    vectorizer = pooled.vectorizer_
    ordered = sorted(researchers, key=lambda p: p.id)
    profiles, _ = vectorizer.transform_experts([profile_document(p) for p in ordered])
    queries = pooled.transform(tiny_needs)
    expected = (queries @ profiles.T).toarray()
    for column, expert in enumerate(ordered):
        if not expert.publications:
            continue
        docs = [publication_document(p) for p in expert.publications]
        papers, _ = vectorizer.transform_experts(docs)
        per_paper = np.sort((queries @ papers.T).toarray(), axis=1)[:, ::-1]
        best = per_paper[:, :2].sum(axis=1) / 2
        expected[:, column] = np.maximum(expected[:, column], best)
    got = pooled.score(tiny_needs)
    assert list(got.columns) == [p.id for p in ordered]
    assert np.allclose(got.to_numpy(), expected, atol=1e-6)


def test_document_frequency_counts_experts_not_papers(pooled: Matcher, researchers):
    """idf is scikit-learn's smoothed idf over the experts, each expert's profile and papers
    one document: a term in every one of an expert's papers counts once."""
    from collections import Counter

    analyzer = pooled.vectorizer_.analyzer
    df: Counter[str] = Counter()
    for p in researchers:
        df.update(set(analyzer(profile_document(p, PROFILE_WEIGHTS, PUBLICATION_WEIGHTS))))
    n = len(researchers)
    terms = pooled.vectorizer_.terms_
    expected = np.log((1 + n) / (1 + np.array([df[t] for t in terms]))) + 1
    assert np.allclose(pooled.vectorizer_.idf_, expected)
    assert df["warpage"] == 1


def test_every_ranking_path_agrees_with_the_scores(
    pooled: Matcher, researchers: list[ExpertProfile], tiny_needs: list[Need]
):
    scores = pooled.score(tiny_needs)
    batch = pooled.recommend(tiny_needs, top_k=4)
    for need in tiny_needs:
        row = scores.loc[need.id]
        order = sorted(row.index[row > 0], key=lambda e: (-row[e], e))[:4]
        listed = batch[batch.need_id == need.id]
        assert listed.expert_id.tolist() == order
        assert np.allclose(listed.similarity, row[order].round(4))
        alone = pooled.recommend([need], top_k=4)
        assert_frame_equal(alone, listed[alone.columns].reset_index(drop=True))
    for expert in ("R1", "R3"):
        mine = pooled.needs_for(expert, tiny_needs, top_k=len(tiny_needs))
        column = scores[expert]
        assert mine.need_id.tolist() == sorted(column.index, key=lambda n: (-column[n], n))
        assert np.allclose(mine.similarity, column[mine.need_id].round(4))


def test_reasons_name_the_matching_publications(pooled: Matcher, need_by_id):
    shortlist = pooled.recommend([need_by_id["N-PKG-EN"]], top_k=3)
    r1 = shortlist[shortlist.expert_id == "R1"].iloc[0]
    assert "“Fan-out wafer-level packaging with fine-pitch redistribution layers”" in r1.reasons
    assert r1.reasons.startswith("terms: ")
    _, papers = r1.reasons.split("; publications: ")
    assert papers.count("”, “") == 1  # the two that match best, not every one
    assert "Warpage" not in papers


def test_removing_and_adding_back_an_expert_with_papers_restores_the_index(
    researchers: list[ExpertProfile], tiny_needs: list[Need]
):
    matcher = Matcher(rules=None).fit(researchers)
    before = matcher.score(tiny_needs)
    r1, r3 = (next(p for p in researchers if p.id == i) for i in ("R1", "R3"))
    matcher.update(remove=["R1", "R3"])
    assert "R1" not in matcher.score(tiny_needs).columns
    matcher.update([r3, r1])
    assert_frame_equal(matcher.score(tiny_needs), before, atol=1e-6)
    fewer = r3.model_copy(update={"publications": r3.publications[1:]})
    matcher.update([fewer])
    after = matcher.score(tiny_needs)
    assert after.loc["N-AI-EN", "R3"] < before.loc["N-AI-EN", "R3"]
    assert_frame_equal(after.drop(columns="R3"), before.drop(columns="R3"), atol=1e-6)


def test_a_saved_model_keeps_the_papers(pooled, researchers, tiny_needs, tmp_path):
    folder = pooled.save(tmp_path / "model")
    loaded = Matcher.load(folder, researchers, rules=None)
    assert_frame_equal(loaded.score(tiny_needs), pooled.score(tiny_needs))
    assert_frame_equal(loaded.recommend(tiny_needs), pooled.recommend(tiny_needs))
    assert loaded.publication_top_k == 2


def test_without_publications_nothing_changes(sample_profiles, sample_needs):
    """The sample has no publications: pooling or not, the same scores (the sample's
    judgements are untouched), and profiles digest as they did before the field existed."""
    a = Matcher().fit(sample_profiles[:80]).score(sample_needs)
    b = Matcher(publication_top_k=None).fit(sample_profiles[:80]).score(sample_needs)
    assert_frame_equal(a, b)
    import hashlib

    profile = sample_profiles[0]
    old = profile.model_dump_json(exclude={"publications"}).encode()
    assert profile.digest == hashlib.blake2b(old, digest_size=16).digest()


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_publication_top_k_must_be_a_whole_number(bad, tiny_profiles):
    with pytest.raises(DataError, match="publication_top_k"):
        Matcher(publication_top_k=bad).fit(tiny_profiles)


def _rank(shortlist: pd.DataFrame, expert_id: str) -> int | None:
    found = shortlist[shortlist.expert_id == expert_id]
    return int(found["rank"].iloc[0]) if len(found) else None


def test_a_long_cv_does_not_sink_a_clearly_relevant_expert(sample_profiles, sample_needs):
    """Issue 16: a GaN/SiC power-device researcher whose expertise is a 30-paper list (about
    41,000 characters of titles and abstracts) loads as publications and ranks #1 for the
    sample's power-semiconductor need (written in Vietnamese). Pasted into the bio, cut to the
    20,000 characters a bio may hold, the same papers dilute the profile: #7, as the issue
    reported; as one document with the papers inside it, lower still."""
    [expert] = load_profiles(LONG_CV)
    text = "\n".join(f"{p.title}. {p.abstract}" for p in expert.publications)
    assert len(expert.publications) == 30
    assert 40_000 <= len(text) <= 43_000
    need = next(n for n in sample_needs if n.id == "N-SEMI-05")
    assert "GaN và SiC" in need.title

    shortlist = Matcher().fit([*sample_profiles, expert]).recommend([need], top_k=10)
    assert _rank(shortlist, expert.id) == 1
    reasons = shortlist.iloc[0].reasons
    # the review leads since "lộ trình" (roadmap) and "mô-đun công suất" are glossary concepts
    assert "công trình: “Wide-bandgap power devices for automotive applications" in reasons
    assert "“Gate oxide reliability of 1200 V SiC MOSFETs" in reasons

    pasted = expert.model_copy(update={"publications": [], "expertise": text[:19_900]})
    cut = Matcher().fit([*sample_profiles, pasted]).recommend([need], top_k=10)
    one = Matcher(publication_top_k=None).fit([*sample_profiles, expert])
    inside = one.recommend([need], top_k=10)
    assert (_rank(cut, expert.id) or 11) > 3
    assert (_rank(inside, expert.id) or 11) > 3


def test_profile_weights_unchanged():
    """The saved models check PROFILE_WEIGHTS; publications have weights of their own."""
    assert PROFILE_WEIGHTS == {"field": 3, "keywords": 3, "sectors": 2, "expertise": 1}
    assert PUBLICATION_WEIGHTS == {"title": 2, "abstract": 1}


def test_an_edited_paper_index_is_refused(pooled, researchers, tmp_path):
    """Checksums recomputed, so only the invariants can tell: papers out of expert order."""
    import hashlib
    import json

    from bridge_match import ModelError
    from tests.conftest import current_version

    folder = pooled.save(tmp_path / "model")
    version = current_version(folder)
    target = version / "paper_owner.npy"
    owner = np.load(target)
    np.save(target, owner[::-1].copy())
    manifest = json.loads((version / "manifest.json").read_text("utf-8"))
    manifest["files"]["paper_owner.npy"] = hashlib.sha256(target.read_bytes()).hexdigest()
    (version / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelError, match=r"paper_owner\.npy.*not in expert order"):
        Matcher.load(folder, researchers, rules=None)


def test_rows_are_profiles_then_papers_in_order(researchers):
    from bridge_match.documents import ExpertRows

    rows = ExpertRows(researchers, PROFILE_WEIGHTS, PUBLICATION_WEIGHTS)
    n = len(researchers)
    papers = [(p, q) for p in researchers for q in p.publications]
    assert len(rows) == n + len(papers)
    assert rows[:] == [rows[i] for i in range(len(rows))]
    assert rows[n - 2 : n + 3] == [rows[i] for i in range(n - 2, n + 3)]
    assert rows[n] == publication_document(papers[0][1])
    assert rows[-1] == publication_document(papers[-1][1])
    owners = rows.row_owners()
    assert owners is not None
    assert [researchers[o].id for o in owners[n:]] == [p.id for p, _ in papers]
    assert ExpertRows(researchers, PROFILE_WEIGHTS).row_owners() is None


def test_anonymised_shortlists_do_not_name_the_papers(pooled, need_by_id):
    """A paper title finds its authors: ``--anonymise`` drops the titles, keeps the rest."""
    from bridge_match.export import anonymise

    shortlist = pooled.recommend([need_by_id["N-PKG-EN"], need_by_id["N-AI-EN"]], top_k=3)
    assert shortlist.reasons.str.contains("publications: “").any()
    shared = anonymise(shortlist, key="k")
    assert not shared.reasons.str.contains("publications|“|”").any()
    for before, after in zip(shortlist.reasons, shared.reasons, strict=True):
        assert after.startswith("terms: ") or not before.startswith("terms: ")
        assert "; ;" not in after
