import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bridge_match.text import Analyzer, Glossary, fold, is_vietnamese, nfc, tokens


def test_fold_removes_diacritics_including_d_stroke():
    assert fold("Đặng Thị Ánh, ĐẠI HỌC") == "dang thi anh, dai hoc"
    assert fold("bán dẫn") == fold("ban dan") == "ban dan"


def test_decomposed_and_composed_input_give_the_same_tokens():
    composed = "Nguyễn Thị Liên: quang khắc"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert tokens(decomposed) == tokens(composed)
    assert nfc(decomposed) == composed


@given(st.text())
def test_fold_is_idempotent_and_ascii_letters_survive(text):
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once


def test_tokens_keep_surface_and_folded_forms():
    assert tokens("Học máy, C++ và GaN-on-Si") == [
        ("học", "hoc"),
        ("máy", "may"),
        ("c++", "c++"),
        ("và", "va"),
        ("gan", "gan"),
        ("on", "on"),
        ("si", "si"),
    ]


def test_language_guess():
    assert is_vietnamese("Xây dựng mô hình ngôn ngữ lớn tiếng Việt")
    assert is_vietnamese("xay dung mo hinh cho cac tinh va nghien cuu cua truong")
    assert not is_vietnamese("Build a Vietnamese large language model for public services")


def test_vietnamese_without_diacritics_is_told_by_the_shape_of_its_syllables():
    """A field or keyword typed without diacritics has no common word to go by: most of its
    words having the shape of a Vietnamese syllable is what says Vietnamese."""
    from bridge_match.text.language import vietnamese_syllable

    for text in ("Thiet ke nha may dien mat troi noi", "do tin cay", "kiem thu wafer"):
        assert is_vietnamese(text), text
    for text in (
        "floating solar plant design",
        "AI chip",
        "GaN and SiC power devices",
        "design verification",
        "pin",  # one syllable is a word in either language
    ):
        assert not is_vietnamese(text), text
    assert vietnamese_syllable("nghieng")
    assert vietnamese_syllable("khuyen")
    assert not vietnamese_syllable("chip")  # an English word of that shape (syllables.yaml)
    assert not vietnamese_syllable("wafer")


GLOSSARY = Glossary(
    [
        ("semiconductors", ["vi mạch", "mạch tích hợp"], ["integrated circuit", "ic"]),
        ("ai", ["học máy"], ["machine learning", "ml"]),
    ]
)


def test_glossary_maps_both_languages_to_one_concept():
    analyzer = Analyzer(GLOSSARY)
    vi = analyzer((("thiết kế vi mạch và học máy", 1),))
    en = analyzer((("integrated circuit design with machine learning", 1),))
    shared = {t for t in vi if t.startswith("~")} & {t for t in en if t.startswith("~")}
    assert shared == {"~integrated circuit", "~machine learning"}


def test_glossary_matches_unaccented_text_and_prefers_the_longest_phrase():
    assert GLOSSARY.find([f for _, f in tokens("mach tich hop")]) == [0]
    assert GLOSSARY.display("~integrated circuit", vietnamese=True) == "vi mạch"
    assert GLOSSARY.display("~integrated circuit", vietnamese=False) == "integrated circuit"
    assert GLOSSARY.display("wafer", vietnamese=True) is None


def test_shipped_glossary_is_large_and_bilingual():
    glossary = Glossary.default()
    assert len(glossary) >= 400
    for phrase in ("vi mạch", "học máy", "pin mặt trời", "chuyển giao công nghệ"):
        key = tuple(f for _, f in tokens(phrase))
        assert key in glossary.phrases, phrase


def test_bigrams_stay_within_punctuation_and_weights_repeat_terms():
    analyzer = Analyzer(None)
    terms = analyzer((("wafer; lithography", 2), ("wafer bonding", 1)))
    assert "wafer lithography" not in terms
    assert terms.count("wafer") == 3
    assert "wafer bonding" in terms
    assert analyzer((("ignored", 0),)) == []


def test_stop_words_are_dropped_in_both_languages():
    terms = Analyzer(None)((("the design of chips và các vi mạch", 1),))
    assert "the" not in terms
    assert "va" not in terms
    assert "design chips" in terms


