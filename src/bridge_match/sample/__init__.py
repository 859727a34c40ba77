"""Deterministic sample data: expert profiles as diaspora associations send them, and needs.

Demos, tests and the hand-labelled evaluation must all see the same realistic data, and scale runs
must stream hundreds of thousands of profiles without holding them in memory. One
``random.Random(seed)`` per call drives everything (never the global generator, never the clock):
the same arguments always give byte-identical files. Profiles draw on a per-sub-field bank of terms
and sentence templates (English and Vietnamese), specific enough for TF-IDF to tell a packaging
engineer from a lithography engineer, so that each need has relevant experts writing in the other
language. Those banks and every other table are data files in ``data/``, meant to be edited.

>>> [n["id"] for n in generate_needs(8)][:7]
['N-SEMI-01', 'N-AI-01', 'N-MAT-01', 'N-ENE-01', 'N-BIO-01', 'N-EDU-01', 'N-SEMI-02']
"""

from __future__ import annotations

# The generators that also yield the ground truth (sub-field of each profile, sub-fields each
# need asks for): not public API, but the tests and bench/coverage_threshold.py use them.
from bridge_match.sample.needs import _iter_needs as _iter_needs
from bridge_match.sample.needs import generate_needs
from bridge_match.sample.profiles import _iter_profiles as _iter_profiles
from bridge_match.sample.profiles import generate_profiles
from bridge_match.sample.write import write_sample

__all__ = ["generate_needs", "generate_profiles", "write_sample"]
