"""bridge-match: match overseas Vietnamese experts to Viet Nam's strategic needs, explainably.

>>> from bridge_match import Matcher, load_needs, load_profiles
>>> matcher = Matcher().fit(load_profiles("profiles"))
>>> shortlist = matcher.recommend(load_needs("needs"), top_k=10)
>>> shortlist.groupby("need_id").size().min()
np.int64(10)

Names load on first use (PEP 562), so the CLI's ``--help`` does not pay for scikit-learn.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from bridge_match.lazy import lazy_names

try:
    __version__ = version("bridge-match")
except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0.0.0"

_EXPORTS: dict[str, str] = {
    "AffiliationType": "models",
    "BridgeMatchError": "errors",
    "DataError": "errors",
    "DataReport": "validate",
    "Engagement": "models",
    "ExpertProfile": "models",
    "Glossary": "text",
    "Matcher": "matcher",
    "ModelError": "errors",
    "Need": "models",
    "NotFittedError": "errors",
    "Organisations": "organisations",
    "Problem": "errors",
    "Publication": "models",
    "Rules": "rules",
    "Sector": "sectors",
    "check_data": "validate",
    "assign_teams": "commands",
    "coverage_report": "commands",
    "evaluate_quality": "commands",
    "find_conflict": "conflicts",
    "fit_model": "commands",
    "forget_people": "commands",
    "import_publications": "scholarly",
    "load_needs": "validate",
    "load_organisations": "organisations",
    "load_profiles": "validate",
    "load_rules": "rules",
    "parse_sector": "sectors",
    "recommend": "commands",
    "validate_data": "commands",
    "write_sample": "sample",
}
__all__ = [
    "AffiliationType",
    "BridgeMatchError",
    "DataError",
    "DataReport",
    "Engagement",
    "ExpertProfile",
    "Glossary",
    "Matcher",
    "ModelError",
    "Need",
    "NotFittedError",
    "Organisations",
    "Problem",
    "Publication",
    "Rules",
    "Sector",
    "__version__",
    "assign_teams",
    "check_data",
    "coverage_report",
    "evaluate_quality",
    "find_conflict",
    "fit_model",
    "forget_people",
    "import_publications",
    "load_needs",
    "load_organisations",
    "load_profiles",
    "load_rules",
    "parse_sector",
    "recommend",
    "validate_data",
    "write_sample",
]


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())


if TYPE_CHECKING:
    from bridge_match.commands import (
        assign_teams,
        coverage_report,
        evaluate_quality,
        fit_model,
        forget_people,
        recommend,
        validate_data,
    )
    from bridge_match.conflicts import find_conflict
    from bridge_match.errors import BridgeMatchError, DataError, ModelError, NotFittedError, Problem
    from bridge_match.matcher import Matcher
    from bridge_match.models import AffiliationType, Engagement, ExpertProfile, Need, Publication
    from bridge_match.organisations import Organisations, load_organisations
    from bridge_match.rules import Rules, load_rules
    from bridge_match.sample import write_sample
    from bridge_match.scholarly import import_publications
    from bridge_match.sectors import Sector, parse_sector
    from bridge_match.text import Glossary
    from bridge_match.validate import DataReport, check_data, load_needs, load_profiles
