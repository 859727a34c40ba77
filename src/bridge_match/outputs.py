"""Writing files without ever losing one: a temporary file renamed into place, never over an
input of the same run, never over a file bridge-match did not write.

Every file a command writes (shortlists, teams, rejects, reports, sample data) goes through
:func:`write_bytes`: the content is written to a hidden temporary file in the target's folder,
flushed to disk and renamed over the target in one step, so a crash or a full disk mid-write
leaves the old file whole. Before that, :meth:`Inputs.check` refuses a target that is one of the
run's inputs (or a hard link to one), that lies inside a data or model folder (it would be read
as data next time), or that exists but is not recognisably one of bridge-match's own outputs.
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import json
import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bridge_match.errors import DataError, Problem

GENERATOR = "bridge-match"
"""Written into the files that can carry it (xlsx creator, HTML meta, PNG text), so that a later
run knows the file is its own and may replace it."""

OUR_COLUMNS: frozenset[str] = frozenset(
    """need_id need_title sector rank expert_id name country affiliation field score similarity
    boost reasons email association band conflict status source line count problems record wanted
    filled mean_score min_score note team_size strong best_score best_expert_id best_name gap
    label needs gaps thin strong_experts median_best""".split()
)
"""Column names of every table bridge-match writes: a CSV or JSON file whose header uses only
these (and starts with one of :data:`_FIRST_COLUMNS`) is one of its outputs."""
_FIRST_COLUMNS = frozenset({"need_id", "expert_id", "source", "sector"})
REJECTS_HEADER = ("source", "line", "count", "problems")
"""How a rejects file's header starts; the rejected records' own columns follow, whatever
they are named, so that a fixed file reads back as data."""
_SNIFF_BYTES = 64 * 1024


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Inputs:
    """What a run reads: data folders and files, rules, pair lists, the model folder.

    No output may replace one of ``files``, be a hard link to one, or land inside one of
    ``folders`` (a shortlist written into ``profiles/`` would be read as profiles next time).
    """

    folders: tuple[Path, ...] = ()
    files: tuple[Path, ...] = ()

    @classmethod
    def of(cls, *paths: str | Path | None) -> Inputs:
        """The inputs named by ``paths`` (folders or files; ``None`` skipped).

        Parameters
        ----------
        paths:
            Data folders, data files, a rules file, pair lists, the model folder.

        Returns
        -------
        Inputs
            Folders and files, each kept as given and resolved.
        """
        folders: list[Path] = []
        files: list[Path] = []
        for given in paths:
            if given is None:
                continue
            path = Path(given)
            (files if path.is_file() else folders).append(path)
        return cls(tuple(folders), tuple(files))

    def plus(self, *paths: str | Path | None) -> Inputs:
        """These inputs and ``paths`` as well."""
        more = Inputs.of(*paths)
        return Inputs(self.folders + more.folders, self.files + more.files)

    def check(self, target: str | Path | None, option: str = "--output") -> None:
        """Refuse ``target`` if writing it could destroy data.

        Parameters
        ----------
        target:
            The file a command is about to write (``None``: nothing to check).
        option:
            The option that named it, for the message (``--output``, ``--rejects``...).

        Raises
        ------
        DataError
            ``target`` is an input of this run or a hard link to one, lies inside a data or
            model folder, is a folder, or exists without being one of bridge-match's outputs.
        """
        if target is None:
            return
        path = Path(target)
        shown = _shown(path)
        resolved = path.resolve()
        for file in [*self.files, *self._linked(path)]:
            if resolved == file.resolve() or _same_file(path, file):
                raise DataError(
                    Problem(
                        option,
                        None,
                        None,
                        f"{shown} is an input of this command; bridge-match never writes over "
                        "its own input: choose another file name",
                    )
                )
        for folder in self.folders:
            if resolved.is_relative_to(folder.resolve()):
                raise DataError(
                    Problem(
                        option,
                        None,
                        None,
                        f"{shown} is inside {_shown(folder)}, which this command reads; a file "
                        "written there would be read as input next time: write it elsewhere",
                    )
                )
        if path.is_dir():
            raise DataError(Problem(option, None, None, f"{shown} is a folder; give a file name"))
        if path.exists() and not is_ours(path):
            raise DataError(
                Problem(
                    option,
                    None,
                    None,
                    f"{shown} already exists and was not written by bridge-match; it is never "
                    "replaced: choose another file name, or move it away first",
                )
            )

    def _linked(self, target: Path) -> list[Path]:
        """Files under the input folders that ``target`` is a hard link to (looked for only
        when the target has more than one name, which is rare)."""
        try:
            info = target.stat()
        except OSError:
            return []
        if info.st_nlink < 2:
            return []
        return [
            candidate
            for folder in self.folders
            if folder.is_dir()
            for candidate in folder.rglob("*")
            if _same_file(candidate, target)
        ]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def is_ours(path: str | Path) -> bool:
    """Whether an existing file is recognisably an output of bridge-match, so it may be replaced.

    CSV and JSON: a table whose columns are all bridge-match output columns, or a rejects file
    (its header starts ``source,line,count,problems``). xlsx, HTML and PNG:
    the generator mark bridge-match writes into them. Text: a first line that starts with
    "bridge-match ". Anything else (a user's own file) is never replaced.

    Parameters
    ----------
    path:
        An existing file.

    Returns
    -------
    bool
        True only when the file carries a bridge-match signature.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _xlsx_creator(target) == GENERATOR
        with target.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    if suffix in (".html", ".htm"):
        return f'<meta name="generator" content="{GENERATOR}"'.encode() in head
    if suffix == ".png":
        return b"tEXtSoftware\x00" + GENERATOR.encode() in head
    if suffix == ".json":
        return _json_is_ours(target)
    if suffix in (".csv", ".tsv"):
        return _header_is_ours(head)
    if head.startswith(b"SQLite format 3\x00"):
        return _workspace_file(target)
    return head.startswith(f"{GENERATOR} ".encode())


def _workspace_file(path: Path) -> bool:
    """A SQLite file holding a bridge-match workspace (a backup bridge-match wrote), read
    without writing anything."""
    import sqlite3

    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except sqlite3.Error:
        return False
    return found is not None and found[0] == "bridge-match-workspace"


def _xlsx_creator(path: Path) -> str | None:
    with zipfile.ZipFile(path) as book:
        core = book.read("docProps/core.xml").decode("utf-8", errors="replace")
    start = core.find("<dc:creator>")
    end = core.find("</dc:creator>")
    return core[start + len("<dc:creator>") : end] if 0 <= start < end else None


def _header_is_ours(head: bytes) -> bool:
    text = head.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0].strip("\r")
    for delimiter in (",", ";", "\t"):
        names = [c.strip().strip('"') for c in first.split(delimiter)]
        if len(names) > 1 and names[0] in _FIRST_COLUMNS and set(names) <= OUR_COLUMNS:
            return True
        if tuple(names[: len(REJECTS_HEADER)]) == REJECTS_HEADER:
            return True
    return False


