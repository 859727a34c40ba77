"""Recommendations on 10,000 profiles equal the straightforward exact computation.

Why this test exists: ``Matcher.recommend`` does not sort every expert for every need. It picks
candidates by similarity with ``argpartition``, widens the candidate pool until no expert outside
it could climb into the top k (boosts are capped, so the pool is bounded by the boost cap), and
collapses a person listed by several associations to their best-ranked profile. Each of these
shortcuts is a place where an off-by-one, a lost tie or a too-early stop would silently change a
shortlist. Here the answer is recomputed the slow, obvious way - the full score matrix from
``Matcher.score``, its similarity part recomputed with plain scikit-learn, every expert sorted by
(score desc, expert id asc), one profile per person, first k taken - and the two must agree:
same experts in the same order, same scores (to the 4 decimals the shortlist shows). This is
checked with the default rules, with a country filter, and with boosts strong enough that the
candidate pool has to widen far down the similarity order.

Only public entry points are used (``Matcher(rules=...)``, ``Matcher.score/recommend/transform/
vectorizer_``, ``Rules``, ``text.profile_document``, ``dedupe.person_groups``,
``load_profiles/load_needs``, ``sample.write_sample``), so the test survives rewrites of the
ranking internals.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics.pairwise import cosine_similarity

from bridge_match import ExpertProfile, Matcher, Need, Rules, load_needs, load_profiles
from bridge_match.dedupe import person_groups
from bridge_match.documents import profile_document
from bridge_match.sample import write_sample

SEED = 20_240_611  # not the shipped sample's seed (57)
N_GENERATED = 9_750
RELIST_EVERY = 39  # every 39th generated person is listed again by a second association
N_RELISTED = -(-N_GENERATED // RELIST_EVERY)  # 250, so 10,000 profiles in all
N_NEEDS = 60
SIMILARITY_ATOL = 1e-5
SCORE_ATOL = 1e-6
SHOWN_ATOL = 0.5e-4 + SCORE_ATOL  # the shortlist rounds score, similarity and boost to 4 places


@dataclass(frozen=True)
class Exact:
    """Everything the slow computation needs, aligned with the id-sorted profiles."""

    profiles: list[ExpertProfile]  # sorted by id
    needs: list[Need]
    ids: list[str]
    countries: np.ndarray
    person: np.ndarray  # person group of each id-sorted profile
    scores: np.ndarray  # needs × experts, from Matcher.score
    full_order: list[list[int]]  # per need: every expert, by (score desc, id asc)


def _relist(generated: Path, out: Path) -> list[tuple[str, str]]:
    """A second association's file listing some generated people again, under new ids.

    The generator itself yields some same-name-same-affiliation people at this size (49 extra
    records with this seed), but none of them reaches a top-50 list, so one-per-person collapsing
    would go untested. Half the copies
    are verbatim (same e-mail: exact score ties with the original, broken by id); half drop a
    sentence, a keyword, the e-mail, and change the years, so they score differently and are
    recognised by name, country and affiliation only. Returns (original id, copy id) pairs.
    """
    with generated.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    copies: list[dict[str, str]] = []
    pairs: list[tuple[str, str]] = []
    for number, row in enumerate(rows[::RELIST_EVERY]):
        copy = dict(row)
        # "US-RELIST-..." sorts before "US-VSEA-...", "JP-RELIST-..." after "JP-AVIJ-...": the
        # copy has the lower id for about two thirds of these people, the original for the rest.
        copy["id"] = f"{row['id'].split('-')[0]}-RELIST-{number:04d}"
        copy["association"] = "Vietnamese Experts Network (second listing)"
        if number % 2:
            sentences = row["expertise"].split(". ")
            copy["expertise"] = ". ".join(sentences[:-1] or sentences)
            keywords = row["keywords"].split(";")
            copy["keywords"] = ";".join(keywords[:-1] or keywords)
            copy["email"] = ""
            years = int(row["years_experience"] or 0)
            copy["years_experience"] = str(years + 4)
        copies.append(copy)
        pairs.append((row["id"], copy["id"]))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(copies)
    return pairs


@dataclass(frozen=True)
class Data:
    profiles: list[ExpertProfile]
    needs: list[Need]
    relisted: list[tuple[str, str]]  # (original id, second listing's id)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    root = tmp_path_factory.mktemp("exactness")
    write_sample(root, N_GENERATED, N_NEEDS, seed=SEED, layout="csv")
    pairs = _relist(root / "profiles" / "profiles.csv", root / "profiles" / "relisted.csv")
    assert len(pairs) == N_RELISTED
    profiles, needs = load_profiles(root / "profiles"), load_needs(root / "needs")
    assert len(profiles) == N_GENERATED + N_RELISTED == 10_000
    assert len(needs) == N_NEEDS
    return Data(profiles, needs, pairs)


def _exact(data: Data, matcher: Matcher) -> Exact:
    """The slow way's inputs: the full score matrix, every row sorted by (score desc, id asc)."""
    ordered = sorted(data.profiles, key=lambda p: p.id)
    ids = [p.id for p in ordered]
    frame = matcher.score(data.needs)
    assert list(frame.index) == [n.id for n in data.needs]
    assert list(frame.columns) == ids  # every expert, in id order
    scores = frame.to_numpy(dtype=np.float64)
    full_order = [
        sorted(range(len(ids)), key=lambda j, row=row: (-row[j], ids[j])) for row in scores
    ]
    return Exact(
        profiles=ordered,
        needs=data.needs,
        ids=ids,
        countries=np.array([p.country for p in ordered], dtype=object),
        person=np.asarray(person_groups(ordered)),
        scores=scores,
        full_order=full_order,
    )


