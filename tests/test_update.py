"""Incremental updates: add, replace and remove experts without a refit."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from pandas.testing import assert_frame_equal

from bridge_match import DataError, Matcher
from bridge_match.persist import StaleModelError
from bridge_match.prepare import fitted_matcher
from bridge_match.rules import Rules
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def fitted(sample_profiles):
    return Matcher().fit(sample_profiles)


def _fresh(sample_profiles) -> Matcher:
    return Matcher().fit(sample_profiles)


def test_remove_then_add_back_restores_every_result(sample_profiles, sample_needs, fitted):
    matcher = _fresh(sample_profiles)
    gone = [p for p in sample_profiles if p.country == "JP"][:25]
    matcher.update(remove=[p.id for p in gone])
    assert len(matcher.ids_) == len(sample_profiles) - 25
    shortlist = matcher.recommend(sample_needs, top_k=10)
    assert not set(shortlist.expert_id) & {p.id for p in gone}

    matcher.update(gone)
    assert list(matcher.ids_) == list(fitted.ids_)
    assert abs(matcher.index_t_ - fitted.index_t_).max() == 0
    assert (matcher.person_ == fitted.person_).all()
    assert_frame_equal(
        matcher.recommend(sample_needs, top_k=10), fitted.recommend(sample_needs, top_k=10)
    )
    assert matcher.changed_since_fit_ == 50


def test_replaced_profile_is_rescored_others_untouched(sample_profiles, sample_needs, fitted):
    matcher = _fresh(sample_profiles)
    need = next(n for n in sample_needs if n.sector.value == "semiconductors")
    winner = fitted.recommend([need], top_k=1).expert_id.iloc[0]
    before = fitted.score([need])
    loser = before.columns[before.iloc[0].to_numpy().argmin()]
    profile = next(p for p in sample_profiles if p.id == loser)
    twin = next(p for p in sample_profiles if p.id == winner)
    matcher.update([profile.model_copy(update={"expertise": twin.expertise})])
    after = matcher.score([need])
    assert after[loser].iloc[0] > before[loser].iloc[0]
    others = [c for c in before.columns if c != loser]
    assert np.allclose(after[others].to_numpy(), before[others].to_numpy())


def test_bad_updates_are_refused(sample_profiles, fitted):
    matcher = _fresh(sample_profiles)
    first = sample_profiles[0]
    with pytest.raises(DataError, match="no expert with id 'NOPE'"):
        matcher.update(remove=["NOPE"])
    with pytest.raises(DataError, match="both given and removed"):
        matcher.update([first], remove=[first.id])
    with pytest.raises(DataError, match="duplicate id"):
        matcher.update([first, first])
    assert list(matcher.ids_) == list(fitted.ids_)


def test_refit_advised_after_many_changes_or_new_words(sample_profiles):
    matcher = _fresh(sample_profiles)
    matcher.update(remove=[p.id for p in sample_profiles[:20]])
    assert not matcher.refit_advised
    matcher.update(remove=[p.id for p in sample_profiles[20:60]])
    assert matcher.refit_advised

    matcher = _fresh(sample_profiles)
    novel = sample_profiles[0].model_copy(
        update={"expertise": " ".join(f"zyx{i} qwv{i}" for i in range(60)), "keywords": []}
    )
    matcher.update([novel])
    assert matcher.unknown_share_ > 0.05
    assert matcher.refit_advised


def test_saved_model_is_brought_up_to_date_without_refit(sample_profiles, tmp_path):
    model = _fresh(sample_profiles).save(tmp_path / "model")
    changed = [
        sample_profiles[0].model_copy(update={"field": "quantum sensing"}),
        *sample_profiles[2:],
    ]
    with pytest.raises(StaleModelError, match="1 changed, 1 removed") as stale:
        Matcher.load(model, changed)
    assert stale.value.changed == [sample_profiles[0].id]
    assert stale.value.removed == [sample_profiles[1].id]

    fitted = fitted_matcher(changed, model, rules=Rules.default())
    assert any("updated the model" in note for note in fitted.notes)
    reloaded = Matcher.load(model, changed)
    direct = _fresh(sample_profiles).update(changed[:1], remove=[sample_profiles[1].id])
    assert abs(reloaded.index_t_ - direct.index_t_).max() == 0
    assert reloaded.changed_since_fit_ == 2


def test_cli_recommend_updates_a_saved_model(tmp_path):
    from typer.testing import CliRunner

    from bridge_match.cli import app

    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", profiles)
    model = tmp_path / "model"
    runner = CliRunner()
    assert runner.invoke(app, ["fit", "--profiles", str(profiles), "--model-dir", str(model)])
    target = sorted(profiles.glob("*.csv"))[0]
    text = target.read_text("utf-8-sig")
    target.write_text(text.replace("University", "Univ.", 1), "utf-8")
    args = ["--profiles", str(profiles), "--needs", str(ROOT / "needs"), "--model-dir", str(model)]
    result = runner.invoke(app, ["recommend", "--need", "ai", *args])
    assert result.exit_code == 0, result.output
    assert "updated the model" in result.stderr
    assert "refitted" not in result.stderr