def _json_is_ours(path: Path) -> bool:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    if data == []:
        return True
    return (
        isinstance(data, list)
        and isinstance(data[0], dict)
        and next(iter(data[0]), None) in _FIRST_COLUMNS
        and set(data[0]) <= OUR_COLUMNS
    )


def write_bytes(target: str | Path, data: bytes, inputs: Inputs | None = None) -> Path:
    """Write ``data`` to ``target`` atomically, after :meth:`Inputs.check`.

    The bytes go to a temporary file beside the target, are flushed to disk, and the file is
    renamed over the target: readers see the old file or the new one, never half of one.
    Missing parent folders are created.

    Parameters
    ----------
    target:
        The file to write.
    data:
        Its whole content.
    inputs:
        The run's inputs, which the target must not touch (default: none).

    Returns
    -------
    Path
        ``target``.

    Raises
    ------
    DataError
        The target is refused (see :meth:`Inputs.check`), or cannot be written (a read-only
        folder, a full disk), with the reason.
    """
    path = Path(target)
    (inputs or Inputs()).check(path)
    return _replace(path, [data])


def write_text(
    target: str | Path, text: str, inputs: Inputs | None = None, encoding: str = "utf-8"
) -> Path:
    """:func:`write_bytes` for text (``encoding="utf-8-sig"`` adds the BOM Excel wants)."""
    return write_bytes(target, text.encode(encoding), inputs)


