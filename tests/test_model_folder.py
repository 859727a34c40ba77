"""The model folder: it holds only bridge-match's files, switches versions atomically, and a
forged or unwritable one is a clear refusal or a note, never lost data or a crash."""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import bridge_match.persist as persist
from bridge_match import DataError, Matcher, ModelError, load_profiles
from bridge_match.cli import app
from bridge_match.erase import forget
from bridge_match.model_folder import (
    MARKER,
    ModelWriteError,
    check_model_dir,
    model_exists,
    model_files,
    remove_model,
)
from bridge_match.persist import read_manifest
from bridge_match.prepare import fitted_matcher
from bridge_match.rules import Rules
from tests.conftest import ROOT, TINY, current_version

runner = CliRunner()
NEEDS = ["--needs", str(TINY / "needs")]
CHOOSE = "choose an empty or new folder for --model-dir"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (recursively), by relative path, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def same_model(a: Matcher, b: Matcher) -> bool:
    return (
        a.weighting == b.weighting
        and a.index_t_.shape == b.index_t_.shape
        and (a.index_t_ != b.index_t_).nnz == 0
        and list(a.vectorizer_.terms_) == list(b.vectorizer_.terms_)
        and np.array_equal(a.vectorizer_.idf_, b.vectorizer_.idf_)
        and list(a.ids_) == list(b.ids_)
    )


def legacy_model(matcher: Matcher, folder: Path) -> list[str]:
    """What bridge-match wrote before format 4: manifest.json and its files at the top level.
    Returns the names written."""
    staging = folder.parent / f"{folder.name}-staging"
    matcher.save(staging)
    version = current_version(staging)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((version / "manifest.json").read_text("utf-8"))
    manifest["format_version"] = 3
    for name in manifest["files"]:
        shutil.copyfile(version / name, folder / name)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
    shutil.rmtree(staging)
    return ["manifest.json", *manifest["files"]]


def forge(model: Path, name: str, array: np.ndarray | None = None, raw: bytes | None = None):
    """Replace one file of the current version and recompute its checksum, as an editor could."""
    version = current_version(model)
    target = version / name
    target.unlink()
    if array is not None:
        np.save(target, array, allow_pickle=False)
    else:
        target.write_bytes(raw or b"")
    manifest = json.loads((version / "manifest.json").read_text("utf-8"))
    manifest["files"][name] = hashlib.sha256(target.read_bytes()).hexdigest()
    (version / "manifest.json").write_text(json.dumps(manifest), "utf-8")


def array_of(model: Path, name: str) -> np.ndarray:
    return np.load(current_version(model) / f"{name}.npy", allow_pickle=False)


@pytest.fixture
def model(tmp_path, tiny_matcher):
    return tiny_matcher.save(tmp_path / "model")


