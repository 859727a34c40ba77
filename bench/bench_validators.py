"""Does the fast path of the field validators earn its keep? Both forms, one run, same rows.

    python bench/bench_validators.py --n 600000     # the scale the fast path is kept for
    python bench/bench_validators.py                # 50,000 rows: a quick look

``bridge_match.models`` gives each field type a fast path in front of its plain definition (the
``_Plain*`` annotations beside it; ``tests/test_models_fast.py`` pins the two equal). This builds
a second ``ExpertProfile`` from the plain definitions alone, with the country, sector and
language lookups cached (``functools.lru_cache``) as the simplest alternative would, and
validates the same generated CSV rows with both, in batches as ``bridge_match.validate`` does.
Prints each one's time, the difference and the ratio; the fast path stays only while it saves a
meaningful share of loading at 600,000 profiles (docs/performance.md).
"""

from __future__ import annotations

import argparse
import csv
import functools
import gc
import io
import time
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, TypeAdapter, create_model

from bridge_match import models
from bridge_match.models import ExpertProfile, PreparedRow
from bridge_match.sample import write_sample

BATCH = 2048


def plain_profile() -> type[BaseModel]:
    """``ExpertProfile`` with the plain field definitions, the lookups cached."""
    country = functools.lru_cache(maxsize=4096)(models.normalize_country)
    languages = functools.lru_cache(maxsize=4096)(lambda codes: tuple(models._languages(codes)))
    sectors = functools.lru_cache(maxsize=4096)(lambda cell: tuple(models._sector_list(cell)))
    text, optional = models._PlainText, models._PlainText | None
    kinds: dict[str, Any] = {
        "id": (models._PlainId, ...),
        "name": (text, ...),
        "country": (Annotated[text, AfterValidator(country)], ...),
        "city": (optional, None),
        "field": (text, ...),
        "sectors": (
            Annotated[
                list[models.Sector],
                BeforeValidator(lambda v: list(sectors(v)) if isinstance(v, str) else v),
            ],
            [],
        ),
        "affiliation": (text, ...),
        "affiliation_type": (models.AffiliationType | None, None),
        "association": (optional, None),
        "expertise": (models._PlainLongText, ""),
        "keywords": (models._PlainTextList, []),
        "languages": (
            Annotated[models._PlainTextList, AfterValidator(lambda v: list(languages(tuple(v))))],
            [],
        ),
        "years_experience": (models._PlainYears | None, None),
        "capacity": (models._PlainCapacity, 1),
        "consent_to_contact": (models._PlainConsent, False),
        "email": (models._PlainEmail | None, None),
    }
    return create_model("PlainProfile", __base__=models._Record, **kinds)  # type: ignore[no-any-return, call-overload]


def rows(n: int) -> list[PreparedRow]:
    """``n`` generated profiles as the CSV reader gives them (blank cells left out)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        write_sample(folder, n_profiles=n, n_needs=1, layout="csv")
        text = (Path(folder) / "profiles" / "profiles.csv").read_text("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    return [PreparedRow((k, v) for k, v in zip(header, row, strict=True) if v) for row in reader]


def timed(model: type[BaseModel], data: list[PreparedRow]) -> float:
    adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    for i in range(0, len(data), BATCH):
        adapter.validate_python(data[i : i + BATCH])
    seconds = time.perf_counter() - start
    gc.enable()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50_000, help="profiles to validate")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept")
    args = parser.parse_args()
    data = rows(args.n)
    plain = plain_profile()
    sample = data[:2000]
    ours = TypeAdapter(list[ExpertProfile]).validate_python(sample)
    theirs = TypeAdapter(list[plain]).validate_python(sample)  # type: ignore[valid-type]
    if [r.model_dump() for r in ours] != [r.model_dump() for r in theirs]:
        raise SystemExit("the two forms disagree: fix the benchmark or the fast path")
    fast = min(timed(ExpertProfile, data) for _ in range(args.repeat))
    slow = min(timed(plain, data) for _ in range(args.repeat))
    print(f"rows: {len(data):,}  (best of {args.repeat})")
    print(f"fast path:          {fast:7.2f} s  ({len(data) / fast:,.0f} rows/s)")
    print(f"plain + lru_cache:  {slow:7.2f} s  ({len(data) / slow:,.0f} rows/s)")
    print(f"fast path saves:    {slow - fast:7.2f} s  ({slow / fast:.2f}x)")


if __name__ == "__main__":
    main()