def write_files(files: Sequence[tuple[Path, bytes]], inputs: Inputs | None = None) -> list[Path]:
    """Several files, all checked before any is written, each replaced atomically.

    Returns
    -------
    list[Path]
        The paths written, in order.

    Raises
    ------
    DataError
        As :func:`write_bytes`; nothing is written when any target is refused.
    """
    checker = inputs or Inputs()
    for path, _ in files:
        checker.check(path)
    return [_replace(path, [data]) for path, data in files]


def write_new(target: str | Path, chunks: Iterable[bytes]) -> bool:
    """Write a file that must not replace anything: when ``target`` already exists, it is kept
    if it holds exactly these bytes, and refused otherwise (for generated files such as the
    sample data, which may be written again but never over someone's data).

    Returns
    -------
    bool
        True if the file was written, False if an identical file was already there.

    Raises
    ------
    DataError
        ``target`` exists with other content, or cannot be written.
    """
    path = Path(target)
    if not path.exists():
        _replace(path, chunks)
        return True
    shown = _shown(path)
    if not path.is_file():
        raise DataError(
            Problem(shown, None, None, "exists and is not a file; choose another folder")
        )
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".bridge-match-") as scratch:
        fresh = _replace(Path(scratch) / path.name, chunks)
        if filecmp.cmp(fresh, path, shallow=False):
            return False
    raise DataError(
        Problem(
            shown,
            None,
            None,
            "already exists with other content and is never replaced: write into an empty "
            "folder, or move the old files away first",
        )
    )


def replace_file(target: str | Path, data: bytes) -> Path:
    """Replace a file with new content atomically, without the checks of :func:`write_bytes`:
    for the one command that must rewrite its input (``forget`` erasing a person).

    Raises
    ------
    DataError
        The file cannot be written, with the reason; the old file is then left whole.
    """
    return _replace(Path(target), [data])


def replace_with(target: str | Path, write: Callable[[Path], None]) -> Path:
    """Replace a file atomically with what ``write(temporary)`` writes into a new file beside it
    (a database copy, which a library writes by path), fsynced, then renamed into place.

    Raises
    ------
    DataError
        The file cannot be written, with the reason; the old file is then left whole.
    """
    path = Path(target)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        write(temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise _cannot_write(_shown(path), exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(path.parent)
    return path


def _replace(path: Path, chunks: Iterable[bytes]) -> Path:
    shown = _shown(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        )
    except OSError as exc:
        raise _cannot_write(shown, exc) from None
    temporary = Path(handle.name)
    try:
        with handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _default_mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise _cannot_write(shown, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(path.parent)
    return path


def _default_mode(path: Path) -> int:
    """The mode of the file replaced, else what a plain ``open`` gives (0666 less the umask)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_new_file(path: Path, data: bytes) -> str:
    """Create ``path`` (it must not exist) with ``data``, flushed to disk; for files written
    inside a new folder that is renamed into place as a whole (a saved model).

    Returns
    -------
    str
        The sha256 of ``data``, hex.
    """
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return hashlib.sha256(data).hexdigest()


def sync_folder(folder: Path) -> None:
    """Make a folder's new entries (a rename, a new file) durable (POSIX); a no-op where
    folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cannot_write(shown: str, exc: OSError) -> DataError:
    reason = exc.strerror or str(exc)
    return DataError(
        Problem(shown, None, None, f"cannot write: {reason}; choose another folder or file")
    )
