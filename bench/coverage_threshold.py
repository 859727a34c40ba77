"""How well does "strong" (score >= threshold) pick relevant experts on the shipped sample?

The sample generator knows each profile's sub-field and the sub-fields each need asks for, which
gives a ground truth for choosing ``coverage.DEFAULT_THRESHOLD``:

    python bench/coverage_threshold.py
"""

from __future__ import annotations

from bridge_match import Matcher, load_needs, load_profiles
from bridge_match.sample import _iter_needs, _iter_profiles


def main() -> None:
    subfield = {record["id"]: meta.subfield for record, meta in _iter_profiles(420, 57)}
    wanted = {record["id"]: t.subfields for record, t in _iter_needs(36, 57)}
    needs = load_needs("needs")
    shortlist = Matcher().fit(load_profiles("profiles")).recommend(needs, top_k=420)
    pairs = zip(shortlist.need_id, shortlist.expert_id, strict=True)
    relevant = [subfield[e] in wanted[n] for n, e in pairs]
    shortlist["relevant"] = relevant
    total = sum(relevant)
    print("threshold  precision  recall  needs with no strong  needs below team size")
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4):
        strong = shortlist[shortlist.score >= threshold]
        per_need = strong.groupby("need_id").size().reindex([n.id for n in needs]).fillna(0)
        thin = sum(per_need[n.id] < n.team_size for n in needs)
        print(
            f"{threshold:9.2f}  {strong.relevant.mean():9.3f}  {strong.relevant.sum() / total:6.3f}"
            f"  {int((per_need == 0).sum()):20d}  {thin:21d}"
        )


if __name__ == "__main__":
    main()
