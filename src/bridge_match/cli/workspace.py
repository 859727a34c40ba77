"""The workspace's commands: ``import``, ``status set|list|history``, ``shortlists list|diff``,
``workspace backup``. Each parses options, calls one library function
(:mod:`bridge_match.workspace`) and formats what it returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bridge_match.cli.common import (
    ByOpt,
    FormatOpt,
    NeedsOpt,
    OutputOpt,
    ProfilesOpt,
    SkipOpt,
    StrictOpt,
    WorkspaceOpt,
    app,
    check_format,
    file_format,
    handles_errors,
    notes,
)
from bridge_match.terminal import emit, err, out, progress_bar, rows_table, tr

status_app = typer.Typer(help="The partnership pipeline: set, list and trace statuses of pairs.")
shortlists_app = typer.Typer(help="Saved shortlists (recommend --save NAME): list and compare.")
workspace_app = typer.Typer(help="The workspace itself: backup.")
app.add_typer(status_app, name="status")
app.add_typer(shortlists_app, name="shortlists")
app.add_typer(workspace_app, name="workspace")

NeedIdOpt = Annotated[str, typer.Option("--need", help="The need, by id.")]
ExpertIdOpt = Annotated[str, typer.Option("--expert", help="The expert, by id.")]


@app.command("import")
@handles_errors
def import_(
    profiles: ProfilesOpt = None,
    needs: NeedsOpt = None,
    workspace: WorkspaceOpt = None,
    skip_invalid: SkipOpt = False,
    strict: StrictOpt = False,
    refit: Annotated[
        bool, typer.Option("--refit", help="Refit the index even when an update would do.")
    ] = False,
    by: ByOpt = None,
) -> None:
    """Validate the data folders and bring the workspace and its index up to date (unchanged
    files are skipped; nothing is written when any record has a problem, unless --skip-invalid)."""
    from bridge_match.workspace import import_data

    with progress_bar() as bar:
        result = import_data(
            workspace,
            profiles=profiles,
            needs=needs,
            skip_invalid=skip_invalid,
            refit=refit,
            by=by,
            progress=bar,
            strict=strict,
        )
    notes(result.notes)
    if result.report is not None:
        notes(
            [str(p) for p in [*result.report.notes, *result.report.warnings]]
            + ([result.report.skipped()] if result.report.problems else [])
        )
    if result.unchanged:
        out.print(
            tr("{workspace}: nothing changed ({files} data files as imported); {s} s").format(
                workspace=result.workspace, files=result.files, s=f"{result.seconds:.1f}"
            )
        )
        return
    added, changed, removed = result.needs
    out.print(
        tr(
            "imported into {workspace} (import #{id}, {s} s): profiles {pa} added, {pc} changed, "
            "{pr} removed; needs {na} added, {nc} changed, {nr} removed; {same} of {files} files "
            "unchanged; index {index}"
        ).format(
            workspace=result.workspace,
            id=result.import_id,
            s=f"{result.seconds:.1f}",
            pa=len(result.added),
            pc=len(result.changed),
            pr=len(result.removed),
            na=added,
            nc=changed,
            nr=removed,
            same=result.files_unchanged,
            files=result.files,
            index=tr(result.index),
        ),
        soft_wrap=True,
    )
    papers = result.report.profiles.papers if result.report is not None else None
    if papers is not None and papers.found:
        out.print(
            tr("{label}: read {read}, accepted {accepted}, rejected {rejected}").format(
                label=tr("publications"),
                read=papers.counted(papers.found),
                accepted=papers.accepted,
                rejected=papers.counted(papers.not_accepted),
            )
        )


@status_app.command("set")
@handles_errors
def status_set(
    need: NeedIdOpt,
    expert: ExpertIdOpt,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="proposed, contacted, accepted, declined, active, completed or withdrawn.",
        ),
    ],
    note: Annotated[str, typer.Option("--note", help="Why, in a few words.")] = "",
    by: ByOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Move a pair along the pipeline (every move is kept in its history)."""
    from bridge_match.workspace import set_status

    event = set_status(need, expert, to, note=note, by=by, workspace=workspace)
    was = tr(event.previous) if event.previous else tr("no status")
    pair = f"{event.need_id} × {event.expert_id}"
    out.print(f"{pair}: {was} → {tr(event.status)} ({event.by}, {event.at})")


