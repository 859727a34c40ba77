"""How results look on a terminal: the two consoles, rich tables and the progress bar.

With :mod:`bridge_match.cli`, the only module that prints. Nothing user-supplied is ever read as
rich markup (consoles and tables are built with ``markup=False`` and :class:`~rich.text.Text`).
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bridge_match.i18n import Translator, say, translator
from bridge_match.invisible import show_hidden
from bridge_match.options import OutputFormat

if TYPE_CHECKING:
    import pandas as pd

# No markup and no emoji codes anywhere: names, titles and messages come from people's files,
# and "[link=...]" or ":warning:" in a name must print as written. Styles are set on Text objects.
out = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


_language: dict[str, Translator] = {"t": translator("en")}


def set_language(lang: str) -> None:
    """The language of everything printed from now on (``--lang``, or the locale)."""
    _language["t"] = translator(lang)


def tr(message: str) -> str:
    """A message in the command line's language (format it afterwards)."""
    return say(message, _language["t"])


def language() -> str:
    """The command line's language now."""
    return _language["t"].lang


BAR_AFTER_SECONDS = 1.5
"""Work that ends sooner shows no bar: a bar that flashes by is noise."""


class _Bar:
    """A rich progress bar on stderr, drawn only on a terminal and once the work has run for
    :data:`BAR_AFTER_SECONDS`; the library reports ``(stage, done, total)`` and never prints.

    The semantic layer's stages (:mod:`bridge_match.embeddings`) are also counted: when texts
    were encoded or reused, closing says how many of each, on a terminal or not."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.started = time.monotonic()
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        self.reused = self.encoded = 0
        self.encoding = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        from bridge_match.embeddings import ENCODING, REUSED

        if stage == REUSED:
            self.reused += done
            self.encoded += self.encoding
            self.encoding = 0
            return
        if stage == ENCODING:
            self.encoding = done
            if not total:
                return
        self._draw(stage, done, total)

    def _draw(self, stage: str, done: int, total: int) -> None:
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
            task = self.tasks[stage] = self.bar.add_task(tr(stage), total=total)
        self.bar.update(task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
        encoded = self.encoded + self.encoding
        if encoded or self.reused:
            self.console.print(
                tr(
                    "semantic layer: {encoded} texts encoded, {reused} reused from the embedding"
                    " store"
                ).format(encoded=encoded, reused=self.reused)
            )


@contextlib.contextmanager
def progress_bar() -> Iterator[_Bar]:
    bar = _Bar(err)
    try:
        yield bar
    finally:
        bar.close()


def emit(
    frame: pd.DataFrame,
    format: OutputFormat,
    output: Path | None,
    inputs: Any,
    table: Callable[[pd.DataFrame, Console], None],
    command: str,
) -> None:
    """Print the result, or say where the library wrote it; a text table to a file is written
    here (rendered by rich), atomically and as carefully as every other output."""
    from bridge_match import export

    if output is None:
        if format == "table":
            table(frame, out)
        else:
            text = export.to_csv(frame) if format == "csv" else export.to_json(frame)
            sys.stdout.write(text)
        return
    if format == "table":
        from bridge_match.outputs import GENERATOR, write_text

        buffer = io.StringIO()
        console = Console(file=buffer, width=100, highlight=False, markup=False, emoji=False)
        console.print(f"{GENERATOR} {command}: " + tr("{n} rows").format(n=len(frame)))
        table(frame, console)
        write_text(output, buffer.getvalue(), inputs)
    err.print(tr("wrote {n} rows to {path}").format(n=len(frame), path=output))


def _dim(text: object) -> Text:
    return Text(str(text), style="dim")


def shortlist_table(frame: pd.DataFrame, console: Console) -> None:
    if frame.empty:
        console.print(tr("No expert shares any term with this need."))
        return
    for (need_id, title, sector), group in frame.groupby(
        ["need_id", "need_title", "sector"], sort=False
    ):
        table = Table(
            title=Text(f"{need_id} · {title} ({sector})"),
            title_justify="left",
            show_lines=True,
            expand=False,
        )
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column(tr("Expert"), max_width=24)
        table.add_column(tr("Ctry"), no_wrap=True)
        table.add_column(tr("Score"), justify="right", no_wrap=True)
        table.add_column(tr("Field · why"), ratio=1, min_width=30)
        for row in group.itertuples(index=False):
            why = Text.assemble(str(row.field), "\n", _dim(row.reasons))
            conflict = getattr(row, "conflict", "")
            if isinstance(conflict, str) and conflict:
                why.append_text(
                    Text.assemble("\n", (tr("conflict of interest: "), "bold red"), conflict)
                )
            table.add_row(
                str(row.rank),
                Text.assemble(str(row.name), "\n", _dim(row.expert_id)),
                Text(str(row.country)),
                f"{row.score:.3f}",
                why,
            )
        console.print(table)


def needs_table(frame: pd.DataFrame, console: Console) -> None:
    """The needs that fit one expert (``recommend --expert``), best first."""
    if frame.empty:
        console.print(tr("No need shares any term with this expert."))
        return
    first = frame.iloc[0]
    table = Table(
        title=Text(f"{first.expert_id} · {first['name']} ({first.country})"),
        title_justify="left",
        show_lines=True,
        expand=False,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(tr("Need"), max_width=36)
    table.add_column(tr("Band"), no_wrap=True)
    table.add_column(tr("Score"), justify="right", no_wrap=True)
    table.add_column(tr("Why"), ratio=1, min_width=30)
    for row in frame.itertuples(index=False):
        table.add_row(
            str(row.rank),
            Text.assemble(str(row.need_title), "\n", _dim(f"{row.need_id} · {row.sector}")),
            Text(tr(str(row.band))),
            f"{row.score:.3f}",
            Text(str(row.reasons)),
        )
    console.print(table)


def teams_table(frame: pd.DataFrame, console: Console) -> None:
    if frame.empty:
        console.print(tr("No team could be formed."))
        return
    for (need_id, title), group in frame.groupby(["need_id", "need_title"], sort=False):
        table = Table(title=Text(f"{need_id} · {title}"), title_justify="left", expand=False)
        table.add_column(tr("Expert"), max_width=28)
        table.add_column(tr("Ctry"), no_wrap=True)
        table.add_column(tr("Score"), justify="right", no_wrap=True)
        table.add_column(tr("Affiliation"), ratio=1, min_width=20)
        for row in group.itertuples(index=False):
            table.add_row(
                Text.assemble(str(row.name), "\n", _dim(row.expert_id)),
                Text(str(row.country)),
                f"{row.score:.3f}",
                Text(str(row.affiliation)),
            )
        console.print(table)


def print_summary(summary: pd.DataFrame, console: Console) -> None:
    filled = int(summary.filled.sum())
    wanted = int(summary.wanted.sum())
    console.print(
        tr("teams: {filled} of {wanted} places filled over {n} needs").format(
            filled=filled, wanted=wanted, n=len(summary)
        )
    )
    for row in summary.itertuples(index=False):
        if row.filled < row.wanted:
            console.print(f"  {row.need_id}: {row.filled}/{row.wanted} — {row.note}")


def print_counts(title: str, counts: dict[str, int]) -> None:
    if counts:
        items = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
        out.print(f"{title}: {items}", soft_wrap=True)


def _one_line(text: str) -> str:
    """A cell on one line: runs of white space (line breaks too) as one space, every other
    hidden character (a terminal escape, a bidi control) written as ``<U+XXXX>``."""
    return show_hidden(" ".join(text.split()))


def rows_table(frame: pd.DataFrame, console: Console) -> None:
    """Any result table as it is, one row a line (the pipeline, a history, a diff): columns
    padded to their widest cell, plain text (control characters and markup shown inert, as
    everywhere). Plain, not a rich ``Table``: a pipeline of 10,000 pairs prints in a fraction
    of a second instead of ten."""
    if frame.empty:
        console.print(tr("(none)"))
        return
    header = [str(c) for c in frame.columns]
    rows = [
        ["" if value is None or value != value else _one_line(str(value)) for value in row]
        for row in frame.itertuples(index=False)
    ]
    widths = [max([cell_len(h), *(cell_len(r[j]) for r in rows)]) for j, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    lines = [line(header), "  ".join("─" * w for w in widths), *(line(r) for r in rows)]
    console.print(Text("\n".join(lines)), soft_wrap=True, highlight=False)