# ------------------------------------------------------------------------------------------------
# Ownership: never delete or overwrite what bridge-match did not write
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def data_folder(tmp_path, tiny_profiles):
    """A coordinator's folder: one profile file, a document, a sub-folder, and (as the version
    before format 4 let them do) a model saved into it with ``--model-dir .``."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "experts.csv").write_text(
        "id,name,country,field,affiliation\nX1,Trần Thị Lan,JP,chip design,Tohoku University\n",
        "utf-8",
    )
    (folder / "minutes.docx").write_bytes(b"PK\x03\x04 the association's minutes")
    (folder / "archive").mkdir()
    (folder / "archive" / "2024.csv").write_text("id,name\nOLD,Someone\n", "utf-8")
    legacy_model(Matcher().fit(load_profiles(folder / "experts.csv")), folder)
    return folder


def test_forget_with_the_model_dir_at_the_data_folder_leaves_every_file_as_it_was(data_folder):
    before = snapshot(data_folder)
    assert "experts.csv" in before
    assert "manifest.json" in before
    with pytest.raises(DataError, match=r"minutes\.docx") as refused:
        forget(["X1"], data_folder / "experts.csv", data_folder)
    assert CHOOSE in str(refused.value)
    assert "experts.csv" in str(refused.value)
    assert snapshot(data_folder) == before


def test_forget_command_with_the_model_dir_at_the_data_folder_is_exit_2(data_folder):
    before = snapshot(data_folder)
    args = ["--profiles", str(data_folder / "experts.csv"), "--model-dir", str(data_folder)]
    result = runner.invoke(app, ["forget", "--id", "X1", *args])
    assert result.exit_code == 2, result.output
    assert CHOOSE in result.output
    assert "Traceback" not in result.output
    assert "Error" not in result.output
    assert snapshot(data_folder) == before


def test_fit_refuses_a_folder_holding_a_users_array_and_leaves_it_as_it_was(tmp_path, tiny_matcher):
    folder = tmp_path / "results"
    folder.mkdir()
    np.save(folder / "experiment_results.npy", np.arange(12.0))
    before = snapshot(folder)
    with pytest.raises(DataError, match=r"experiment_results\.npy") as refused:
        tiny_matcher.save(folder)
    assert CHOOSE in str(refused.value)
    assert snapshot(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == ["experiment_results.npy"]

    fit = ["fit", "--profiles", str(TINY / "profiles"), "--model-dir", str(folder)]
    result = runner.invoke(app, fit)
    assert result.exit_code == 2, result.output
    assert "experiment_results.npy" in result.output
    assert CHOOSE in result.output
    assert snapshot(folder) == before


def test_refusal_names_at_most_five_foreign_files(tmp_path):
    folder = tmp_path / "busy"
    folder.mkdir()
    for i in range(8):
        (folder / f"paper{i}.pdf").write_bytes(b"%PDF")
    with pytest.raises(DataError) as refused:
        check_model_dir(folder)
    message = str(refused.value)
    assert sum(f"paper{i}.pdf" in message for i in range(8)) == 5
    assert "and 3 more" in message


@pytest.mark.parametrize("command", ["fit", "recommend", "forget"])
def test_model_dir_that_is_a_file_is_exit_2(tmp_path, command):
    target = tmp_path / "models"
    target.write_text("not a folder", "utf-8")
    profiles = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", profiles)
    args = {
        "fit": ["fit", "--profiles", str(profiles)],
        "recommend": ["recommend", "--need", "ai", "--profiles", str(profiles), *NEEDS],
        "forget": ["forget", "--id", "E01", "--profiles", str(profiles)],
    }[command]
    before = snapshot(profiles)
    result = runner.invoke(app, [*args, "--model-dir", str(target)])
    assert result.exit_code == 2, result.output
    assert "is a file, not a folder" in result.output
    assert CHOOSE in result.output
    assert "Traceback" not in result.output
    assert "Error" not in result.output
    assert target.read_text("utf-8") == "not a folder"
    assert snapshot(profiles) == before


def test_model_dir_inside_a_file_is_a_clear_error(tmp_path, tiny_matcher):
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    with pytest.raises(DataError, match=r"inside .*notes.txt, which is a file"):
        tiny_matcher.save(tmp_path / "notes.txt" / "model")


def test_a_link_named_like_a_version_is_not_followed(model, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "vectorizer.json").write_text("my own file", "utf-8")
    (model / "index-20200101T000000Z-0123456789ab").symlink_to(mine, target_is_directory=True)
    with pytest.raises(DataError, match="index-20200101T000000Z-0123456789ab"):
        check_model_dir(model)
    with pytest.raises(DataError):
        remove_model(model)
    assert (mine / "vectorizer.json").read_text("utf-8") == "my own file"


def test_a_users_file_inside_a_version_folder_makes_the_folder_foreign(model, tiny_matcher):
    (current_version(model) / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(DataError, match=r"index-[^/]+/notes.txt"):
        tiny_matcher.save(model)
    assert (current_version(model) / "notes.txt").read_text("utf-8") == "mine"


def test_file_manager_litter_is_neither_foreign_nor_deleted(model, tiny_matcher):
    (model / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    tiny_matcher.save(model)
    assert remove_model(model) is True
    assert [p.name for p in model.iterdir()] == [".DS_Store"]
    assert (model / ".DS_Store").read_bytes() == b"\0\0\0\1Bud1"


def test_remove_model_deletes_only_ours_and_keeps_the_folder(model):
    assert model_exists(model)
    assert remove_model(model) is True
    assert model.is_dir()
    assert list(model.iterdir()) == []
    assert not model_exists(model)
    assert remove_model(model) is False
    assert remove_model(model.parent / "never-made") is False


def test_remove_model_refuses_a_folder_with_other_files(model):
    (model / "budget.xlsx").write_bytes(b"PK")
    before = snapshot(model)
    with pytest.raises(DataError, match=r"budget\.xlsx"):
        remove_model(model)
    assert snapshot(model) == before


def test_forget_of_the_last_person_removes_only_the_model(tmp_path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "one.csv").write_text(
        "id,name,country,field,affiliation\nX1,Trần Thị Lan,JP,chip design,Tohoku\n", "utf-8"
    )
    model = Matcher().fit(load_profiles(profiles)).save(tmp_path / "model")
    result = forget(["X1"], profiles, model)
    assert "deleted (no profiles left)" in result.model
    assert model.is_dir()
    assert list(model.iterdir()) == []
    assert (profiles / "one.csv").read_text("utf-8") == "id,name,country,field,affiliation\n"


def test_a_folder_in_the_layout_before_format_4_is_ours(tmp_path, tiny_matcher, tiny_profiles):
    folder = tmp_path / "old"
    written = legacy_model(tiny_matcher, folder)
    (folder / ".DS_Store").write_bytes(b"litter")
    assert model_exists(folder)
    check_model_dir(folder)
    with pytest.raises(ModelError, match=r"bridge-match 0\.1\.0 \(format 3\).*bridge-match fit"):
        Matcher.load(folder, tiny_profiles)
    tiny_matcher.save(folder)
    names = {p.name for p in folder.iterdir()}
    assert not names & set(written)
    assert names >= {MARKER, ".DS_Store"}
    assert same_model(Matcher.load(folder, tiny_profiles), tiny_matcher)


def test_a_folder_in_the_old_layout_with_other_files_is_not_ours(tmp_path, tiny_matcher):
    folder = tmp_path / "old"
    legacy_model(tiny_matcher, folder)
    np.save(folder / "experiment_results.npy", np.ones(3))
    before = snapshot(folder)
    with pytest.raises(DataError, match=r"experiment_results\.npy"):
        tiny_matcher.save(folder)
    with pytest.raises(DataError, match=r"experiment_results\.npy"):
        remove_model(folder)
    assert snapshot(folder) == before


def test_an_old_layout_model_is_removed_file_by_file(tmp_path, tiny_matcher):
    folder = tmp_path / "old"
    legacy_model(tiny_matcher, folder)
    assert remove_model(folder) is True
    assert list(folder.iterdir()) == []


# ------------------------------------------------------------------------------------------------
# The atomic switch: a crash or a concurrent save never leaves a broken or mixed model
# ------------------------------------------------------------------------------------------------


def test_each_save_is_a_new_version_and_the_old_one_goes(model, tiny_matcher, tiny_profiles):
    first = current_version(model)
    tiny_matcher.save(model)
    second = current_version(model)
    assert second != first
    assert not first.exists()
    assert sorted(p.name for p in model.iterdir()) == [".lock", MARKER, second.name]
    assert read_manifest(model)["format_version"] == persist.FORMAT_VERSION
    assert same_model(Matcher.load(model, tiny_profiles), tiny_matcher)


def _fail_after(count: int, exc: BaseException):
    real = np.save
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > count:
            raise exc
        return real(*args, **kwargs)

    return failing


@pytest.mark.parametrize(
    ("exc", "raised"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), ModelWriteError),
        (RuntimeError("interrupted"), RuntimeError),
    ],
)
def test_a_save_that_fails_midway_leaves_the_previous_model(
    model, tmp_path, tiny_profiles, tiny_matcher, monkeypatch, exc, raised
):
    (tmp_path / "beside.csv").write_text("a neighbour's file", "utf-8")
    before = snapshot(model)
    other = Matcher(weighting="bm25").fit(tiny_profiles)
    monkeypatch.setattr(np, "save", _fail_after(3, exc))
    with pytest.raises(raised):
        other.save(model)
    monkeypatch.undo()
    assert snapshot(model) == before
    assert same_model(Matcher.load(model, tiny_profiles), tiny_matcher)
    assert (tmp_path / "beside.csv").read_text("utf-8") == "a neighbour's file"


def test_a_failed_switch_of_the_marker_leaves_the_previous_model(
    model, tiny_profiles, tiny_matcher, monkeypatch
):
    before = snapshot(model)
    real = os.replace

    def refuse(src, dst, *args, **kwargs):
        if Path(dst).name == MARKER:
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ModelWriteError, match="Input/output error"):
        Matcher(weighting="bm25").fit(tiny_profiles).save(model)
    monkeypatch.undo()
    assert snapshot(model) == before
    assert same_model(Matcher.load(model, tiny_profiles), tiny_matcher)


def _save_then_hang(folder: str, flag: str) -> None:
    """A child process: save a model but stop for good after writing a few arrays."""
    real = persist._write_array
    calls = {"n": 0}

    def slow(path, array):
        calls["n"] += 1
        if calls["n"] == 4:
            Path(flag).write_text("writing", "utf-8")
            time.sleep(120)
        return real(path, array)

    persist._write_array = slow
    Matcher(weighting="bm25").fit(load_profiles(TINY / "profiles")).save(folder)


def test_a_save_killed_midway_leaves_the_previous_model(
    model, tmp_path, tiny_profiles, tiny_matcher
):
    (tmp_path / "beside.csv").write_text("a neighbour's file", "utf-8")
    (model / ".DS_Store").write_bytes(b"litter")
    flag = tmp_path / "flag"
    child = multiprocessing.get_context("spawn").Process(
        target=_save_then_hang, args=(str(model), str(flag))
    )
    child.start()
    deadline = time.monotonic() + 60
    while not flag.exists() and child.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists(), "the child never got to write"
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    assert child.exitcode == -signal.SIGKILL
    partials = [p for p in model.iterdir() if p.name.endswith(".partial")]
    assert len(partials) == 1
    assert len(list(partials[0].iterdir())) >= 3
    assert same_model(Matcher.load(model, tiny_profiles), tiny_matcher)
    check_model_dir(model)  # the leftover is recognised as ours
    tiny_matcher.save(model)
    assert not [p for p in model.iterdir() if p.name.endswith(".partial")]
    assert (model / ".DS_Store").read_bytes() == b"litter"
    assert (tmp_path / "beside.csv").read_text("utf-8") == "a neighbour's file"


def _save_rounds(folder: str, weighting: str, rounds: int, start) -> None:
    """A child process: save one model into ``folder`` again and again, from when all start."""
    matcher = Matcher(weighting=weighting).fit(load_profiles(TINY / "profiles"))
    start.wait(60)
    for _ in range(rounds):
        matcher.save(folder)


def test_concurrent_saves_and_loads_always_see_one_whole_model(tmp_path, tiny_profiles):
    folder = tmp_path / "model"
    models = {w: Matcher(weighting=w).fit(tiny_profiles) for w in ("tfidf", "bm25")}
    models["tfidf"].save(folder)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(3)  # both savers and this reader, once the imports are done
    children = [
        context.Process(target=_save_rounds, args=(str(folder), w, 25, start))
        for w in ("tfidf", "bm25")
    ]
    for child in children:
        child.start()
    start.wait(60)
    seen: dict[str, int] = {"tfidf": 0, "bm25": 0}
    while any(child.is_alive() for child in children) or not sum(seen.values()):
        loaded = Matcher.load(folder, tiny_profiles)
        assert same_model(loaded, models[loaded.weighting])
        seen[loaded.weighting] += 1
        time.sleep(0.002)  # flock lets back-to-back readers starve a waiting saver
    for child in children:
        child.join(30)
        assert child.exitcode == 0
    loaded = Matcher.load(folder, tiny_profiles)
    assert same_model(loaded, models[loaded.weighting])
    assert sum(seen.values()) > 1
    versions = [p for p in folder.iterdir() if p.is_dir()]
    assert versions == [current_version(folder)]


# ------------------------------------------------------------------------------------------------
# Forged models: checksums anyone can recompute prove nothing; the invariants are checked
# ------------------------------------------------------------------------------------------------


def _bad_header(model: Path) -> bytes:
    """A valid .npy header that claims more values than the file holds."""
    data = array_of(model, "index_data")
    head = np.lib.format.header_data_from_array_1_0(data)
    head["shape"] = (len(data) * 4,)
    out = __import__("io").BytesIO()
    np.lib.format.write_array_header_1_0(out, head)
    return out.getvalue() + data.tobytes()


def _with(array: np.ndarray, at: int, value: object) -> np.ndarray:
    copy = array.copy()
    copy.flat[at] = value
    return copy


FORGERIES = {
    "index beyond the last expert": (
        "index_indices",
        lambda m: array_of(m, "index_indices") + 10**6,
        "expert numbers outside",
    ),
    "negative index": (
        "index_indices",
        lambda m: _with(array_of(m, "index_indices"), 0, -1),
        "outside",
    ),
    "NaN weight": (
        "index_data",
        lambda m: _with(array_of(m, "index_data"), 3, np.nan),
        "NaN or inf",
    ),
    "infinite weight": ("index_data", lambda m: _with(array_of(m, "index_data"), 0, np.inf), "NaN"),
    "negative weight": (
        "index_data",
        lambda m: _with(array_of(m, "index_data"), 0, -0.5),
        "negative",
    ),
    "indptr decreasing": (
        "index_indptr",
        lambda m: _with(array_of(m, "index_indptr"), 5, array_of(m, "index_indptr")[-1]),
        "decreases",
    ),
    "indptr short of nnz": (
        "index_indptr",
        lambda m: _with(array_of(m, "index_indptr"), -1, array_of(m, "index_indptr")[-1] - 1),
        "runs from 0 to",
    ),
    "indptr too short": ("index_indptr", lambda m: array_of(m, "index_indptr")[:-1], "shape"),
    "indices and data of other lengths": (
        "index_indices",
        lambda m: array_of(m, "index_indices")[:-1],
        "entries, index_data",
    ),
    "index shape": (
        "index_shape",
        lambda m: np.add(array_of(m, "index_shape"), (0, 1)),
        "index_shape",
    ),
    "idf length": ("idf", lambda m: array_of(m, "idf")[:-1], "shape"),
    "idf NaN": ("idf", lambda m: _with(array_of(m, "idf"), 0, np.nan), "NaN or infinite"),
    "sectors width": ("sectors", lambda m: array_of(m, "sectors")[:, :-1], "shape"),
    "languages width": ("languages", lambda m: array_of(m, "languages")[:, :-1], "shape"),
    "person group out of range": (
        "person",
        lambda m: _with(array_of(m, "person"), 0, 10),
        "groups",
    ),
    "digests dtype": ("digests", lambda m: array_of(m, "digests").astype(np.int16), "dtype"),
    "big-endian weights": (
        "index_data",
        lambda m: array_of(m, "index_data").astype(">f4"),
        "dtype",
    ),
    "float indices": ("index_indices", lambda m: array_of(m, "index_indices") * 1.0, "dtype"),
    "years negative": ("years", lambda m: _with(array_of(m, "years"), 0, -3.0), "years"),
    "one id too many": (
        "ids",
        lambda m: np.frombuffer(array_of(m, "ids").tobytes() + b"\nZZ9", dtype=np.uint8),
        "11 entries",
    ),
    "countries not UTF-8": (
        "countries",
        lambda m: np.frombuffer(b"\xff\xfe" + array_of(m, "countries").tobytes(), dtype=np.uint8),
        "not UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(FORGERIES))
def test_a_forged_array_with_recomputed_checksums_is_refused(model, tiny_profiles, case):
    name, make, broken = FORGERIES[case]
    forge(model, f"{name}.npy", make(model))
    read_manifest(model)  # the checksums alone accept the forgery
    with pytest.raises(ModelError, match=broken) as refused:
        Matcher.load(model, tiny_profiles)
    message = str(refused.value)
    assert f"{name}.npy" in message
    assert "bridge-match fit" in message


def test_an_npy_header_claiming_more_values_than_the_file_holds_is_refused(model, tiny_profiles):
    forge(model, "index_data.npy", raw=_bad_header(model))
    with pytest.raises(ModelError, match=r"index_data.npy is not a valid .npy array file"):
        Matcher.load(model, tiny_profiles)


def _edit_json(model: Path, name: str, change) -> None:
    version = current_version(model)
    data = json.loads((version / name).read_text("utf-8"))
    change(data)
    raw = json.dumps(data).encode()
    if name == "manifest.json":
        (version / name).write_bytes(raw)
    else:
        forge(model, name, raw=raw)


JSON_FORGERIES = {
    "manifest key renamed": (
        "manifest.json",
        lambda d: d.update(n_expert=d.pop("n_experts")),
        r"manifest .*manifest.json is damaged: n_experts: Field required",
    ),
    "manifest nested key renamed": (
        "manifest.json",
        lambda d: d["updates"].update(fitted=d["updates"].pop("n_fitted")),
        r"is damaged: updates.n_fitted: Field required",
    ),
    "manifest key of the wrong type": (
        "manifest.json",
        lambda d: d.update(n_terms=str(d["n_terms"])),
        r"is damaged: n_terms: Input should be a valid integer",
    ),
    "manifest listing a file outside the folder": (
        "manifest.json",
        lambda d: d["files"].update({"../../outside.npy": "0" * 64}),
        r"is damaged: files: \.\./\.\./outside\.npy",
    ),
    "manifest missing a file": (
        "manifest.json",
        lambda d: d["files"].pop("person.npy"),
        r"is damaged: files: person.npy \(missing\)",
    ),
    "vectorizer missing a term": (
        "vectorizer.json",
        lambda d: d["terms"].pop(),
        r"vectorizer.json is damaged or was edited: \d+ terms where the manifest says",
    ),
    "vectorizer with a repeated term": (
        "vectorizer.json",
        lambda d: d["terms"].__setitem__(1, d["terms"][0]),
        r"vectorizer.json is damaged or was edited: its terms repeat",
    ),
    "vectorizer with an unknown parameter": (
        "vectorizer.json",
        lambda d: d["params"].update(smooth=True),
        r"vectorizer.json is damaged: params.smooth: Extra inputs",
    ),
}


@pytest.mark.parametrize("case", sorted(JSON_FORGERIES))
def test_a_damaged_manifest_or_vectorizer_is_a_model_error(model, tiny_profiles, case):
    name, change, message = JSON_FORGERIES[case]
    _edit_json(model, name, change)
    with pytest.raises(ModelError, match=message) as refused:
        Matcher.load(model, tiny_profiles)
    assert "bridge-match fit" in str(refused.value)


@pytest.mark.parametrize(
    ("current", "message"),
    [("../elsewhere", "model folder marker .* is damaged: current"), (None, "which is missing")],
)
def test_a_marker_pointing_elsewhere_is_refused(model, tiny_profiles, current, message):
    marker = json.loads((model / MARKER).read_text("utf-8"))
    marker["current"] = current or "index-20200101T000000Z-0123456789ab"
    (model / MARKER).write_text(json.dumps(marker), "utf-8")
    with pytest.raises(ModelError, match=message):
        Matcher.load(model, tiny_profiles)


def _recommend(model: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a child process, so that a crash shows as a signal instead of ending pytest."""
    command = [sys.executable, "-m", "bridge_match", "recommend", "--need", "ai", *extra]
    data = ["--profiles", str(TINY / "profiles"), *NEEDS, "--model-dir", str(model)]
    return subprocess.run(
        [*command, *data],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("case", "named"),
    [("index beyond the last expert", "index_indices.npy"), ("NaN weight", "index_data.npy")],
)
def test_recommend_on_a_forged_model_is_exit_1_not_a_crash(model, case, named):
    name, make, _ = FORGERIES[case]
    forge(model, f"{name}.npy", make(model))
    done = _recommend(model, "--format", "csv")
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert named in done.stderr
    assert "bridge-match fit" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_recommend_on_a_manifest_with_a_renamed_key_is_exit_1(model):
    _edit_json(model, "manifest.json", lambda d: d.update(updatez=d.pop("updates")))
    args = ["--profiles", str(TINY / "profiles"), "--needs", str(TINY / "needs")]
    result = runner.invoke(app, ["recommend", "--need", "ai", *args, "--model-dir", str(model)])
    assert result.exit_code == 1
    assert "updates: Field required" in result.output
    assert "KeyError" not in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------------------------------------
