"""Would character n-grams on folded text help as a secondary signal? Measured, not assumed.

Fuses the default scorer's final scores with the cosine of char 3–5-gram TF-IDF vectors of the
folded field, keywords and expertise (needs: title, skills, description), for several weights,
and prints nDCG@10 on the shipped judgements:

    python bench/char_ngrams_eval.py
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bridge_match import Matcher, load_needs, load_profiles
from bridge_match.evaluate import ndcg_at, precision_at_1, read_qrels
from bridge_match.text import as_text, fold, is_vietnamese


def main() -> None:
    profiles, needs = load_profiles("profiles"), load_needs("needs")
    matcher = Matcher().fit(profiles)
    ids = list(matcher.ids_)
    base = matcher.score(needs).to_numpy()
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    experts = chars.fit_transform(
        fold(f"{p.field} {as_text(p.keywords)} {p.expertise}") for p in matcher.profiles_
    )
    queries = chars.transform(
        fold(f"{n.title} {as_text(n.required_skills)} {n.description}") for n in needs
    )
    char_sims = (queries @ experts.T).toarray()
    qrels = read_qrels("qrels/sample.csv")
    judged: dict[str, dict[str, int]] = {}
    for row in qrels.itertuples():
        judged.setdefault(row.need_id, {})[row.expert_id] = int(row.relevance)
    vi = np.array([is_vietnamese(f"{n.title} {n.description}") for n in needs])
    print("| char weight | nDCG@10 all | vi | en | p@1 |\n| ---: | ---: | ---: | ---: | ---: |")
    for weight in (0.0, 0.1, 0.2, 0.3, 0.5):
        fused = (1 - weight) * base + weight * char_sims
        ndcg, p1 = [], []
        for i, need in enumerate(needs):
            order = sorted(range(len(ids)), key=lambda j: (-fused[i, j], ids[j]))[:10]
            ranked = [ids[j] for j in order]
            ndcg.append(ndcg_at(ranked, judged.get(need.id, {}), 10))
            p1.append(precision_at_1(ranked, judged.get(need.id, {})))
        ndcg_a = np.array(ndcg)
        print(
            f"| {weight:.1f} | {ndcg_a.mean():.3f} | {ndcg_a[vi].mean():.3f} | "
            f"{ndcg_a[~vi].mean():.3f} | {np.mean(p1):.3f} |"
        )


if __name__ == "__main__":
    main()
