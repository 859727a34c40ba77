"""What every command of the command line shares: the app, the error handling, the options,
the notes. Commands live in :mod:`bridge_match.cli` (data and queries) and
:mod:`bridge_match.cli.workspace` (the workspace: import, pipeline, saved shortlists, backup).
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.text import Text

from bridge_match.options import PSEUDONYM_KEY_ENV, OutputFormat, TableFormat
from bridge_match.terminal import err, set_language, tr

app = typer.Typer(
    help="Match overseas Vietnamese experts to Viet Nam's strategic needs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich markup would eat "[default: ...]" and "bridge-match[semantic]".
    rich_markup_mode=None,
)
F = TypeVar("F", bound=Callable[..., Any])


_state: dict[str, object] = {"debug": False, "lang": "en", "asked": False}


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for failures.")] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of messages, tables and reasons: vi or en [default: the locale's].",
        ),
    ] = None,
) -> None:
    """bridge-match: explained expert shortlists for strategic needs."""
    from bridge_match.i18n import cli_language

    _state["debug"] = debug
    if lang is not None and lang not in ("vi", "en"):
        raise typer.BadParameter("vi or en", param_hint="--lang")
    _state["lang"] = cli_language(lang)
    set_language(str(_state["lang"]))
    _state["asked"] = lang is not None


def asked_language() -> str | None:
    """The language ``--lang`` asked for (reasons follow it), or None (each need's own)."""
    return str(_state["lang"]) if _state.get("asked") else None


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
            err.print(Text.assemble((tr("error:"), "bold red"), " ", _said(exc)))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _state["debug"]:
                raise
            err.print(
                Text.assemble(
                    (tr("error:"), "bold red"),
                    " ",
                    tr(
                        "unexpected failure, a fault in bridge-match rather than in your data: "
                        "{reason}. Rerun with --debug for the details and report them."
                    ).format(reason=exc or "no message"),
                )
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _said(exc: Exception) -> str:
    """An error as the user reads it: a data error's problems under a line in their language."""
    from bridge_match.errors import DataError

    if isinstance(exc, DataError) and exc.problems:
        count = len(exc.problems)
        head = (
            tr("1 problem in the input:")
            if count == 1
            else tr("{n} problems in the input:").format(n=count)
        )
        return "\n".join([head, *(f"  {p}" for p in exc.problems)])
    return str(exc)


def _quiet_stdout() -> None:
    """A reader that went away (``| head``): stop writing, without a second error at exit."""
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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
    typer.Option(
        "--rejects",
        help="Write every rejected profile, with its reasons and fields, to this CSV, and every"
        " rejected need beside it (rejects.csv, rejects.needs.csv): fixed, they read back as data.",
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Unknown columns and keys are errors, not ignored with a warning.",
    ),
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
        envvar=PSEUDONYM_KEY_ENV,
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
OrganisationsOpt = Annotated[
    Path | None,
    typer.Option(
        "--organisations",
        help="Organisation table (YAML or CSV: names, acronyms, parents, e-mail domains) merged"
        " over the shipped one, for conflicts of interest.",
    ),
]


def notes(notes: list[str]) -> None:
    for note in notes:
        err.print(f"{tr('note:')} {tr(note)}")


def check_format(format: OutputFormat, output: Path | None) -> None:
    """Usage faults that need no data, found before any work is done."""
    if format == "xlsx" and output is None:
        from bridge_match.errors import DataError, Problem

        raise DataError(Problem("--output", None, None, "--format xlsx needs --output FILE"))


def file_format(format: OutputFormat) -> TableFormat | None:
    """The format the library writes itself (everything but the text table, which is ours)."""
    return None if format == "table" else format


WorkspaceOpt = Annotated[
    str | None,
    typer.Option(
        "--workspace",
        envvar="BRIDGE_MATCH_WORKSPACE",
        help="The workspace: a SQLite file or a postgresql:// URL"
        " [default: ./bridge-match.sqlite].",
    ),
]
ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who does it, for the history [default: login name].")
]
