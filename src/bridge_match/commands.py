"""One function per CLI command: find the data, call the stages, return results (never print)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bridge_match.assign import Assignment, assign, read_pairs
from bridge_match.conflicts import flagged_note, left_out_notes
from bridge_match.erase import Erasure
from bridge_match.errors import DataError, in_file_order
from bridge_match.export import anonymise as anonymise_frame
from bridge_match.filters import Filters
from bridge_match.matcher import Matcher, Progress
from bridge_match.models import Need
from bridge_match.options import DEFAULT_MODEL_DIR, Objective, TableFormat
from bridge_match.organisations import OrganisationsArg, resolve_organisations
from bridge_match.outputs import Inputs
from bridge_match.prepare import (
    RulesArg,
    checked_data,
    data_dir,
    data_inputs,
    data_notes,
    fitted_matcher,
    given_file,
    read_inputs,
    resolve_rules,
    rules_path,
    select_needs,
    write_table,
)
from bridge_match.rules import Band, Rules
from bridge_match.validate import DataReport, read_profiles
from bridge_match.workspace import Workspace
from bridge_match.workspace.session import Query, candidates_in_workspace, ranked_in_workspace


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
    need: str | None = None,
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
    expert: str | None = None,
    text: str | None = None,
    sector: str | None = None,
    language: Sequence[str] | None = None,
    min_years: int | None = None,
    expert_sector: Sequence[str] | None = None,
    min_band: Band | None = None,
    organisations: OrganisationsArg = "default",
    strict: bool = False,
    workspace: Workspace | str | Path | None = None,
    hide: Sequence[str] = (),
    save: str | None = None,
    by: str | None = None,
    lang: str | None = None,
) -> Recommendation:
    """Shortlists: ``bridge-match recommend``. Exactly one of ``need`` (the experts for a need
    id, every need of a sector, or ``all``), ``expert`` (the needs that fit this expert) or
    ``text`` (the experts for an ad-hoc need in free text).

    Parameters
    ----------
    need:
        A need id, a sector (key, English or Vietnamese label), or ``all``.
    profiles, needs:
        Folders or files (default ``./profiles`` and ``./needs``, else the bundled sample).
    top_k:
        Experts per need (needs, with ``expert``).
    country, association, language, min_years, expert_sector:
        Filters on the experts (:class:`~bridge_match.filters.Filters`); with ``expert``, a
        filter that expert does not pass is an error naming it.
    rules, boosts:
        The boosts (:data:`~bridge_match.prepare.RulesArg`); ``boosts=False`` ranks by text
        similarity only.
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
        ``output`` is checked first (never an input, inside a data or model folder, or a file
        bridge-match did not write); with ``format`` it is written atomically, with None the
        caller writes it (:func:`bridge_match.outputs.write_text`, ``result.inputs``).
    expert:
        An expert id: rank the needs for them.
    text, sector:
        Free text to rank experts for, in any language, and its sector (guessed from the text
        when not given).
    min_band:
        Leave out rows below this strength band.
    organisations:
        The organisation table the ``conflict`` column is found with
        (:data:`~bridge_match.organisations.OrganisationsArg`: ``"default"`` the shipped one, a
        file merged over it, or None for the exact-name rule only).
    strict:
        Columns and keys that are no field are problems (which stop the run unless
        ``skip_invalid``), not warnings; warnings never stop a run and are in ``notes``.
    workspace:
        Without ``profiles`` and ``needs``, the workspace ranked from (a path or URL; default
        ``BRIDGE_MATCH_WORKSPACE``, else ``./bridge-match.sqlite``), imported from the data
        folders on first use; its rows get a ``status`` column. With them, the files are read
        instead (and ``model_dir`` is used).
    hide:
        Leave out pairs with these pipeline statuses (``declined,withdrawn``); each need still
        gets ``top_k`` rows.
    save, by:
        Keep the shortlist in the workspace under this name, saved by this person.
    lang:
        The reasons' language (``"vi"``, ``"en"``; None: each need's own).

    Returns
    -------
    Recommendation
        The shortlist (columns of ``DATA.md``), the needs, notes, the inputs, the file written.

    Raises
    ------
    DataError
        Bad input (every problem, with file, line and field); not exactly one of need, expert
        and text; an unknown need, expert, country, language, sector or association; filters
        that leave nobody; a faulty organisation file, or a refused output path.
    ModelError
        A saved model from another version, or damaged.
    """
    filters = Filters(country or (), association, language or (), min_years, expert_sector or ())
    table = resolve_organisations(organisations)
    rules_used = resolve_rules(rules, boosts)
    query = Query(need, expert, text, sector, top_k, filters, min_band, progress, lang)
    if profiles is None and needs is None and not semantic_weight:
        found = ranked_in_workspace(
            query,
            workspace,
            rules_used,
            table,
            Inputs.of(rules_path(rules), given_file(organisations)),
            output,
            hide=hide,
            strict=strict,
            skip_invalid=skip_invalid,
            save=save,
            by=by,
        )
        frame, chosen, notes, inputs = found.frame, found.needs, found.notes, found.inputs
    else:
        inputs = data_inputs(
            data_dir(profiles, "profiles"),
            data_dir(needs, "needs"),
            rules_path(rules),
            model_dir,
            given_file(organisations),
        )
        inputs.check(output, "--output")
        data = read_inputs(profiles, needs, skip_invalid, rejects, inputs, strict)
        chosen = query.needs(data.needs.accepted)
        fitted = fitted_matcher(
            data.profiles.accepted, model_dir, rules_used, semantic_weight, progress, table
        )
        frame = query.run(fitted.matcher, chosen)
        notes = [*data_notes(data), *fitted.notes]
    inputs.check(output, "--output")
    flagged = int((frame["conflict"] != "").sum()) if "conflict" in frame else 0
    if flagged:
        notes.append(flagged_note(flagged, len(frame)))
    if anonymise:
        frame = anonymise_frame(frame, pseudonym_key)
    result = Recommendation(frame, chosen, notes, inputs)
    if output is not None and format is not None:
        result.written = write_table(frame, output, format, inputs)
    return result


def validate_data(
    profiles: str | Path | None = None,
    needs: str | Path | None = None,
    rejects: str | Path | None = None,
    inputs: Inputs | None = None,
    organisations: OrganisationsArg = "default",
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
    organisations:
        The organisation table that affiliations and hosts are compared with, for
        ``report.notes``: names written unlike a known organisation's (None: no notes).
    strict:
        Columns and keys that are no field are problems rather than warnings.

    Returns
    -------
    DataReport
        Accepted, rejected and refused records, every problem, the warnings and notes, the
        spelling notes on organisation names, and the rejects files written; nothing is raised
        for the data.

    Raises
    ------
    DataError
        A refused ``rejects`` path, or a faulty organisation file.
    """
    return checked_data(profiles, needs, rejects, inputs, organisations, strict)


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
    organisations: OrganisationsArg = "default",
    strict: bool = False,
    workspace: Workspace | str | Path | None = None,
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
        CSV files of ``need_id,expert_id`` pairs never to make (besides the conflicts of
        interest ``organisations`` shows), or to keep.
    organisations:
        The organisation table conflicts of interest are found with, as for :func:`recommend`.
    top_k:
        Candidates per need the teams are chosen from.
    output, format:
        As for :func:`recommend` (xlsx gets a summary sheet).

    workspace:
        Without ``profiles`` and ``needs``, the workspace, whose pipeline decides too: pairs
        ``accepted`` or ``active`` are kept, ``declined`` or ``withdrawn`` never proposed.

    The other parameters are :func:`recommend`'s.

    Returns
    -------
    Teams
        The chosen pairs and a summary per need.

    Raises
    ------
    DataError
        Bad input, unknown ids in the pair lists, forced pairs that cannot all be kept (a
        conflict of interest among them), a faulty organisation file, or a refused output path.
    """
    table = resolve_organisations(organisations)
    rules_used = resolve_rules(rules, boosts)
    kept: list[tuple[str, str]] = []
    if profiles is None and needs is None:
        found = candidates_in_workspace(
            need,
            top_k,
            workspace,
            rules_used,
            table,
            Inputs.of(rules_path(rules), conflicts, forced, given_file(organisations)),
            output,
            strict,
            skip_invalid,
            progress,
        )
        shortlist, chosen, experts = found.shortlist, found.needs, found.experts
        kept, notes, inputs = found.kept, found.notes, found.inputs
    else:
        inputs = data_inputs(
            data_dir(profiles, "profiles"),
            data_dir(needs, "needs"),
            rules_path(rules),
            model_dir,
            conflicts,
            forced,
            given_file(organisations),
        )
        inputs.check(output, "--output")
        data = read_inputs(profiles, needs, skip_invalid, rejects, inputs, strict)
        every = data.needs.accepted
        chosen = every if need is None else select_needs(every, need)
        experts = data.profiles.accepted
        fitted = fitted_matcher(
            experts, model_dir, rules_used, progress=progress, organisations=table
        )
        shortlist = fitted.matcher.recommend(chosen, top_k=top_k, progress=progress)
        notes = [*data_notes(data), *fitted.notes]
    result = assign(
        shortlist,
        chosen,
        experts,
        min_score=min_score,
        objective=objective,
        conflicts=read_pairs(conflicts) if conflicts else (),
        forced=[*(read_pairs(forced) if forced else ()), *kept],
        max_per_country=max_per_country,
        organisations=table,
    )
    if anonymise:
        result.pairs = anonymise_frame(result.pairs, pseudonym_key)
        result.conflicts = anonymise_frame(result.conflicts, pseudonym_key)
    teams = Teams(result, [*notes, *left_out_notes(result.conflicts)], inputs)
    if output is not None and format is not None:
        teams.written = write_table(result.pairs, output, format, inputs, summary=result.summary)
    return teams


def forget_people(
    ids: Sequence[str],
    profiles: str | Path | None = None,
    model_dir: str | Path | None = DEFAULT_MODEL_DIR,
    workspace: Workspace | str | Path | None = None,
) -> Erasure:
    """Erase people from the profile files, the saved model and the workspace, then look for
    what is left: ``bridge-match forget`` (:func:`bridge_match.erase.forget`,
    :func:`bridge_match.workspace.forget.erase_people`).

    Parameters
    ----------
    ids:
        Expert ids as shown.
    profiles:
        The profiles folder or file (default: the workspace's last import's, else
        ``./profiles``, else the bundled sample).
    model_dir:
        The saved model's folder, refitted on the others (deleted when nobody is left).
    workspace:
        The workspace (default as for every command), when there is one: its snapshot,
        pipeline, saved shortlists and index lose the people too, and its database file is
        searched byte by byte.

    Returns
    -------
    Erasure
        What was removed and every trace found afterwards.

    Raises
    ------
    DataError
        An id found neither in the files nor in the workspace, a file that cannot be rewritten
        safely, or a model folder holding files bridge-match did not write: nothing changed.
    """
    from bridge_match.workspace.forget import forget_everywhere

    return forget_everywhere(ids, profiles, model_dir, workspace)


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

    workspace:
        Without ``profiles`` and ``needs``, the workspace, whose pipeline decides too: pairs
        ``accepted`` or ``active`` are kept, ``declined`` or ``withdrawn`` never proposed.

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