@pytest.fixture(scope="module")
def matcher(data: Data) -> Matcher:
    return Matcher().fit(data.profiles)


@pytest.fixture(scope="module")
def exact(data: Data, matcher: Matcher) -> Exact:
    return _exact(data, matcher)


@pytest.fixture(scope="module")
def similarity(data: Data) -> np.ndarray:
    """Similarity alone (needs × id-sorted experts): ``score()`` of the same fit without rules."""
    frame = Matcher(rules=None).fit(data.profiles).score(data.needs)
    assert list(frame.columns) == sorted(p.id for p in data.profiles)
    return frame.to_numpy(dtype=np.float64)


# Boosts five times the default cap: an expert far down the similarity order can now reach the
# top, so a candidate pool that stops widening too early, or widens by similarity only, shows.
STRONG_RULES = Rules.model_validate(
    {
        **Rules.default().model_dump(),
        "max_total_boost": 0.6,
        "sector_match": 0.25,
        "preferred_country": 0.3,
        "shared_language": 0.1,
    }
)


@pytest.fixture(scope="module")
def strong(data: Data) -> tuple[Matcher, Exact]:
    matcher = Matcher(rules=STRONG_RULES).fit(data.profiles)
    return matcher, _exact(data, matcher)


def expected_top(
    exact: Exact, need: int, k: int, allowed: np.ndarray | None = None
) -> tuple[list[str], list[float]]:
    """The top ``k`` people the slow way: walk the full sort, first profile of each person.

    An expert with score 0 shares no term with the need and is never recommended; every case
    below has far more than ``k`` positive experts, so this rule never decides the answer.
    """
    row = exact.scores[need]
    seen: set[int] = set()
    ids: list[str] = []
    scores: list[float] = []
    for j in exact.full_order[need]:
        if row[j] <= 0:
            break
        if allowed is not None and not allowed[j]:
            continue
        person = int(exact.person[j])
        if person in seen:
            continue
        seen.add(person)
        ids.append(exact.ids[j])
        scores.append(float(row[j]))
        if len(ids) == k:
            break
    assert len(ids) == k, f"test data too thin: {len(ids)} experts for need {need}, k={k}"
    return ids, scores


def assert_same_shortlists(
    shortlist: pd.DataFrame,
    exact: Exact,
    needs: list[int],
    k: int,
    allowed: np.ndarray | None = None,
) -> None:
    """``recommend``'s shortlist, need by need, is exactly :func:`expected_top`."""
    got = {need_id: group.sort_values("rank") for need_id, group in shortlist.groupby("need_id")}
    assert set(got) == {exact.needs[i].id for i in needs}
    for i in needs:
        need_id = exact.needs[i].id
        want_ids, want_scores = expected_top(exact, i, k, allowed)
        group = got[need_id]
        assert group["rank"].tolist() == list(range(1, k + 1)), need_id
        got_ids = group["expert_id"].tolist()
        if got_ids != want_ids:
            at = next(p for p, (a, b) in enumerate(zip(got_ids, want_ids, strict=False)) if a != b)
            pytest.fail(
                f"{need_id} k={k}: rank {at + 1} is {got_ids[at]} "
                f"(score {group['score'].iloc[at]:.9f}), exact computation has {want_ids[at]} "
                f"(score {want_scores[at]:.9f})\n got: {got_ids}\nwant: {want_ids}"
            )
        np.testing.assert_allclose(
            group["score"].to_numpy(), want_scores, rtol=0, atol=SHOWN_ATOL, err_msg=need_id
        )


