"""Write the shortlists of every need to one CSV, to compare two versions of the engine.

    python bench/shortlists.py --profiles scale/n600000/data/profiles \
        --needs scale/n600000/data/needs --output /tmp/new.csv
    PYTHONPATH=/path/to/old/src python bench/shortlists.py ... --output /tmp/old.csv
    cmp /tmp/old.csv /tmp/new.csv

Uses only the public API that every version has had (``load_profiles``, ``load_needs``,
``Matcher``, ``export.to_csv``), so a checkout of an older commit can run it unchanged. Prints
the time of each stage and a digest of the file.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", required=True, type=Path)
    parser.add_argument("--needs", required=True, type=Path)
    parser.add_argument("--top-k", type=int, default=10)
    parser.add_argument("--output", required=True, type=Path)
    args = parser.parse_args()

    import bridge_match
    from bridge_match import Matcher, load_needs, load_profiles
    from bridge_match.export import to_csv

    started = time.perf_counter()
    profiles, needs = load_profiles(args.profiles), load_needs(args.needs)
    loaded = time.perf_counter()
    matcher = Matcher().fit(profiles)
    fitted = time.perf_counter()
    frame = matcher.recommend(needs, top_k=args.top_k)
    ranked = time.perf_counter()
    text = to_csv(frame)
    args.output.write_text(text, encoding="utf-8")
    print(f"bridge_match from {Path(bridge_match.__file__).parent}")
    print(
        f"load {loaded - started:.1f} s, fit {fitted - loaded:.1f} s, "
        f"recommend {ranked - fitted:.1f} s for {len(needs)} needs ({len(frame)} rows)"
    )
    print(f"sha256 {hashlib.sha256(text.encode()).hexdigest()}")


if __name__ == "__main__":
    main()
