"""One function per CLI command: find the data, call the stages, return results (never print)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bridge_match.assign import Assignment, assign, read_pairs
from bridge_match.erase import Erasure, forget
from bridge_match.errors import DataError, in_file_order
from bridge_match.export import anonymise as anonymise_frame
from bridge_match.export import rejects_frame, rejects_paths, write
from bridge_match.matcher import Matcher, Progress
from bridge_match.models import ExpertProfile, Need
from bridge_match.options import DEFAULT_MODEL_DIR, Objective, TableFormat
from bridge_match.outputs import Inputs
from bridge_match.prepare import (
    RulesArg,
    data_dir,
    data_inputs,
    fitted_matcher,
    resolve_rules,
    rules_path,
    select_needs,
    write_table,
)
from bridge_match.rules import Rules
from bridge_match.validate import DataReport, check_data, read_profiles


@dataclass
class Recommendation:
    """What :func:`recommend` gives: the shortlist, the needs it is for, notes for the user."""

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
    rules: RulesArg = "default",
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
    strict: bool = False,
) -> Recommendation:
    """Shortlists for a need id or every need of a sector, from folders of profiles and needs:
    ``bridge-match recommend``.

    Parameters
    ----------
    need:
        A need id, or a sector (key, English or Vietnamese label).
    profiles, needs:
        Folders or files (default ``./profiles`` and ``./needs``, else the bundled sample).
    top_k:
        Experts per need.
    country, association:
        Filters (:func:`bridge_match.filters.allowed_rows`).
    rules, boosts:
        The boosts (:data:`RulesArg`); ``boosts=False`` ranks by text similarity only.
    model_dir:
        Where a saved index is used (updated or refitted when the profiles changed), or None.
    skip_invalid:
        Rank with the valid records (and say how many were skipped) instead of stopping.
    rejects:
        Write every rejected profile, with its reasons and its fields as columns, to this CSV,
        and every rejected need beside it (:func:`bridge_match.export.rejects_paths`).
    anonymise, pseudonym_key:
        Names and ids replaced by keyed pseudonyms, contacts dropped.
    semantic_weight:
        Share of the multilingual embedding score fused in.
    progress:
        ``progress(stage, done, total)``.
    output, format:
        ``output`` is checked before any work (never an input, never inside a data or model
        folder, never a file bridge-match did not write). With ``format`` it is then written
        atomically; with ``format=None`` the caller renders it (the CLI's text table) and writes
        it with :func:`bridge_match.outputs.write_text` and ``result.inputs``.
    strict:
        Columns and keys that are no field are problems (which stop the run unless
        ``skip_invalid``), not warnings; warnings never stop a run and are in ``notes``.

    Returns
    -------
    Recommendation
        The shortlist (columns of ``DATA.md``), the needs, notes, the inputs, the file written.

    Raises
    ------
    DataError
        Bad input (every problem, with file, line and field), an unknown need or country, or a
        refused output path.
    ModelError
        A saved model from another version, or damaged.
    """
    inputs = data_inputs(
        data_dir(profiles, "profiles"), data_dir(needs, "needs"), rules_path(rules), model_dir
    )
    inputs.check(output, "--output")
    data = read_inputs(profiles, needs, skip_invalid, rejects, inputs, strict)
    chosen = select_needs(data.needs.accepted, need)
    fitted = fitted_matcher(
        data.profiles.accepted, model_dir, resolve_rules(rules, boosts), semantic_weight, progress
    )
    frame = fitted.matcher.recommend(
        chosen, top_k=top_k, country=country, association=association, progress=progress
    )
    if anonymise:
        frame = anonymise_frame(frame, pseudonym_key)
    result = Recommendation(frame, chosen, [*data_notes(data), *fitted.notes], inputs)
    if output is not None and format is not None:
        result.written = write_table(frame, output, format, inputs)
    return result


def read_inputs(
    profiles: str | Path | None,
    needs: str | Path | None,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
    inputs: Inputs | None = None,
    strict: bool = False,
) -> DataReport:
    """Both folders validated; every rejected record written to ``rejects`` when given.

    Warnings (columns and keys ignored) and notes (files passed over) never stop the run; with
    ``strict`` the ignored columns and keys are problems.

    Raises
    ------
    DataError
        Unless ``skip_invalid``, any problem: one error listing them all.
    """
    report = validate_data(profiles, needs, rejects, inputs, strict)
    if report.problems and not skip_invalid:
        raise DataError(report.problems)
    return report


def validate_data(
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    rejects: str | Path | None = None,
    inputs: Inputs | None = None,
    strict: bool = False,
) -> DataReport:
    """Check both folders: ``bridge-match validate``.

    Parameters
    ----------
    profiles, needs:
        Folders or files (default ``./profiles`` and ``./needs``, else the bundled sample).
    rejects:
        Write the rejected profiles, and a row for each refused profiles file, to this CSV, and
        the needs' to a file beside it (``rejects.csv`` and ``rejects.needs.csv``; see
        :func:`bridge_match.export.rejects_frame`), both checked first: never an input, nor
        inside a data folder, nor a file bridge-match did not write. Both are always written.
    inputs:
        The run's inputs, when the caller has gathered them.
    strict:
        Columns and keys that are no field are problems rather than warnings.

    Returns
    -------
    DataReport
        Accepted, rejected and refused records, every problem, the warnings and notes, and the
        rejects files written; nothing is raised for the data.

    Raises
    ------
    DataError
        A refused ``rejects`` path.
    """
    profiles_dir, needs_dir = data_dir(profiles, "profiles"), data_dir(needs, "needs")
    read = inputs if inputs is not None else data_inputs(profiles_dir, needs_dir)
    targets = rejects_paths(rejects) if rejects is not None else ()
    for target in targets:
        read.check(target, "--rejects")
    report = check_data(profiles_dir, needs_dir, strict)
    if targets:
        profiles_file, needs_file = targets
        kinds = ((profiles_file, report.profiles, ExpertProfile), (needs_file, report.needs, Need))
        for target, part, model in kinds:
            frame = rejects_frame(part.rejected, part.refused, model)
            report.written.append((write(frame, target, "csv", read), len(frame)))
    return report


def data_notes(report: DataReport) -> list[str]:
    """What a command that goes on says about its data: the files passed over, the columns and
    keys ignored, the rejects files written, and what ``skip_invalid`` left out."""
    notes = [str(p) for p in [*report.notes, *report.warnings]]
    if report.written:
        notes.append(report.rejects_note())
    if report.problems:
        # Problems that reject no record (an unknown column with strict, a missing folder) are
        # in no rejects file: said here, or skip_invalid would pass over them in silence.
        held = {p for r in report.rejected for p in r.problems}
        held |= {p for f in report.refused for p in f.problems}
        notes += [str(p) for p in report.problems if p not in held]
        notes.append(report.skipped())
    return notes


@dataclass
class FitSummary:
    """What :func:`fit_model` saved, and how big it is."""

    path: Path
    n_experts: int
    n_terms: int
    notes: list[str] = field(default_factory=list)
    """Files passed over and columns ignored in the profiles."""


def fit_model(
    profiles: str | Path | None = None,
    model_dir: str | Path = DEFAULT_MODEL_DIR,
    progress: Progress | None = None,
    strict: bool = False,
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
    strict:
        Columns and keys that are no field are problems, not warnings.

    Returns
    -------
    FitSummary
        Where the model was saved, its size, and notes on the data.

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
    data = read_profiles(data_dir(profiles, "profiles"), strict)
    if data.problems:
        raise DataError(data.problems)
    matcher = Matcher().fit(data.accepted, progress)
    path = matcher.save(model_dir)
    n_terms, n_experts = matcher.index_t_.shape
    notes = [str(p) for p in in_file_order([*data.notes, *data.warnings])]
    return FitSummary(path, n_experts, n_terms, notes)


@dataclass
class Teams:
    """What :func:`assign_teams` gives: the assignment, notes, inputs, the file written."""

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
    rules: RulesArg = "default",
    boosts: bool = True,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
    skip_invalid: bool = False,
    rejects: str | Path | None = None,
    anonymise: bool = False,
    pseudonym_key: str = "",
    progress: Progress | None = None,
    output: str | Path | None = None,
    format: TableFormat | None = None,
    strict: bool = False,
) -> Teams:
    """Teams for one need, a sector's needs, or every need, from each need's top ``top_k``:
    ``bridge-match assign``.

    Parameters
    ----------
    need:
        A need id or a sector; None for every need.
    min_score, objective, max_per_country:
        As for :func:`bridge_match.assign.assign`.
    conflicts, forced:
        CSV files of ``need_id,expert_id`` pairs never to make, or to keep.
    top_k:
        Candidates per need the teams are chosen from.
    output, format:
        As for :func:`recommend` (xlsx gets a summary sheet).

    The other parameters are :func:`recommend`'s.

    Returns
    -------
    Teams
        The chosen pairs and a summary per need.

    Raises
    ------
    DataError
        Bad input, unknown ids in the pair lists, forced pairs that cannot all be kept, or a
        refused output path.
    """
    inputs = data_inputs(
        data_dir(profiles, "profiles"),
        data_dir(needs, "needs"),
        rules_path(rules),
        model_dir,
        conflicts,
        forced,
    )
    inputs.check(output, "--output")
    data = read_inputs(profiles, needs, skip_invalid, rejects, inputs, strict)
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
    teams = Teams(result, [*data_notes(data), *fitted.notes], inputs)
    if output is not None and format is not None:
        teams.written = write_table(result.pairs, output, format, inputs, summary=result.summary)
    return teams


def forget_people(
    ids: Sequence[str],
    profiles: str | Path | None = None,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
) -> Erasure:
    """Erase people from the profile files and the saved model, then look for what is left:
    ``bridge-match forget`` (:func:`bridge_match.erase.forget`).

    Parameters
    ----------
    ids:
        Expert ids as shown.
    profiles:
        The profiles folder or file (default ``./profiles``, else the bundled sample).
    model_dir:
        The saved model's folder, refitted on the others (deleted when nobody is left).

    Returns
    -------
    Erasure
        What was removed and every trace found afterwards.

    Raises
    ------
    DataError
        An unknown id, a file that cannot be rewritten safely, or a model folder holding files
        bridge-match did not write: nothing changed.
    """
    return forget(ids, data_dir(profiles, "profiles"), model_dir)


class CoverageFiles(dict[str, Path]):
    """The files :func:`coverage_report` wrote, by kind, and ``notes`` for the user (files
    passed over, columns ignored, what was done to the saved model)."""

    def __init__(self, files: dict[str, Path], notes: list[str]) -> None:
        super().__init__(files)
        self.notes = notes


def coverage_report(
    output: str | Path,
    need: str | None = None,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    threshold: float | None = None,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
    strict: bool = False,
) -> CoverageFiles:
    """Which needs have strong candidates and which are talent gaps: ``bridge-match coverage``.

    Parameters
    ----------
    output:
        Folder for ``coverage.png``, ``coverage.html`` and two CSV files.
    need:
        A need id or sector; None for every need.
    threshold:
        Score that makes a candidate strong (default
        :data:`bridge_match.coverage.DEFAULT_THRESHOLD`).

    The other parameters are :func:`recommend`'s.

    Returns
    -------
    CoverageFiles
        The files written, by kind (``png``, ``html``, ``needs_csv``, ``sectors_csv``), a
        ``dict``, with ``notes``.

    Raises
    ------
    DataError
        Bad input, or a report file that would replace a file bridge-match did not write.
    """
    from bridge_match.coverage import DEFAULT_THRESHOLD, write_report

    inputs = data_inputs(data_dir(profiles, "profiles"), data_dir(needs, "needs"), model_dir)
    inputs.check(Path(output) / "coverage.html")
    data = read_inputs(profiles, needs, inputs=inputs, strict=strict)
    chosen = data.needs.accepted if need is None else select_needs(data.needs.accepted, need)
    fitted = fitted_matcher(data.profiles.accepted, model_dir, Rules.default())
    limit = DEFAULT_THRESHOLD if threshold is None else threshold
    files = write_report(fitted.matcher, chosen, output, threshold=limit, inputs=inputs)
    return CoverageFiles(files, [*data_notes(data), *fitted.notes])


@dataclass
class Quality:
    """What :func:`evaluate_quality` measured: the table, and the ablation if asked for."""

    table: pd.DataFrame
    ablation: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    """Files passed over and columns ignored in the data."""


def evaluate_quality(
    qrels: str | Path,
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    ablate: bool = False,
    top_k: int = 10,
    strict: bool = False,
) -> Quality:
    """nDCG, MRR, P@1 and recall of the default scorer on judged needs: ``bridge-match
    evaluate``.

    Parameters
    ----------
    qrels:
        Judgements CSV ``need_id,expert_id,relevance`` (0-3).
    profiles, needs:
        As for :func:`recommend`.
    ablate:
        Also score variants (each boost off, glossary off, ...).
    top_k:
        Cut-off for nDCG and recall.
    strict:
        Columns and keys that are no field are problems, not warnings.

    Returns
    -------
    Quality
        The metrics by group, the ablation table when asked for, and notes on the data.

    Raises
    ------
    DataError
        Bad input or judgements.
    """
    from bridge_match import evaluate as quality

    data = read_inputs(profiles, needs, strict=strict)
    experts, chosen = data.profiles.accepted, data.needs.accepted
    table = quality.evaluate(Matcher().fit(experts), chosen, qrels, top_k)
    ablation = quality.ablate(experts, chosen, qrels, top_k) if ablate else None
    return Quality(table, ablation, data_notes(data))
