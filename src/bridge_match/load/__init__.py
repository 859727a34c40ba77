"""Read YAML, JSON and CSV files into raw records, each tagged with its file and line.

Nothing here judges the content; :mod:`bridge_match.validate` does. Files that cannot be read at
all become :class:`~bridge_match.errors.Problem` entries, never exceptions, so one bad file does
not hide the faults of the others.

A file with such a problem is *refused*: none of its records is given, not even those read before
a syntax error midway (half a file would pass for a whole one), and :attr:`SourceFile.count` says
how many records it holds as far as that can be known, so that no record goes uncounted.
"""

from __future__ import annotations

from bridge_match.load.decode import decode
from bridge_match.load.delimited import (
    CsvRows,
    NotStreamableError,
    distinct_names,
    sniff_delimiter,
    stream_csv,
)
from bridge_match.load.files import read_file, read_sources, read_table, read_text
from bridge_match.load.folders import Found, data_dir, find_data, find_files, sample_dir
from bridge_match.load.records import (
    DELIMITED,
    HEADER_SEARCH,
    MAX_DIGITS,
    MAX_FILE_BYTES,
    SUPPORTED,
    Origin,
    RawRecord,
    SourceFile,
    display_path,
)
from bridge_match.load.sheets import column_letters
from bridge_match.load.structured import YamlLoader, load_yaml

__all__ = [
    "DELIMITED",
    "HEADER_SEARCH",
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "SUPPORTED",
    "CsvRows",
    "Found",
    "NotStreamableError",
    "Origin",
    "RawRecord",
    "SourceFile",
    "YamlLoader",
    "column_letters",
    "data_dir",
    "decode",
    "display_path",
    "distinct_names",
    "find_data",
    "find_files",
    "load_yaml",
    "read_file",
    "read_sources",
    "read_table",
    "read_text",
    "sample_dir",
    "sniff_delimiter",
    "stream_csv",
]
