"""The command line: each command parses options, calls one library function, formats the result.

This is the only module that imports typer and rich. scikit-learn and pandas load lazily, inside
commands, so ``bridge-match --help`` answers at once.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import time
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

app = typer.Typer(
    help="Match overseas Vietnamese experts to Viet Nam's strategic needs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class Objective(StrEnum):
    total = "total"
    fair = "fair"


class Layout(StrEnum):
    associations = "associations"
    csv = "csv"


_state = {"debug": False}

BAR_AFTER_SECONDS = 1.5
"""Work that ends sooner shows no bar: a bar that flashes by is noise."""


class _Bar:
    """A rich progress bar on stderr, drawn only on a terminal and once the work has run for
    :data:`BAR_AFTER_SECONDS`; the library reports ``(stage, done, total)`` and never prints."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.started = time.monotonic()
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            if not self.console.is_terminal or time.monotonic() - self.started < BAR_AFTER_SECONDS:
                return
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
        task = self.tasks.get(stage)
        if task is None:
            task = self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextlib.contextmanager
def progress_bar() -> Iterator[_Bar]:
    bar = _Bar(err)
    try:
        yield bar
    finally:
        bar.close()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for failures.")] = False,
) -> None:
    """bridge-match: explained expert shortlists for strategic needs."""
    _state["debug"] = debug


