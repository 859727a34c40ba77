from __future__ import annotations

import base64
import io
import sys
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from bridge_match import BridgeMatchError, DataError, Matcher, Need, NotFittedError
from bridge_match.coverage import (
    DEFAULT_THRESHOLD,
    NEED_COLUMNS,
    SECTOR_COLUMNS,
    Coverage,
    coverage,
    heatmap_png,
    report_html,
    write_report,
)


class Page(HTMLParser):
    """What a browser would see: text, tags, image sources, the declared charset."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.images: list[str] = []
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "img":
            self.images.append(values.get("src") or "")
        if tag == "meta" and "charset" in values:
            self.charset = values["charset"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def joined(self) -> str:
        return "".join(self.text)


def parse(path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def sample_coverage(sample_matcher, sample_needs) -> Coverage:
    return coverage(sample_matcher, sample_needs)


@pytest.fixture(scope="module")
def full_shortlist(sample_matcher, sample_needs) -> pd.DataFrame:
    return sample_matcher.recommend(sample_needs, top_k=420)


def test_every_need_listed_once(sample_coverage, sample_needs):
    per_need = sample_coverage.per_need
    assert list(per_need.columns) == NEED_COLUMNS
    assert sorted(per_need.need_id) == sorted(n.id for n in sample_needs)
    assert per_need.need_id.is_unique
    assert list(sample_coverage.per_sector.columns) == SECTOR_COLUMNS
    assert sample_coverage.threshold == DEFAULT_THRESHOLD
    assert sample_coverage.experts == 420


@pytest.mark.parametrize("threshold", [DEFAULT_THRESHOLD, 0.35, 0.5])
def test_strong_counts_match_a_direct_count(
    sample_matcher, sample_needs, full_shortlist, threshold
):
    cov = coverage(sample_matcher, sample_needs, threshold=threshold)
    strong = full_shortlist[full_shortlist.score >= threshold]
    direct = strong.groupby("need_id").size()
    got = cov.per_need.set_index("need_id")["strong"]
    for need in sample_needs:
        assert got[need.id] == direct.get(need.id, 0), need.id
    best = full_shortlist[full_shortlist["rank"] == 1].set_index("need_id")
    per_need = cov.per_need.set_index("need_id")
    assert (per_need.best_score == best.score.reindex(per_need.index)).all()
    assert (per_need.best_expert_id == best.expert_id.reindex(per_need.index)).all()

    no_strong = {n.id for n in sample_needs if direct.get(n.id, 0) == 0}
    assert set(cov.gaps.need_id) == no_strong
    assert set(cov.per_need[cov.per_need.gap].need_id) == no_strong
    too_few = {n.id for n in sample_needs if 0 < direct.get(n.id, 0) < n.team_size}  # thin, not gap
    assert set(cov.thin.need_id) == too_few


def test_gaps_appear_at_a_higher_threshold(sample_matcher, sample_needs):
    """The sample has no gap at the default; a stricter bar must reveal some, all with strong 0."""
    default = coverage(sample_matcher, sample_needs)
    bar = float(default.per_need.best_score.min()) + 1e-6
    strict = coverage(sample_matcher, sample_needs, threshold=bar)
    assert len(strict.gaps) >= 1
    assert (strict.gaps.strong == 0).all()
    assert (strict.gaps.best_score < bar).all()


def test_a_small_top_k_widens_until_counts_are_exact(sample_matcher, sample_needs, sample_coverage):
    narrow = coverage(sample_matcher, sample_needs, top_k=2)
    pd.testing.assert_frame_equal(narrow.per_need, sample_coverage.per_need)
    pd.testing.assert_frame_equal(narrow.heat, sample_coverage.heat)


def test_heat_counts_distinct_experts(sample_coverage, sample_needs, full_shortlist):
    heat = sample_coverage.heat
    sector_of = {n.id: n.sector.value for n in sample_needs}
    strong = full_shortlist[full_shortlist.score >= DEFAULT_THRESHOLD].assign(
        sector=lambda f: f.need_id.map(sector_of)
    )
    direct = strong.drop_duplicates(["sector", "expert_id"]).groupby(["sector", "country"]).size()
    for (sector, country), value in direct.items():
        assert heat.loc[sector, country] == value
    assert heat.to_numpy().sum() == direct.sum()
    per_sector = sample_coverage.per_sector.set_index("sector")
    assert (heat.sum(axis=1) == per_sector.strong_experts).all()
    assert list(heat.index) == [
        "semiconductors",
        "ai",
        "new_materials",
        "green_energy",
        "biotechnology",
        "higher_education",
    ]
    assert per_sector.needs.sum() == len(sample_needs)


def test_png_has_the_promised_size(sample_coverage, tmp_path):
    image = pytest.importorskip("matplotlib.image")
    path = heatmap_png(sample_coverage, tmp_path / "sub" / "heat.png")
    pixels = image.imread(path)
    assert pixels.shape[:2] == (500, 1000)
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_report_files(sample_matcher, sample_needs, tmp_path):
    image = pytest.importorskip("matplotlib.image")
    paths = write_report(sample_matcher, sample_needs, tmp_path / "out")
    assert set(paths) == {"png", "html", "needs_csv", "sectors_csv"}
    assert {p.name for p in paths.values()} == {
        "coverage.png",
        "coverage.html",
        "coverage_needs.csv",
        "coverage_sectors.csv",
    }

    page = parse(paths["html"])
    assert page.charset is not None
    assert page.charset.lower() == "utf-8"
    assert "script" not in page.tags
    for need in sample_needs:
        assert need.id in page.joined
    assert "Tư vấn lộ trình phát triển linh kiện công suất GaN và SiC cho xe điện" in page.joined
    assert len(page.images) == 1
    prefix = "data:image/png;base64,"
    assert page.images[0].startswith(prefix)
    png = base64.b64decode(page.images[0][len(prefix) :])
    assert png == paths["png"].read_bytes()
    assert image.imread(io.BytesIO(png)).shape[:2] == (500, 1000)
    text = page.joined
    assert text.index("Talent gaps") < text.index("By sector") < text.index("By need")
    assert "http://" not in paths["html"].read_text(encoding="utf-8")

    for name in ("needs_csv", "sectors_csv"):
        assert paths[name].read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(paths["needs_csv"], encoding="utf-8-sig")
    assert list(back.columns) == NEED_COLUMNS
    assert sorted(back.need_id) == sorted(n.id for n in sample_needs)
    expected = coverage(sample_matcher, sample_needs).per_need
    assert back.best_name.tolist() == expected.best_name.tolist()
    assert any("ễ" in name for name in back.best_name)  # diacritics survive the CSV


def test_html_escapes_data(tiny_matcher, tmp_path):
    hostile = Need(
        id="N-<b>X</b>",
        title='<script>alert("x")</script> & đóng gói vi mạch',
        sector="semiconductors",
        description="đóng gói vi mạch, flip-chip",
    )
    cov = coverage(tiny_matcher, [hostile])
    page = parse(report_html(cov, tmp_path / "r.html"))
    assert "script" not in page.tags
    assert "b" not in page.tags
    assert '<script>alert("x")</script> & đóng gói vi mạch' in page.joined
    assert "N-<b>X</b>" in page.joined
    assert page.images == []


def test_a_need_below_the_bar_is_a_gap(tiny_matcher, tiny_needs):
    cov = coverage(tiny_matcher, tiny_needs, threshold=1.5)
    assert (cov.per_need.status == "gap").all()
    assert cov.per_need.gap.all()
    assert cov.per_need.best_score.notna().all()
    assert cov.per_sector.gaps.sum() == len(tiny_needs)
    assert cov.heat.to_numpy().sum() == 0


class Silent(Matcher):
    """A fitted matcher whose shortlists are empty: no expert shares a single term."""

    def recommend(self, needs, top_k=10, country=None, association=None):
        return super().recommend(needs, top_k, country, association).iloc[:0]


def test_a_need_nobody_matches_is_a_gap(tiny_profiles, tiny_needs, tmp_path):
    cov = coverage(Silent().fit(tiny_profiles), tiny_needs[:1])
    row = cov.per_need.iloc[0]
    assert row.status == "gap"
    assert row.gap
    assert np.isnan(row.best_score)
    assert row.best_expert_id is None
    assert cov.per_sector.strong_experts.tolist() == [0]
    page = parse(report_html(cov, tmp_path / "r.html"))
    assert tiny_needs[0].id in page.joined
    assert "no expert shares a term" in page.joined


def test_no_needs(tiny_matcher, tmp_path):
    cov = coverage(tiny_matcher, [])
    assert cov.per_need.empty
    assert cov.per_sector.empty
    assert cov.heat.empty
    report_html(cov, tmp_path / "r.html")
    pytest.importorskip("matplotlib")
    heatmap_png(cov, tmp_path / "r.png")


def test_bad_arguments(tiny_profiles, tiny_needs, tiny_matcher):
    with pytest.raises(NotFittedError):
        coverage(Matcher(), tiny_needs)
    with pytest.raises(DataError):
        coverage(tiny_matcher, tiny_needs, threshold=float("nan"))
    with pytest.raises(DataError):
        coverage(tiny_matcher, tiny_needs, top_k=0)


def test_missing_matplotlib_is_a_clear_error(tiny_matcher, tiny_needs, tmp_path, monkeypatch):
    cov = coverage(tiny_matcher, tiny_needs)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(BridgeMatchError, match=r"bridge-match\[report\]"):
        heatmap_png(cov, tmp_path / "x.png")
