"""Publications from scholarly sites: OpenReview, Semantic Scholar, ORCID, OpenAlex, BibTeX
and CSL-JSON files read into :class:`~bridge_match.models.Publication` records (one module a
format, :mod:`~bridge_match.scholarly.detect` telling them apart by content), merged one paper
once (:mod:`~bridge_match.scholarly.merge`) into an expert's rows of ``publications.csv``
(:mod:`~bridge_match.scholarly.store`).

Imports point down only: this package uses the models, errors, loading and outputs; nothing
below it imports it.
"""

from __future__ import annotations

from bridge_match.scholarly.detect import FORMATS, read_papers, supported
from bridge_match.scholarly.merge import deduplicate, normalise_doi, normalise_title
from bridge_match.scholarly.records import PublicationsFormatError
from bridge_match.scholarly.store import FILE_NAME, ImportedPublications, import_publications

__all__ = [
    "FILE_NAME",
    "FORMATS",
    "ImportedPublications",
    "PublicationsFormatError",
    "deduplicate",
    "import_publications",
    "normalise_doi",
    "normalise_title",
    "read_papers",
    "supported",
]
