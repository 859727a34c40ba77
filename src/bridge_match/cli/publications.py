"""``bridge-match import-publications``: an expert's papers from scholarly sites' exports into
``publications.csv`` in the profiles folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bridge_match.cli.common import app, handles_errors
from bridge_match.terminal import err, out, tr


@app.command("import-publications")
@handles_errors
def import_publications(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Exported lists of papers: OpenReview archive JSONL, Semantic Scholar JSON, "
            "ORCID JSON, OpenAlex JSON, BibTeX or CSL-JSON (told apart by content).",
            show_default=False,
            metavar="FILE...",
        ),
    ],
    expert: Annotated[
        str, typer.Option("--expert", help="The id of the expert whose papers these are.")
    ],
    profiles: Annotated[
        Path,
        typer.Option(
            "--profiles", help="The profiles folder, where publications.csv is written or updated."
        ),
    ] = Path("profiles"),
) -> None:
    """Add an expert's papers to publications.csv in the profiles folder, each paper once (by
    DOI or title), so that the next command ranks with them."""
    from bridge_match.scholarly import import_publications as run

    result = run(expert, files, profiles)
    for source, kind, count in result.formats:
        out.print(
            tr("{file}: {n} papers ({format})").format(file=source, n=count, format=kind),
            soft_wrap=True,
        )
    for note in result.skipped:
        err.print(f"{tr('note:')} {note}", soft_wrap=True)
    summary = tr(
        "{expert}: {added} added, {updated} completed, {present} already there; "
        "{total} papers in {path}"
    ).format(
        expert=result.expert_id,
        added=result.added,
        updated=result.updated,
        present=result.present,
        total=result.total,
        path=result.path,
    )
    out.print(summary if result.written else f"{summary} ({tr('unchanged')})", soft_wrap=True)