@status_app.command("list")
@handles_errors
def status_list(
    need: Annotated[str | None, typer.Option("--need", help="A need id or a sector.")] = None,
    expert: Annotated[str | None, typer.Option("--expert", help="An expert id.")] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Only this status (repeatable).")
    ] = None,
    format: FormatOpt = "table",
    output: OutputOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """The pipeline: every tracked pair with its status, by association."""
    from bridge_match.workspace import list_statuses

    check_format(format, output)
    frame = list_statuses(
        need, expert, status or (), workspace=workspace, output=output, format=file_format(format)
    )
    emit(frame, format, output, None, rows_table, "status list")


@status_app.command("history")
@handles_errors
def status_history(need: NeedIdOpt, expert: ExpertIdOpt, workspace: WorkspaceOpt = None) -> None:
    """Every move of one pair, oldest first, with who and when."""
    from bridge_match.workspace import status_history as history

    frame = history(need, expert, workspace=workspace)
    if frame.empty:
        err.print(tr("note: {pair} has no pipeline history").format(pair=f"{need} × {expert}"))
        return
    emit(frame, "table", None, None, rows_table, "status history")


@shortlists_app.command("list")
@handles_errors
def shortlists_list(workspace: WorkspaceOpt = None) -> None:
    """The saved shortlists: name, when, by whom, how many rows."""
    from bridge_match.workspace import list_shortlists

    found = list_shortlists(workspace=workspace)
    if not found:
        err.print(tr("note: no saved shortlist yet (recommend --save NAME keeps one)"))
    for item in found:
        rows = tr("{n} rows").format(n=item.rows)
        out.print(f"{item.name}\t{item.at}\t{item.by}\t{rows}", soft_wrap=True)


@shortlists_app.command("diff")
@handles_errors
def shortlists_diff(
    a: Annotated[str, typer.Argument(help="The earlier shortlist's name.")],
    b: Annotated[str, typer.Argument(help="The later shortlist's name.")],
    format: FormatOpt = "table",
    output: OutputOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Who moved, entered or left between two saved shortlists."""
    from bridge_match.workspace import diff_shortlists

    check_format(format, output)
    frame = diff_shortlists(a, b, workspace=workspace, output=output, format=file_format(format))
    if frame.empty:
        err.print(tr("note: {a} and {b} list the same experts at the same ranks").format(a=a, b=b))
    emit(frame, format, output, None, rows_table, "shortlists diff")


@workspace_app.command("backup")
@handles_errors
def workspace_backup(
    file: Annotated[Path, typer.Argument(help="The backup file (a SQLite workspace).")],
    workspace: WorkspaceOpt = None,
) -> None:
    """A consistent copy of the workspace, made while it is in use."""
    from bridge_match.workspace import backup_workspace

    written = backup_workspace(file, workspace=workspace)
    out.print(tr("backed up to {path}").format(path=written))


@app.command()
@handles_errors
def serve(
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on (other than loopback: needs --token)."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    workspace: WorkspaceOpt = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the browser.")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="BRIDGE_MATCH_TOKEN",
            help="Access token every visitor needs (required to serve beyond this machine).",
        ),
    ] = None,
) -> None:
    """The web workspace: needs, shortlists, experts, search, teams, coverage, import and the
    pipeline, in Vietnamese and English, on this machine (http://127.0.0.1:8000)."""
    from bridge_match.web.serve import serve_workspace

    def ready(url: str) -> None:
        err.print(
            tr("bridge-match: the web workspace is at {url} (Ctrl+C stops it)").format(url=url)
        )
        if not no_browser:
            import webbrowser

            webbrowser.open(url)

    serve_workspace(host=host, port=port, workspace=workspace, token=token, ready=ready)