OVERLAPPING = [
    "vi",
    "mạch",
    "tích",
    "hợp",
    "ba",
    "chiều",
    "in",
    "chất",
    "bán",
    "dẫn",
    "công",
    "suất",
]


@given(st.lists(st.lists(st.sampled_from([*OVERLAPPING, ".", "wafer"]), max_size=12), max_size=5))
def test_phrase_spans_over_word_numbers_equal_spans(texts):
    """The array form finds the same phrases as the word-list form, overlaps included ("vi mạch
    tích hợp ba chiều": "vi mạch" wins, "mạch tích hợp" is skipped, "tích hợp ba chiều" follows
    right where "vi mạch" ends)."""
    import numpy as np

    from bridge_match.text import BREAK

    glossary = Glossary.default()
    analyzer = Analyzer(glossary)
    texts = [*texts, "vi mạch tích hợp ba chiều".split(), "chất bán dẫn công suất".split()]
    number_of = {BREAK: 0}
    numbers, expected = [], []
    for text in texts:
        words, _ = analyzer.words(" ".join(text))
        offset = len(numbers)
        expected += [(offset + a, offset + b, c) for a, b, c in glossary.spans(words)]
        numbers += [number_of.setdefault(w, len(number_of)) for w in [*words, BREAK]]
    starts, ends, concepts = glossary.spans_of_numbers(np.array(numbers), number_of)
    assert list(zip(starts.tolist(), ends.tolist(), concepts.tolist(), strict=True)) == expected


LANGUAGE_PIECES = [
    "va",
    "troi",
    "thiet",
    "chip",
    "the",
    "cua",
    "cac",
    "nghien",
    "wafer",
    "design",
    "bán",
    "dẫn",
    "ééé",
    ".",
    "x" * 97,
]


@given(st.lists(st.lists(st.sampled_from(LANGUAGE_PIECES), max_size=22), min_size=1, max_size=6))
def test_language_rule_over_arrays_equals_the_rule_per_text(texts):
    """At the thresholds too: 3 common Vietnamese words in 20 is 15 %, "ééé" beside 97 other
    letters is 3 % (a break is not a letter)."""
    import numpy as np

    from bridge_match.text import BREAK
    from bridge_match.text.language import vietnamese_parts, vietnamese_words

    analyzer = Analyzer()
    texts = [
        *map(" ".join, texts),
        "va cua cac " + " ".join(["wafer"] * 17),
        "va cua " + " ".join(["wafer"] * 18),
        "ééé. " + "x" * 97,
        "ééé. " + "x" * 98,
    ]
    number_of = {BREAK: 0}
    numbers, lengths, accents, expected = [], [], [], []
    for text in texts:
        words, accented = analyzer.words(text)
        expected.append(vietnamese_words(words, accented))
        part = [number_of.setdefault(w, len(number_of)) for w in [*words, BREAK]]
        numbers += part
        lengths.append(len(part))
        accents.append(accented)
    found = vietnamese_parts(
        np.array(numbers), np.array(lengths), np.array(accents), list(number_of)
    )
    assert found.tolist() == expected
    assert expected[-4:] == [True, False, True, False]


def test_the_syllable_rule_over_arrays_at_its_thresholds():
    """3 syllables in 5 counted words is 60 %; 1 syllable is never enough; English stop words
    and numbers are not counted."""
    import numpy as np

    from bridge_match.text import BREAK
    from bridge_match.text.language import vietnamese_parts, vietnamese_words

    analyzer = Analyzer()
    texts = [
        "troi thiet ke wafer design",
        "troi thiet wafer design",
        "troi the of 12 wafer",
        "troi thiet the of and 12",
        "troi",
    ]
    number_of = {BREAK: 0}
    numbers, lengths, expected = [], [], []
    for text in texts:
        words, _ = analyzer.words(text)
        expected.append(vietnamese_words(words, 0))
        part = [number_of.setdefault(w, len(number_of)) for w in [*words, BREAK]]
        numbers += part
        lengths.append(len(part))
    found = vietnamese_parts(
        np.array(numbers), np.array(lengths), np.zeros(len(texts), dtype=np.int64), list(number_of)
    )
    assert found.tolist() == expected == [True, False, False, True, False]


