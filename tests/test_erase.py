import shutil

import pytest
from typer.testing import CliRunner

from bridge_match import DataError, Matcher, load_profiles
from bridge_match.cli import app
from bridge_match.erase import forget
from tests.conftest import TINY

GONE = {"E01": "Nguyễn Văn An", "E05": "Hoàng Ngọc Em", "E03": "Lê Minh Châu"}


@pytest.fixture
def workspace(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", profiles)
    Matcher().fit(load_profiles(profiles)).save(tmp_path / "model")
    return profiles, tmp_path / "model"


def test_forget_leaves_no_trace_in_data_or_model(workspace):
    profiles, model = workspace
    before = {p.id for p in load_profiles(profiles)}
    result = forget(list(GONE), profiles, model)
    assert sorted(r[0] for r in result.removed) == sorted(GONE)
    assert {p.id for p in load_profiles(profiles)} == before - set(GONE)
    blobs = [p.read_bytes() for d in (profiles, model) for p in d.rglob("*") if p.is_file()]
    assert len(list(model.rglob("*.npy"))) >= 10
    for text in (*GONE, *GONE.values()):
        assert not any(text.encode() in blob for blob in blobs), text
    assert "refitted on 7 profiles" in result.model
    assert Matcher.load(model, load_profiles(profiles)).ids_.tolist() == sorted(before - set(GONE))


def test_csv_keeps_every_other_byte(workspace):
    profiles, model = workspace
    original = (profiles / "europe.csv").read_bytes()
    forget(["E05"], profiles, model)
    lines = original.decode("utf-8-sig").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("E05,")]
    assert (profiles / "europe.csv").read_bytes() == b"\xef\xbb\xbf" + "".join(kept).encode()


def test_unknown_id_is_an_error_and_nothing_changes(workspace):
    profiles, model = workspace
    snapshot = {p.name: p.read_bytes() for p in profiles.iterdir()}
    with pytest.raises(DataError, match="no profile with id 'E99'"):
        forget(["E99"], profiles, model)
    assert snapshot == {p.name: p.read_bytes() for p in profiles.iterdir()}


def test_forget_command(workspace):
    profiles, model = workspace
    result = CliRunner().invoke(
        app, ["forget", "--id", "E01", "--profiles", str(profiles), "--model-dir", str(model)]
    )
    assert result.exit_code == 0, result.output
    assert "removed E01 from" in result.stdout
    assert "no trace of E01" in result.stdout
