"""Messages in the need's language: every message the code marks has its Vietnamese text."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

import bridge_match
from bridge_match.i18n import catalog, translator
from bridge_match.models import AffiliationType, Engagement
from bridge_match.rules import BANDS
from bridge_match.sheet_layout import COLUMNS
from bridge_match.workspace.pipeline import STATUSES

SOURCE = Path(bridge_match.__file__).parent


def _marked() -> set[str]:
    """What Babel's extractor finds: the literal arguments of ``t(...)`` and ``gettext(...)``."""
    found = extract_from_dir(
        str(SOURCE),
        method_map=[
            ("**/templates/**.html", "jinja2.ext:babel_extract"),
            ("**.py", "python"),
        ],
        keywords={"t": None, "gettext": None, "_": None, "tr": None, "Message": None},
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_marked_message_has_a_vietnamese_translation():
    marked = _marked()
    assert {"terms: {terms}", "sector {sector}", "{country} strong in {sector}"} <= marked
    assert {"Needs", "How you match", "Conflict of interest"} <= marked  # the pages' too
    missing = sorted(marked - set(catalog("vi")))
    assert not missing, f"add to locale/vi/LC_MESSAGES/bridge_match.po: {missing}"


def test_translated_at_run_time_too():
    """Words the code translates by value: the bands, the statuses, the enumerations' values
    and the workbook's column headers (``sheet_layout.yaml``)."""
    words = [
        *BANDS,
        *STATUSES,
        *("ok", "thin", "gap"),  # coverage
        *("kept", "updated", "fitted", "profiles", "note:", "warning:"),  # the command line
        *(k.value.replace("_", " ") for k in [*AffiliationType, *Engagement]),
    ]
    words += [column.label for column in COLUMNS.values()]
    vi = catalog("vi")
    assert [w for w in words if w not in vi] == []


def test_placeholders_survive_translation():
    for message, text in catalog("vi").items():
        names = {part.split("}")[0] for part in message.split("{")[1:]}
        assert {part.split("}")[0] for part in text.split("{")[1:]} == names, message


def test_unknown_language_and_message_read_in_english():
    assert translator("fr")("sector {sector}") == "sector {sector}"
    assert translator("vi")("no such message") == "no such message"
    assert translator("vi")("sector {sector}") != "sector {sector}"


def test_a_note_of_the_library_reads_in_the_chosen_language():
    """Notes are :class:`Message` s: English as text, the page's or the command line's
    language from the same template and values."""
    import pandas as pd

    from bridge_match.conflicts import left_out_notes
    from bridge_match.i18n import Message, say

    (note,) = left_out_notes(pd.DataFrame({"need_id": ["N-1", "N-1"], "expert_id": ["A", "B"]}))
    assert isinstance(note, Message)
    assert note.startswith("left out 2 shortlisted pair(s) as conflicts of interest (N-1 2)")
    vi = say(note, translator("vi"))
    assert vi.startswith("đã loại 2 cặp")
    assert "(N-1 2)" in vi
    assert say("strong", translator("vi")) == "mạnh"  # a plain message from the catalog
    assert say("no such message", translator("vi")) == "no such message"