def test_a_concept_gives_partial_credit_to_its_broader_concepts():
    """Design verification is part of IC design (``broader.csv``): an expert's text that names
    it makes the broader term too, counted less; a query makes only what it names."""
    analyzer = Analyzer(Glossary.default())
    terms = analyzer.terms("kiểm chứng thiết kế vi mạch")
    assert terms.count("~design verification") == analyzer.concept_weight
    assert terms.count("~ic design") == 1
    assert "~ic design" not in analyzer.terms("kiểm chứng thiết kế", known={"~ic design"})
    assert analyzer.related((("kiểm chứng thiết kế vi mạch", 3),)) == {
        "~ic design": "~design verification"
    }
    assert analyzer.related((("thiết kế vi mạch; kiểm chứng thiết kế", 1),)) == {}


def test_the_hierarchy_is_checked_on_load(tmp_path):
    import pytest

    glossary = tmp_path / "glossary.csv"
    glossary.write_text(
        "sector,vi,en\nx,vi mạch,integrated circuit\nx,thiết kế vi mạch,ic design\n",
        encoding="utf-8",
    )
    broader = tmp_path / "broader.csv"
    broader.write_text("concept,broader\nic design,integrated circuit\n", encoding="utf-8")
    loaded = Glossary.from_csv(glossary, broader)
    assert loaded.broader_ == [(), (0,)]
    assert loaded.fingerprint() != Glossary.from_csv(glossary).fingerprint()
    for rows, fault in [
        ("concept,broader\nic design,wafer\n", "not a glossary concept"),
        ("concept,broader\nic design,thiết kế vi mạch\n", "loop or a repeat"),
        ("concept,broader\nic design,integrated circuit\nvi mạch,ic design\n", "own ancestor"),
        ("concept,parent\nic design,integrated circuit\n", "header"),
    ]:
        broader.write_text(rows, encoding="utf-8")
        with pytest.raises(ValueError, match=fault):
            Glossary.from_csv(glossary, broader)


def test_surfaces_are_the_analyzers_words_as_written():
    """Explanations show a term in the writer's spelling: the analyzer's own words, read from
    the text as written, whichever way the text was split (plain-folding or not)."""
    analyzer = Analyzer(Glossary.default())
    shown = analyzer.surfaces(
        (("Tiếng Việt; dịch vụ công (C++ và #C)", 1), ("wafer-level tests", 2))
    )
    assert shown["tieng viet"] == "Tiếng Việt"
    assert shown["dich vu"] == "dịch vụ"
    assert shown["c++"] == "C++"
    assert shown["level tests"] == "level tests"
    assert set(analyzer.terms("Tiếng Việt; dịch vụ công (C++ và #C)")) <= set(shown)


def test_surfaces_keep_apostrophes_and_hyphens_inside_a_phrase():
    analyzer = Analyzer(Glossary.default())
    shown = analyzer.surfaces((("co-supervise master's students on  scale-up & tests", 1),))
    assert shown["~master s degree"] == "master's"
    assert shown["~co supervision"] == "co-supervise"
    plain = Analyzer().surfaces((("Đại học  Bách khoa & AI: wafer-level tests", 1),))
    assert plain["dai hoc"] == "Đại học"
    assert plain["hoc bach"] == "học Bách"  # spaces as one
    assert plain["khoa ai"] == "khoa AI"  # "&" between: the words with a space
    assert plain["wafer level"] == "wafer-level"


def test_a_concept_no_expert_has_is_read_as_its_words():
    """A query's "perovskite solar cells" is a glossary concept; when no expert's text holds it
    (they wrote "perovskite" and "solar cells" apart), the query keeps the words instead."""
    analyzer = Analyzer(Glossary.default())
    whole = analyzer.terms("perovskite solar cells")
    assert all(t.startswith("~") for t in whole)
    known = {"perovskite", "~solar cell"}
    parts = analyzer.terms("perovskite solar cells", known)
    assert "~solar cell" in parts
    assert "perovskite" in parts
    # an expert's text also makes the broader concept (partial credit); a query only its own
    assert "~solar cell" in whole
    assert analyzer.terms("perovskite solar cells", set(whole)) == [
        t for t in whole if t != "~solar cell"
    ]
