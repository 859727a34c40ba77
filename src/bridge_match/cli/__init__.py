"""The command line: each command parses options, calls one library function, formats the result.

This package is the only place that imports typer and rich (:mod:`bridge_match.cli.common` holds
the app, its options and error handling; :mod:`bridge_match.cli.workspace` the workspace's
commands). scikit-learn and pandas load lazily, inside commands, so ``bridge-match --help``
answers at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from bridge_match.cli.common import (
    AnonymiseOpt,
    ByOpt,
    FormatOpt,
    KeyOpt,
    ModelDirOpt,
    NeedsOpt,
    OrganisationsOpt,
    OutputOpt,
    ProfilesOpt,
    RejectsOpt,
    RulesOpt,
    SkipOpt,
    StrictOpt,
    WorkspaceOpt,
    app,
    asked_language,
    check_format,
    file_format,
    handles_errors,
    notes,
)
from bridge_match.options import DEFAULT_MODEL_DIR, Band, Layout, Objective
from bridge_match.terminal import (
    emit,
    err,
    needs_table,
    out,
    print_counts,
    print_summary,
    progress_bar,
    shortlist_table,
    teams_table,
    tr,
)


@app.command()
@handles_errors
def recommend(
    need: Annotated[
        str | None,
        typer.Option(
            "--need",
            help="A need id, a sector (key, English or Vietnamese label, e.g. 'bán dẫn') or 'all'.",
        ),
    ] = None,
    expert: Annotated[
        str | None, typer.Option("--expert", help="An expert id: the needs that fit this expert.")
    ] = None,
    text: Annotated[
        str | None,
        typer.Option("--text", help="Free text, any language: the experts for an ad-hoc need."),
    ] = None,
    sector: Annotated[
        str | None,
        typer.Option("--sector", help="The sector of --text [default: guessed from the text]."),
    ] = None,
    profiles: ProfilesOpt = None,
    needs: NeedsOpt = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, help="Experts per need.")] = 10,
    country: Annotated[
        list[str] | None,
        typer.Option("--country", help="Only experts living here (name or code; repeatable)."),
    ] = None,
    association: Annotated[
        str | None,
        typer.Option(
            "--association",
            help="Only members of this association (English or Vietnamese name, part of it, or"
            " acronym).",
        ),
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", help="Only experts who speak this language (repeatable: all)."),
    ] = None,
    min_years: Annotated[
        int | None,
        typer.Option("--min-years", min=0, help="Only experts with this many years or more."),
    ] = None,
    expert_sector: Annotated[
        list[str] | None,
        typer.Option(
            "--expert-sector", help="Only experts who declare this sector (repeatable: any)."
        ),
    ] = None,
    min_band: Annotated[
        Band | None,
        typer.Option("--min-band", help="Leave out rows below this band (strong, possible, weak)."),
    ] = None,
    rules: RulesOpt = None,
    boosts: Annotated[
        bool, typer.Option("--boosts/--no-boosts", help="Apply rule boosts, or rank by text only.")
    ] = True,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    model_dir: ModelDirOpt = DEFAULT_MODEL_DIR,
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
    anonymise: AnonymiseOpt = False,
    pseudonym_key: KeyOpt = "",
    semantic_weight: Annotated[
        float,
        typer.Option(
            "--semantic-weight",
            min=0.0,
            max=1.0,
            help="Share of a multilingual embedding score fused in (needs bridge-match[semantic];"
            " 0.2 was best on the sample).",
        ),
    ] = 0.0,
    semantic: Annotated[
        float | None, typer.Option("--semantic", min=0.0, max=1.0, hidden=True)
    ] = None,
    organisations: OrganisationsOpt = None,
    strict: StrictOpt = False,
    workspace: WorkspaceOpt = None,
    hide: Annotated[
        list[str] | None,
        typer.Option(
            "--hide", help="Leave out pairs with these pipeline statuses, e.g. declined,withdrawn."
        ),
    ] = None,
    save: Annotated[
        str | None,
        typer.Option("--save", help="Keep this shortlist in the workspace under this name."),
    ] = None,
    by: ByOpt = None,
) -> None:
    """Rank and explain the best experts for a need, a sector's needs, every need or free text;
    or the needs that fit one expert. Without --profiles/--needs, from the workspace."""
    from bridge_match.commands import recommend as run

    check_format(format, output)
    with progress_bar() as bar:
        result = run(
            need,
            profiles=profiles,
            needs=needs,
            top_k=top_k,
            country=country,
            association=association,
            language=language,
            min_years=min_years,
            expert_sector=expert_sector,
            min_band=min_band,
            expert=expert,
            text=text,
            sector=sector,
            rules="default" if rules is None else rules,
            boosts=boosts,
            model_dir=model_dir,
            skip_invalid=skip_invalid,
            rejects=rejects,
            anonymise=anonymise,
            pseudonym_key=pseudonym_key,
            semantic_weight=semantic_weight if semantic is None else semantic,
            progress=bar,
            output=output,
            format=file_format(format),
            organisations="default" if organisations is None else organisations,
            strict=strict,
            workspace=workspace,
            hide=hide or (),
            save=save,
            by=by,
            lang=asked_language(),
        )
    notes(result.notes)
    table = needs_table if expert else shortlist_table
    emit(result.shortlist, format, output, result.inputs, table, "recommend")


@app.command()
@handles_errors
def assign(
    need: Annotated[
        str | None,
        typer.Option("--need", help="A sector or need id [default: every need]."),
    ] = None,
    profiles: ProfilesOpt = None,
    needs: NeedsOpt = None,
    min_score: Annotated[
        float, typer.Option("--min-score", help="Leave a slot empty rather than use a pair below.")
    ] = 0.0,
    objective: Annotated[
        Objective,
        typer.Option(
            "--objective", help="total: best sum; fair: lift the worst-served need first."
        ),
    ] = "total",
    conflicts: Annotated[
        Path | None,
        typer.Option("--conflicts", help="CSV need_id,expert_id of pairs never to make."),
    ] = None,
    forced: Annotated[
        Path | None, typer.Option("--forced", help="CSV need_id,expert_id of pairs to keep.")
    ] = None,
    max_per_country: Annotated[
        int | None,
        typer.Option("--max-per-country", min=1, help="At most this many per country in a team."),
    ] = None,
    top_k: Annotated[
        int, typer.Option("--top-k", min=1, help="Candidates per need considered.")
    ] = 50,
    rules: RulesOpt = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    model_dir: ModelDirOpt = DEFAULT_MODEL_DIR,
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
    anonymise: AnonymiseOpt = False,
    pseudonym_key: KeyOpt = "",
    organisations: OrganisationsOpt = None,
    strict: StrictOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Form teams under each expert's capacity, avoiding conflicts of interest (exact optimum).
    Without --profiles/--needs, from the workspace: accepted and active pairs are kept,
    declined and withdrawn ones never proposed."""
    from bridge_match.commands import assign_teams

    check_format(format, output)
    with progress_bar() as bar:
        result = assign_teams(
            need,
            profiles=profiles,
            needs=needs,
            min_score=min_score,
            objective=objective,
            conflicts=conflicts,
            forced=forced,
            max_per_country=max_per_country,
            top_k=top_k,
            rules="default" if rules is None else rules,
            model_dir=model_dir,
            skip_invalid=skip_invalid,
            rejects=rejects,
            anonymise=anonymise,
            pseudonym_key=pseudonym_key,
            progress=bar,
            output=output,
            format=file_format(format),
            organisations="default" if organisations is None else organisations,
            strict=strict,
            workspace=workspace,
        )
    notes(result.notes)
    teams = result.assignment
    emit(teams.pairs, format, output, result.inputs, teams_table, "assign")
    print_summary(teams.summary, err)


