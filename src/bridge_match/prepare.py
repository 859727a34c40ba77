"""What a command prepares before its work: the data folders (given, ``./profiles``, or the
bundled sample), the needs a key selects, the rules, the fitted matcher (the saved index,
brought up to date, or a fit), and the checks on what it will write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

import pandas as pd

from bridge_match.errors import DataError, Problem, closest
from bridge_match.export import rejects_frame, rejects_paths, write
from bridge_match.load import data_dir
from bridge_match.matcher import Matcher, Progress
from bridge_match.models import ExpertProfile, Need
from bridge_match.options import TableFormat
from bridge_match.organisations import Organisations, OrganisationsArg, resolve_organisations
from bridge_match.outputs import Inputs
from bridge_match.rules import Rules, load_rules
from bridge_match.sectors import Sector, parse_sector
from bridge_match.spellings import spelling_notes
from bridge_match.validate import DataReport, check_data


def select_needs(needs: Sequence[Need], key: str) -> list[Need]:
    """``all``, a need id (exact, then case-insensitive), else every need of a sector in any
    label.

    Raises
    ------
    DataError
        Neither a need id nor a sector (with the closest ids), or a sector without needs.
    """
    if key.strip().casefold() == "all":
        if not needs:
            raise DataError(Problem("--need", None, None, "there are no needs to rank for"))
        return list(needs)
    by_id = {n.id: n for n in needs}
    if key in by_id:
        return [by_id[key]]
    folded = {n.id.casefold(): n for n in needs}
    if key.strip().casefold() in folded:
        return [folded[key.strip().casefold()]]
    try:
        sector = parse_sector(key)
    except ValueError:
        close = closest(key, by_id, cutoff=0.5)
        hint = f"; closest need ids: {', '.join(close)}" if close else ""
        sectors = ", ".join(s.value for s in Sector)
        raise DataError(
            Problem(
                "--need",
                None,
                None,
                f"{key!r} is neither a sector nor a need id nor 'all'. Sectors: {sectors} "
                f"(English or Vietnamese labels work too, e.g. 'bán dẫn'){hint}",
            )
        ) from None
    chosen = [n for n in needs if n.sector is sector]
    if not chosen:
        raise DataError(Problem("--need", None, None, f"no need in sector {sector.value!r}"))
    return chosen


TEXT_NEED_ID = "TEXT"
"""The id of the ad-hoc need a free-text query makes."""


def text_need(text: str, sector: str | None = None) -> Need:
    """An ad-hoc need from a free-text query (``recommend --text``), in whatever language it is
    written; its sector as given, else the sector most of its glossary concepts belong to.

    Parameters
    ----------
    text:
        What is sought, e.g. "pin mặt trời perovskite".
    sector:
        A sector key or label; None to guess it from the text.

    Returns
    -------
    Need
        A need with the id :data:`TEXT_NEED_ID`.

    Raises
    ------
    DataError
        An empty text, or an unknown sector.
    """
    words = " ".join(text.split())
    if not words:
        raise DataError(Problem("--text", None, None, "give the words to search for"))
    try:
        chosen = parse_sector(sector) if sector else _sector_of(words)
    except ValueError as exc:
        raise DataError(Problem("--sector", None, None, str(exc))) from None
    title = words if len(words) <= 200 else words[:199] + "…"
    return Need(id=TEXT_NEED_ID, title=title, sector=chosen, description=words)


def _sector_of(text: str) -> Sector:
    """The sector most of the text's glossary concepts belong to (``other`` without any)."""
    from collections import Counter

    from bridge_match.text import Analyzer, Glossary

    glossary = Glossary.default()
    found, _ = Analyzer().words(text)
    counts = Counter(glossary.sectors[c] for _, _, c in glossary.spans(found))
    for key, _ in counts.most_common():
        if key in {s.value for s in Sector} and key != Sector.OTHER:
            return Sector(key)
    return Sector.OTHER


RulesArg: TypeAlias = Rules | str | Path | Literal["default"] | None
"""Boost rules as the library takes them everywhere: ``"default"`` (the shipped file), a
:class:`~bridge_match.rules.Rules`, a rules YAML file, or None for similarity only (as in
``Matcher(rules=...)``)."""


