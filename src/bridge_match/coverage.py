"""Coverage: for each need and sector, how many experts a coordinator would actually call.

A shortlist always has ten names, even for a need nobody in the diaspora can serve; this module
answers the planner's question instead: where is the talent, and where is the gap. It reads the
same sparse top-k shortlists as :meth:`Matcher.recommend` (never a dense needs × experts matrix)
and writes a heat map (PNG), one self-contained HTML page and two CSV files.

Definitions, per need, at a score ``threshold``:

- **strong**: experts whose final score (similarity + boosts) is at least ``threshold``;
- **gap**: no strong expert at all — the need cannot be staffed from this diaspora data;
- **thin**: some strong experts, but fewer than the team size the need asks for;
- **ok**: at least ``team_size`` strong experts.

>>> from bridge_match import Matcher, load_needs, load_profiles
>>> matcher = Matcher().fit(load_profiles("tests/data/tiny/profiles"))
>>> cov = coverage(matcher, load_needs("tests/data/tiny/needs"))
>>> print(cov.per_need[["need_id", "team_size", "strong", "status"]].to_string(index=False))
   need_id  team_size  strong status
  N-PKG-EN          3       1   thin
 N-SEMI-VI          2       2     ok
   N-AI-EN          3       2   thin
N-GREEN-VI          3       2   thin
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bridge_match.errors import BridgeMatchError, DataError, NotFittedError, Problem
from bridge_match.export import write
from bridge_match.models import Need
from bridge_match.outputs import GENERATOR, Inputs, write_bytes, write_text
from bridge_match.rules import Rules
from bridge_match.sectors import Sector

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from bridge_match.matcher import Matcher

DEFAULT_THRESHOLD = Rules.default().bands.strong
"""Score at which an expert counts as *strong*: someone a coordinator would call — the
``strong`` band of the shipped rules (``rules.yaml``), so that a shortlist's band and the
coverage report mean the same thing.

