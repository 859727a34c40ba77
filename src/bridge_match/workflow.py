"""One function per CLI command: find the data, call the stages, return results (never print)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bridge_match.assign import Assignment, Objective, assign, read_pairs
from bridge_match.erase import Erasure, forget
from bridge_match.errors import DataError, Problem
from bridge_match.export import anonymise as anonymise_frame
from bridge_match.export import rejects_frame, write
from bridge_match.matcher import Matcher, Progress
from bridge_match.models import ExpertProfile, Need
from bridge_match.rules import Rules, load_rules
from bridge_match.sectors import Sector, parse_sector
from bridge_match.validate import DataReport, check_data, load_profiles

DEFAULT_MODEL_DIR = Path("models")
_SAMPLE = Path(__file__).with_name("sample_data")
_SOURCE_TREE = Path(__file__).resolve().parents[2]


def sample_dir(kind: str) -> Path:
    """The bundled sample folder (``profiles`` or ``needs``), installed or in a source checkout."""
    for base in (_SAMPLE, _SOURCE_TREE):
        if (base / kind).is_dir():
            return base / kind
    raise DataError(Problem(kind, None, None, "no data folder given and no bundled sample found"))


def data_dir(given: str | Path | None, kind: str) -> Path:
    """An explicit folder, else ``./profiles`` or ``./needs``, else the bundled sample data."""
    if given is not None:
        return Path(given)
    local = Path(kind)
    return local if local.is_dir() else sample_dir(kind)


def select_needs(needs: Sequence[Need], key: str) -> list[Need]:
    """A need id (exact, then case-insensitive), else every need of a sector in any label."""
    by_id = {n.id: n for n in needs}
    if key in by_id:
        return [by_id[key]]
    folded = {n.id.casefold(): n for n in needs}
    if key.strip().casefold() in folded:
        return [folded[key.strip().casefold()]]
    try:
        sector = parse_sector(key)
    except ValueError:
        close = difflib.get_close_matches(key, list(by_id), n=3, cutoff=0.5)
        hint = f"; closest need ids: {', '.join(close)}" if close else ""
        sectors = ", ".join(s.value for s in Sector)
        raise DataError(
            Problem(
                "--need",
                None,
                None,
                f"{key!r} is neither a sector nor a need id. Sectors: {sectors} (English or "
                f"Vietnamese labels work too, e.g. 'bán dẫn'){hint}",
            )
        ) from None
    chosen = [n for n in needs if n.sector is sector]
    if not chosen:
        raise DataError(Problem("--need", None, None, f"no need in sector {sector.value!r}"))
    return chosen


def resolve_rules(rules: Rules | str | Path | None, boosts: bool = True) -> Rules | None:
    if not boosts:
        return None
    if rules is None:
        return Rules.default()
    return rules if isinstance(rules, Rules) else load_rules(rules)


@dataclass
class Fitted:
    matcher: Matcher
    notes: list[str] = field(default_factory=list)


def fitted_matcher(
    profiles: Sequence[ExpertProfile],
    model_dir: str | Path | None,
    rules: Rules | None,
    semantic_weight: float = 0.0,
    progress: Progress | None = None,
) -> Fitted:
    """Use the saved model when it matches these profiles; refit (and resave) when they changed.

    A model from another version, or a damaged one, is refused with ``ModelError``.
    """
    from bridge_match.persist import MANIFEST, StaleModelError, load_model

    fresh = Matcher(rules=rules, semantic_weight=semantic_weight)
    if model_dir is None or not (Path(model_dir) / MANIFEST).is_file():
        return Fitted(fresh.fit(profiles, progress))
    try:
        loaded = load_model(model_dir, profiles, rules=rules)
        if loaded.semantic_weight != semantic_weight:
            raise StaleModelError(f"the model in {model_dir} has another semantic weight")
        return Fitted(loaded)
    except StaleModelError as stale:
        if stale.updatable:
            updated = load_model(model_dir, profiles, rules=rules, changes="update")
            if not updated.refit_advised and updated.semantic_weight == semantic_weight:
                updated.save(model_dir)
                return Fitted(updated, [f"{stale}: updated the model in {model_dir}, no refit"])
        fresh.fit(profiles, progress).save(model_dir)
        return Fitted(fresh, [f"{stale}: refitted and saved to {model_dir}"])


@dataclass
class Recommendation:
    shortlist: pd.DataFrame
    needs: list[Need]
    notes: list[str] = field(default_factory=list)


def recommend(
    need: str,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    top_k: int = 10,
    country: Sequence[str] | None = None,
    association: str | None = None,
    rules: Rules | str | Path | None = None,
    boosts: bool = True,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
    anonymise: bool = False,
    pseudonym_key: str = "",
    semantic_weight: float = 0.0,
    progress: Progress | None = None,
) -> Recommendation:
    """Shortlists for a need id or every need of a sector, from folders of profiles and needs."""
    data = read_inputs(profiles, needs, skip_invalid, rejects)
    chosen = select_needs(data.needs.accepted, need)
    fitted = fitted_matcher(
        data.profiles.accepted, model_dir, resolve_rules(rules, boosts), semantic_weight, progress
    )
    frame = fitted.matcher.recommend(
        chosen, top_k=top_k, country=country, association=association, progress=progress
    )
    if anonymise:
        frame = anonymise_frame(frame, pseudonym_key)
    return Recommendation(frame, chosen, [*_skipped(data), *fitted.notes])


def read_inputs(
    profiles: str | Path | None,
    needs: str | Path | None,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
) -> DataReport:
    """Both folders validated; every rejected record written to ``rejects`` when given.

    Strict unless ``skip_invalid``: any problem raises one ``DataError`` listing them all.
    """
    report = validate_data(profiles, needs, rejects)
    if report.problems and not skip_invalid:
        raise DataError(report.problems)
    return report


def validate_data(
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    rejects: str | Path | None = None,
) -> DataReport:
    """Check both folders without raising; write the rejected records, and a row for each
    refused file, to ``rejects`` if given."""
    report = check_data(data_dir(profiles, "profiles"), data_dir(needs, "needs"))
    if rejects is not None:
        write(rejects_frame(report.rejected, report.refused), rejects, "csv")
    return report


def _skipped(report: DataReport) -> list[str]:
    return [report.skipped()] if report.problems else []


@dataclass
class FitSummary:
    path: Path
    n_experts: int
    n_terms: int


def fit_model(
    profiles: str | Path | None = None,
    model_dir: str | Path = DEFAULT_MODEL_DIR,
    progress: Progress | None = None,
) -> FitSummary:
    """Fit the index on a profiles folder and save it, for later ``recommend`` runs."""
    matcher = Matcher().fit(load_profiles(data_dir(profiles, "profiles")), progress)
    path = matcher.save(model_dir)
    n_terms, n_experts = matcher.index_t_.shape
    return FitSummary(path, n_experts, n_terms)


@dataclass
class Teams:
    assignment: Assignment
    notes: list[str] = field(default_factory=list)


def assign_teams(
    need: str | None = None,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    min_score: float = 0.0,
    objective: Objective = "total",
    conflicts: str | Path | None = None,
    forced: str | Path | None = None,
    max_per_country: int | None = None,
    top_k: int = 50,
    rules: Rules | str | Path | None = None,
    boosts: bool = True,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
    anonymise: bool = False,
    pseudonym_key: str = "",
    progress: Progress | None = None,
) -> Teams:
    """Teams for one need, a sector's needs, or every need, from each need's top ``top_k``."""
    data = read_inputs(profiles, needs, skip_invalid, rejects)
    every = data.needs.accepted
    chosen = every if need is None else select_needs(every, need)
    experts = data.profiles.accepted
    fitted = fitted_matcher(experts, model_dir, resolve_rules(rules, boosts), progress=progress)
    shortlist = fitted.matcher.recommend(chosen, top_k=top_k, progress=progress)
    result = assign(
        shortlist,
        chosen,
        experts,
        min_score=min_score,
        objective=objective,
        conflicts=read_pairs(conflicts) if conflicts else (),
        forced=read_pairs(forced) if forced else (),
        max_per_country=max_per_country,
    )
    if anonymise:
        result.pairs = anonymise_frame(result.pairs, pseudonym_key)
    return Teams(result, [*_skipped(data), *fitted.notes])


def forget_people(
    ids: Sequence[str],
    profiles: str | Path | None = None,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
) -> Erasure:
    """Erase people from the profile files and the saved model, and prove they are gone."""
    return forget(ids, data_dir(profiles, "profiles"), model_dir)


def coverage_report(
    output: str | Path,
    need: str | None = None,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    threshold: float | None = None,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
) -> dict[str, Path]:
    """Which needs have strong candidates and which are talent gaps: PNG, HTML and CSV files."""
    from bridge_match.coverage import DEFAULT_THRESHOLD, write_report

    data = read_inputs(profiles, needs)
    chosen = data.needs.accepted if need is None else select_needs(data.needs.accepted, need)
    fitted = fitted_matcher(data.profiles.accepted, model_dir, Rules.default())
    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    return write_report(fitted.matcher, chosen, output, threshold=limit)


@dataclass
class Quality:
    table: pd.DataFrame
    ablation: pd.DataFrame | None = None


def evaluate_quality(
    qrels: str | Path,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    ablate: bool = False,
    k: int = 10,
) -> Quality:
    """nDCG, MRR, P@1 and recall of the default scorer on judged needs; variants if ``ablate``."""
    from bridge_match import evaluate as quality

    data = read_inputs(profiles, needs)
    experts, chosen = data.profiles.accepted, data.needs.accepted
    table = quality.evaluate(Matcher().fit(experts), chosen, qrels, k)
    return Quality(table, quality.ablate(experts, chosen, qrels, k) if ablate else None)
