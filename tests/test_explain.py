from bridge_match.documents import need_document
from bridge_match.explain import reasons_text, shared_terms


def _reasons(matcher, need, expert_id):
    row = matcher.row_of_[expert_id]
    query = matcher.transform([need])[0]
    surfaces = matcher.vectorizer_.analyzer.surfaces(need_document(need))
    held = matcher.matrix_[row].toarray()[0, query.indices]
    return shared_terms(
        query.indices,
        query.data,
        held,
        matcher.vectorizer_.terms_,
        surfaces,
        matcher.vectorizer_.glossary,
        vietnamese=True,
    )


def test_cross_language_terms_read_in_the_needs_language(tiny_matcher, need_by_id):
    terms = _reasons(tiny_matcher, need_by_id["N-SEMI-VI"], "E01")
    assert "quang khắc" in terms
    assert "tấm bán dẫn" in terms
    assert not any(t in {"quang", "khắc", "tấm"} for t in terms)


def test_no_shared_terms_no_list(tiny_matcher, need_by_id):
    assert _reasons(tiny_matcher, need_by_id["N-AI-EN"], "E05") == []


def test_reasons_text():
    assert reasons_text(["wafer", "bán dẫn"], ["+0.05 sector semiconductors"]) == (
        "terms: wafer, bán dẫn; +0.05 sector semiconductors"
    )
    assert reasons_text([], []) == ""


def _parts(reasons: str) -> tuple[list[str], list[float]]:
    """A reasons cell as (shared terms, boost amounts)."""
    terms: list[str] = []
    boosts: list[float] = []
    for part in reasons.split("; "):
        if part.startswith("+"):
            boosts.append(float(part.split()[0]))
        elif ": " in part:
            terms += part.split(": ", 1)[1].split(", ")
    return terms, boosts


def test_sample_reasons_are_terms_people_wrote_and_boosts_that_add_up(sample_matcher, sample_needs):
    frame = sample_matcher.recommend(sample_needs, top_k=10)
    assert len(frame) == 10 * len(sample_needs)
    common = sample_matcher._explainer().common
    vocabulary = sample_matcher.vectorizer_.tfidf_.vocabulary_
    for row in frame.itertuples():
        terms, boosts = _parts(row.reasons)
        for term in terms:
            assert not term.replace(" ", "").isdigit(), (row.need_id, term)
            column = vocabulary.get(term.lower())
            if column is not None and " " not in term:
                assert not common[column], (row.need_id, term)
        assert all(b > 0 for b in boosts), row.reasons
        assert round(sum(boosts), 2) == round(row.boost, 2), (row.reasons, row.boost)


def test_reasons_read_in_the_needs_language(sample_matcher, sample_needs):
    from bridge_match.text import is_vietnamese

    frame = sample_matcher.recommend(sample_needs, top_k=3)
    by_id = {n.id: n for n in sample_needs}
    for row in frame.itertuples():
        need = by_id[row.need_id]
        vietnamese = is_vietnamese(f"{need.title}. {need.description}")
        assert row.reasons.startswith("thuật ngữ chung: " if vietnamese else "terms: ")
        sector_boost = " lĩnh vực " if vietnamese else " sector "
        other = " sector " if vietnamese else " lĩnh vực "
        assert other not in row.reasons, row.reasons
        if row.boost >= 0.05:  # the sector boost (0.05) applies to every top-3 expert here
            assert sector_boost in row.reasons, row.reasons


def test_terms_keep_the_writers_spelling(sample_matcher, sample_needs):
    frame = sample_matcher.needs_for("JP-AVIJ-0001", sample_needs, top_k=len(sample_needs))
    reasons = " | ".join(frame.reasons)
    assert "MLOps" in reasons
    assert "mlops" not in reasons
    assert "master's" in reasons
    assert "master s" not in reasons


def test_no_fragments_in_the_tiny_shortlists(tiny_matcher, tiny_needs):
    frame = tiny_matcher.recommend(tiny_needs, top_k=10)
    for reasons in frame.reasons:
        terms, _ = _parts(reasons)
        # "300 mm" may be a term, a bare "300" never; no lone letters either
        assert all(len(t) > 1 and not t.isdigit() for t in terms), reasons
