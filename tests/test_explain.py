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
