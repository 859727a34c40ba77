"""Conflicts of interest: the same organisation by any name or language, parents and
subsidiaries, e-mail domains, today's exact-name rule, and no false conflict between unrelated
organisations that share words."""

from __future__ import annotations

import pytest

from bridge_match.conflicts import Conflict, conflict_reason, find_conflict, host_conflicts
from bridge_match.models import ExpertProfile, Need
from bridge_match.organisations import Organisations, load_organisations

VHT = "Viettel High Tech"


def kind(host: str | None, affiliation: str, email: str | None = None, table="default") -> str:
    found = find_conflict(host, affiliation, email, table)
    return "none" if found is None else found.kind


@pytest.mark.parametrize(
    "written",
    [
        "Viettel High Tech",
        "Viettel High-Tech (VHT)",
        "VIETTEL HIGH-TECH",
        "viettel  high tech ",
        "Viettel Hightech",
        "VHT",
        "Viettel High Technology Industries Corporation",
        "Viettel High Technology Industries Corp.",
        "Viettel High Tech JSC",
        "Tổng công ty Công nghiệp Công nghệ cao Viettel",
        "Tong cong ty Cong nghiep Cong nghe cao Viettel",
    ],
)
def test_every_spelling_of_the_host_is_a_conflict(written: str) -> None:
    found = find_conflict(VHT, written)
    assert found is not None
    assert (found.kind, found.via) == ("same", "affiliation")
    assert found.reason.startswith("same organisation as the host (")


@pytest.mark.parametrize(
    ("host", "affiliation"),
    [
        ("Đại học Osaka", "Osaka University"),
        ("Osaka University", "Dai hoc Osaka"),
        ("Đại học Bách khoa Hà Nội", "Hanoi University of Science and Technology"),
        ("Đại học Bách khoa Hà Nội", "HUST"),
        ("Đại học Bách khoa Hà Nội", "Trường Đại học Bách khoa Hà Nội"),
        ("Trường Đại học Cần Thơ", "Can Tho University"),
        ("Đại học Quốc gia Hà Nội", "Vietnam National University, Hanoi"),
        ("Đại học Quốc gia Hà Nội", "VNU"),
        ("Tập đoàn Điện lực Việt Nam (EVN)", "Vietnam Electricity"),
        ("Samsung Electronics", "Samsung Electronics Co., Ltd."),
        ("The University of Danang", "Đại học Đà Nẵng"),
        ("Đại học Quốc gia Seoul", "Seoul National University"),
    ],
)
def test_both_languages_and_legal_forms_name_one_organisation(host: str, affiliation: str) -> None:
    assert kind(host, affiliation) == "same"


def test_the_reason_shows_the_experts_spelling_and_the_tables_name() -> None:
    assert conflict_reason(VHT, "VHT") == "same organisation as the host (VHT = Viettel High Tech)"
    assert conflict_reason(VHT, "viettel high tech") == (
        "same organisation as the host (viettel high tech)"
    )


@pytest.mark.parametrize(
    ("host", "affiliation", "expected"),
    [
        ("Viettel Group", "Viettel High-Tech (VHT)", "part_of_host"),
        ("Tập đoàn Viettel", "Viettel Telecom", "part_of_host"),
        (VHT, "Viettel", "host_part_of"),
        (VHT, "Viettel Telecom", "same_family"),
        ("FPT Corporation", "FPT Japan", "part_of_host"),  # two levels down, via FPT Software
        ("FPT Smart Cloud", "FPT Japan", "same_family"),
        ("FPT Semiconductor", "Trường Đại học FPT", "same_family"),
        ("Samsung Vietnam", "Samsung Electronics", "host_part_of"),
        ("Samsung Electronics", "Công ty TNHH Samsung Electronics Việt Nam", "part_of_host"),
        ("Trường Đại học Bách khoa, ĐHQG-HCM", "Đại học Quốc gia TP. Hồ Chí Minh", "host_part_of"),
        ("Đại học Quốc gia Hà Nội", "VNU University of Engineering and Technology", "part_of_host"),
        ("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Viện Nghiên cứu hệ gen", "part_of_host"),
        ("VinFast", "VinAI", "same_family"),
        ("Monash University Malaysia", "Monash University", "host_part_of"),
    ],
)
def test_parents_and_subsidiaries_conflict_both_ways(
    host: str, affiliation: str, expected: str
) -> None:
    assert kind(host, affiliation) == expected


def test_family_reasons_name_the_link() -> None:
    assert (
        conflict_reason("Viettel Group", "VHT") == "works at VHT, part of the host (Viettel Group)"
    )
    assert conflict_reason(VHT, "Viettel") == (
        "works at Viettel, of which the host (Viettel High Tech) is part"
    )
    assert conflict_reason("FPT Smart Cloud", "FPT Japan") == (
        "works at FPT Japan, which like the host (FPT Smart Cloud) is part of FPT Corporation"
    )


