"""Text: normalisation, the tokenizer, the language rule, the glossary and the one analyzer.

Modules, lowest first: :mod:`~bridge_match.text.normalize` (NFC, folding),
:mod:`~bridge_match.text.tokenize` (words and stop words), :mod:`~bridge_match.text.language`
(with ``syllables.yaml``, the shape of a Vietnamese syllable typed without diacritics),
:mod:`~bridge_match.text.glossary` (with ``glossary.csv`` and the concept hierarchy
``broader.csv``) and :mod:`~bridge_match.text.analyzer`. Nothing here knows profiles or needs
(:mod:`bridge_match.documents` turns those into text). Names load on first use, so that
``fold`` does not bring the analyzer's scientific stack with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bridge_match.lazy import lazy_names

_EXPORTS: dict[str, str] = {
    "Analyzer": "analyzer",
    "BREAK": "tokenize",
    "CACHED_PARTS": "analyzer",
    "CONCEPT_PREFIX": "glossary",
    "Document": "analyzer",
    "Glossary": "glossary",
    "SHORT_PART": "analyzer",
    "STOP_WORDS": "tokenize",
    "accented_letters": "normalize",
    "as_text": "normalize",
    "dropped_word": "tokenize",
    "fold": "normalize",
    "is_vietnamese": "language",
    "nfc": "normalize",
    "tokens": "tokenize",
    "words": "tokenize",
}
__all__ = [
    "BREAK",
    "CACHED_PARTS",
    "CONCEPT_PREFIX",
    "SHORT_PART",
    "STOP_WORDS",
    "Analyzer",
    "Document",
    "Glossary",
    "accented_letters",
    "as_text",
    "dropped_word",
    "fold",
    "is_vietnamese",
    "nfc",
    "tokens",
    "words",
]


__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())


if TYPE_CHECKING:
    from bridge_match.text.analyzer import CACHED_PARTS, SHORT_PART, Analyzer, Document
    from bridge_match.text.glossary import CONCEPT_PREFIX, Glossary
    from bridge_match.text.language import is_vietnamese
    from bridge_match.text.normalize import accented_letters, as_text, fold, nfc
    from bridge_match.text.tokenize import BREAK, STOP_WORDS, dropped_word, tokens, words