# A folder that cannot be written: rank from memory, say so, leave the saved model alone
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def changed_profiles(tmp_path):
    """A copy of the sample profiles, a model fitted on them, then one profile changed."""
    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", profiles)
    model = Matcher().fit(load_profiles(profiles)).save(tmp_path / "model")
    target = sorted(profiles.glob("*.csv"))[0]
    text = target.read_text("utf-8-sig")
    target.write_text(text.replace("University", "Univ.", 1), "utf-8")
    return profiles, model


def _recommend_in_process(profiles: Path, model: Path):
    args = ["--profiles", str(profiles), "--needs", str(ROOT / "needs"), "--model-dir", str(model)]
    return runner.invoke(app, ["recommend", "--need", "ai", "--format", "csv", *args])


def test_recommend_with_a_read_only_model_folder_ranks_and_says_so(changed_profiles):
    profiles, model = changed_profiles
    before = snapshot(model)
    folders = [model, current_version(model)]
    for folder in folders:
        folder.chmod(0o555)
    try:
        if os.access(model, os.W_OK):
            pytest.skip("running as root: chmod does not stop writes (see the monkeypatched test)")
        result = _recommend_in_process(profiles, model)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert "could not save it to" in result.stderr
    assert result.stdout.count("\n") > 5
    assert snapshot(model) == before