@pytest.mark.parametrize(
    ("host", "affiliation"),
    [
        ("Osaka University", "Osaka Metropolitan University"),
        ("Đại học Osaka", "Osaka Metropolitan University"),
        ("Samsung Electronics", "Samsung Biologics"),
        ("Đại học Bách khoa Hà Nội", "Trường Đại học Bách khoa, ĐHQG-HCM"),
        ("Đại học Bách khoa Hà Nội", "Trường Đại học Bách khoa, Đại học Đà Nẵng"),
        ("Đại học Quốc gia Hà Nội", "Đại học Quốc gia TP. Hồ Chí Minh"),
        ("Trường Đại học Khoa học Tự nhiên, ĐHQGHN", "Trường Đại học Khoa học Tự nhiên, ĐHQG-HCM"),
        ("Tập đoàn Điện lực Việt Nam", "Tổng công ty Hàng hải Việt Nam"),
        ("Lawrence Berkeley National Laboratory", "University of California, Berkeley"),
        ("University of California, Berkeley", "University of California, San Diego"),
        ("Korea University", "Korea Institute of Science and Technology"),
        ("University of Tokyo", "Tokyo University of Foreign Studies"),
        ("Kyoto University", "Kyushu University"),
        ("Merck KGaA", "Merck & Co."),
        ("École Polytechnique", "Polytechnique Montréal"),
        ("Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"),
        (VHT, "FPT Semiconductor"),
        ("Sở Khoa học và Công nghệ Đà Nẵng", "Sở Khoa học và Công nghệ Cần Thơ"),
    ],
)
def test_unrelated_organisations_that_share_words_do_not_conflict(
    host: str, affiliation: str
) -> None:
    assert find_conflict(host, affiliation) is None
    assert find_conflict(affiliation, host) is None


def test_an_email_at_the_hosts_domain_is_a_conflict() -> None:
    found = find_conflict("Đại học Bách khoa Hà Nội", "Kyushu University", "an@hust.edu.vn")
    assert found == Conflict("same", "email", "e-mail at the host's domain (hust.edu.vn)")
    assert kind("Đại học Bách khoa Hà Nội", "Kyushu University", "An@SOICT.HUST.EDU.VN") == "same"


def test_an_email_in_the_hosts_family_is_a_conflict() -> None:
    found = find_conflict(VHT, "Kyushu University", "binh@viettel.com.vn")
    assert found is not None
    assert (found.kind, found.via) == ("host_part_of", "email")
    assert found.reason == (
        "e-mail at viettel.com.vn (Viettel Group), of which the host (Viettel High Tech) is part"
    )
    # A member university's own domain lies under its parent's: the longest known one names it.
    found = find_conflict("Đại học Quốc gia Hà Nội", "Kyushu University", "x@uet.vnu.edu.vn")
    assert found is not None
    assert found.kind == "part_of_host"
    assert "VNU University of Engineering and Technology" in found.reason


@pytest.mark.parametrize(
    "email",
    ["an@gmail.com", "an@example.org", "an@kyushu-u.ac.jp", "an@edu.vn", "not-an-address", None],
)
def test_other_emails_are_no_conflict(email: str | None) -> None:
    assert find_conflict("Đại học Bách khoa Hà Nội", "Kyushu University", email) is None


def test_the_affiliation_is_reported_before_the_email() -> None:
    found = find_conflict(VHT, "VHT", "x@viettel.com.vn")
    assert found is not None
    assert found.via == "affiliation"


def test_unknown_organisations_still_conflict_by_name() -> None:
    assert kind("Kanto Wafer Works", "KANTO WAFER WORKS Co., Ltd.") == "same"
    assert kind("Kanto Wafer Works", "Kanto Wafer Werks") == "none"
    assert kind("Kanto Wafer Works", "Kanto Wafer Works", table=None) == "same"


def test_without_a_table_only_the_exact_folded_name_counts() -> None:
    assert kind(VHT, "viettel  high tech", table=None) == "same"
    assert kind("Đại học Bách khoa Hà Nội", "dai hoc bach khoa ha noi", table=None) == "same"
    assert kind(VHT, "VHT", table=None) == "none"
    assert kind(VHT, "Viettel High-Tech", table=None) == "none"
    assert kind(VHT, "Kyushu University", "x@viettel.com.vn", table=None) == "none"


@pytest.mark.parametrize("host", [None, "", "   "])
def test_a_need_without_a_host_has_no_conflict(host: str | None) -> None:
    assert find_conflict(host, "", "x@viettel.com.vn") is None
    assert find_conflict(host, "Viettel") is None


def test_a_users_table_decides(tmp_path) -> None:
    path = tmp_path / "orgs.yaml"
    path.write_text(
        "- id: kanto-wafer-works\n  name: Kanto Wafer Works\n  parent: viettel\n"
        "  domains: [kantowafer.jp]\n",
        "utf-8",
    )
    table = load_organisations(path)
    assert kind(VHT, "Kanto Wafer Works") == "none"
    assert kind(VHT, "Kanto Wafer Works", table=table) == "same_family"
    assert kind(VHT, "Kyushu University", "a@kantowafer.jp", table=table) == "same_family"


def test_host_conflicts_resolves_pairs() -> None:
    need = Need(id="N1", title="t", sector="ai", description="d", host=VHT)
    free = Need(id="N2", title="t", sector="ai", description="d")
    expert = ExpertProfile(
        id="E1", name="A", country="JP", field="f", affiliation="VHT", email="a@example.org"
    )
    reasons = host_conflicts([(need, expert), (free, expert)])
    assert reasons == ["same organisation as the host (VHT = Viettel High Tech)", ""]
    assert host_conflicts([(need, expert)], organisations=None) == [""]
    assert isinstance(Organisations.default(), Organisations)