@app.command()
@handles_errors
def validate(
    profiles: ProfilesOpt = None,
    needs: NeedsOpt = None,
    rejects: RejectsOpt = None,
    organisations: OrganisationsOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Check data folders: counts per sector and country, and every problem with file and line.

    Files passed over as not data are listed as notes, columns and keys ignored as warnings:
    neither stops anything (with --strict, unknown columns and keys are problems).
    """
    from bridge_match.commands import validate_data

    report = validate_data(
        profiles,
        needs,
        rejects,
        strict=strict,
        organisations="default" if organisations is None else organisations,
    )
    for label, part in (("profiles", report.profiles), ("needs", report.needs)):
        read, rejected = part.counted(part.found), part.counted(part.not_accepted)
        out.print(
            tr("{label}: read {read}, accepted {accepted}, rejected {rejected}").format(
                label=tr(label), read=read, accepted=len(part.accepted), rejected=rejected
            )
        )
        for refused in sorted(part.refused, key=lambda f: f.source):
            out.print(
                "  "
                + tr("refused whole: {source} ({records})").format(
                    source=refused.source, records=refused.describe()
                ),
                soft_wrap=True,
            )
    papers = report.profiles.papers
    if papers.found:
        out.print(
            tr("{label}: read {read}, accepted {accepted}, rejected {rejected}").format(
                label=tr("publications"),
                read=papers.counted(papers.found),
                accepted=papers.accepted,
                rejected=papers.counted(papers.not_accepted),
            )
        )
    print_counts(tr("profiles per sector"), report.profiles_by_sector())
    print_counts(tr("profiles per country"), report.profiles_by_country())
    print_counts(tr("needs per sector"), report.needs_by_sector())
    duplicates = report.duplicates()
    if duplicates:
        out.print(
            tr("{n} likely duplicate(s), shown once per need in shortlists:").format(
                n=len(duplicates)
            )
        )
        for line in duplicates:
            out.print(f"  {line}", soft_wrap=True)
    if report.spellings:
        out.print(
            tr(
                "{n} note(s) on organisation names; not problems (the records are accepted), "
                "but conflicts of interest are found by these names:"
            ).format(n=len(report.spellings))
        )
        for note in report.spellings:
            out.print(f"  {note}", soft_wrap=True)
    for note in report.notes:
        out.print(f"{tr('note:')} {note}", soft_wrap=True)
    if report.warnings:
        out.print(tr("{n} warning(s), data ignored:").format(n=len(report.warnings)))
        for warning in report.warnings:
            out.print(f"  {tr('warning:')} {warning}", soft_wrap=True)
    if report.written:
        out.print(report.rejects_note(), soft_wrap=True)
    if report.problems:
        err.print(tr("{n} problem(s):").format(n=len(report.problems)))
        for problem in report.problems:
            err.print(f"  {problem}")
        raise typer.Exit(2)
    out.print(tr("no problems found"))


@app.command()
@handles_errors
def fit(
    profiles: ProfilesOpt = None,
    model_dir: ModelDirOpt = DEFAULT_MODEL_DIR,
    strict: StrictOpt = False,
) -> None:
    """Fit the index on the profiles and save it (no pickle) for later recommend runs."""
    from bridge_match.commands import fit_model

    with progress_bar() as bar:
        summary = fit_model(profiles, model_dir, bar, strict=strict)
    notes(summary.notes)
    out.print(
        tr("fitted {experts} experts, {terms} terms; saved to {path}").format(
            experts=summary.n_experts, terms=summary.n_terms, path=summary.path
        )
    )


@app.command()
@handles_errors
def coverage(
    output: Annotated[Path, typer.Option("--output", help="Folder for the report files.")],
    need: Annotated[
        str | None, typer.Option("--need", help="A sector or need id [default: every need].")
    ] = None,
    profiles: ProfilesOpt = None,
    needs: NeedsOpt = None,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", help="Score that makes a candidate strong [default: 0.30]."),
    ] = None,
    model_dir: ModelDirOpt = DEFAULT_MODEL_DIR,
    strict: StrictOpt = False,
) -> None:
    """Report which needs have strong candidates and which are talent gaps (HTML, PNG, CSV)."""
    from bridge_match.commands import coverage_report

    paths = coverage_report(output, need, profiles, needs, threshold, model_dir, strict=strict)
    notes(paths.notes)
    for kind, path in paths.items():
        out.print(f"{kind}: {path}")


@app.command()
@handles_errors
def evaluate(
    qrels: Annotated[
        Path, typer.Option("--qrels", help="Judgements CSV: need_id,expert_id,relevance (0-3).")
    ],
    profiles: ProfilesOpt = None,
    needs: NeedsOpt = None,
    ablate: Annotated[
        bool, typer.Option("--ablate", help="Also score variants: each boost off, glossary off...")
    ] = False,
    top_k: Annotated[int, typer.Option("--top-k", min=1, help="Cut-off for nDCG and recall.")] = 10,
    k: Annotated[int | None, typer.Option("--k", min=1, hidden=True)] = None,
    strict: StrictOpt = False,
) -> None:
    """Measure match quality against judgements: nDCG@5/@10, MRR, P@1, recall, by sector and
    language."""
    from bridge_match.commands import evaluate_quality
    from bridge_match.evaluate import to_markdown

    result = evaluate_quality(
        qrels, profiles, needs, ablate, top_k if k is None else k, strict=strict
    )
    notes(result.notes)
    out.print(to_markdown(result.table))
    if result.ablation is not None:
        out.print("")
        out.print(to_markdown(result.ablation))


@app.command()
@handles_errors
def forget(
    ids: Annotated[list[str], typer.Option("--id", help="Expert id to erase (repeatable).")],
    profiles: ProfilesOpt = None,
    model_dir: ModelDirOpt = DEFAULT_MODEL_DIR,
    workspace: WorkspaceOpt = None,
) -> None:
    """Erase people from the profile files, the saved model and the workspace (right to
    erasure), then search the data and model folders and the workspace's database file for
    anything left of them."""
    from bridge_match.commands import forget_people

    result = forget_people(ids, profiles, model_dir, workspace)
    for expert_id, source, line in result.removed:
        out.print(
            tr("removed {id} from {place}").format(
                id=expert_id, place=f"{source}:{line}" if line else source
            )
        )
    out.print(result.model)
    where = tr(" and ").join(result.searched)
    searched = tr("searched {n} files under {where} for the id, name and e-mail").format(
        n=result.checked_files, where=where
    )
    out.print(searched + ("" if result.remaining else tr(": no trace found")))
    for namesake in result.namesakes:
        out.print(
            tr("note: {namesake} (another id; erase it too if it is the same person)").format(
                namesake=namesake
            )
        )
    if result.complete:
        return
    for trace in result.remaining:
        err.print("  " + tr("still there: {trace}").format(trace=trace))
    for place in result.unreadable:
        err.print("  " + tr("not searched: {place}").format(place=place))
    err.print(
        Text.assemble(
            (tr("error:"), "bold red"),
            " ",
            tr(
                "erasure incomplete: bridge-match removed the records it reads, but the places "
                "above still hold (or may hold) the person: delete or edit them yourself."
            ),
        )
    )
    raise typer.Exit(1)


@app.command("sample-data")
@handles_errors
def sample_data(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder to write profiles/ and needs/ into."),
    ] = None,
    n_profiles: Annotated[
        int, typer.Option("--n-profiles", min=1, help="How many profiles.")
    ] = 420,
    n_needs: Annotated[int, typer.Option("--n-needs", min=1, help="How many needs.")] = 36,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 57,
    layout: Annotated[
        Layout,
        typer.Option("--layout", help="One file per association (mixed formats) or one CSV each."),
    ] = "associations",
    out_alias: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    profiles: Annotated[int | None, typer.Option("--profiles", min=1, hidden=True)] = None,
    needs: Annotated[int | None, typer.Option("--needs", min=1, hidden=True)] = None,
) -> None:
    """Generate fictional, realistic sample profiles and needs (deterministic)."""
    from bridge_match.sample import write_sample

    folder = output or out_alias
    if folder is None:
        from bridge_match.errors import DataError, Problem

        raise DataError(Problem("--output", None, None, "give the folder to write into"))
    files = write_sample(
        folder,
        n_profiles=n_profiles if profiles is None else profiles,
        n_needs=n_needs if needs is None else needs,
        seed=seed,
        layout=layout,
    )
    out.print(tr("wrote {n} files under {folder}").format(n=len(files), folder=folder))


from bridge_match.cli import publications, workspace  # noqa: E402  (registers their commands)

__all__ = ["app", "publications", "workspace"]