def test_generated_set_lists_some_people_twice(data: Data, exact: Exact) -> None:
    """The premise of the collapsing checks: duplicates exist and reach the shortlists."""
    group_of = dict(zip(exact.ids, exact.person.tolist(), strict=True))
    assert all(group_of[original] == group_of[copy] for original, copy in data.relisted)
    assert len(np.unique(exact.person)) <= len(exact.ids) - N_RELISTED
    for k in (10, 50):
        # Needs whose naive top k (no collapsing) holds someone twice.
        doubled = sum(
            len({int(exact.person[j]) for j in order[:k]}) < k for order in exact.full_order
        )
        assert doubled >= 3, f"only {doubled} needs have a person twice in their naive top {k}"


def test_score_matrix_is_cosine_plus_capped_boost(
    exact: Exact, matcher: Matcher, similarity: np.ndarray
) -> None:
    """Similarity, recomputed independently, is the TF-IDF cosine; score - similarity is a boost.

    ``score()`` gives similarity + boost only, so the similarity alone comes from the same
    profiles fitted without rules (boosts off), and is checked against plain scikit-learn.
    """
    rules = Rules.default()
    # read as experts are (broader concepts too: partial credit), not as a query
    experts, _ = matcher.vectorizer_.transform_experts(
        [profile_document(p) for p in exact.profiles]
    )
    queries = matcher.transform(exact.needs)
    assert experts.shape[0] == len(exact.ids)
    assert queries.shape[0] == len(exact.needs)
    shortlist = matcher.recommend(exact.needs, top_k=10)
    column = {expert_id: j for j, expert_id in enumerate(exact.ids)}
    for i, need in enumerate(exact.needs):
        cosine = cosine_similarity(queries[i], experts, dense_output=True).ravel()  # one dense row
        np.testing.assert_allclose(
            similarity[i], cosine, rtol=0, atol=SIMILARITY_ATOL, err_msg=need.id
        )
        # Boosts are non-negative, capped, and nothing below min_similarity.
        boost = exact.scores[i] - similarity[i]
        assert boost.min() >= -SCORE_ATOL, need.id
        assert boost.max() <= rules.max_total_boost + SCORE_ATOL, need.id
        assert np.abs(boost[similarity[i] < rules.min_similarity]).max() <= SCORE_ATOL, need.id
        assert boost.max() > 0, need.id  # the boosts are really on in `matcher`
        # The shortlist reports the same similarity and boost (rounded for display).
        rows = shortlist[shortlist["need_id"] == need.id]
        at = [column[e] for e in rows["expert_id"]]
        for name, want in (("similarity", cosine[at]), ("boost", boost[at])):
            np.testing.assert_allclose(
                rows[name].to_numpy(), want, rtol=0, atol=SHOWN_ATOL, err_msg=f"{need.id} {name}"
            )


@pytest.mark.parametrize("k", [1, 10, 50])
def test_recommend_equals_exact_top_k(exact: Exact, matcher: Matcher, k: int) -> None:
    shortlist = matcher.recommend(exact.needs, top_k=k)
    assert_same_shortlists(shortlist, exact, list(range(len(exact.needs))), k)


@pytest.mark.parametrize(("country", "codes"), [("JP", ["JP"]), (["SE", "NL"], ["SE", "NL"])])
@pytest.mark.parametrize("k", [1, 10, 50])
def test_recommend_with_country_filter_equals_exact_top_k(
    exact: Exact, matcher: Matcher, country: str | list[str], codes: list[str], k: int
) -> None:
    picked = list(range(0, len(exact.needs), 7))  # a few needs, every sector
    allowed = np.isin(exact.countries, codes)
    assert 0 < allowed.sum() < len(allowed)
    shortlist = matcher.recommend([exact.needs[i] for i in picked], top_k=k, country=country)
    assert set(shortlist["expert_id"].map(dict(zip(exact.ids, exact.countries, strict=True)))) <= (
        set(codes)
    )
    assert_same_shortlists(shortlist, exact, picked, k, allowed)