The bands' thresholds are derived from judgements: ``python bench/band_thresholds.py`` (on
``qrels/sample.csv``, about 9 in 10 strong rows are judged relevant). ``python
bench/coverage_threshold.py`` prints, against the generator's ground truth, how precision and
recall move with the threshold. Recall is modest by design: a strong count is a floor ("at least
this many"). With ``Matcher(rules=None)`` scores carry no boosts, so pass a lower threshold.
"""
DEFAULT_TOP_K = 200
NEED_COLUMNS: list[str] = [
    "need_id",
    "need_title",
    "sector",
    "team_size",
    "strong",
    "best_score",
    "best_expert_id",
    "best_name",
    "status",
    "gap",
]
SECTOR_COLUMNS: list[str] = [
    "sector",
    "label",
    "needs",
    "gaps",
    "thin",
    "strong_experts",
    "median_best",
]
PNG_SIZE_INCHES = (10.0, 5.0)
PNG_DPI = 100
_STATUS_ORDER = {"gap": 0, "thin": 1, "ok": 2}


@dataclass
class Coverage:
    """Per need, per sector and per (sector, country) counts of strong experts at ``threshold``.

    ``per_need`` has :data:`NEED_COLUMNS`, one row per need (sectors in their usual order, then
    need id); ``best_*`` describe the top-ranked expert whether or not they are strong, and are
    empty when no expert shares a single term with the need. ``per_sector`` has
    :data:`SECTOR_COLUMNS`; ``strong_experts`` counts distinct experts strong for at least one of
    the sector's needs. ``heat`` is indexed by sector key, its columns are the experts' countries
    (ISO alpha-2, busiest first, every fitted country present) and its values distinct strong
    experts, so each row sums to the sector's ``strong_experts``.
    """

    per_need: pd.DataFrame
    per_sector: pd.DataFrame
    heat: pd.DataFrame
    threshold: float
    experts: int = 0
    strong_rows: pd.DataFrame | None = None
    """The strong shortlist rows themselves (what a heat-map cell or a need's count is made of:
    the web's coverage page links each to them)."""

    @property
    def gaps(self) -> pd.DataFrame:
        """Needs with no strong candidate at all."""
        return self.per_need[self.per_need["status"] == "gap"]

    @property
    def thin(self) -> pd.DataFrame:
        """Needs with some strong candidates, but fewer than the team they want."""
        return self.per_need[self.per_need["status"] == "thin"]


def coverage(
    matcher: Matcher,
    needs: Sequence[Need],
    threshold: float = DEFAULT_THRESHOLD,
    top_k: int = DEFAULT_TOP_K,
) -> Coverage:
    """Count strong experts per need and sector from sparse top-k shortlists.

    ``top_k`` is only the first look: a need whose ``top_k``-th expert is still strong is asked
    again with a wider list, so counts are exact however popular a need is. See
    :data:`DEFAULT_THRESHOLD` for the default, the rules' ``strong`` band.
    """
    if not hasattr(matcher, "ids_"):
        raise NotFittedError("this Matcher is not fitted yet; call fit(profiles) first")
    if not np.isfinite(threshold):
        raise DataError(Problem("threshold", None, None, "must be a finite number"))
    if top_k < 1:
        raise DataError(Problem("top_k", None, None, "must be at least 1"))
    needs = list(needs)
    rows = _shortlists(matcher, needs, threshold, top_k)
    strong = rows[rows["score"] >= threshold]
    per_need = _per_need(needs, rows, strong)
    heat = _heat(matcher, per_need, strong)
    per_sector = _per_sector(per_need, heat)
    return Coverage(
        per_need,
        per_sector,
        heat,
        float(threshold),
        len(matcher.ids_),
        strong.reset_index(drop=True),
    )


def _shortlists(matcher: Matcher, needs: list[Need], threshold: float, top_k: int) -> pd.DataFrame:
    """Every strong row plus each need's best row, widening only the needs that saturate."""
    if not needs:
        return _empty_rows()
    limit = len(matcher.ids_)
    k = min(top_k, limit)
    pending = needs
    parts: list[pd.DataFrame] = []
    while pending:
        frame = matcher.recommend(pending, top_k=k)
        last = frame.groupby("need_id", sort=False).agg(n=("rank", "size"), low=("score", "min"))
        full = last[(last["n"] >= k) & (last["low"] >= threshold)].index
        if k >= limit or full.empty:
            parts.append(frame)
            break
        parts.append(frame[~frame["need_id"].isin(full)])
        wanted = set(full)
        pending = [n for n in pending if n.id in wanted]
        k = min(k * 4, limit)
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else _empty_rows()


def _empty_rows() -> pd.DataFrame:
    from bridge_match.export import SHORTLIST_COLUMNS

    return pd.DataFrame(columns=SHORTLIST_COLUMNS).astype({"score": float})


def _sector_order(key: object) -> int:
    try:
        return list(Sector).index(Sector(str(key)))
    except ValueError:
        return len(Sector)


def sector_label(key: object) -> str:
    """The English label for a sector key, or the value itself when it is no sector key."""
    try:
        return Sector(str(key)).label
    except ValueError:
        return str(key)


def _per_need(needs: list[Need], rows: pd.DataFrame, strong: pd.DataFrame) -> pd.DataFrame:
    counts = strong.groupby("need_id").size()
    best = rows[rows["rank"] == 1].drop_duplicates("need_id").set_index("need_id")
    records: list[dict[str, object]] = []
    for need in needs:
        n_strong = int(counts.get(need.id, 0))
        top = best.loc[need.id] if need.id in best.index else None
        status = "gap" if n_strong == 0 else ("thin" if n_strong < need.team_size else "ok")
        records.append(
            {
                "need_id": need.id,
                "need_title": need.title,
                "sector": need.sector.value,
                "team_size": need.team_size,
                "strong": n_strong,
                "best_score": float(top["score"]) if top is not None else np.nan,
                "best_expert_id": top["expert_id"] if top is not None else None,
                "best_name": top["name"] if top is not None else None,
                "status": status,
                "gap": status == "gap",
            }
        )
    frame = pd.DataFrame.from_records(records, columns=NEED_COLUMNS)
    if frame.empty:
        return frame
    order = sorted(range(len(frame)), key=lambda i: (_sector_order(needs[i].sector), needs[i].id))
    frame = frame.iloc[order].reset_index(drop=True)
    return frame.astype({"team_size": "int64", "strong": "int64", "best_score": "float64"})


def _heat(matcher: Matcher, per_need: pd.DataFrame, strong: pd.DataFrame) -> pd.DataFrame:
    sectors = list(dict.fromkeys(per_need["sector"]))
    countries = sorted(set(matcher.experts_.countries))
    sector_of = dict(zip(per_need["need_id"], per_need["sector"], strict=True))
    pairs = pd.DataFrame(
        {
            "sector": strong["need_id"].map(sector_of),
            "country": strong["country"],
            "expert_id": strong["expert_id"],
        }
    ).drop_duplicates(["sector", "expert_id"])
    counts = pairs.groupby(["sector", "country"]).size()
    heat = pd.DataFrame(0, index=pd.Index(sectors, name="sector"), columns=countries, dtype="int64")
    for (sector, country), value in counts.items():
        heat.loc[sector, country] = int(value)
    totals = heat.sum(axis=0)
    ordered = sorted(countries, key=lambda c: (-int(totals[c]), c))
    heat = heat[ordered]
    heat.columns.name = "country"
    return heat


def _per_sector(per_need: pd.DataFrame, heat: pd.DataFrame) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for sector, group in per_need.groupby("sector", sort=False):
        records.append(
            {
                "sector": sector,
                "label": sector_label(sector),
                "needs": len(group),
                "gaps": int((group["status"] == "gap").sum()),
                "thin": int((group["status"] == "thin").sum()),
                "strong_experts": int(heat.loc[sector].sum()),
                "median_best": float(group["best_score"].median()),
            }
        )
    return pd.DataFrame.from_records(records, columns=SECTOR_COLUMNS)


# -- the heat map -------------------------------------------------------------------------------


def heatmap_figure(cov: Coverage) -> Figure:
    """The sector × country heat map as a matplotlib ``Figure`` (10 × 5 in at 100 dpi).

    Built on ``Figure`` with the Agg canvas rather than pyplot, so it needs no display and never
    switches the backend of a notebook or application that imports this module.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise BridgeMatchError(
            "install bridge-match[report] for the coverage heat map (needs matplotlib)"
        ) from exc

    fig = Figure(figsize=PNG_SIZE_INCHES, dpi=PNG_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    heat = cov.heat
    ax.set_title(
        f"Strong candidates (score ≥ {cov.threshold:.2f}) by sector and country of residence",
        fontsize=12,
    )
    if heat.empty or heat.shape[1] == 0:
        ax.text(0.5, 0.5, "no needs or no experts", ha="center", va="center")
        ax.set_axis_off()
        return fig
    data = heat.to_numpy(dtype=float)
    peak = max(float(data.max()), 1.0)
    image = ax.imshow(data, cmap="YlGnBu", aspect="auto", vmin=0, vmax=peak)
    ax.set_xticks(range(heat.shape[1]), labels=[str(c) for c in heat.columns])
    ax.set_yticks(range(heat.shape[0]), labels=[sector_label(s) for s in heat.index])
    ax.set_xlabel("Country of residence (ISO 3166 alpha-2)")
    ax.tick_params(length=0)
    size = 10 if heat.shape[1] <= 20 else 7
    for (i, j), value in np.ndenumerate(data):
        colour = "white" if value > peak * 0.55 else "#222222"
        ax.text(j, i, f"{int(value)}", ha="center", va="center", color=colour, fontsize=size)
    fig.colorbar(image, ax=ax, label="distinct strong experts", shrink=0.9)
    return fig


def heatmap_png(cov: Coverage, path: str | Path, inputs: Inputs | None = None) -> Path:
    """Write the heat map as a PNG of exactly 1000 × 500 pixels (no tight bounding box)."""
    fig = heatmap_figure(cov)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": GENERATOR})
    return write_bytes(path, buffer.getvalue(), inputs)


# -- the HTML report ----------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2329;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #dde3ea;
padding-bottom:.2rem}h3{margin-top:1.4rem}
.lead{color:#4a5561}.defs{background:#f4f7fa;border-radius:6px;padding:.6rem 1rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #dde3ea;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.gap td{background:#fde8e8}tr.thin td{background:#fff5db}
.badge{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.8rem;font-weight:600}
.badge.gap{background:#c62828;color:#fff}.badge.thin{background:#f0b400;color:#1d2329}
.badge.ok{background:#2e7d32;color:#fff}
img{max-width:100%;height:auto;border:1px solid #dde3ea}
.heat td.num{min-width:2rem}.muted{color:#6b7680}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
"""


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _score(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return '<span class="muted">—</span>'
    return f"{float(value):.3f}"  # type: ignore[arg-type]


def _badge(status: str) -> str:
    text = {"gap": "gap", "thin": "thin", "ok": "ok"}.get(status, status)
    return f'<span class="badge {_e(status)}">{_e(text)}</span>'


def _need_rows(frame: pd.DataFrame, with_sector: bool) -> str:
    head = ["Need", "Title"] + (["Sector"] if with_sector else [])
    head += ["Team size", "Strong", "Best score", "Best expert", "Status"]
    out = ["<table><thead><tr>", *(f"<th>{h}</th>" for h in head), "</tr></thead><tbody>"]
    for row in frame.itertuples(index=False):
        best = (
            f"{_e(row.best_name)} <span class='muted'>({_e(row.best_expert_id)})</span>"
            if row.best_expert_id
            else '<span class="muted">no expert shares a term</span>'
        )
        cells = [f"<td>{_e(row.need_id)}</td>", f"<td>{_e(row.need_title)}</td>"]
        if with_sector:
            cells.append(f"<td>{_e(sector_label(row.sector))}</td>")
        cells += [
            f'<td class="num">{int(row.team_size)}</td>',
            f'<td class="num">{int(row.strong)}</td>',
            f'<td class="num">{_score(row.best_score)}</td>',
            f"<td>{best}</td>",
            f"<td>{_badge(str(row.status))}</td>",
        ]
        out.append(f'<tr class="{_e(row.status)}">{"".join(cells)}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _sector_table(cov: Coverage) -> str:
    head = ["Sector", "Needs", "Gaps", "Thin", "Distinct strong experts", "Median best score"]
    out = ["<table><thead><tr>", *(f"<th>{h}</th>" for h in head), "</tr></thead><tbody>"]
    for row in cov.per_sector.itertuples(index=False):
        cls = "gap" if row.gaps else ("thin" if row.thin else "ok")
        out.append(
            f'<tr class="{cls}"><td>{_e(row.label)}</td><td class="num">{int(row.needs)}</td>'
            f'<td class="num">{int(row.gaps)}</td><td class="num">{int(row.thin)}</td>'
            f'<td class="num">{int(row.strong_experts)}</td>'
            f'<td class="num">{_score(row.median_best)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _heat_table(cov: Coverage) -> str:
    heat = cov.heat
    if heat.empty:
        return ""
    out = ['<table class="heat"><thead><tr><th>Sector</th>']
    out += [f"<th>{_e(c)}</th>" for c in heat.columns]
    out.append("</tr></thead><tbody>")
    for sector, values in heat.iterrows():
        cells = "".join(f'<td class="num">{int(v)}</td>' for v in values)
        out.append(f"<tr><td>{_e(sector_label(sector))}</td>{cells}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def report_html(
    cov: Coverage, path: str | Path, png: Path | None = None, inputs: Inputs | None = None
) -> Path:
    """One self-contained HTML file (inline CSS, the PNG as a data URI) a coordinator can e-mail.

    The talent gaps come first, then the heat map, the sectors and every need by sector. All
    text from the data is HTML-escaped; the file is UTF-8 and says so.
    """
    per_need = cov.per_need
    shortfall = per_need[per_need["status"] != "ok"].copy()
    shortfall["_order"] = shortfall["status"].map(_STATUS_ORDER)
    shortfall = shortfall.sort_values(["_order", "strong"], kind="stable").drop(columns="_order")
    n_gap, n_thin = len(cov.gaps), len(cov.thin)
    t = f"{cov.threshold:.2f}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{GENERATOR}">',
        "<title>bridge-match — talent coverage</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Talent coverage</h1>",
        f'<p class="lead">{len(per_need)} needs, {cov.experts} expert profiles. '
        f"An expert is <strong>strong</strong> for a need when the score is at least {t}.</p>",
        '<p class="defs">'
        f"{_badge('gap')} no strong expert at all &nbsp; "
        f"{_badge('thin')} fewer strong experts than the team size &nbsp; "
        f"{_badge('ok')} enough strong experts to choose a team from. "
        "Counts are a floor: experts who could help but describe their work in other words "
        "are not counted.</p>",
        "<h2>Talent gaps</h2>",
        f"<p>{n_gap} need(s) without a strong expert, {n_thin} with too few.</p>",
    ]
    if shortfall.empty:
        parts.append("<p>Every need has enough strong experts for its team.</p>")
    else:
        parts.append(_need_rows(shortfall, with_sector=True))
    parts.append("<h2>Where the strong experts live</h2>")
    if png is not None:
        data = base64.b64encode(Path(png).read_bytes()).decode("ascii")
        parts.append(
            f'<img src="data:image/png;base64,{data}" width="1000" height="500" '
            'alt="Heat map: distinct strong experts per sector and country of residence">'
        )
    parts.append(_heat_table(cov))
    parts.append("<h2>By sector</h2>")
    parts.append(_sector_table(cov))
    parts.append("<h2>By need</h2>")
    for sector, group in per_need.groupby("sector", sort=False):
        parts.append(f"<h3>{_e(sector_label(sector))}</h3>")
        parts.append(_need_rows(group, with_sector=False))
    parts.append("</body></html>\n")
    return write_text(path, "\n".join(parts), inputs)


def write_report(
    matcher: Matcher,
    needs: Sequence[Need],
    out_dir: str | Path,
    threshold: float = DEFAULT_THRESHOLD,
    top_k: int = DEFAULT_TOP_K,
    inputs: Inputs | None = None,
) -> dict[str, Path]:
    """Write ``coverage.png``, ``coverage.html``, ``coverage_needs.csv``, ``coverage_sectors.csv``.

    Every file is checked before any is written (never over one of ``inputs``, never over a file
    bridge-match did not write) and each is replaced atomically.

    Returns the paths under the keys ``png``, ``html``, ``needs_csv`` and ``sectors_csv``.
    """
    out = Path(out_dir)
    names = ("coverage.png", "coverage.html", "coverage_needs.csv", "coverage_sectors.csv")
    checks = inputs or Inputs()
    for name in names:
        checks.check(out / name)
    cov = coverage(matcher, needs, threshold=threshold, top_k=top_k)
    png = heatmap_png(cov, out / "coverage.png", checks)
    page = report_html(cov, out / "coverage.html", png=png, inputs=checks)
    needs_csv = write(
        cov.per_need.round({"best_score": 4}), out / "coverage_needs.csv", "csv", checks
    )
    sectors_csv = write(
        cov.per_sector.round({"median_best": 4}), out / "coverage_sectors.csv", "csv", checks
    )
    return {"png": png, "html": page, "needs_csv": needs_csv, "sectors_csv": sectors_csv}
