"""Strategic needs: the hand-written templates of ``needs.yaml``, sectors in turn."""

from __future__ import annotations

import random
from collections.abc import Iterator

from bridge_match.sample.tables import NEED_PREFIXES, NEEDS, NeedTemplate, Record
from bridge_match.sectors import Sector

SECTORS = tuple(s.value for s in Sector if s is not Sector.OTHER)  # in turn, and one file each


def _iter_needs(n: int, seed: int) -> Iterator[tuple[Record, NeedTemplate]]:
    """Sectors in turn, templates in turn; beyond the 36 templates, vary host, place and team."""
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}")
    by_sector = {s: tuple(t for t in NEEDS if t.sector == s) for s in SECTORS}
    rng = random.Random(seed)
    for index in range(n):
        sector, number = SECTORS[index % len(SECTORS)], index // len(SECTORS) + 1
        round_, turn = divmod(number - 1, len(by_sector[sector]))
        template = by_sector[sector][turn]
        (host, location), team_size = template.places[0], template.team_size
        preferred, suffix = list(template.preferred), ""
        if round_:
            host, location = rng.choice(template.places)
            team_size = rng.randint(2, 5)
            if preferred and rng.random() < 0.5:
                keep = set(rng.sample(preferred, rng.randint(1, len(preferred))))
                preferred = [c for c in preferred if c in keep]
            suffix = f" (đợt {round_ + 1})" if template.vietnamese else f" (round {round_ + 1})"
        record: Record = {  # DATA.md order; optional fields left out when None
            "id": f"N-{NEED_PREFIXES[sector]}-{number:02d}",
            "title": template.title.format(location=location) + suffix,
            "sector": template.written_sector,
            "description": template.description.format(location=location),
            "required_skills": list(template.skills), "host": host, "location": location,
            "preferred_countries": preferred or None, "engagement": template.engagement,
            "team_size": team_size, "languages": list(template.languages) or None,
        }  # fmt: skip
        yield {key: value for key, value in record.items() if value is not None}, template


def generate_needs(n: int, seed: int = 57) -> list[dict[str, object]]:
    """Generate ``n`` needs, the six sectors in turn.

    Parameters
    ----------
    n
        How many needs. The first 36 are the hand-written templates as they are; later rounds of
        a template vary its host and place, the team size and the preferred countries.
    seed
        Seed of the random stream of those later rounds.

    Returns
    -------
    list of dict
        One record per need, fields in DATA.md order.

    Raises
    ------
    ValueError
        ``n`` is negative.

    >>> [need["id"] for need in generate_needs(37)][-1]
    'N-SEMI-07'
    """
    return [record for record, _ in _iter_needs(n, seed)]
