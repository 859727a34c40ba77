"""Choices and defaults that the library and its faces (the CLI, the web) share.

Light on purpose (no third-party imports): the command line reads these to build its help.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

DEFAULT_MODEL_DIR = Path("models")
"""Where ``fit`` saves the index and every other command looks for it."""

PSEUDONYM_KEY_ENV = "BRIDGE_MATCH_PSEUDONYM_KEY"

Objective = Literal["total", "fair"]
"""``total``: the best sum of scores; ``fair``: lift the worst-served need first."""

OutputFormat = Literal["table", "csv", "json", "xlsx"]
"""How a command's table is given: a text table (terminal), CSV, JSON or an xlsx workbook."""

TableFormat = Literal["csv", "json", "xlsx"]
"""The formats the library writes to a file itself (the text table is the CLI's)."""

Layout = Literal["associations", "csv"]
"""Sample data as one file per association (mixed formats), or one CSV each for scale runs."""

Band = Literal["strong", "possible", "weak"]
"""How strong a match is, by its score (the rules file's ``bands``), strongest first."""