def handles_errors(command: F) -> F:
    """The one place that turns library errors into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from bridge_match.errors import BridgeMatchError

        try:
            return command(*args, **kwargs)
        except BridgeMatchError as exc:
            if _state["debug"]:
                raise
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _state["debug"]:
                raise
            err.print(f"error: {type(exc).__name__}: {exc} (rerun with --debug for details)")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


ProfilesOpt = Annotated[
    Path | None,
    typer.Option(
        "--profiles", help="Folder or file of expert profiles [default: ./profiles or the sample]."
    ),
]
NeedsOpt = Annotated[
    Path | None,
    typer.Option("--needs", help="Folder or file of needs [default: ./needs or the sample]."),
]
SkipOpt = Annotated[
    bool,
    typer.Option(
        "--skip-invalid", help="Go on with the valid records and say how many were skipped."
    ),
]
RejectsOpt = Annotated[
    Path | None,
    typer.Option("--rejects", help="Write every rejected record, with its reasons, to this CSV."),
]
AnonymiseOpt = Annotated[
    bool,
    typer.Option(
        "--anonymise",
        help="Replace names and ids with stable pseudonyms and drop contacts, for sharing.",
    ),
]
KeyOpt = Annotated[
    str,
    typer.Option(
        "--pseudonym-key",
        envvar="BRIDGE_MATCH_PSEUDONYM_KEY",
        help="Secret that makes pseudonyms unguessable; keep it inside the association.",
    ),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option("--rules", help="Rules YAML file with boost weights [default: shipped]."),
]
FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", help="Output format (xlsx needs --output).")
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]
ModelDirOpt = Annotated[
    Path, typer.Option("--model-dir", help="Where the fitted index is saved and looked for.")
]


@app.command()
@handles_errors
def recommend(
    need: Annotated[
        str,
        typer.Option(
            "--need", help="A sector (key, English or Vietnamese label, e.g. 'bán dẫn') or need id."
        ),
    ],
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
            help="Only members of this association (its name, part of it, or acronym).",
        ),
    ] = None,
    rules: RulesOpt = None,
    boosts: Annotated[
        bool, typer.Option("--boosts/--no-boosts", help="Apply rule boosts, or rank by text only.")
    ] = True,
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    model_dir: ModelDirOpt = Path("models"),
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
    anonymise: AnonymiseOpt = False,
    pseudonym_key: KeyOpt = "",
    semantic: Annotated[
        float,
        typer.Option(
            "--semantic",
            min=0.0,
            max=1.0,
            help="Share of a multilingual embedding score fused in (needs bridge-match[semantic];"
            " 0.2 was best on the sample).",
        ),
    ] = 0.0,
) -> None:
    """Rank and explain the best experts for a need, or for every need of a sector."""
    from bridge_match.workflow import recommend as run

    with progress_bar() as bar:
        result = run(
            need,
            profiles=profiles,
            needs=needs,
            top_k=top_k,
            country=country,
            association=association,
            rules=rules,
            boosts=boosts,
            model_dir=model_dir,
            skip_invalid=skip_invalid,
            rejects=rejects,
            anonymise=anonymise,
            pseudonym_key=pseudonym_key,
            semantic_weight=semantic,
            progress=bar,
        )
    for note in result.notes:
        err.print(f"note: {note}")
    _emit(result.shortlist, fmt, output)


def _emit(
    frame: pd.DataFrame,
    fmt: OutputFormat,
    output: Path | None,
    summary: pd.DataFrame | None = None,
) -> None:
    from bridge_match import export

    if fmt is OutputFormat.xlsx:
        from bridge_match.workbook import write_xlsx

        if output is None:
            from bridge_match.errors import DataError, Problem

            raise DataError(Problem("--output", None, None, "--format xlsx needs --output FILE"))
        write_xlsx(frame, output, summary=summary)
    elif fmt is OutputFormat.table:
        if output is None:
            _print_table(frame, out)
        else:
            with output.open("w", encoding="utf-8") as handle:
                _print_table(frame, Console(file=handle, width=100, highlight=False))
    elif output is not None:
        export.write(frame, output, fmt.value)
    else:
        text = export.to_csv(frame) if fmt is OutputFormat.csv else export.to_json(frame)
        sys.stdout.write(text)
    if output is not None:
        err.print(f"wrote {len(frame)} rows to {output}")


def _print_table(frame: pd.DataFrame, console: Console) -> None:
    if frame.empty:
        console.print("No expert shares any term with this need.")
        return
    for (need_id, title, sector), group in frame.groupby(
        ["need_id", "need_title", "sector"], sort=False
    ):
        table = Table(
            title=f"{need_id} · {title} ({sector})",
            title_justify="left",
            show_lines=True,
            expand=False,
        )
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Expert", max_width=24)
        table.add_column("Ctry", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        table.add_column("Field · why", ratio=1, min_width=30)
        for row in group.itertuples(index=False):
            table.add_row(
                str(row.rank),
                f"{row.name}\n[dim]{row.expert_id}[/]",
                row.country,
                f"{row.score:.3f}",
                f"{row.field}\n[dim]{row.reasons}[/]",
            )
        console.print(table)


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
    ] = Objective.total,
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
    fmt: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
    model_dir: ModelDirOpt = Path("models"),
    skip_invalid: SkipOpt = False,
    rejects: RejectsOpt = None,
    anonymise: AnonymiseOpt = False,
    pseudonym_key: KeyOpt = "",
) -> None:
    """Form teams under each expert's capacity, avoiding conflicts of interest (exact optimum)."""
    from bridge_match.workflow import assign_teams

    with progress_bar() as bar:
        result = assign_teams(
            need,
            profiles=profiles,
            needs=needs,
            min_score=min_score,
            objective=objective.value,
            conflicts=conflicts,
            forced=forced,
            max_per_country=max_per_country,
            top_k=top_k,
            rules=rules,
            model_dir=model_dir,
            skip_invalid=skip_invalid,
            rejects=rejects,
            anonymise=anonymise,
            pseudonym_key=pseudonym_key,
            progress=bar,
        )
    for note in result.notes:
        err.print(f"note: {note}")
    teams = result.assignment
    if fmt is OutputFormat.table and output is None:
        _print_teams(teams.pairs, out)
    else:
        _emit(teams.pairs, fmt, output, summary=teams.summary)
    _print_summary(teams.summary, err)


def _print_teams(frame: pd.DataFrame, console: Console) -> None:
    if frame.empty:
        console.print("No team could be formed.")
        return
    for (need_id, title), group in frame.groupby(["need_id", "need_title"], sort=False):
        table = Table(title=f"{need_id} · {title}", title_justify="left", expand=False)
        table.add_column("Expert", max_width=28)
        table.add_column("Ctry", no_wrap=True)
        table.add_column("Score", justify="right", no_wrap=True)
        table.add_column("Affiliation", ratio=1, min_width=20)
        for row in group.itertuples(index=False):
            table.add_row(
                f"{row.name}\n[dim]{row.expert_id}[/]",
                row.country,
                f"{row.score:.3f}",
                row.affiliation,
            )
        console.print(table)


def _print_summary(summary: pd.DataFrame, console: Console) -> None:
    filled = int(summary.filled.sum())
    wanted = int(summary.wanted.sum())
    console.print(f"teams: {filled} of {wanted} places filled over {len(summary)} needs")
    for row in summary.itertuples(index=False):
        if row.filled < row.wanted:
            console.print(f"  {row.need_id}: {row.filled}/{row.wanted} — {row.note}", markup=False)