def resolve_rules(rules: RulesArg, boosts: bool = True) -> Rules | None:
    """The rules to rank with: None when ``boosts`` is off or ``rules`` is None.

    Raises
    ------
    DataError
        A rules file that cannot be read or holds a fault, naming the key.
    """
    if not boosts or rules is None:
        return None
    if isinstance(rules, str) and rules == "default":
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
    organisations: Organisations | Literal["default"] | None = "default",
) -> Fitted:
    """Use the saved model when it matches these profiles; refit (and resave) when they changed.

    With no model saved in ``model_dir`` the profiles are fitted in memory and no model is
    written. With ``semantic_weight`` > 0 and a ``model_dir``, the texts' embeddings are kept in
    its embedding store (:mod:`bridge_match.embeddings`), so that only new or changed profiles
    and needs are ever encoded. When the updated or refitted model cannot be saved (a read-only
    folder, a full disk), it ranks from memory and a note says why.

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
    organisations:
        The organisation table for the shortlist's ``conflict`` column (never saved).

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

    store = None
    if semantic_weight > 0 and model_dir is not None:
        from bridge_match.embeddings import STORE_DIR

        check_model_dir(model_dir)  # the store is written into it
        store = Path(model_dir) / STORE_DIR
    fresh = Matcher(
        rules=rules,
        semantic_weight=semantic_weight,
        organisations=organisations,
        embedding_store=store,
    )
    if model_dir is None:
        return Fitted(fresh.fit(profiles, progress))
    if Path(model_dir).exists() and not Path(model_dir).is_dir():
        check_model_dir(model_dir)
    if not model_exists(model_dir):
        return Fitted(fresh.fit(profiles, progress))
    try:
        loaded = Matcher.load(
            model_dir, profiles, rules=rules, organisations=organisations, embedding_store=store
        )
        if loaded.semantic_weight != semantic_weight:
            raise StaleModelError(f"the model in {model_dir} has another semantic weight")
        return Fitted(loaded)
    except StaleModelError as stale:
        check_model_dir(model_dir)  # before the work whose result could not be saved there
        if stale.updatable:
            updated = Matcher.load(
                model_dir,
                profiles,
                rules=rules,
                changes="update",
                organisations=organisations,
                embedding_store=store,
            )
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
    summary: pd.DataFrame | Literal["auto"] | None = "auto",
    sheet_by: str | None = "sector",
    lang: str = "en",
) -> Path:
    """Write a result table as CSV, JSON or xlsx (``fmt`` None: by the file's suffix, else CSV),
    atomically and never over an input or a file bridge-match did not write.

    xlsx has a sheet per value of ``sheet_by``, a first sheet ``summary`` (``"auto"``: a
    shortlist's), and headers in ``lang`` (see :func:`bridge_match.workbook.write_xlsx`); CSV and
    JSON keep the column names."""
    from bridge_match.export import write as write_flat

    chosen = fmt or _format_of(Path(output))
    if chosen == "xlsx":
        from bridge_match.workbook import write_xlsx

        by = sheet_by if sheet_by in frame.columns else None
        return write_xlsx(frame, output, sheet_by=by, summary=summary, inputs=inputs, lang=lang)
    return write_flat(frame, output, chosen, inputs)


def _format_of(path: Path) -> TableFormat:
    suffix = path.suffix.lower()
    return "xlsx" if suffix == ".xlsx" else "json" if suffix == ".json" else "csv"


def data_inputs(profiles: Path, needs: Path | None = None, *others: str | Path | None) -> Inputs:
    """A run's inputs, every other path the run reads added (rules, pair lists, the model)."""
    return Inputs.of(profiles, needs, *others)


def given_file(value: object) -> str | Path | None:
    """The file, when an option such as the rules or the organisation table is given as one (it
    is then an input of the run), else None (``"default"``, None, an object)."""
    return value if isinstance(value, str | Path) and value != "default" else None


def rules_path(rules: RulesArg) -> str | Path | None:
    """The rules file, when rules are given as one (it is then an input of the run)."""
    return given_file(rules)


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
    report = checked_data(profiles, needs, rejects, inputs, None, strict)
    if report.problems and not skip_invalid:
        raise DataError(report.problems)
    return report


def checked_data(
    profiles: str | Path | None,
    needs: str | Path | None,
    rejects: str | Path | None = None,
    inputs: Inputs | None = None,
    organisations: OrganisationsArg = "default",
    strict: bool = False,
) -> DataReport:
    """Both folders checked (:func:`bridge_match.commands.validate_data`, which says how):
    the report, with the spelling notes and the rejects files written."""
    profiles_dir, needs_dir = data_dir(profiles, "profiles"), data_dir(needs, "needs")
    read = inputs if inputs is not None else data_inputs(profiles_dir, needs_dir)
    targets = rejects_paths(rejects) if rejects is not None else ()
    for target in targets:
        read.check(target, "--rejects")
    table = resolve_organisations(organisations)
    report = check_data(profiles_dir, needs_dir, strict)
    if table is not None:
        report.spellings = _spelling_notes(report, table)
    if targets:
        profiles_file, needs_file = targets
        kinds = ((profiles_file, report.profiles, ExpertProfile), (needs_file, report.needs, Need))
        for target, part, model in kinds:
            frame = rejects_frame(part.rejected, part.refused, model)
            report.written.append((write(frame, target, "csv", read), len(frame)))
    return report


def _spelling_notes(report: DataReport, table: Organisations) -> list[Problem]:
    """Affiliations and hosts written unlike a known organisation, at their records."""
    profiles, needs = report.profiles, report.needs
    texts = [
        *((p.affiliation, profiles.origin.get(p.id), "affiliation") for p in profiles.accepted),
        *((n.host, needs.origin.get(n.id), "host") for n in needs.accepted),
    ]
    return spelling_notes(texts, table)


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
