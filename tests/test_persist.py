import json

import numpy as np
import pytest
from pandas.testing import assert_frame_equal

from bridge_match import Matcher, ModelError
from bridge_match.model_folder import model_files
from bridge_match.persist import StaleModelError, read_manifest
from tests.conftest import current_version


@pytest.fixture
def saved(tmp_path, tiny_matcher):
    return tiny_matcher.save(tmp_path / "model")


def test_round_trip_gives_the_same_shortlists(saved, tiny_matcher, tiny_profiles, tiny_needs):
    loaded = Matcher.load(saved, tiny_profiles)
    assert_frame_equal(loaded.recommend(tiny_needs), tiny_matcher.recommend(tiny_needs))
    assert (loaded.matrix_ != tiny_matcher.matrix_).nnz == 0


def test_files_hold_no_pickle_and_no_names(saved, tiny_profiles):
    files = model_files(saved)
    assert set(files) == {p for p in saved.rglob("*") if p.is_file() and p.name != ".lock"}
    npy = [f for f in files if f.suffix == ".npy"]
    arrays = {a.name: np.load(a, allow_pickle=False) for a in npy}
    assert {"index_data.npy", "index_indices.npy", "ids.npy"} <= set(arrays)
    assert all(array.dtype != object for array in arrays.values())
    assert arrays["ids.npy"].tobytes().decode().split("\n") == sorted(p.id for p in tiny_profiles)
    text = "".join(p.read_bytes().decode("utf-8", errors="ignore") for p in files)
    assert not any(p.name in text or (p.email and p.email in text) for p in tiny_profiles)


def test_changed_profiles_are_stale(saved, tiny_profiles):
    edited = [tiny_profiles[0].model_copy(update={"field": "metrology"}), *tiny_profiles[1:]]
    with pytest.raises(StaleModelError, match="profiles changed"):
        Matcher.load(saved, edited)


def test_other_version_is_refused(saved, tiny_profiles):
    target = current_version(saved) / "manifest.json"
    manifest = json.loads(target.read_text("utf-8"))
    manifest["bridge_match_version"] = "0.0.1"
    target.write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelError, match=r"written by bridge-match 0\.0\.1.*bridge-match fit"):
        Matcher.load(saved, tiny_profiles)


def test_tampered_or_missing_files_are_refused(saved, tiny_profiles, tmp_path):
    with (current_version(saved) / "index_data.npy").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="checksum"):
        read_manifest(saved)
    with pytest.raises(ModelError, match="no saved model"):
        read_manifest(tmp_path / "nowhere")


def test_truncated_file_is_refused(saved, tiny_profiles):
    arrays = current_version(saved) / "index_indices.npy"
    arrays.write_bytes(arrays.read_bytes()[:100])
    with pytest.raises(ModelError, match="does not match its checksum"):
        Matcher.load(saved, tiny_profiles)


def test_duplicate_groups_travel_with_the_model(tiny_profiles, tmp_path):
    copy = tiny_profiles[0].model_copy(update={"id": "ZZ1", "email": "an.nguyen@example.org"})
    original = next(p for p in tiny_profiles if p.email == "an.nguyen@example.org")
    profiles = [*tiny_profiles, copy]
    matcher = Matcher().fit(profiles)
    loaded = Matcher.load(matcher.save(tmp_path / "model"), profiles)
    assert loaded.has_duplicates_
    assert (loaded.person_ == matcher.person_).all()
    rows = loaded.row_of_
    assert loaded.person_[rows["ZZ1"]] == loaded.person_[rows[original.id]]


def test_an_object_array_is_refused_even_with_a_matching_checksum(saved, tiny_profiles):
    import hashlib

    version = current_version(saved)
    target = version / "person.npy"
    np.save(target, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    manifest = json.loads((version / "manifest.json").read_text("utf-8"))
    manifest["files"]["person.npy"] = hashlib.sha256(target.read_bytes()).hexdigest()
    (version / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelError, match="holds Python objects"):
        Matcher.load(saved, tiny_profiles)
