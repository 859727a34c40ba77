"""One function per CLI command: find the data, call the stages, return results (never print)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bridge_match.assign import Assignment, assign, read_pairs
from bridge_match.erase import Erasure, forget
from bridge_match.errors import DataError, Problem
from bridge_match.export import anonymise as anonymise_frame
from bridge_match.export import rejects_frame, write
from bridge_match.matcher import Matcher, Progress
from bridge_match.models import ExpertProfile, Need
from bridge_match.options import DEFAULT_MODEL_DIR, Objective, TableFormat
from bridge_match.outputs import Inputs
from bridge_match.rules import Rules, load_rules
from bridge_match.sectors import Sector, parse_sector
from bridge_match.validate import DataReport, check_data, load_profiles

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

    With no model saved in ``model_dir`` the profiles are fitted in memory and nothing is
    written. When the updated or refitted model cannot be saved (a read-only folder, a full
    disk), it ranks from memory and a note says why.

    Parameters
    ----------
    profiles:
        The validated profiles to rank.
    model_dir:
        The model folder, or None to always fit in memory.
    rules:
        Boost rules for the matcher.
    semantic_weight:
        Share of the embedding score fused in.
    progress:
        ``progress(stage, done, total)`` for a long fit.

    Returns
    -------
    Fitted
        The matcher and notes on what was done to the saved model.

    Raises
    ------
    DataError
        ``model_dir`` is a file, or a model has to be saved into a folder holding files
        bridge-match did not write.
    ModelError
        The saved model is from another version, or damaged.
    """
    from bridge_match.model_folder import check_model_dir, model_exists
    from bridge_match.persist import StaleModelError

    fresh = Matcher(rules=rules, semantic_weight=semantic_weight)
    if model_dir is None:
        return Fitted(fresh.fit(profiles, progress))
    if Path(model_dir).exists() and not Path(model_dir).is_dir():
        check_model_dir(model_dir)
    if not model_exists(model_dir):
        return Fitted(fresh.fit(profiles, progress))
    try:
        loaded = Matcher.load(model_dir, profiles, rules=rules)
        if loaded.semantic_weight != semantic_weight:
            raise StaleModelError(f"the model in {model_dir} has another semantic weight")
        return Fitted(loaded)
    except StaleModelError as stale:
        check_model_dir(model_dir)  # before the work whose result could not be saved there
        if stale.updatable:
            updated = Matcher.load(model_dir, profiles, rules=rules, changes="update")
            if not updated.refit_advised and updated.semantic_weight == semantic_weight:
                done = f"updated the model in {model_dir}, no refit"
                return Fitted(updated, [_saved(updated, model_dir, stale, done)])
        fresh.fit(profiles, progress)
        return Fitted(
            fresh, [_saved(fresh, model_dir, stale, f"refitted and saved to {model_dir}")]
        )


def _saved(matcher: Matcher, model_dir: str | Path, stale: Exception, done: str) -> str:
    """Save a brought-up-to-date model, or say why it could not be: ranking needs only the
    model in memory, so a folder that cannot be written to does not stop the command."""
    from bridge_match.model_folder import ModelWriteError

    try:
        matcher.save(model_dir)
    except (ModelWriteError, OSError) as exc:
        reason = exc.reason if isinstance(exc, ModelWriteError) else exc.strerror or str(exc)
        return (
            f"{stale}: brought the model up to date in memory and ranked with it, but could not "
            f"save it to {model_dir} ({reason}); the model there is unchanged. Make the folder "
            "writable or choose another --model-dir to keep the update"
        )
    return f"{stale}: {done}"


def write_table(
    frame: pd.DataFrame,
    output: str | Path,
    fmt: TableFormat | None,
    inputs: Inputs,
    summary: pd.DataFrame | None = None,
) -> Path:
    """Write a result table as CSV, JSON or xlsx (``fmt`` None: by the file's suffix, else CSV),
    atomically and never over an input or a file bridge-match did not write."""
    from bridge_match.export import write as write_flat

    chosen = fmt or _format_of(Path(output))
    if chosen == "xlsx":
        from bridge_match.workbook import write_xlsx

        return write_xlsx(frame, output, summary=summary, inputs=inputs)
    return write_flat(frame, output, chosen, inputs)


def _format_of(path: Path) -> TableFormat:
    suffix = path.suffix.lower()
    return "xlsx" if suffix == ".xlsx" else "json" if suffix == ".json" else "csv"


def _data_inputs(profiles: Path, needs: Path | None = None, *others: str | Path | None) -> Inputs:
    """A run's inputs, every other path the run reads added (rules, pair lists, the model)."""
    return Inputs.of(profiles, needs, *others)


def _path(rules: Rules | str | Path | None) -> str | Path | None:
    """The rules file, when rules are given as one (it is then an input of the run)."""
    return rules if isinstance(rules, str | Path) else None


