import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from bridge_match import Matcher
from bridge_match.text import Analyzer, Glossary
from bridge_match.vectorize import TextVectorizer

DOCS = [
    (("wafer wafer wafer wafer lithography", 1),),
    (("wafer packaging", 1),),
    (("solar cell perovskite", 1),),
]


@pytest.mark.parametrize("weighting", ["tfidf", "bm25"])
def test_rows_are_unit_length_float32(weighting):
    matrix = TextVectorizer(weighting=weighting).fit_transform(DOCS)
    assert matrix.dtype == np.float32
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0, atol=1e-6)


def test_bm25_saturates_term_frequency():
    vectorizer = TextVectorizer(weighting="bm25", ngram_max=1)
    matrix = vectorizer.fit_transform(DOCS).toarray()
    column = {t: i for i, t in enumerate(vectorizer.terms_)}
    wafer, litho = column["wafer"], column["lithography"]
    # wafer appears 4 times in doc 0 but in 2 of 3 docs; lithography once, in 1 doc: saturation
    # and idf together keep wafer from dominating as it would with raw counts.
    assert matrix[0, wafer] < 4 * matrix[0, litho]
    query = vectorizer.transform([(("lithography", 1),)])
    assert query[0, litho] > 0


def test_state_round_trip_for_both_weightings(tiny_profiles, tiny_needs, tmp_path):
    for weighting in ("tfidf", "bm25"):
        matcher = Matcher(weighting=weighting).fit(tiny_profiles)
        loaded = Matcher.load(matcher.save(tmp_path / weighting), tiny_profiles)
        assert loaded.weighting == weighting
        assert_frame_equal(loaded.recommend(tiny_needs), matcher.recommend(tiny_needs))


def test_concept_weight_repeats_concepts():
    glossary = Glossary([("ai", ["học máy"], ["machine learning"])])
    terms = TextVectorizer(glossary, concept_weight=3).analyzer((("học máy", 1),))
    assert terms.count("~machine learning") == 3


@pytest.mark.parametrize(("min_df", "n_jobs"), [(1, 1), (2, 1), (1, 2)])
def test_counting_matches_scikit_learn(sample_profiles, min_df, n_jobs):
    """Our counting (serial or in worker processes) gives exactly TfidfVectorizer's matrix."""
    from sklearn.feature_extraction.text import TfidfVectorizer as Reference

    from bridge_match.documents import profile_document

    docs = [profile_document(p) for p in sample_profiles[:150]]
    ours = TextVectorizer(Glossary.default(), min_df=min_df, n_jobs=n_jobs)
    heard: list[tuple[str, int, int]] = []
    ran: list[bool] = []
    matrix = ours.fit_transform(docs, lambda: ran.append(True), lambda *e: heard.append(e))
    assert ran == [True]
    if n_jobs > 1:
        assert heard[-1] == ("vectorising profiles", 2 * 4, 2 * 4)
    reference = Reference(
        analyzer=ours.analyzer, lowercase=False, min_df=min_df, sublinear_tf=True, dtype=np.float32
    )
    expected = reference.fit_transform(docs)
    assert list(ours.terms_) == list(reference.get_feature_names_out())
    assert abs(matrix - expected).max() < 1e-6
    assert np.allclose(ours.idf_, reference.idf_)


# Pieces that exercise every rule of the analyzer: glossary phrases in both languages, phrases
# that overlap ("chất bán dẫn" / "bán dẫn công suất", "vi mạch" / "mạch tích hợp" / "tích hợp ba
# chiều"), stop words, lone letters and digits, punctuation, Vietnamese with and without accents,
# c++/c#, other scripts, underscores.
PIECES = [
    "kiểm chứng thiết kế",
    "kiem chung thiet ke",
    "pumped storage hydropower",
    "graphene oxide",
    "điện mặt trời nổi",
    "nha may",
    "troi",
    "chip",
    "chất bán dẫn",
    "bán dẫn",
    "công suất",
    "dẫn truyền thuốc",
    "mạch tích hợp",
    "tích hợp ba chiều",
    "in",
    "machine learning",
    "deep learning",
    "learning",
    "học máy",
    "hoc may",
    "học sâu",
    "vi mạch",
    "integrated circuit",
    "ic",
    "thiết kế",
    "quantum computing",
    "of",
    "the",
    "và",
    "của",
    "a",
    "x",
    "7",
    "2025",
    ",",
    ".",
    ";",
    "(",
    ")",
    "/",
    "c++",
    "c#",
    "東京",
    "Ω",
    "snake_case",
    "Đà Nẵng",
    "nghiên cứu",
    "nghien cuu",
    "wafer",
    "GaN-on-Si",
    "NGUYỄN",
    "ß",
]