@pytest.mark.parametrize("where", ["np.save", "save_model"])
def test_recommend_when_saving_is_not_permitted_ranks_and_says_so(
    changed_profiles, monkeypatch, where
):
    profiles, model = changed_profiles
    before = snapshot(model)
    denied = PermissionError(errno.EACCES, "Permission denied")
    if where == "np.save":
        monkeypatch.setattr(np, "save", _fail_after(0, denied))
    else:

        def refuse(*args):
            raise denied

        monkeypatch.setattr(persist, "save_model", refuse)
    result = _recommend_in_process(profiles, model)
    assert result.exit_code == 0, result.output
    assert "profiles changed" in result.stderr
    assert "could not save it to" in result.stderr
    assert "Permission denied" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout.startswith("need_id,need_title,")
    assert result.stdout.count("\n") > 5
    assert snapshot(model) == before


def test_fitted_matcher_ranks_from_memory_when_the_save_fails(changed_profiles, monkeypatch):
    profiles, model = changed_profiles
    monkeypatch.setattr(np, "save", _fail_after(0, PermissionError(errno.EACCES, "denied")))
    experts = load_profiles(profiles)
    fitted = fitted_matcher(experts, model, Rules.default())
    assert fitted.notes
    assert "could not save it to" in fitted.notes[0]
    monkeypatch.undo()
    assert same_model(fitted.matcher, Matcher.load(model, experts, changes="update"))
    assert fitted.matcher.changed_since_fit_ == 1
    with pytest.raises(persist.StaleModelError, match="1 changed"):
        Matcher.load(model, experts)


def test_fit_into_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(
        np, "save", _fail_after(0, PermissionError(errno.EACCES, "Permission denied"))
    )
    model = tmp_path / "model"
    result = runner.invoke(
        app, ["fit", "--profiles", str(TINY / "profiles"), "--model-dir", str(model)]
    )
    assert result.exit_code == 1
    assert "could not save the model in" in result.output
    assert "Permission denied" in result.output
    assert "Traceback" not in result.output
    assert "PermissionError" not in result.output
    assert not model_exists(model)
    assert model_files(model) == []


def test_save_model_returns_the_folder_that_loads(tmp_path, tiny_matcher, tiny_profiles):
    folder = tiny_matcher.save(tmp_path / "a" / "b")
    assert folder == tmp_path / "a" / "b"
    assert same_model(Matcher.load(folder, tiny_profiles), tiny_matcher)