@dataclass
class Recommendation:
    shortlist: pd.DataFrame
    needs: list[Need]
    notes: list[str] = field(default_factory=list)
    inputs: Inputs = field(default_factory=Inputs)
    """What the run read: a caller writing the shortlist itself checks its file against these."""
    written: Path | None = None


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
    output: str | Path | None = None,
    format: TableFormat | None = None,
) -> Recommendation:
    """Shortlists for a need id or every need of a sector, from folders of profiles and needs.

    ``output`` is checked before any work (never an input, never inside a data or model folder,
    never a file bridge-match did not write). With ``format`` it is then written, atomically;
    with ``format=None`` the caller renders it (the CLI's text table) and writes it with
    :func:`bridge_match.outputs.write_text` and ``result.inputs``.
    """
    inputs = _data_inputs(
        data_dir(profiles, "profiles"), data_dir(needs, "needs"), _path(rules), model_dir
    )
    for target, option in ((output, "--output"), (rejects, "--rejects")):
        inputs.check(target, option)
    data = read_inputs(profiles, needs, skip_invalid, rejects, inputs)
    chosen = select_needs(data.needs.accepted, need)
    fitted = fitted_matcher(
        data.profiles.accepted, model_dir, resolve_rules(rules, boosts), semantic_weight, progress
    )
    frame = fitted.matcher.recommend(
        chosen, top_k=top_k, country=country, association=association, progress=progress
    )
    if anonymise:
        frame = anonymise_frame(frame, pseudonym_key)
    result = Recommendation(frame, chosen, [*_skipped(data), *fitted.notes], inputs)
    if output is not None and format is not None:
        result.written = write_table(frame, output, format, inputs)
    return result


def read_inputs(
    profiles: str | Path | None,
    needs: str | Path | None,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
    inputs: Inputs | None = None,
) -> DataReport:
    """Both folders validated; every rejected record written to ``rejects`` when given.

    Strict unless ``skip_invalid``: any problem raises one ``DataError`` listing them all.
    """
    report = validate_data(profiles, needs, rejects, inputs)
    if report.problems and not skip_invalid:
        raise DataError(report.problems)
    return report


def validate_data(
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    rejects: str | Path | None = None,
    inputs: Inputs | None = None,
) -> DataReport:
    """Check both folders without raising; write the rejected records, and a row for each
    refused file, to ``rejects`` if given (checked first: never an input, nor inside a data
    folder, nor a file bridge-match did not write)."""
    profiles_dir, needs_dir = data_dir(profiles, "profiles"), data_dir(needs, "needs")
    read = inputs if inputs is not None else _data_inputs(profiles_dir, needs_dir)
    read.check(rejects, "--rejects")
    report = check_data(profiles_dir, needs_dir)
    if rejects is not None:
        write(rejects_frame(report.rejected, report.refused), rejects, "csv", read)
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
    """Fit the index on a profiles folder and save it, for later ``recommend`` runs.

    Parameters
    ----------
    profiles:
        The profiles folder or file (default ``./profiles``, else the sample data).
    model_dir:
        The model folder: new, empty, or holding only a model bridge-match saved.
    progress:
        ``progress(stage, done, total)`` for the fit.

    Returns
    -------
    FitSummary
        Where the model was saved and its size.

    Raises
    ------
    DataError
        Bad profiles, or ``model_dir`` is a file or holds files bridge-match did not write
        (checked before fitting).
    ModelError
        The model could not be written (:class:`~bridge_match.persist.ModelWriteError`).
    """
    from bridge_match.model_folder import check_model_dir

    check_model_dir(model_dir)  # before the fit, which can take a minute
    matcher = Matcher().fit(load_profiles(data_dir(profiles, "profiles")), progress)
    path = matcher.save(model_dir)
    n_terms, n_experts = matcher.index_t_.shape
    return FitSummary(path, n_experts, n_terms)


@dataclass
class Teams:
    assignment: Assignment
    notes: list[str] = field(default_factory=list)
    inputs: Inputs = field(default_factory=Inputs)
    written: Path | None = None


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
    output: str | Path | None = None,
    format: TableFormat | None = None,
) -> Teams:
    """Teams for one need, a sector's needs, or every need, from each need's top ``top_k``.

    ``output`` is checked and written as in :func:`recommend` (xlsx with a summary sheet).
    """
    inputs = _data_inputs(
        data_dir(profiles, "profiles"),
        data_dir(needs, "needs"),
        _path(rules),
        model_dir,
        conflicts,
        forced,
    )
    for target, option in ((output, "--output"), (rejects, "--rejects")):
        inputs.check(target, option)
    data = read_inputs(profiles, needs, skip_invalid, rejects, inputs)
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
    teams = Teams(result, [*_skipped(data), *fitted.notes], inputs)
    if output is not None and format is not None:
        teams.written = write_table(result.pairs, output, format, inputs, summary=result.summary)
    return teams


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

    inputs = _data_inputs(data_dir(profiles, "profiles"), data_dir(needs, "needs"), model_dir)
    inputs.check(Path(output) / "coverage.html")
    data = read_inputs(profiles, needs, inputs=inputs)
    chosen = data.needs.accepted if need is None else select_needs(data.needs.accepted, need)
    fitted = fitted_matcher(data.profiles.accepted, model_dir, Rules.default())
    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    return write_report(fitted.matcher, chosen, output, threshold=limit, inputs=inputs)


@dataclass
class Quality:
    table: pd.DataFrame
    ablation: pd.DataFrame | None = None


def evaluate_quality(
    qrels: str | Path,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    ablate: bool = False,
    top_k: int = 10,
) -> Quality:
    """nDCG, MRR, P@1 and recall of the default scorer on judged needs; variants if ``ablate``."""
    from bridge_match import evaluate as quality

    data = read_inputs(profiles, needs)
    experts, chosen = data.profiles.accepted, data.needs.accepted
    table = quality.evaluate(Matcher().fit(experts), chosen, qrels, top_k)
    return Quality(table, quality.ablate(experts, chosen, qrels, top_k) if ablate else None)