@app.command()
@handles_errors
def validate(
    profiles: ProfilesOpt = None, needs: NeedsOpt = None, rejects: RejectsOpt = None
) -> None:
    """Check data folders: counts per sector and country, and every problem with file and line."""
    from bridge_match.workflow import validate_data

    report = validate_data(profiles, needs, rejects)
    for label, part in (("profiles", report.profiles), ("needs", report.needs)):
        read, rejected = part.counted(part.found), part.counted(part.not_accepted)
        out.print(f"{label}: read {read}, accepted {len(part.accepted)}, rejected {rejected}")
        for refused in sorted(part.refused, key=lambda f: f.source):
            line = f"  refused whole: {refused.source} ({refused.describe()})"
            out.print(line, markup=False, soft_wrap=True)
    _print_counts("profiles per sector", report.profiles_by_sector())
    _print_counts("profiles per country", report.profiles_by_country())
    _print_counts("needs per sector", report.needs_by_sector())
    duplicates = report.duplicates()
    if duplicates:
        out.print(f"{len(duplicates)} likely duplicate(s), shown once per need in shortlists:")
        for line in duplicates:
            out.print(f"  {line}", markup=False, soft_wrap=True)
    if report.problems:
        err.print(f"{len(report.problems)} problem(s):")
        for problem in report.problems:
            err.print(f"  {problem}", markup=False)
        raise typer.Exit(2)
    out.print("no problems found")


def _print_counts(title: str, counts: dict[str, int]) -> None:
    if counts:
        items = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        out.print(f"{title}: {items}", markup=False, soft_wrap=True)


@app.command()
@handles_errors
def fit(profiles: ProfilesOpt = None, model_dir: ModelDirOpt = Path("models")) -> None:
    """Fit the index on the profiles and save it (no pickle) for later recommend runs."""
    from bridge_match.workflow import fit_model

    with progress_bar() as bar:
        summary = fit_model(profiles, model_dir, bar)
    out.print(
        f"fitted {summary.n_experts} experts, {summary.n_terms} terms; saved to {summary.path}"
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
    model_dir: ModelDirOpt = Path("models"),
) -> None:
    """Report which needs have strong candidates and which are talent gaps (HTML, PNG, CSV)."""
    from bridge_match.workflow import coverage_report

    paths = coverage_report(output, need, profiles, needs, threshold, model_dir)
    for kind, path in paths.items():
        out.print(f"{kind}: {path}", markup=False)


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
    k: Annotated[int, typer.Option("--k", min=1, help="Cut-off for nDCG and recall.")] = 10,
) -> None:
    """Measure match quality against judgements: nDCG@5/@10, MRR, P@1, recall, by sector and
    language."""
    from bridge_match.evaluate import to_markdown
    from bridge_match.workflow import evaluate_quality

    result = evaluate_quality(qrels, profiles, needs, ablate, k)
    out.print(to_markdown(result.table), markup=False)
    if result.ablation is not None:
        out.print("", markup=False)
        out.print(to_markdown(result.ablation), markup=False)


@app.command()
@handles_errors
def forget(
    ids: Annotated[list[str], typer.Option("--id", help="Expert id to erase (repeatable).")],
    profiles: ProfilesOpt = None,
    model_dir: ModelDirOpt = Path("models"),
) -> None:
    """Erase people from the profile files and the saved model (right to erasure), and prove it."""
    from bridge_match.workflow import forget_people

    result = forget_people(ids, profiles, model_dir)
    for expert_id, source, line in result.removed:
        out.print(f"removed {expert_id} from {source}:{line}", markup=False)
    out.print(result.model, markup=False)
    out.print(
        f"checked {result.checked_files} files: no trace of {', '.join(ids)} is left", markup=False
    )


@app.command("sample-data")
@handles_errors
def sample_data(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder to write profiles/ and needs/ into.")
    ],
    n_profiles: Annotated[int, typer.Option("--profiles", min=1, help="How many profiles.")] = 420,
    n_needs: Annotated[int, typer.Option("--needs", min=1, help="How many needs.")] = 36,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 57,
    layout: Annotated[
        Layout,
        typer.Option("--layout", help="One file per association (mixed formats) or one CSV each."),
    ] = Layout.associations,
) -> None:
    """Generate fictional, realistic sample profiles and needs (deterministic)."""
    from bridge_match.sample import write_sample

    files = write_sample(
        out_dir, n_profiles=n_profiles, n_needs=n_needs, seed=seed, layout=layout.value
    )
    out.print(f"wrote {len(files)} files under {out_dir}")