@st.composite
def documents(draw):
    parts = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join),
                st.integers(min_value=0, max_value=3),
            ),
            max_size=4,
        )
    )
    return tuple(parts)


@settings(max_examples=150, deadline=None)
@given(st.lists(documents(), min_size=1, max_size=6), st.sampled_from([1, 2, 3]))
def test_counting_from_word_numbers_equals_the_string_analyzer(docs, ngram_max):
    """Fit's array counting gives, term for term, the counts of ``Analyzer`` (the string form)."""
    from collections import Counter

    analyzer = Analyzer(Glossary.default(), ngram_max=ngram_max)
    terms, matrix = analyzer.count(docs)
    assert len(set(terms)) == len(terms)
    ours = [
        {terms[c]: v for c, v in zip(row.indices, row.data, strict=True)}
        for row in map(matrix.getrow, range(matrix.shape[0]))
    ]
    expected = [dict(Counter(analyzer(doc))) for doc in docs]
    assert ours == expected


@pytest.mark.parametrize("weighting", ["tfidf", "bm25"])
def test_needs_are_weighted_as_scikit_learn_would(sample_profiles, sample_needs, weighting):
    """Our query path equals ``TfidfVectorizer.transform`` bit for bit, fitted or reloaded,
    given the query's analysis: glossary concepts only where the experts have them
    (:meth:`~bridge_match.text.Glossary.spans`' ``known``)."""
    from bridge_match.documents import need_document, profile_document

    vectorizer = TextVectorizer(Glossary.default(), weighting=weighting)
    vectorizer.fit_transform([profile_document(p) for p in sample_profiles[:120]])
    reloaded = TextVectorizer.from_state(vectorizer.state(), Glossary.default())
    docs = [need_document(n) for n in sample_needs]
    for fitted in (vectorizer, reloaded):
        ours = fitted.transform(docs)
        known = fitted.tfidf_.vocabulary_
        analyzer = fitted.analyzer
        queries = [
            [
                t
                for text, weight in doc
                if weight > 0 and text
                for t in analyzer.terms(text, known) * weight
            ]
            for doc in docs
        ]
        reference = fitted.tfidf_
        as_query = reference.analyzer
        reference.analyzer = lambda terms: terms
        try:
            expected = reference.transform(queries).tocsr().astype(np.float32)
        finally:
            reference.analyzer = as_query
        changed = fitted.tfidf_.transform(docs).tocsr()
        # what the expert reading has and the query's lacks: concepts (broader ones, which only
        # an expert's text makes, and those no expert has, which the query reads as words)
        for row in range(len(docs)):
            lacking = set(changed[row].indices) - set(ours[row].indices)
            assert all(str(fitted.terms_[c]).startswith("~") for c in lacking)
        assert ours.dtype == np.float32
        assert ours.shape == expected.shape
        assert np.array_equal(ours.indptr, expected.indptr)
        assert np.array_equal(ours.indices, expected.indices)
        assert np.array_equal(ours.data, expected.data)


def test_profiles_without_a_word_to_match_on_are_a_clear_error():
    from bridge_match import DataError, ExpertProfile

    people = [
        ExpertProfile(id=f"P{i}", name="An", country="JP", field="a", affiliation="x")
        for i in range(2)
    ]
    with pytest.raises(DataError, match="no profile has a word to match on"):
        Matcher().fit(people)
