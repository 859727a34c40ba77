"""Match quality against hand judgements: read qrels, score rankings, compare scorer variants.

A change to the glossary, a field weight or a boost is an improvement only if it puts the experts a
coordinator would pick nearer the top; these functions measure that on a labelled set of
``need_id,expert_id,relevance`` judgements ("qrels"), graded 0–3 as ``docs/labelling.md`` defines.

Conventions (the same in every function here):

- an expert without a judgement counts as relevance 0;
- *relevant* means relevance >= 2 (MRR, recall), *ideal* means relevance 3 (p@1);
- nDCG uses gains ``2**rel - 1`` and ``log2(rank + 1)`` discounts, and builds its ideal ranking from
  every judged expert, so a relevant expert the scorer never retrieved still costs;
- a need with no expert judged >= 2 has no right answer to find: :func:`evaluate` leaves it out of
  every average and counts it in ``n_excluded`` (the metric functions themselves return 0.0).

>>> round(ndcg_at(["E2", "E1"], {"E1": 3, "E2": 1}, k=2), 3)
0.71
>>> reciprocal_rank(["E2", "E1"], {"E1": 3, "E2": 1})
0.5
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from bridge_match.boost import BOOST_NAMES
from bridge_match.errors import DataError, NotFittedError, Problem
from bridge_match.load import display_path, read_table
from bridge_match.matcher import Matcher
from bridge_match.models import ExpertProfile, Need
from bridge_match.rules import Rules
from bridge_match.sectors import Sector
from bridge_match.text import is_vietnamese, nfc

__all__ = [
    "IDEAL",
    "QRELS_COLUMNS",
    "RELEVANT",
    "ablate",
    "evaluate",
    "metric_names",
    "ndcg_at",
    "need_metrics",
    "precision_at_1",
    "read_qrels",
    "recall_at",
    "reciprocal_rank",
    "summarise",
    "to_markdown",
]

QRELS_COLUMNS: tuple[str, str, str] = ("need_id", "expert_id", "relevance")
_HEADER = ",".join(QRELS_COLUMNS)
RELEVANT = 2
IDEAL = 3
_GRADES = range(IDEAL + 1)
_MAX_LISTED = 20
_MINUS = "\N{MINUS SIGN}"


# --------------------------------------------------------------------------------------------
# Judgements.
# --------------------------------------------------------------------------------------------


def read_qrels(path: str | Path) -> pd.DataFrame:
    """Read a ``need_id,expert_id,relevance`` CSV (UTF-8, BOM or not; Excel's ``;`` works too).

    Every bad row is reported at once, as ``file:line: field: problem``: empty ids, a relevance
    that is not a whole number 0–3, a (need, expert) pair judged twice. Whether the ids exist is
    checked by :func:`evaluate`, which knows the data. The frame's index is the file line of each
    judgement, so later errors can point back at it; ``attrs["source"]`` is the file name.
    """
    shown = display_path(Path(path))
    table, problems = read_table(path, QRELS_COLUMNS)
    rows = [
        (line, row.get("need_id", ""), row.get("expert_id", ""), row.get("relevance", ""))
        for line, row in table
    ]
    frame, found = _validated(rows, shown)
    problems.extend(found)
    if not problems and frame.empty:
        problems.append(Problem(shown, None, None, "no judgements: the file has only a header"))
    if problems:
        raise DataError(problems)
    return frame


def _validated(
    rows: Iterable[tuple[int | None, object, object, object]], source: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check judgement rows however they came (file or frame) and build the canonical frame."""
    problems: list[Problem] = []
    first_line: dict[tuple[str, str], int | None] = {}
    lines: list[int | None] = []
    records: list[tuple[str, str, int]] = []
    for line, need_raw, expert_raw, relevance_raw in rows:
        need_id = _id(need_raw)
        expert_id = _id(expert_raw)
        relevance = _grade(relevance_raw)
        faults = [
            Problem(source, line, name, "empty; give an id")
            for name, value in (("need_id", need_id), ("expert_id", expert_id))
            if not value
        ]
        if relevance is None:
            faults.append(
                Problem(
                    source,
                    line,
                    "relevance",
                    f"{_shown(relevance_raw)} is not a whole number from 0 to 3 "
                    "(3 ideal, 2 good, 1 partial, 0 not relevant)",
                )
            )
        if faults:
            problems.extend(faults)
            continue
        pair = (need_id, expert_id)
        if pair in first_line:
            before = first_line[pair]
            where = f" at line {before}" if before is not None else ""
            problems.append(
                Problem(
                    source,
                    line,
                    "expert_id",
                    f"({need_id}, {expert_id}) is judged twice, first{where}; keep one grade",
                )
            )
            continue
        first_line[pair] = line
        lines.append(line)
        records.append((need_id, expert_id, relevance))  # type: ignore[arg-type]
    frame = pd.DataFrame(records, columns=list(QRELS_COLUMNS))
    frame["relevance"] = frame["relevance"].astype("int64")
    if any(line is not None for line in lines):
        frame.index = pd.Index(lines, name="line")
    frame.attrs["source"] = source
    return frame, problems


def _id(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return nfc(str(value)).strip()


def _grade(value: object) -> int | None:
    """A grade 0–3, or None: ``2`` and ``"2"`` are fine; ``2.5``, ``"x"`` and ``4`` are not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number) or not number.is_integer():
            return None
        grade = int(number)
    else:
        text = str(value).strip()
        if not text.lstrip("+-").isdigit():
            return None
        grade = int(text)
    return grade if grade in _GRADES else None


def _shown(value: object) -> str:
    text = "" if value is None else str(value).strip()
    return repr(text) if text else "empty"


def _as_qrels(qrels: pd.DataFrame | str | Path) -> pd.DataFrame:
    """A path is read; a frame built by hand is checked like a file would be."""
    if isinstance(qrels, str | Path):
        return read_qrels(qrels)
    source = str(qrels.attrs.get("source", "qrels"))
    missing = [c for c in QRELS_COLUMNS if c not in qrels.columns]
    if missing:
        raise DataError([Problem(source, None, c, "missing column") for c in missing])
    has_lines = qrels.index.name == "line"
    rows = [
        (int(line) if has_lines else None, need, expert, relevance)
        for line, need, expert, relevance in zip(
            qrels.index, qrels["need_id"], qrels["expert_id"], qrels["relevance"], strict=True
        )
    ]
    frame, problems = _validated(rows, source)
    if problems:
        raise DataError(problems)
    return frame


def _judgements(qrels: pd.DataFrame) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for need_id, expert_id, relevance in qrels[list(QRELS_COLUMNS)].itertuples(index=False):
        out.setdefault(need_id, {})[expert_id] = int(relevance)
    return out


def _check_ids(qrels: pd.DataFrame, need_ids: set[str], expert_ids: set[str]) -> None:
    """Unknown ids mean the judgements are for other data: say which, and where they first occur."""
    source = str(qrels.attrs.get("source", "qrels"))
    problems: list[Problem] = []
    for column, known, what in (
        ("need_id", need_ids, "need"),
        ("expert_id", expert_ids, "expert"),
    ):
        unknown = qrels[~qrels[column].isin(known)]
        for value, group in unknown.groupby(column, sort=True):
            line = group.index[0] if qrels.index.name == "line" else None
            count = len(group)
            rows = f"{count} judgement{'s' if count > 1 else ''}"
            problems.append(
                Problem(
                    source,
                    int(line) if line is not None else None,
                    column,
                    f"unknown {what} {value!r} ({rows}): not in the {what}s being evaluated",
                )
            )
    if problems:
        raise DataError(_listed(problems))


def _listed(problems: list[Problem]) -> list[Problem]:
    """Name the first offenders; a thousand unknown ids (the wrong folder) help nobody."""
    if len(problems) <= _MAX_LISTED:
        return problems
    head = problems[:_MAX_LISTED]
    rest = len(problems) - _MAX_LISTED
    return [*head, Problem(head[0].source, None, None, f"... and {rest} more unknown ids")]


# --------------------------------------------------------------------------------------------
# Metrics on one ranked list.
# --------------------------------------------------------------------------------------------


def _first_occurrences(ranked: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ranked))


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")


def ndcg_at(ranked: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    """Normalised discounted cumulative gain of the top ``k``: 1.0 is the best possible order.

    Graded, so putting a 3 above a 2 matters; the ideal uses every judged expert, retrieved or
    not. 0.0 when no judged expert has relevance above 0 (there is nothing to gain).

    >>> ndcg_at(["a", "b"], {"a": 3, "b": 2}, k=2)
    1.0
    """
    _check_k(k)
    gains = [2.0 ** judged.get(e, 0) - 1.0 for e in _first_occurrences(ranked)[:k]]
    ideal = sorted((2.0**g - 1.0 for g in judged.values() if g > 0), reverse=True)[:k]
    best = _dcg(ideal)
    return _dcg(gains) / best if best > 0 else 0.0


def _dcg(gains: Iterable[float]) -> float:
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def reciprocal_rank(ranked: Sequence[str], judged: Mapping[str, int]) -> float:
    """1 / rank of the first relevant (>= 2) expert: how far a coordinator reads before a hit.

    0.0 when no relevant expert is in the list.
    """
    for rank, expert in enumerate(_first_occurrences(ranked), start=1):
        if judged.get(expert, 0) >= RELEVANT:
            return 1.0 / rank
    return 0.0


def precision_at_1(ranked: Sequence[str], judged: Mapping[str, int]) -> float:
    """1.0 when the top expert is an ideal fit (3), else 0.0: is the first name the one to call?"""
    return 1.0 if ranked and judged.get(ranked[0], 0) >= IDEAL else 0.0


def recall_at(ranked: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    """Share of the relevant (>= 2) experts found in the top ``k``; 0.0 when there are none.

    With more relevant experts than ``k`` the best possible value is below 1.
    """
    _check_k(k)
    relevant = {e for e, g in judged.items() if g >= RELEVANT}
    if not relevant:
        return 0.0
    found = relevant.intersection(_first_occurrences(ranked)[:k])
    return len(found) / len(relevant)


def metric_names(k: int = 10) -> list[str]:
    """Column names of the metrics, in order: ``ndcg@5, ndcg@k, mrr, p@1, recall@k``."""
    return list(dict.fromkeys(["ndcg@5", f"ndcg@{k}", "mrr", "p@1", f"recall@{k}"]))


# --------------------------------------------------------------------------------------------
# Evaluating a matcher.
# --------------------------------------------------------------------------------------------


def need_metrics(
    matcher: Matcher,
    needs: Sequence[Need],
    qrels: pd.DataFrame | str | Path,
    k: int = 10,
) -> pd.DataFrame:
    """One row per need: sector, language, judgement counts and the metrics of its shortlist.

    The shortlist is ``matcher.recommend(needs, top_k=max(k, 10))``, so MRR looks that deep.
    A need with no expert judged >= 2 (or none judged at all) gets NaN metrics: it has no right
    answer, and an average that counted it as 0 would blame the scorer for the labels.
    """
    if k < 1:
        raise DataError(Problem("k", None, None, "must be at least 1"))
    frame = _as_qrels(qrels)
    expert_ids = getattr(matcher, "row_of_", None)
    if expert_ids is None:
        raise NotFittedError("this Matcher is not fitted yet; call fit(profiles) first")
    _check_ids(frame, {n.id for n in needs}, set(expert_ids))
    judgements = _judgements(frame)
    depth = max(k, 10)
    shortlist = matcher.recommend(needs, top_k=depth) if needs else pd.DataFrame()
    ranked: dict[str, list[str]] = {}
    if not shortlist.empty:
        ordered = shortlist.sort_values(["need_id", "rank"])
        ranked = {str(n): list(g.expert_id) for n, g in ordered.groupby("need_id", sort=False)}
    names = metric_names(k)
    records = []
    for need in needs:
        judged = judgements.get(need.id, {})
        ranking = ranked.get(need.id, [])
        n_relevant = sum(1 for g in judged.values() if g >= RELEVANT)
        values: dict[str, float] = dict.fromkeys(names, math.nan)
        if n_relevant:
            values.update(
                {
                    "ndcg@5": ndcg_at(ranking, judged, 5),
                    f"ndcg@{k}": ndcg_at(ranking, judged, k),
                    "mrr": reciprocal_rank(ranking, judged),
                    "p@1": precision_at_1(ranking, judged),
                    f"recall@{k}": recall_at(ranking, judged, k),
                }
            )
        records.append(
            {
                "need_id": need.id,
                "sector": need.sector.value,
                "language": _language(need),
                "n_judged": len(judged),
                "n_relevant": n_relevant,
                "n_ideal": sum(1 for g in judged.values() if g >= IDEAL),
                **values,
            }
        )
    columns = ["need_id", "sector", "language", "n_judged", "n_relevant", "n_ideal", *names]
    return pd.DataFrame(records, columns=columns).set_index("need_id")


def _language(need: Need) -> str:
    return "vi" if is_vietnamese(f"{need.title} {need.description}") else "en"


def evaluate(
    matcher: Matcher,
    needs: Sequence[Need],
    qrels: pd.DataFrame | str | Path,
    k: int = 10,
) -> pd.DataFrame:
    """Mean metrics over the judged needs: ``all``, one row per sector, then ``vi`` and ``en``.

    ``vi``/``en`` split needs by the language they are written in (``is_vietnamese`` of title
    and description), which is where a bilingual scorer most often fails. ``n_needs`` counts the
    needs averaged; ``n_excluded`` those left out for want of a relevant judgement.

    >>> from bridge_match import Matcher, load_needs, load_profiles
    >>> needs = load_needs("needs")
    >>> matcher = Matcher().fit(load_profiles("profiles"))
    >>> table = evaluate(matcher, needs, "qrels/sample.csv")
    >>> list(table.index[:2]), list(table.index[-2:]), int(table.loc["all", "n_needs"])
    (['all', 'semiconductors'], ['vi', 'en'], 36)
    """
    return summarise(need_metrics(matcher, needs, qrels, k), k)


def summarise(per_need: pd.DataFrame, k: int = 10) -> pd.DataFrame:
    """Average a :func:`need_metrics` frame into the ``all`` / sector / ``vi`` / ``en`` rows."""
    names = metric_names(k)
    present = set(per_need["sector"])
    groups: list[tuple[str, pd.Series]] = [("all", per_need["sector"].notna())]
    groups += [(s.value, per_need["sector"] == s.value) for s in Sector if s.value in present]
    groups += [(lang, per_need["language"] == lang) for lang in ("vi", "en")]
    rows = []
    for label, mask in groups:
        part = per_need[mask]
        scored = part[part["n_relevant"] > 0]
        rows.append(
            {
                "group": label,
                "n_needs": len(scored),
                "n_excluded": len(part) - len(scored),
                **{name: float(scored[name].mean()) if len(scored) else math.nan for name in names},
            }
        )
    return pd.DataFrame(rows, columns=["group", "n_needs", "n_excluded", *names]).set_index("group")


def ablate(
    profiles: Sequence[ExpertProfile],
    needs: Sequence[Need],
    qrels: pd.DataFrame | str | Path,
    k: int = 10,
) -> pd.DataFrame:
    """The same metrics for scorer variants side by side, to see what each part contributes.

    Variants: ``similarity only`` (no boosts), ``default rules``, ``"\N{MINUS SIGN} <boost>"``
    for each boost switched off in turn, ``glossary off``, ``concepts weigh 1`` (a glossary concept
    counts like any word), ``word bigrams off``, ``BM25 weighting`` and ``field weighting off``
    (all with default rules).
    Columns: the overall metrics, then nDCG@k on Vietnamese and on English needs.
    """
    frame = _as_qrels(qrels)
    base = Matcher().fit(profiles)
    rules = Rules.default()
    variants: list[tuple[str, Matcher]] = [
        ("similarity only", _with_rules(base, None)),
        ("default rules", base),
    ]
    variants += [
        (f"{_MINUS} {name}", _with_rules(base, rules.without(name))) for name in BOOST_NAMES
    ]
    variants += [
        ("glossary off", Matcher(glossary=False).fit(profiles)),
        ("concepts weigh 1", Matcher(concept_weight=1).fit(profiles)),
        ("word bigrams off", Matcher(ngram_max=1).fit(profiles)),
        ("BM25 weighting", Matcher(weighting="bm25").fit(profiles)),
        ("field weighting off", Matcher(field_weights=False).fit(profiles)),
    ]
    names = metric_names(k)
    rows = []
    for label, matcher in variants:
        table = summarise(need_metrics(matcher, needs, frame, k), k)
        row = {"variant": label, **table.loc["all", names].to_dict()}
        for lang in ("vi", "en"):
            row[f"ndcg@{k} {lang}"] = float(table.loc[lang, f"ndcg@{k}"])
        rows.append(row)
    columns = ["variant", *names, f"ndcg@{k} vi", f"ndcg@{k} en"]
    return pd.DataFrame(rows, columns=columns).set_index("variant")


def _with_rules(fitted: Matcher, rules: Rules | None) -> Matcher:
    """The fitted index with other rules: boosts do not change the index, so do not refit."""
    variant = copy.copy(fitted)
    variant.rules = rules
    return variant


# --------------------------------------------------------------------------------------------
# Reporting.
# --------------------------------------------------------------------------------------------


def to_markdown(frame: pd.DataFrame, digits: int = 3) -> str:
    """A GitHub-flavoured Markdown table of ``frame`` with its index as the first column.

    Written here so that reports need no ``tabulate`` dependency; numbers are right-aligned.

    >>> print(to_markdown(pd.DataFrame({"n": [3], "mrr": [0.5]}, index=pd.Index(["all"]))))
    |  | n | mrr |
    | --- | ---: | ---: |
    | all | 3 | 0.500 |
    """
    headers = [str(frame.index.name or ""), *(str(c) for c in frame.columns)]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    lines = [
        "| " + " | ".join(_cell(h) for h in headers) + " |",
        "| --- | " + " | ".join("---:" if n else "---" for n in numeric) + " |",
    ]
    for label, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = [_cell(label), *(_cell(v, digits) for v in row)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(value: object, digits: int = 3) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.{digits}f}"
    return str(value).replace("|", "\\|").replace("\n", " ")
