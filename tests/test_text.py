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