def test_ties_are_broken_by_expert_id() -> None:
    """Identical profiles of different people tie exactly; the lower id ranks first."""

    def expert(pid: str, field: str, expertise: str) -> ExpertProfile:
        return ExpertProfile(
            id=pid,
            name=f"Expert {pid}",  # different people: nothing for dedupe to join
            country="JP",
            field=field,
            sectors=["semiconductors"],
            affiliation=f"Lab {pid}",
            expertise=expertise,
            keywords=["EUV", "overlay control"],
            languages=["vi", "en"],
            years_experience=10,
        )

    twins = ["E-11", "E-03", "E-09", "E-05", "E-07"]
    profiles = [
        expert(pid, "photolithography", "EUV lithography and overlay control in a 300 mm fab.")
        for pid in twins
    ]
    profiles.append(expert("E-01", "plasma etch", "Plasma etch and EUV resist stripping."))
    profiles.append(expert("E-99", "photolithography", "EUV lithography, OPC and overlay control."))
    need = Need(
        id="N-1",
        title="EUV lithography and overlay control",
        sector="semiconductors",
        description="Set up EUV lithography with overlay control for a new 300 mm fab.",
        required_skills=["EUV", "overlay control"],
    )
    assert len(set(person_groups(profiles).tolist())) == len(profiles)

    for given in (profiles, profiles[::-1]):
        matcher = Matcher().fit(given)
        scores = matcher.score([need]).loc["N-1"]
        # The premise: the twins tie exactly, above everyone else, and others score too.
        assert scores[twins].nunique() == 1
        assert scores[twins].iloc[0] > scores.drop(twins).max() > 0
        # A tie straddling the k-th place: only the lowest ids get in, in id order.
        for k in (1, 2, 3, 4):
            shortlist = matcher.recommend([need], top_k=k)
            assert shortlist["expert_id"].tolist() == sorted(twins)[:k]
        ranked = matcher.recommend([need], top_k=len(profiles))["expert_id"].tolist()
        assert ranked == sorted(scores.index, key=lambda e: (-scores[e], e))


@pytest.mark.parametrize("k", [1, 10, 50])
def test_recommend_equals_exact_top_k_with_strong_boosts(
    strong: tuple[Matcher, Exact], similarity: np.ndarray, k: int
) -> None:
    matcher, exact = strong
    # The premise: boosts lift experts from deep in the similarity order into the top k.
    deepest = 0
    for i, order in enumerate(exact.full_order):
        by_similarity = np.argsort(np.argsort(-similarity[i], kind="stable"), kind="stable")
        deepest = max(deepest, max(int(by_similarity[j]) for j in order[:k]))
    assert deepest > 5 * k, f"boosts lift no one from beyond the similarity top {5 * k}"
    everyone = list(range(len(exact.needs)))
    assert_same_shortlists(matcher.recommend(exact.needs, top_k=k), exact, everyone, k)
    picked = everyone[::7]
    allowed = np.isin(exact.countries, ["JP"])
    shortlist = matcher.recommend([exact.needs[i] for i in picked], top_k=k, country="JP")
    assert_same_shortlists(shortlist, exact, picked, k, allowed)


@pytest.mark.parametrize("country", [None, "JP"])
def test_one_need_alone_gets_its_batch_shortlist(
    exact: Exact, matcher: Matcher, country: str | None
) -> None:
    """Alone, a need takes the dense single-need path; in a batch, the sparse product."""
    from bridge_match.score import _block_pools, _single_pool

    picked = [exact.needs[i] for i in range(0, len(exact.needs), 5)]
    batch = matcher.recommend(picked, top_k=10, country=country)
    for need in picked:
        alone = matcher.recommend([need], top_k=10, country=country)
        expected = batch[batch["need_id"] == need.id].reset_index(drop=True)
        pd.testing.assert_frame_equal(alone, expected)
    queries = matcher.transform(picked)
    allowed = None if country is None else np.isin(exact.countries, [country])
    pools = _block_pools(queries, matcher.index_, allowed, 50)
    for i, (rows, sims) in enumerate(pools):
        single_rows, single_sims = _single_pool(queries[i], matcher.index_, allowed, 50)
        assert np.array_equal(single_rows, rows)
        assert np.array_equal(single_sims, sims)  # the same float32 sums, bit for bit
