"""Deterministic sample data: expert profiles as diaspora associations send them, and needs.

Demos, tests and the hand-labelled evaluation must all see the same realistic data, and scale runs
must stream hundreds of thousands of profiles without holding them in memory. Everything is driven
by one ``random.Random(seed)`` per call (never the global generator, never the clock), so the same
arguments always give byte-identical files.

Profiles are built from a per-sub-field bank of terms (English and Vietnamese) and sentence
templates, so that their text is specific enough for TF-IDF to tell a packaging engineer from a
lithography engineer, and so that each need has relevant experts writing in the other language.

>>> profiles = generate_profiles(3)
>>> [p["id"] for p in profiles] == [p["id"] for p in generate_profiles(3)]
True
>>> [n["id"] for n in generate_needs(8)][:7]
['N-SEMI-01', 'N-AI-01', 'N-MAT-01', 'N-ENE-01', 'N-BIO-01', 'N-EDU-01', 'N-SEMI-02']
"""

from __future__ import annotations

import csv
import io
import json
import random
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from bridge_match.outputs import write_new

__all__ = ["generate_needs", "generate_profiles", "write_sample"]

Record = dict[str, object]

_PROFILE_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "country",
    "city",
    "field",
    "sectors",
    "affiliation",
    "affiliation_type",
    "association",
    "expertise",
    "keywords",
    "languages",
    "years_experience",
    "capacity",
    "consent_to_contact",
    "email",
)
_NEED_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "sector",
    "description",
    "required_skills",
    "host",
    "location",
    "preferred_countries",
    "engagement",
    "team_size",
    "languages",
)
_SECTORS: tuple[str, ...] = (
    "semiconductors",
    "ai",
    "new_materials",
    "green_energy",
    "biotechnology",
    "higher_education",
)
# Only labels that DATA.md lists as accepted; semiconductors and biotechnology have no English
# label there, so their English-written profiles always use the key.
_EN_LABELS: dict[str, str] = {
    "ai": "Artificial intelligence",
    "new_materials": "New materials",
    "green_energy": "Green energy",
    "higher_education": "Higher education",
}
_VI_LABELS: dict[str, str] = {
    "semiconductors": "bán dẫn",
    "ai": "trí tuệ nhân tạo",
    "new_materials": "vật liệu mới",
    "green_energy": "năng lượng xanh",
    "biotechnology": "công nghệ sinh học",
    "higher_education": "giáo dục đại học",
}


# --------------------------------------------------------------------------------------------
# Vocabulary bank: one entry per sub-field, each with its own terms in both languages.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """One language's wording of a sub-field; every phrase is a noun phrase for the templates."""

    field: tuple[str, ...]
    roles: tuple[str, ...]
    methods: tuple[str, ...]
    apps: tuple[str, ...]
    projects: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class _SubField:
    """A specific area of expertise; ``weight`` sets how common it is among the diaspora."""

    key: str
    sector: str
    weight: int
    related: tuple[str, ...]
    tools: tuple[str, ...]
    venues: tuple[str, ...]
    en: _Text
    vi: _Text


_SEMICONDUCTORS: tuple[_SubField, ...] = (
    _SubField(
        key="ic_design",
        sector="semiconductors",
        weight=2,
        related=("eda_verification", "mems_sensors", "test_engineering"),
        tools=("Cadence Virtuoso", "Spectre RF", "Keysight ADS", "Calibre DRC/LVS", "MATLAB"),
        venues=("IEEE JSSC", "ISSCC", "the RFIC Symposium", "IEEE TCAS-I"),
        en=_Text(
            field=("analog and RF IC design", "mixed-signal and RF integrated circuit design"),
            roles=("analog IC design engineer", "RFIC design engineer", "mixed-signal designer"),
            methods=(
                "low-noise amplifier and mixer design",
                "PLL and frequency synthesiser design",
                "high-speed SAR and pipelined ADC design",
                "bandgap references and low-dropout regulators",
                "layout-aware post-layout simulation",
                "mm-wave front-end design in FinFET processes",
            ),
            apps=(
                "5G and Wi-Fi 6 transceivers",
                "automotive radar",
                "IoT sensor nodes",
                "wireline SerDes links",
            ),
            projects=(
                "the tape-out of a 28 nm CMOS fractional-N PLL for a Wi-Fi 6 transceiver",
                "a 12-bit 200 MS/s SAR ADC for a sensor front end",
                "a 77 GHz radar front end developed with an automotive customer",
                "the first in-house LNA in a 22 nm FD-SOI process",
            ),
            keywords=(
                "analog IC design",
                "RFIC",
                "PLL",
                "SAR ADC",
                "LNA",
                "mixed-signal",
                "CMOS",
                "tape-out",
            ),
        ),
        vi=_Text(
            field=(
                "thiết kế vi mạch tương tự và RF",
                "thiết kế vi mạch tín hiệu hỗn hợp và tần số vô tuyến",
            ),
            roles=(
                "kỹ sư thiết kế vi mạch tương tự",
                "kỹ sư thiết kế vi mạch RF",
                "kỹ sư thiết kế mạch tín hiệu hỗn hợp",
            ),
            methods=(
                "thiết kế bộ khuếch đại tạp âm thấp (LNA) và bộ trộn tần",
                "thiết kế vòng khóa pha (PLL) và bộ tổng hợp tần số",
                "thiết kế bộ chuyển đổi tương tự - số (ADC) tốc độ cao",
                "thiết kế nguồn tham chiếu bandgap và bộ ổn áp LDO",
                "mô phỏng sau layout có tính đến ký sinh",
                "thiết kế mạch thu phát sóng milimet trên công nghệ FinFET",
            ),
            apps=(
                "chip thu phát 5G và Wi-Fi 6",
                "ra-đa ô tô",
                "nút cảm biến IoT",
                "giao tiếp SerDes tốc độ cao",
            ),
            projects=(
                "dự án tape-out bộ PLL CMOS 28 nm cho chip thu phát Wi-Fi 6",
                "dự án thiết kế bộ ADC SAR 12 bit, 200 MS/s cho mạch đầu vào cảm biến",
                "đề tài phát triển mạch thu phát ra-đa 77 GHz cùng một khách hàng ô tô",
            ),
            keywords=(
                "thiết kế vi mạch tương tự",
                "vi mạch RF",
                "PLL",
                "ADC",
                "mạch tín hiệu hỗn hợp",
                "CMOS",
            ),
        ),
    ),
    _SubField(
        key="eda_verification",
        sector="semiconductors",
        weight=1,
        related=("ic_design", "test_engineering", "reinforcement_learning"),
        tools=("SystemVerilog", "Synopsys VCS", "Cadence Xcelium", "JasperGold", "PrimeTime"),
        venues=("DAC", "DVCon", "ICCAD", "IEEE TCAD"),
        en=_Text(
            field=(
                "EDA and design verification",
                "digital design verification and EDA methodology",
            ),
            roles=(
                "design verification engineer",
                "EDA methodology engineer",
                "physical design engineer",
            ),
            methods=(
                "UVM-based constrained-random verification",
                "formal property checking with SystemVerilog assertions",
                "static timing analysis and timing closure",
                "coverage-driven verification planning",
                "RTL-to-GDSII physical design flows",
                "emulation and FPGA prototyping of SoCs",
            ),
            apps=(
                "RISC-V processor cores",
                "automotive SoCs",
                "AI accelerators",
                "5G baseband chips",
            ),
            projects=(
                "the verification sign-off of a RISC-V application processor",
                "a UVM environment reused across four generations of automotive SoCs",
                "the migration of a 5 nm AI accelerator to a new timing sign-off flow",
            ),
            keywords=(
                "UVM",
                "SystemVerilog",
                "formal verification",
                "static timing analysis",
                "RISC-V",
                "EDA",
                "physical design",
                "emulation",
            ),
        ),
        vi=_Text(
            field=(
                "thiết kế và kiểm chứng vi mạch số (EDA)",
                "kiểm chứng thiết kế vi mạch số và phương pháp luận EDA",
            ),
            roles=(
                "kỹ sư kiểm chứng thiết kế",
                "kỹ sư phương pháp luận EDA",
                "kỹ sư thiết kế vật lý",
            ),
            methods=(
                "kiểm chứng ngẫu nhiên có ràng buộc theo UVM",
                "kiểm chứng hình thức với SystemVerilog Assertions",
                "phân tích định thời tĩnh và đóng định thời",
                "lập kế hoạch kiểm chứng dựa trên độ bao phủ",
                "quy trình thiết kế vật lý từ RTL đến GDSII",
                "mô phỏng phần cứng (emulation) và tạo mẫu trên FPGA",
            ),
            apps=("lõi vi xử lý RISC-V", "SoC cho ô tô", "bộ tăng tốc AI", "chip băng gốc 5G"),
            projects=(
                "dự án kiểm chứng sign-off cho bộ vi xử lý ứng dụng RISC-V",
                "dự án xây dựng môi trường UVM dùng lại cho bốn thế hệ SoC ô tô",
                "dự án chuyển đổi quy trình sign-off định thời cho chip tăng tốc AI 5 nm",
            ),
            keywords=(
                "UVM",
                "kiểm chứng thiết kế",
                "SystemVerilog",
                "phân tích định thời tĩnh",
                "RISC-V",
                "thiết kế vật lý",
            ),
        ),
    ),
    _SubField(
        key="lithography_process",
        sector="semiconductors",
        weight=2,
        related=("packaging", "two_d_materials", "failure_analysis"),
        tools=("KLA inspection tools", "ASML scanners", "Calibre OPC", "JMP", "Sentaurus Process"),
        venues=(
            "SPIE Advanced Lithography",
            "IEDM",
            "the VLSI Symposium",
            "IEEE Transactions on Semiconductor Manufacturing",
        ),
        en=_Text(
            field=(
                "lithography and process integration",
                "semiconductor process integration and photolithography",
            ),
            roles=(
                "lithography process engineer",
                "process integration engineer",
                "yield enhancement engineer",
            ),
            methods=(
                "EUV and ArF immersion lithography",
                "overlay and critical-dimension control",
                "optical proximity correction",
                "FinFET and gate-all-around process integration",
                "plasma etch and deposition module development",
                "statistical process control and yield analysis",
            ),
            apps=(
                "logic nodes from 7 nm to 3 nm",
                "3D NAND flash",
                "DRAM",
                "300 mm foundry production",
            ),
            projects=(
                "the ramp-up of a 5 nm FinFET node to high-volume production",
                "a yield-learning programme that cut defect density by 40% on a 300 mm line",
                "the qualification of EUV single patterning for contact layers",
            ),
            keywords=(
                "photolithography",
                "EUV",
                "process integration",
                "OPC",
                "overlay control",
                "yield enhancement",
                "FinFET",
                "300 mm fab",
            ),
        ),
        vi=_Text(
            field=(
                "quang khắc và tích hợp quy trình bán dẫn",
                "tích hợp quy trình chế tạo bán dẫn",
            ),
            roles=(
                "kỹ sư quy trình quang khắc",
                "kỹ sư tích hợp quy trình",
                "kỹ sư nâng cao hiệu suất (yield)",
            ),
            methods=(
                "quang khắc EUV và quang khắc nhúng ArF",
                "kiểm soát chồng lớp (overlay) và kích thước tới hạn",
                "hiệu chỉnh hiệu ứng cận quang (OPC)",
                "tích hợp quy trình FinFET và gate-all-around",
                "phát triển mô-đun khắc plasma và lắng đọng màng mỏng",
                "kiểm soát quá trình bằng thống kê và phân tích hiệu suất",
            ),
            apps=(
                "các nút công nghệ logic từ 7 nm đến 3 nm",
                "bộ nhớ 3D NAND",
                "DRAM",
                "sản xuất tại nhà máy chế tạo tấm bán dẫn 300 mm",
            ),
            projects=(
                "dự án đưa nút công nghệ FinFET 5 nm vào sản xuất hàng loạt",
                "chương trình cải thiện hiệu suất giúp giảm 40% mật độ khuyết tật trên dây chuyền "
                "300 mm",
                "dự án đánh giá quang khắc EUV một lần cho lớp tiếp xúc",
            ),
            keywords=(
                "quang khắc",
                "EUV",
                "tích hợp quy trình",
                "OPC",
                "hiệu suất (yield)",
                "FinFET",
            ),
        ),
    ),
    _SubField(
        key="packaging",
        sector="semiconductors",
        weight=2,
        related=("test_engineering", "polymers_composites", "failure_analysis"),
        tools=(
            "ANSYS Mechanical",
            "Cadence Allegro Package Designer",
            "X-ray and C-SAM inspection",
            "Minitab",
        ),
        venues=(
            "IEEE ECTC",
            "IEEE Transactions on Components, Packaging and Manufacturing Technology",
            "EPTC",
        ),
        en=_Text(
            field=(
                "advanced packaging and assembly",
                "semiconductor packaging and advanced assembly (OSAT)",
            ),
            roles=("packaging engineer", "assembly process engineer", "package design engineer"),
            methods=(
                "flip-chip and copper-pillar bumping",
                "fan-out wafer-level packaging",
                "2.5D interposer and chiplet integration",
                "wire bonding process optimisation",
                "thermo-mechanical simulation of package warpage",
                "hybrid bonding",
            ),
            apps=(
                "high-performance computing chiplets",
                "automotive power modules",
                "smartphone application processors",
                "OSAT high-volume manufacturing",
            ),
            projects=(
                "the transfer of a flip-chip BGA line from Korea to a new plant in Southeast Asia",
                "a fan-out wafer-level package qualified for automotive grade 1",
                "a chiplet package with a silicon interposer for an AI accelerator",
            ),
            keywords=(
                "advanced packaging",
                "flip-chip",
                "fan-out WLP",
                "chiplet",
                "OSAT",
                "wire bonding",
                "hybrid bonding",
                "warpage",
            ),
        ),
        vi=_Text(
            field=("đóng gói vi mạch tiên tiến", "đóng gói và lắp ráp bán dẫn (OSAT)"),
            roles=("kỹ sư đóng gói vi mạch", "kỹ sư quy trình lắp ráp", "kỹ sư thiết kế vỏ chip"),
            methods=(
                "đóng gói flip-chip và bump trụ đồng",
                "đóng gói mức tấm wafer dạng fan-out",
                "tích hợp chiplet trên interposer 2.5D",
                "tối ưu hóa quy trình hàn dây (wire bonding)",
                "mô phỏng nhiệt - cơ học độ cong vênh của vỏ chip",
                "liên kết lai (hybrid bonding)",
            ),
            apps=(
                "chiplet cho tính toán hiệu năng cao",
                "mô-đun công suất cho ô tô",
                "bộ xử lý điện thoại thông minh",
                "sản xuất hàng loạt tại các nhà máy OSAT",
            ),
            projects=(
                "dự án chuyển giao dây chuyền flip-chip BGA từ Hàn Quốc sang nhà máy mới ở "
                "Đông Nam Á",
                "dự án đóng gói fan-out mức wafer đạt chuẩn ô tô cấp 1",
                "dự án đóng gói chiplet trên interposer silicon cho chip tăng tốc AI",
            ),
            keywords=("đóng gói tiên tiến", "flip-chip", "chiplet", "OSAT", "hàn dây", "fan-out"),
        ),
    ),
    _SubField(
        key="power_devices",
        sector="semiconductors",
        weight=1,
        related=("smart_grid", "packaging", "energy_storage"),
        tools=("Sentaurus TCAD", "Silvaco Atlas", "Keysight B1505A", "LTspice", "PLECS"),
        venues=(
            "ISPSD",
            "IEEE Transactions on Electron Devices",
            "IEEE Electron Device Letters",
            "APEC",
        ),
        en=_Text(
            field=("GaN and SiC power devices", "wide-bandgap power semiconductor devices"),
            roles=("power device engineer", "device physicist", "power electronics engineer"),
            methods=(
                "SiC MOSFET design and characterisation",
                "GaN HEMT epitaxy and device processing",
                "TCAD simulation of breakdown and on-resistance",
                "gate-oxide reliability testing",
                "double-pulse switching characterisation",
                "power module design and thermal management",
            ),
            apps=(
                "electric-vehicle traction inverters",
                "fast chargers",
                "solar inverters",
                "data-centre power supplies",
            ),
            projects=(
                "a 1200 V SiC MOSFET qualified for electric-vehicle inverters",
                "a 650 V GaN-on-Si HEMT process transferred to a 200 mm line",
                "a reliability study of threshold-voltage drift in SiC devices",
            ),
            keywords=(
                "GaN",
                "SiC",
                "power devices",
                "wide-bandgap",
                "HEMT",
                "power MOSFET",
                "TCAD",
                "device reliability",
            ),
        ),
        vi=_Text(
            field=("linh kiện bán dẫn công suất GaN và SiC", "linh kiện công suất vùng cấm rộng"),
            roles=(
                "kỹ sư linh kiện công suất",
                "kỹ sư vật lý linh kiện",
                "kỹ sư điện tử công suất",
            ),
            methods=(
                "thiết kế và đặc trưng hóa MOSFET SiC",
                "tăng trưởng epitaxy và chế tạo transistor GaN HEMT",
                "mô phỏng TCAD điện áp đánh thủng và điện trở dẫn",
                "kiểm tra độ tin cậy lớp ô-xít cổng",
                "đo đặc tính chuyển mạch bằng phương pháp xung kép",
                "thiết kế mô-đun công suất và quản lý nhiệt",
            ),
            apps=(
                "bộ biến tần kéo cho xe điện",
                "bộ sạc nhanh",
                "bộ nghịch lưu điện mặt trời",
                "nguồn điện cho trung tâm dữ liệu",
            ),
            projects=(
                "dự án phát triển MOSFET SiC 1200 V cho biến tần xe điện",
                "dự án chuyển giao quy trình GaN-on-Si HEMT 650 V sang dây chuyền 200 mm",
                "đề tài nghiên cứu độ trôi điện áp ngưỡng của linh kiện SiC",
            ),
            keywords=(
                "GaN",
                "SiC",
                "linh kiện công suất",
                "bán dẫn vùng cấm rộng",
                "HEMT",
                "TCAD",
            ),
        ),
    ),
    _SubField(
        key="failure_analysis",
        sector="semiconductors",
        weight=1,
        related=("packaging", "test_engineering", "metallurgy"),
        tools=("FIB-SEM", "TEM", "lock-in thermography", "HAST chambers", "JMP"),
        venues=("IRPS", "ISTFA", "Microelectronics Reliability"),
        en=_Text(
            field=(
                "failure analysis and reliability",
                "semiconductor reliability engineering and failure analysis",
            ),
            roles=(
                "failure analysis engineer",
                "reliability engineer",
                "quality and reliability engineer",
            ),
            methods=(
                "physical failure analysis with FIB and TEM",
                "electrical fault isolation using OBIRCH and thermal imaging",
                "JEDEC reliability qualification",
                "electromigration and dielectric breakdown studies",
                "root-cause analysis with the 8D method",
                "accelerated life testing and Weibull analysis",
            ),
            apps=(
                "automotive-grade microcontrollers",
                "memory products",
                "power modules",
                "advanced packages",
            ),
            projects=(
                "a root-cause investigation of field returns in automotive microcontrollers",
                "the qualification of a new copper wire-bond process to AEC-Q100",
                "a failure-analysis laboratory set up from scratch for a new assembly plant",
            ),
            keywords=(
                "failure analysis",
                "reliability",
                "FIB",
                "JEDEC",
                "AEC-Q100",
                "electromigration",
                "root-cause analysis",
            ),
        ),
        vi=_Text(
            field=(
                "phân tích lỗi và độ tin cậy bán dẫn",
                "kỹ thuật độ tin cậy và phân tích hỏng hóc vi mạch",
            ),
            roles=("kỹ sư phân tích lỗi", "kỹ sư độ tin cậy", "kỹ sư chất lượng và độ tin cậy"),
            methods=(
                "phân tích lỗi vật lý bằng FIB và TEM",
                "khoanh vùng lỗi điện bằng OBIRCH và ảnh nhiệt",
                "đánh giá độ tin cậy theo tiêu chuẩn JEDEC",
                "nghiên cứu hiện tượng điện di (electromigration) và đánh thủng điện môi",
                "phân tích nguyên nhân gốc theo phương pháp 8D",
                "thử nghiệm tuổi thọ gia tốc và phân tích Weibull",
            ),
            apps=(
                "vi điều khiển cho ô tô",
                "sản phẩm bộ nhớ",
                "mô-đun công suất",
                "vỏ chip tiên tiến",
            ),
            projects=(
                "dự án truy tìm nguyên nhân gốc của các vi điều khiển ô tô bị trả về",
                "dự án đánh giá quy trình hàn dây đồng mới theo AEC-Q100",
                "dự án xây dựng phòng thí nghiệm phân tích lỗi cho một nhà máy lắp ráp mới",
            ),
            keywords=(
                "phân tích lỗi",
                "độ tin cậy",
                "FIB",
                "JEDEC",
                "AEC-Q100",
                "phân tích nguyên nhân gốc",
            ),
        ),
    ),
    _SubField(
        key="mems_sensors",
        sector="semiconductors",
        weight=1,
        related=("ic_design", "computer_vision", "polymers_composites"),
        tools=("COMSOL Multiphysics", "CoventorWare", "L-Edit", "LabVIEW"),
        venues=(
            "the IEEE MEMS conference",
            "Transducers",
            "Sensors and Actuators A",
            "IEEE Sensors Journal",
        ),
        en=_Text(
            field=("MEMS and sensors", "MEMS sensor design and microfabrication"),
            roles=(
                "MEMS design engineer",
                "sensor development engineer",
                "microfabrication engineer",
            ),
            methods=(
                "MEMS accelerometer and gyroscope design",
                "piezoelectric and capacitive transducers",
                "deep reactive-ion etching and wafer bonding",
                "finite-element modelling of MEMS structures",
                "sensor calibration and signal conditioning",
                "gas and humidity sensor development",
            ),
            apps=(
                "smartphones and wearables",
                "environmental monitoring",
                "smart agriculture",
                "automotive safety systems",
            ),
            projects=(
                "a low-power MEMS gas sensor for indoor air-quality monitoring",
                "a six-axis inertial measurement unit for consumer electronics",
                "a wireless soil-moisture sensor network piloted on farms",
            ),
            keywords=(
                "MEMS",
                "sensors",
                "microfabrication",
                "accelerometer",
                "gas sensor",
                "COMSOL",
                "DRIE",
            ),
        ),
        vi=_Text(
            field=("vi cơ điện tử (MEMS) và cảm biến", "thiết kế cảm biến MEMS và vi chế tạo"),
            roles=("kỹ sư thiết kế MEMS", "kỹ sư phát triển cảm biến", "kỹ sư vi chế tạo"),
            methods=(
                "thiết kế cảm biến gia tốc và con quay hồi chuyển MEMS",
                "bộ chuyển đổi áp điện và điện dung",
                "khắc ion phản ứng sâu (DRIE) và liên kết wafer",
                "mô hình hóa phần tử hữu hạn cho cấu trúc MEMS",
                "hiệu chuẩn cảm biến và xử lý tín hiệu",
                "phát triển cảm biến khí và độ ẩm",
            ),
            apps=(
                "điện thoại thông minh và thiết bị đeo",
                "quan trắc môi trường",
                "nông nghiệp thông minh",
                "hệ thống an toàn ô tô",
            ),
            projects=(
                "dự án cảm biến khí MEMS công suất thấp cho giám sát chất lượng không khí "
                "trong nhà",
                "dự án bộ đo quán tính sáu trục cho thiết bị điện tử tiêu dùng",
                "dự án mạng cảm biến độ ẩm đất không dây thử nghiệm tại các trang trại",
            ),
            keywords=("MEMS", "cảm biến", "vi chế tạo", "cảm biến khí", "COMSOL"),
        ),
    ),
    _SubField(
        key="test_engineering",
        sector="semiconductors",
        weight=1,
        related=("packaging", "eda_verification", "failure_analysis"),
        tools=("Advantest V93000", "Teradyne UltraFLEX", "Tessent", "Python", "Spotfire"),
        venues=("the International Test Conference", "the IEEE VLSI Test Symposium"),
        en=_Text(
            field=("semiconductor test engineering", "ATE test development and yield analysis"),
            roles=("test engineer", "ATE test development engineer", "product engineer"),
            methods=(
                "ATE test programme development",
                "design-for-test and scan insertion",
                "wafer sort and final test optimisation",
                "RF and mixed-signal production testing",
                "test-time reduction through multi-site testing",
                "yield analysis with big-data dashboards",
            ),
            apps=(
                "system-on-chip products",
                "RF front-end modules",
                "automotive ICs",
                "high-volume OSAT lines",
            ),
            projects=(
                "a 35% test-time reduction on a high-volume SoC through multi-site testing",
                "the bring-up of RF test capability at a new test house",
                "a yield dashboard linking wafer sort and final test data",
            ),
            keywords=(
                "ATE",
                "test engineering",
                "DFT",
                "wafer sort",
                "final test",
                "V93000",
                "yield analysis",
            ),
        ),
        vi=_Text(
            field=("kỹ thuật kiểm thử bán dẫn", "phát triển chương trình kiểm thử ATE"),
            roles=("kỹ sư kiểm thử", "kỹ sư phát triển chương trình ATE", "kỹ sư sản phẩm"),
            methods=(
                "phát triển chương trình kiểm thử trên máy ATE",
                "thiết kế hỗ trợ kiểm thử (DFT) và chèn chuỗi quét",
                "tối ưu kiểm thử tấm wafer và kiểm thử cuối",
                "kiểm thử sản xuất cho mạch RF và tín hiệu hỗn hợp",
                "giảm thời gian kiểm thử bằng kiểm thử đa vị trí",
                "phân tích hiệu suất dựa trên dữ liệu lớn",
            ),
            apps=("các sản phẩm SoC", "mô-đun RF", "vi mạch ô tô", "dây chuyền OSAT sản lượng lớn"),
            projects=(
                "dự án giảm 35% thời gian kiểm thử cho một SoC sản lượng lớn",
                "dự án xây dựng năng lực kiểm thử RF tại một nhà máy kiểm thử mới",
                "dự án bảng theo dõi hiệu suất kết nối dữ liệu kiểm thử wafer và kiểm thử cuối",
            ),
            keywords=("ATE", "kiểm thử bán dẫn", "DFT", "kiểm thử wafer", "kiểm thử cuối"),
        ),
    ),
)

_AI: tuple[_SubField, ...] = (
    _SubField(
        key="nlp_vietnamese",
        sector="ai",
        weight=2,
        related=("llm", "speech", "vn_language_teaching"),
        tools=("PyTorch", "Hugging Face Transformers", "spaCy", "VnCoreNLP", "Elasticsearch"),
        venues=("ACL", "EMNLP", "COLING", "Transactions of the ACL"),
        en=_Text(
            field=(
                "natural language processing for Vietnamese",
                "Vietnamese NLP and text analytics",
            ),
            roles=("NLP engineer", "NLP research scientist", "computational linguist"),
            methods=(
                "Vietnamese word segmentation and part-of-speech tagging",
                "named-entity recognition for legal and administrative text",
                "machine translation between Vietnamese and English",
                "transformer models such as PhoBERT",
                "information extraction from scanned documents",
                "text classification of customer feedback",
            ),
            apps=(
                "e-government services",
                "legal document search",
                "customer-service chatbots",
                "news analytics",
            ),
            projects=(
                "a named-entity recogniser for Vietnamese legal documents",
                "a Vietnamese-English machine-translation system for technical manuals",
                "an open benchmark for Vietnamese reading comprehension",
            ),
            keywords=(
                "Vietnamese NLP",
                "PhoBERT",
                "named-entity recognition",
                "machine translation",
                "word segmentation",
                "text classification",
            ),
        ),
        vi=_Text(
            field=(
                "xử lý ngôn ngữ tự nhiên tiếng Việt",
                "xử lý ngôn ngữ tự nhiên và phân tích văn bản tiếng Việt",
            ),
            roles=(
                "kỹ sư xử lý ngôn ngữ tự nhiên",
                "nhà nghiên cứu NLP",
                "chuyên gia ngôn ngữ học tính toán",
            ),
            methods=(
                "tách từ và gán nhãn từ loại tiếng Việt",
                "nhận dạng thực thể có tên trong văn bản pháp luật và hành chính",
                "dịch máy Việt - Anh",
                "các mô hình transformer như PhoBERT",
                "trích xuất thông tin từ tài liệu scan",
                "phân loại văn bản phản hồi của khách hàng",
            ),
            apps=(
                "dịch vụ công trực tuyến",
                "tra cứu văn bản pháp luật",
                "chatbot chăm sóc khách hàng",
                "phân tích tin tức",
            ),
            projects=(
                "dự án nhận dạng thực thể cho văn bản pháp luật tiếng Việt",
                "dự án dịch máy Việt - Anh cho tài liệu kỹ thuật",
                "dự án xây dựng bộ dữ liệu đánh giá đọc hiểu tiếng Việt",
            ),
            keywords=(
                "xử lý ngôn ngữ tự nhiên",
                "tiếng Việt",
                "PhoBERT",
                "nhận dạng thực thể",
                "dịch máy",
                "tách từ",
            ),
        ),
    ),
    _SubField(
        key="computer_vision",
        sector="ai",
        weight=2,
        related=("ai_healthcare", "mlops", "mems_sensors"),
        tools=("PyTorch", "OpenCV", "TensorRT", "YOLO", "ONNX"),
        venues=("CVPR", "ICCV", "ECCV", "IEEE TPAMI"),
        en=_Text(
            field=("computer vision", "computer vision and image understanding"),
            roles=("computer vision engineer", "perception engineer", "computer vision researcher"),
            methods=(
                "object detection and tracking",
                "semantic segmentation",
                "3D reconstruction from multi-view images",
                "self-supervised representation learning",
                "model compression for edge devices",
                "video analytics",
            ),
            apps=(
                "traffic monitoring",
                "autonomous driving",
                "manufacturing inspection",
                "retail analytics",
            ),
            projects=(
                "a real-time vehicle and licence-plate recognition system for city traffic cameras",
                "a defect-inspection system deployed on an electronics assembly line",
                "the perception stack of a level-2 driver-assistance system",
            ),
            keywords=(
                "computer vision",
                "object detection",
                "semantic segmentation",
                "edge AI",
                "video analytics",
                "OpenCV",
            ),
        ),
        vi=_Text(
            field=("thị giác máy tính", "thị giác máy tính và xử lý ảnh"),
            roles=(
                "kỹ sư thị giác máy tính",
                "kỹ sư nhận thức (perception)",
                "nhà nghiên cứu thị giác máy tính",
            ),
            methods=(
                "phát hiện và theo vết đối tượng",
                "phân đoạn ngữ nghĩa ảnh",
                "tái tạo 3D từ ảnh đa góc nhìn",
                "học biểu diễn tự giám sát",
                "nén mô hình cho thiết bị biên",
                "phân tích video",
            ),
            apps=(
                "giám sát giao thông",
                "xe tự hành",
                "kiểm tra chất lượng trong sản xuất",
                "phân tích hành vi khách hàng bán lẻ",
            ),
            projects=(
                "dự án nhận dạng phương tiện và biển số thời gian thực cho camera giao thông "
                "đô thị",
                "dự án hệ thống kiểm tra lỗi sản phẩm trên dây chuyền lắp ráp điện tử",
                "dự án phát triển hệ thống nhận thức cho xe hỗ trợ lái cấp độ 2",
            ),
            keywords=(
                "thị giác máy tính",
                "phát hiện đối tượng",
                "phân đoạn ảnh",
                "AI biên",
                "phân tích video",
            ),
        ),
    ),
    _SubField(
        key="reinforcement_learning",
        sector="ai",
        weight=2,
        related=("smart_grid", "computer_vision", "recommender"),
        tools=("PyTorch", "JAX", "Ray RLlib", "Gymnasium", "MuJoCo"),
        venues=("NeurIPS", "ICML", "ICLR", "AAMAS"),
        en=_Text(
            field=(
                "reinforcement learning",
                "reinforcement learning and sequential decision-making",
            ),
            roles=(
                "reinforcement learning researcher",
                "machine learning scientist",
                "decision-science engineer",
            ),
            methods=(
                "deep reinforcement learning",
                "multi-agent reinforcement learning",
                "offline reinforcement learning from logged data",
                "model-based planning",
                "combinatorial optimisation with learned heuristics",
                "sim-to-real transfer for robotics",
            ),
            apps=(
                "logistics and container scheduling",
                "robot manipulation",
                "energy management",
                "traffic-signal control",
            ),
            projects=(
                "a learned scheduler for container-yard operations at a large port",
                "a multi-agent controller for adaptive traffic signals",
                "a sim-to-real grasping policy for warehouse robots",
            ),
            keywords=(
                "reinforcement learning",
                "multi-agent RL",
                "offline RL",
                "robotics",
                "scheduling optimisation",
                "decision-making",
            ),
        ),
        vi=_Text(
            field=("học tăng cường", "học tăng cường và ra quyết định tuần tự"),
            roles=(
                "nhà nghiên cứu học tăng cường",
                "nhà khoa học học máy",
                "kỹ sư tối ưu hóa ra quyết định",
            ),
            methods=(
                "học tăng cường sâu",
                "học tăng cường đa tác tử",
                "học tăng cường ngoại tuyến từ dữ liệu lịch sử",
                "lập kế hoạch dựa trên mô hình",
                "tối ưu tổ hợp với heuristic học được",
                "chuyển giao từ mô phỏng sang thực tế cho robot",
            ),
            apps=(
                "điều phối logistics và xếp dỡ container",
                "thao tác robot",
                "quản lý năng lượng",
                "điều khiển đèn tín hiệu giao thông",
            ),
            projects=(
                "dự án bộ lập lịch học được cho bãi container tại một cảng lớn",
                "dự án điều khiển đèn tín hiệu thích ứng bằng học tăng cường đa tác tử",
                "dự án chính sách gắp vật cho robot kho hàng chuyển từ mô phỏng sang thực tế",
            ),
            keywords=("học tăng cường", "đa tác tử", "robot", "tối ưu lập lịch", "ra quyết định"),
        ),
    ),
    _SubField(
        key="mlops",
        sector="ai",
        weight=1,
        related=("llm", "computer_vision", "recommender"),
        tools=("Kubernetes", "Kubeflow", "MLflow", "Airflow", "Terraform", "Prometheus"),
        venues=("MLSys", "KDD", "USENIX OpML"),
        en=_Text(
            field=(
                "MLOps and machine learning platforms",
                "machine learning engineering and MLOps",
            ),
            roles=(
                "MLOps engineer",
                "machine learning platform engineer",
                "ML infrastructure lead",
            ),
            methods=(
                "continuous training and deployment pipelines",
                "feature stores and data versioning",
                "model monitoring and drift detection",
                "GPU cluster scheduling",
                "responsible-AI governance and model documentation",
                "serving large models at low latency",
            ),
            apps=(
                "banking and credit scoring",
                "e-commerce platforms",
                "telecom networks",
                "public-sector AI services",
            ),
            projects=(
                "a company-wide ML platform serving more than 200 production models",
                "a model-risk governance framework accepted by a banking regulator",
                "the migration of training workloads to a shared GPU cluster",
            ),
            keywords=(
                "MLOps",
                "Kubernetes",
                "MLflow",
                "model monitoring",
                "ML platform",
                "AI governance",
            ),
        ),
        vi=_Text(
            field=("MLOps và nền tảng học máy", "kỹ thuật học máy và vận hành mô hình (MLOps)"),
            roles=("kỹ sư MLOps", "kỹ sư nền tảng học máy", "trưởng nhóm hạ tầng học máy"),
            methods=(
                "xây dựng quy trình huấn luyện và triển khai liên tục",
                "kho đặc trưng (feature store) và quản lý phiên bản dữ liệu",
                "giám sát mô hình và phát hiện trôi dữ liệu",
                "điều phối cụm GPU",
                "quản trị AI có trách nhiệm và tài liệu hóa mô hình",
                "triển khai mô hình lớn với độ trễ thấp",
            ),
            apps=(
                "ngân hàng và chấm điểm tín dụng",
                "nền tảng thương mại điện tử",
                "mạng viễn thông",
                "dịch vụ AI khu vực công",
            ),
            projects=(
                "dự án nền tảng học máy toàn công ty phục vụ hơn 200 mô hình đang vận hành",
                "dự án khung quản trị rủi ro mô hình được cơ quan quản lý ngân hàng chấp thuận",
                "dự án chuyển toàn bộ tác vụ huấn luyện sang cụm GPU dùng chung",
            ),
            keywords=(
                "MLOps",
                "Kubernetes",
                "giám sát mô hình",
                "nền tảng học máy",
                "quản trị AI",
            ),
        ),
    ),
    _SubField(
        key="speech",
        sector="ai",
        weight=1,
        related=("nlp_vietnamese", "llm", "ai_healthcare"),
        tools=("Kaldi", "ESPnet", "NVIDIA NeMo", "wav2vec 2.0", "Whisper"),
        venues=("Interspeech", "ICASSP", "IEEE/ACM TASLP"),
        en=_Text(
            field=("speech recognition", "speech recognition and spoken language technology"),
            roles=(
                "speech recognition engineer",
                "speech scientist",
                "audio machine learning engineer",
            ),
            methods=(
                "end-to-end automatic speech recognition",
                "speaker diarisation",
                "text-to-speech synthesis",
                "dialect and accent adaptation",
                "keyword spotting on low-power devices",
                "speech data collection and annotation",
            ),
            apps=(
                "call-centre analytics",
                "voice assistants",
                "meeting transcription",
                "in-car voice control",
            ),
            projects=(
                "a Vietnamese speech recogniser robust to northern, central and southern dialects",
                "a call-centre transcription service processing 50,000 hours of audio a month",
                "a low-footprint wake-word engine for smart speakers",
            ),
            keywords=(
                "speech recognition",
                "ASR",
                "text-to-speech",
                "speaker diarisation",
                "dialect adaptation",
                "wav2vec",
            ),
        ),
        vi=_Text(
            field=("nhận dạng tiếng nói", "xử lý và nhận dạng tiếng nói"),
            roles=(
                "kỹ sư nhận dạng tiếng nói",
                "nhà khoa học xử lý tiếng nói",
                "kỹ sư học máy cho âm thanh",
            ),
            methods=(
                "nhận dạng tiếng nói tự động đầu - cuối",
                "phân tách người nói (diarisation)",
                "tổng hợp tiếng nói từ văn bản",
                "thích ứng phương ngữ và giọng nói",
                "phát hiện từ khóa trên thiết bị công suất thấp",
                "thu thập và gán nhãn dữ liệu tiếng nói",
            ),
            apps=(
                "phân tích cuộc gọi tổng đài",
                "trợ lý ảo giọng nói",
                "ghi biên bản cuộc họp tự động",
                "điều khiển bằng giọng nói trên ô tô",
            ),
            projects=(
                "dự án nhận dạng tiếng Việt bền vững với giọng Bắc, Trung, Nam",
                "dự án chuyển lời nói thành văn bản xử lý 50.000 giờ âm thanh mỗi tháng cho "
                "tổng đài",
                "dự án bộ đánh thức bằng giọng nói cho loa thông minh",
            ),
            keywords=(
                "nhận dạng tiếng nói",
                "ASR",
                "tổng hợp tiếng nói",
                "phương ngữ",
                "trợ lý ảo",
            ),
        ),
    ),
    _SubField(
        key="ai_healthcare",
        sector="ai",
        weight=2,
        related=("computer_vision", "bioinformatics", "genomics"),
        tools=("PyTorch", "MONAI", "3D Slicer", "FHIR", "scikit-learn"),
        venues=("MICCAI", "Medical Image Analysis", "Nature Medicine", "The Lancet Digital Health"),
        en=_Text(
            field=("AI for healthcare", "medical AI and clinical decision support"),
            roles=(
                "medical AI researcher",
                "clinical data scientist",
                "health informatics engineer",
            ),
            methods=(
                "deep learning for medical imaging",
                "clinical risk prediction from electronic health records",
                "federated learning across hospitals",
                "explainable AI for clinicians",
                "regulatory validation of AI medical devices",
                "natural language processing of clinical notes",
            ),
            apps=(
                "chest X-ray and CT screening",
                "diabetic retinopathy detection",
                "sepsis early warning",
                "hospital triage",
            ),
            projects=(
                "a chest X-ray triage model validated in three provincial hospitals",
                "a federated learning network for cancer imaging across five hospitals",
                "an early-warning score for sepsis deployed in intensive care units",
            ),
            keywords=(
                "medical imaging",
                "AI for healthcare",
                "clinical decision support",
                "federated learning",
                "explainable AI",
                "MONAI",
            ),
        ),
        vi=_Text(
            field=("trí tuệ nhân tạo trong y tế", "AI y tế và hỗ trợ quyết định lâm sàng"),
            roles=("nhà nghiên cứu AI y tế", "nhà khoa học dữ liệu lâm sàng", "kỹ sư tin học y tế"),
            methods=(
                "học sâu cho chẩn đoán hình ảnh y khoa",
                "dự báo nguy cơ lâm sàng từ bệnh án điện tử",
                "học liên kết (federated learning) giữa các bệnh viện",
                "AI có thể giải thích cho bác sĩ",
                "thẩm định AI như thiết bị y tế theo quy định",
                "xử lý ngôn ngữ tự nhiên trên ghi chép lâm sàng",
            ),
            apps=(
                "sàng lọc X-quang ngực và CT",
                "phát hiện bệnh võng mạc đái tháo đường",
                "cảnh báo sớm nhiễm khuẩn huyết",
                "phân loại cấp cứu tại bệnh viện",
            ),
            projects=(
                "dự án mô hình phân loại X-quang ngực được thẩm định tại ba bệnh viện tuyến tỉnh",
                "dự án mạng học liên kết về hình ảnh ung thư giữa năm bệnh viện",
                "dự án thang điểm cảnh báo sớm nhiễm khuẩn huyết tại khoa hồi sức tích cực",
            ),
            keywords=(
                "AI y tế",
                "chẩn đoán hình ảnh",
                "hỗ trợ quyết định lâm sàng",
                "học liên kết",
                "X-quang",
            ),
        ),
    ),
    _SubField(
        key="recommender",
        sector="ai",
        weight=1,
        related=("mlops", "llm", "reinforcement_learning"),
        tools=("TensorFlow Recommenders", "PyTorch", "Spark", "Faiss", "BigQuery"),
        venues=("ACM RecSys", "KDD", "WSDM", "SIGIR"),
        en=_Text(
            field=("recommender systems", "recommender systems and personalisation"),
            roles=(
                "recommender systems engineer",
                "applied scientist",
                "personalisation data scientist",
            ),
            methods=(
                "collaborative filtering and matrix factorisation",
                "two-tower retrieval models",
                "learning to rank",
                "online A/B testing and causal inference",
                "session-based recommendation with transformers",
                "graph neural networks for user-item graphs",
            ),
            apps=("e-commerce", "streaming media", "online news", "digital banking products"),
            projects=(
                "a two-tower retrieval system that raised click-through by 12% on a "
                "marketplace app",
                "a learning-to-rank pipeline for a hotel-booking platform",
                "a next-best-offer engine for digital banking customers",
            ),
            keywords=(
                "recommender systems",
                "learning to rank",
                "collaborative filtering",
                "A/B testing",
                "personalisation",
                "graph neural networks",
            ),
        ),
        vi=_Text(
            field=("hệ thống gợi ý", "hệ thống gợi ý và cá nhân hóa"),
            roles=(
                "kỹ sư hệ thống gợi ý",
                "nhà khoa học ứng dụng",
                "nhà khoa học dữ liệu về cá nhân hóa",
            ),
            methods=(
                "lọc cộng tác và phân rã ma trận",
                "mô hình truy hồi hai tháp (two-tower)",
                "học xếp hạng (learning to rank)",
                "thử nghiệm A/B trực tuyến và suy luận nhân quả",
                "gợi ý theo phiên với transformer",
                "mạng nơ-ron đồ thị trên đồ thị người dùng - sản phẩm",
            ),
            apps=(
                "thương mại điện tử",
                "nền tảng phát trực tuyến",
                "báo điện tử",
                "sản phẩm ngân hàng số",
            ),
            projects=(
                "dự án hệ thống truy hồi hai tháp giúp tăng 12% tỷ lệ nhấp trên ứng dụng thương "
                "mại điện tử",
                "dự án quy trình học xếp hạng cho nền tảng đặt phòng khách sạn",
                "dự án gợi ý sản phẩm phù hợp tiếp theo cho khách hàng ngân hàng số",
            ),
            keywords=(
                "hệ thống gợi ý",
                "học xếp hạng",
                "lọc cộng tác",
                "cá nhân hóa",
                "A/B testing",
            ),
        ),
    ),
    _SubField(
        key="llm",
        sector="ai",
        weight=2,
        related=("nlp_vietnamese", "mlops", "speech"),
        tools=("PyTorch", "DeepSpeed", "Megatron-LM", "vLLM", "LangChain", "Hugging Face"),
        venues=("NeurIPS", "ACL", "ICLR", "EMNLP"),
        en=_Text(
            field=("large language models", "large language models and generative AI"),
            roles=("LLM research engineer", "generative AI engineer", "applied research scientist"),
            methods=(
                "pre-training and instruction tuning of large language models",
                "retrieval-augmented generation",
                "parameter-efficient fine-tuning with LoRA",
                "evaluation and red-teaming of LLMs",
                "tokeniser design for low-resource languages",
                "distributed training on GPU clusters",
            ),
            apps=(
                "public-service assistants",
                "enterprise search",
                "code generation",
                "education",
            ),
            projects=(
                "a 7-billion-parameter bilingual Vietnamese-English model trained from scratch",
                "a retrieval-augmented assistant answering questions on administrative procedures",
                "an evaluation suite for the safety and factuality of Vietnamese LLMs",
            ),
            keywords=(
                "large language models",
                "LLM",
                "retrieval-augmented generation",
                "instruction tuning",
                "LoRA",
                "generative AI",
            ),
        ),
        vi=_Text(
            field=("mô hình ngôn ngữ lớn", "mô hình ngôn ngữ lớn và AI tạo sinh"),
            roles=(
                "kỹ sư nghiên cứu mô hình ngôn ngữ lớn",
                "kỹ sư AI tạo sinh",
                "nhà khoa học nghiên cứu ứng dụng",
            ),
            methods=(
                "huấn luyện trước và tinh chỉnh theo chỉ dẫn cho mô hình ngôn ngữ lớn",
                "sinh văn bản tăng cường truy hồi (RAG)",
                "tinh chỉnh hiệu quả tham số với LoRA",
                "đánh giá và kiểm thử an toàn LLM",
                "thiết kế bộ tách token cho ngôn ngữ ít tài nguyên",
                "huấn luyện phân tán trên cụm GPU",
            ),
            apps=(
                "trợ lý ảo cho dịch vụ công",
                "tìm kiếm trong doanh nghiệp",
                "sinh mã nguồn",
                "giáo dục",
            ),
            projects=(
                "dự án mô hình song ngữ Việt - Anh 7 tỷ tham số huấn luyện từ đầu",
                "dự án trợ lý RAG trả lời câu hỏi về thủ tục hành chính",
                "dự án bộ đánh giá độ an toàn và tính xác thực của LLM tiếng Việt",
            ),
            keywords=("mô hình ngôn ngữ lớn", "LLM", "RAG", "AI tạo sinh", "tinh chỉnh"),
        ),
    ),
)

_MATERIALS: tuple[_SubField, ...] = (
    _SubField(
        key="two_d_materials",
        sector="new_materials",
        weight=1,
        related=("lithography_process", "nanocatalysis", "battery_materials"),
        tools=("Raman spectroscopy", "AFM", "XPS", "CVD furnaces", "glovebox transfer systems"),
        venues=("ACS Nano", "Nano Letters", "2D Materials", "Advanced Materials"),
        en=_Text(
            field=("2D materials and graphene", "graphene and two-dimensional materials"),
            roles=("materials scientist", "graphene process engineer", "thin-film engineer"),
            methods=(
                "chemical vapour deposition of graphene",
                "exfoliation of MoS2 and other transition-metal dichalcogenides",
                "Raman and atomic-force microscopy characterisation",
                "van der Waals heterostructure devices",
                "graphene-based anti-corrosion coatings",
                "printed electronics with 2D inks",
            ),
            apps=(
                "flexible electronics",
                "corrosion protection",
                "gas sensing",
                "thermal management",
            ),
            projects=(
                "a roll-to-roll CVD process for metre-scale graphene films",
                "a graphene-enhanced epoxy coating tested on offshore steel",
                "the integration of MoS2 photodetectors on silicon",
            ),
            keywords=(
                "graphene",
                "2D materials",
                "MoS2",
                "CVD",
                "Raman spectroscopy",
                "anti-corrosion coatings",
            ),
        ),
        vi=_Text(
            field=("vật liệu hai chiều và graphene", "graphene và vật liệu 2D"),
            roles=("nhà khoa học vật liệu", "kỹ sư quy trình graphene", "kỹ sư màng mỏng"),
            methods=(
                "lắng đọng hơi hóa học (CVD) graphene",
                "bóc tách MoS2 và các dichalcogenide kim loại chuyển tiếp",
                "đặc trưng vật liệu bằng phổ Raman và kính hiển vi lực nguyên tử",
                "linh kiện dị cấu trúc van der Waals",
                "lớp phủ chống ăn mòn trên cơ sở graphene",
                "điện tử in với mực vật liệu 2D",
            ),
            apps=("điện tử dẻo", "chống ăn mòn", "cảm biến khí", "tản nhiệt"),
            projects=(
                "dự án quy trình CVD cuộn - cuộn cho màng graphene cỡ mét",
                "dự án lớp phủ epoxy gia cường graphene thử nghiệm trên thép công trình biển",
                "đề tài đầu thu quang MoS2 tích hợp trên silicon",
            ),
            keywords=(
                "graphene",
                "vật liệu 2D",
                "MoS2",
                "CVD",
                "phổ Raman",
                "lớp phủ chống ăn mòn",
            ),
        ),
    ),
    _SubField(
        key="polymers_composites",
        sector="new_materials",
        weight=1,
        related=("packaging", "two_d_materials", "biomass"),
        tools=("DSC and TGA", "Instron testing machines", "Abaqus", "FTIR", "twin-screw extruders"),
        venues=("Composites Science and Technology", "Polymer", "Composites Part A"),
        en=_Text(
            field=("polymers and composites", "polymer science and fibre-reinforced composites"),
            roles=("polymer scientist", "composites engineer", "materials development engineer"),
            methods=(
                "fibre-reinforced composite design",
                "natural-fibre composites",
                "biodegradable polymer synthesis",
                "rheology and processing of thermoplastics",
                "fatigue and impact testing of laminates",
                "recycling of thermoset composites",
            ),
            apps=(
                "automotive lightweighting",
                "wind-turbine blades",
                "construction materials",
                "packaging",
            ),
            projects=(
                "a natural-fibre composite door panel developed with a car maker",
                "a recyclable thermoplastic blade-root design for wind turbines",
                "a biodegradable packaging film made from cassava starch",
            ),
            keywords=(
                "composites",
                "polymers",
                "natural fibres",
                "biodegradable polymers",
                "thermoplastics",
                "mechanical testing",
            ),
        ),
        vi=_Text(
            field=("polymer và vật liệu composite", "khoa học polymer và composite gia cường sợi"),
            roles=("nhà khoa học polymer", "kỹ sư vật liệu composite", "kỹ sư phát triển vật liệu"),
            methods=(
                "thiết kế composite gia cường sợi",
                "composite sợi tự nhiên",
                "tổng hợp polymer phân hủy sinh học",
                "lưu biến và gia công nhựa nhiệt dẻo",
                "thử nghiệm mỏi và va đập cho vật liệu lớp",
                "tái chế composite nhiệt rắn",
            ),
            apps=("giảm khối lượng ô tô", "cánh tua-bin gió", "vật liệu xây dựng", "bao bì"),
            projects=(
                "dự án tấm cửa ô tô bằng composite sợi tự nhiên cùng một hãng xe",
                "dự án thiết kế chân cánh tua-bin gió bằng nhựa nhiệt dẻo tái chế được",
                "đề tài màng bao bì phân hủy sinh học từ tinh bột sắn",
            ),
            keywords=(
                "composite",
                "polymer",
                "sợi tự nhiên",
                "polymer phân hủy sinh học",
                "nhựa nhiệt dẻo",
            ),
        ),
    ),
    _SubField(
        key="metallurgy",
        sector="new_materials",
        weight=1,
        related=("failure_analysis", "computational_materials", "green_hydrogen"),
        tools=("SEM-EBSD", "Thermo-Calc", "XRD", "Gleeble simulator", "DICTRA"),
        venues=(
            "Acta Materialia",
            "Metallurgical and Materials Transactions A",
            "Corrosion Science",
        ),
        en=_Text(
            field=("metallurgy and alloys", "physical metallurgy and alloy design"),
            roles=("metallurgist", "materials engineer", "alloy development engineer"),
            methods=(
                "alloy design for high-temperature service",
                "heat treatment and microstructure control",
                "additive manufacturing of metal parts",
                "corrosion testing and protection",
                "rare-earth permanent magnet processing",
                "electron backscatter diffraction analysis",
            ),
            apps=(
                "aerospace components",
                "steel production",
                "electric motors",
                "offshore structures",
            ),
            projects=(
                "a nickel-based superalloy for turbine blades",
                "a low-carbon steel grade developed with a steel producer",
                "a recycling route for neodymium magnets from electronic waste",
            ),
            keywords=(
                "metallurgy",
                "alloy design",
                "heat treatment",
                "corrosion",
                "rare-earth magnets",
                "additive manufacturing",
            ),
        ),
        vi=_Text(
            field=("luyện kim và hợp kim", "luyện kim vật lý và thiết kế hợp kim"),
            roles=("kỹ sư luyện kim", "kỹ sư vật liệu", "kỹ sư phát triển hợp kim"),
            methods=(
                "thiết kế hợp kim làm việc ở nhiệt độ cao",
                "nhiệt luyện và kiểm soát tổ chức tế vi",
                "sản xuất bồi đắp (in 3D) chi tiết kim loại",
                "thử nghiệm và bảo vệ chống ăn mòn",
                "chế tạo nam châm vĩnh cửu đất hiếm",
                "phân tích nhiễu xạ điện tử tán xạ ngược (EBSD)",
            ),
            apps=("linh kiện hàng không", "sản xuất thép", "động cơ điện", "công trình biển"),
            projects=(
                "dự án siêu hợp kim nền niken cho cánh tua-bin",
                "dự án mác thép phát thải thấp cùng một nhà sản xuất thép",
                "đề tài quy trình tái chế nam châm neodymium từ rác thải điện tử",
            ),
            keywords=(
                "luyện kim",
                "hợp kim",
                "nhiệt luyện",
                "ăn mòn",
                "đất hiếm",
                "in 3D kim loại",
            ),
        ),
    ),
    _SubField(
        key="ceramics",
        sector="new_materials",
        weight=1,
        related=("power_devices", "battery_materials", "metallurgy"),
        tools=(
            "XRD",
            "SEM",
            "dilatometry",
            "impedance spectroscopy",
            "spark plasma sintering furnaces",
        ),
        venues=(
            "the Journal of the European Ceramic Society",
            "the Journal of the American Ceramic Society",
            "Ceramics International",
        ),
        en=_Text(
            field=("advanced ceramics", "functional and structural ceramics"),
            roles=("ceramics engineer", "materials scientist", "ceramic process engineer"),
            methods=(
                "sintering and spark plasma sintering",
                "piezoelectric ceramic synthesis",
                "solid oxide fuel cell materials",
                "ceramic matrix composites",
                "thermal barrier coatings",
                "powder processing and tape casting",
            ),
            apps=(
                "fuel cells",
                "electronic components",
                "gas turbines",
                "biomedical implants",
            ),
            projects=(
                "a lead-free piezoelectric ceramic for ultrasonic sensors",
                "a solid oxide electrolysis stack tested for 5,000 hours",
                "a thermal-barrier coating programme for industrial gas turbines",
            ),
            keywords=(
                "ceramics",
                "sintering",
                "piezoelectric",
                "solid oxide cells",
                "thermal barrier coatings",
                "powder processing",
            ),
        ),
        vi=_Text(
            field=("gốm kỹ thuật tiên tiến", "vật liệu gốm chức năng và gốm kết cấu"),
            roles=("kỹ sư gốm kỹ thuật", "nhà khoa học vật liệu", "kỹ sư quy trình gốm"),
            methods=(
                "thiêu kết và thiêu kết plasma xung",
                "tổng hợp gốm áp điện",
                "vật liệu pin nhiên liệu oxit rắn",
                "composite nền gốm",
                "lớp phủ rào cản nhiệt",
                "xử lý bột và đúc băng",
            ),
            apps=("pin nhiên liệu", "linh kiện điện tử", "tua-bin khí", "cấy ghép y sinh"),
            projects=(
                "dự án gốm áp điện không chì cho cảm biến siêu âm",
                "dự án chồng pin điện phân oxit rắn thử nghiệm 5.000 giờ",
                "đề tài lớp phủ rào cản nhiệt cho tua-bin khí công nghiệp",
            ),
            keywords=(
                "gốm kỹ thuật",
                "thiêu kết",
                "áp điện",
                "pin oxit rắn",
                "lớp phủ rào cản nhiệt",
            ),
        ),
    ),
    _SubField(
        key="nanocatalysis",
        sector="new_materials",
        weight=1,
        related=("green_hydrogen", "biomass", "two_d_materials"),
        tools=("TEM", "BET surface analysis", "XPS", "gas chromatography", "fixed-bed reactors"),
        venues=("ACS Catalysis", "Applied Catalysis B", "the Journal of Catalysis"),
        en=_Text(
            field=("nanomaterials for catalysis", "nanocatalysis and surface chemistry"),
            roles=("catalysis researcher", "nanomaterials chemist", "process chemist"),
            methods=(
                "synthesis of supported metal nanoparticles",
                "zeolite and metal-organic framework catalysts",
                "photocatalytic water treatment",
                "electrocatalysts for water splitting",
                "in-situ spectroscopy of catalytic surfaces",
                "catalytic conversion of biomass into chemicals",
            ),
            apps=(
                "biomass refining",
                "hydrogen production",
                "wastewater treatment",
                "petrochemicals",
            ),
            projects=(
                "a nickel-based catalyst converting rice straw into bio-aromatics",
                "an iridium-free electrocatalyst for PEM electrolysers",
                "a TiO2 photocatalytic reactor for textile wastewater",
            ),
            keywords=(
                "catalysis",
                "nanoparticles",
                "MOF",
                "electrocatalysis",
                "photocatalysis",
                "biomass conversion",
            ),
        ),
        vi=_Text(
            field=("vật liệu nano cho xúc tác", "xúc tác nano và hóa học bề mặt"),
            roles=("nhà nghiên cứu xúc tác", "nhà hóa học vật liệu nano", "kỹ sư hóa quá trình"),
            methods=(
                "tổng hợp hạt nano kim loại trên chất mang",
                "xúc tác zeolite và khung hữu cơ - kim loại (MOF)",
                "xử lý nước bằng xúc tác quang",
                "xúc tác điện hóa cho tách nước",
                "phổ học tại chỗ (in-situ) trên bề mặt xúc tác",
                "chuyển hóa sinh khối thành hóa chất bằng xúc tác",
            ),
            apps=("lọc hóa sinh khối", "sản xuất hydro", "xử lý nước thải", "hóa dầu"),
            projects=(
                "dự án xúc tác nền niken chuyển hóa rơm rạ thành hợp chất thơm sinh học",
                "đề tài xúc tác điện hóa không chứa iridi cho máy điện phân PEM",
                "dự án thiết bị xúc tác quang TiO2 xử lý nước thải dệt nhuộm",
            ),
            keywords=("xúc tác", "hạt nano", "MOF", "xúc tác quang", "chuyển hóa sinh khối"),
        ),
    ),
    _SubField(
        key="battery_materials",
        sector="new_materials",
        weight=2,
        related=("energy_storage", "computational_materials", "ceramics"),
        tools=(
            "BioLogic potentiostats",
            "XRD",
            "SEM-EDS",
            "coin-cell and pouch-cell lines",
            "COMSOL",
        ),
        venues=(
            "the Journal of Power Sources",
            "ACS Energy Letters",
            "Energy Storage Materials",
            "the Journal of The Electrochemical Society",
        ),
        en=_Text(
            field=("battery materials", "materials for lithium-ion and next-generation batteries"),
            roles=("battery materials scientist", "cell development engineer", "electrochemist"),
            methods=(
                "cathode materials such as LFP and high-nickel NMC",
                "silicon-graphite anodes",
                "solid-state electrolytes",
                "sodium-ion battery chemistry",
                "electrochemical impedance and cycling analysis",
                "battery recycling and hydrometallurgy",
            ),
            apps=(
                "electric vehicles",
                "grid storage",
                "electric motorbikes",
                "consumer electronics",
            ),
            projects=(
                "a high-nickel cathode scaled from the laboratory to a pilot line",
                "a sodium-ion cell using hard carbon from coconut shells",
                "a hydrometallurgical recycling process recovering lithium and cobalt",
            ),
            keywords=(
                "battery materials",
                "lithium-ion",
                "sodium-ion",
                "cathode",
                "solid-state electrolyte",
                "battery recycling",
            ),
        ),
        vi=_Text(
            field=("vật liệu pin", "vật liệu cho pin lithium-ion và pin thế hệ mới"),
            roles=("nhà khoa học vật liệu pin", "kỹ sư phát triển cell pin", "nhà điện hóa học"),
            methods=(
                "vật liệu catốt như LFP và NMC giàu niken",
                "anốt silicon - graphite",
                "chất điện giải rắn",
                "hóa học pin natri-ion",
                "phân tích tổng trở điện hóa và chu kỳ sạc xả",
                "tái chế pin và thủy luyện",
            ),
            apps=(
                "xe điện",
                "lưu trữ năng lượng cho lưới điện",
                "xe máy điện",
                "thiết bị điện tử tiêu dùng",
            ),
            projects=(
                "dự án mở rộng vật liệu catốt giàu niken từ phòng thí nghiệm lên dây chuyền "
                "thử nghiệm",
                "đề tài pin natri-ion dùng than cứng từ gáo dừa",
                "dự án quy trình thủy luyện thu hồi lithium và coban từ pin thải",
            ),
            keywords=(
                "vật liệu pin",
                "pin lithium-ion",
                "pin natri-ion",
                "catốt",
                "tái chế pin",
            ),
        ),
    ),
    _SubField(
        key="computational_materials",
        sector="new_materials",
        weight=1,
        related=("battery_materials", "two_d_materials", "mlops"),
        tools=("VASP", "Quantum ESPRESSO", "LAMMPS", "pymatgen", "ASE"),
        venues=("npj Computational Materials", "Physical Review B", "Chemistry of Materials"),
        en=_Text(
            field=(
                "computational materials science",
                "computational materials science and materials informatics",
            ),
            roles=(
                "computational materials scientist",
                "materials informatics researcher",
                "simulation engineer",
            ),
            methods=(
                "density functional theory calculations",
                "molecular dynamics with machine-learned potentials",
                "high-throughput screening of materials databases",
                "phase-field modelling",
                "Bayesian optimisation of experiments",
                "multiscale modelling of defects",
            ),
            apps=(
                "battery electrodes",
                "catalysts",
                "semiconductor materials",
                "structural alloys",
            ),
            projects=(
                "a high-throughput DFT screen of 12,000 candidate solid electrolytes",
                "a machine-learned interatomic potential for high-entropy alloys",
                "an open materials database used by several national laboratories",
            ),
            keywords=(
                "DFT",
                "molecular dynamics",
                "materials informatics",
                "high-throughput screening",
                "machine-learned potentials",
                "VASP",
            ),
        ),
        vi=_Text(
            field=("khoa học vật liệu tính toán", "vật liệu tính toán và tin học vật liệu"),
            roles=(
                "nhà khoa học vật liệu tính toán",
                "nhà nghiên cứu tin học vật liệu",
                "kỹ sư mô phỏng",
            ),
            methods=(
                "tính toán lý thuyết phiếm hàm mật độ (DFT)",
                "động lực học phân tử với thế năng học máy",
                "sàng lọc thông lượng cao trên cơ sở dữ liệu vật liệu",
                "mô hình trường pha (phase-field)",
                "tối ưu Bayes cho thiết kế thí nghiệm",
                "mô hình đa thang đo cho khuyết tật",
            ),
            apps=("điện cực pin", "chất xúc tác", "vật liệu bán dẫn", "hợp kim kết cấu"),
            projects=(
                "dự án sàng lọc DFT thông lượng cao cho 12.000 chất điện giải rắn tiềm năng",
                "đề tài xây dựng thế năng liên nguyên tử học máy cho hợp kim entropy cao",
                "dự án cơ sở dữ liệu vật liệu mở được nhiều phòng thí nghiệm quốc gia sử dụng",
            ),
            keywords=(
                "DFT",
                "động lực học phân tử",
                "tin học vật liệu",
                "sàng lọc thông lượng cao",
                "VASP",
            ),
        ),
    ),
)

_ENERGY: tuple[_SubField, ...] = (
    _SubField(
        key="solar_pv",
        sector="green_energy",
        weight=2,
        related=("smart_grid", "energy_storage", "two_d_materials"),
        tools=("PVsyst", "SAM", "electroluminescence imaging", "IV-curve tracers", "Python"),
        venues=(
            "Progress in Photovoltaics",
            "the IEEE Journal of Photovoltaics",
            "Solar Energy Materials and Solar Cells",
        ),
        en=_Text(
            field=("solar photovoltaics", "solar PV technology and system engineering"),
            roles=("solar PV engineer", "photovoltaic researcher", "PV plant performance engineer"),
            methods=(
                "perovskite and tandem solar cells",
                "PV module reliability and degradation analysis",
                "floating and rooftop PV system design",
                "yield assessment and performance monitoring",
                "inverter sizing and grid-code compliance",
                "PV module recycling",
            ),
            apps=(
                "rooftop solar for industrial parks",
                "utility-scale solar farms",
                "floating PV on reservoirs",
                "agrivoltaics",
            ),
            projects=(
                "a 50 MWp floating PV plant on a hydropower reservoir",
                "a perovskite-silicon tandem cell with 29% efficiency",
                "a degradation study of 2,000 modules in a tropical climate",
            ),
            keywords=(
                "solar PV",
                "perovskite",
                "rooftop solar",
                "floating PV",
                "PV reliability",
                "PVsyst",
            ),
        ),
        vi=_Text(
            field=("điện mặt trời", "công nghệ quang điện và hệ thống điện mặt trời"),
            roles=(
                "kỹ sư điện mặt trời",
                "nhà nghiên cứu quang điện",
                "kỹ sư vận hành nhà máy điện mặt trời",
            ),
            methods=(
                "pin mặt trời perovskite và pin song song (tandem)",
                "phân tích độ tin cậy và suy giảm của tấm pin",
                "thiết kế hệ thống điện mặt trời nổi và áp mái",
                "đánh giá sản lượng và giám sát hiệu suất",
                "lựa chọn biến tần và đáp ứng quy chuẩn lưới điện",
                "tái chế tấm pin mặt trời",
            ),
            apps=(
                "điện mặt trời áp mái cho khu công nghiệp",
                "nhà máy điện mặt trời quy mô lớn",
                "điện mặt trời nổi trên hồ thủy điện",
                "nông nghiệp kết hợp điện mặt trời",
            ),
            projects=(
                "dự án điện mặt trời nổi 50 MWp trên hồ thủy điện",
                "đề tài pin tandem perovskite - silicon đạt hiệu suất 29%",
                "dự án khảo sát suy giảm của 2.000 tấm pin trong khí hậu nhiệt đới",
            ),
            keywords=(
                "điện mặt trời",
                "perovskite",
                "điện mặt trời áp mái",
                "điện mặt trời nổi",
                "PVsyst",
            ),
        ),
    ),
    _SubField(
        key="offshore_wind",
        sector="green_energy",
        weight=2,
        related=("smart_grid", "energy_policy", "metallurgy"),
        tools=("OpenFAST", "WindPRO", "WAsP", "DIgSILENT PowerFactory", "SACS"),
        venues=("Wind Energy", "Renewable Energy", "Wind Energy Science"),
        en=_Text(
            field=("offshore wind energy", "offshore wind engineering"),
            roles=(
                "offshore wind engineer",
                "wind resource analyst",
                "offshore foundation engineer",
            ),
            methods=(
                "wind resource assessment with lidar and mesoscale models",
                "monopile and jacket foundation design",
                "floating wind platform dynamics",
                "export cable routing and grid connection studies",
                "marine spatial planning and environmental impact assessment",
                "operations and maintenance planning",
            ),
            apps=(
                "offshore wind farms",
                "floating wind pilots",
                "port and supply-chain development",
                "transmission planning",
            ),
            projects=(
                "the foundation design for a 600 MW offshore wind farm in the North Sea",
                "a wind measurement campaign with floating lidar",
                "the export-cable and onshore substation study for a 1 GW project",
            ),
            keywords=(
                "offshore wind",
                "wind resource assessment",
                "monopile",
                "floating wind",
                "grid connection",
                "OpenFAST",
            ),
        ),
        vi=_Text(
            field=("điện gió ngoài khơi", "kỹ thuật điện gió ngoài khơi"),
            roles=(
                "kỹ sư điện gió ngoài khơi",
                "chuyên gia đánh giá tài nguyên gió",
                "kỹ sư móng công trình biển",
            ),
            methods=(
                "đánh giá tài nguyên gió bằng lidar và mô hình quy mô vừa",
                "thiết kế móng đơn cọc (monopile) và móng jacket",
                "động lực học nền tảng điện gió nổi",
                "tuyến cáp xuất và nghiên cứu đấu nối lưới",
                "quy hoạch không gian biển và đánh giá tác động môi trường",
                "lập kế hoạch vận hành và bảo dưỡng",
            ),
            apps=(
                "trang trại điện gió ngoài khơi",
                "dự án thí điểm điện gió nổi",
                "phát triển cảng và chuỗi cung ứng",
                "quy hoạch truyền tải",
            ),
            projects=(
                "dự án thiết kế móng cho trang trại điện gió ngoài khơi 600 MW ở Biển Bắc",
                "dự án đo gió bằng lidar nổi ngoài khơi",
                "dự án nghiên cứu cáp xuất và trạm biến áp trên bờ cho dự án 1 GW",
            ),
            keywords=(
                "điện gió ngoài khơi",
                "tài nguyên gió",
                "móng monopile",
                "điện gió nổi",
                "đấu nối lưới",
            ),
        ),
    ),
    _SubField(
        key="smart_grid",
        sector="green_energy",
        weight=2,
        related=("energy_storage", "reinforcement_learning", "solar_pv"),
        tools=("DIgSILENT PowerFactory", "PSS/E", "MATLAB/Simulink", "OpenDSS", "PLEXOS"),
        venues=(
            "IEEE Transactions on Power Systems",
            "IEEE Transactions on Smart Grid",
            "Applied Energy",
        ),
        en=_Text(
            field=(
                "grid integration and smart grids",
                "power systems and smart-grid integration of renewables",
            ),
            roles=("power systems engineer", "grid integration specialist", "smart-grid engineer"),
            methods=(
                "power-flow and stability studies",
                "renewable energy forecasting",
                "demand response and virtual power plants",
                "microgrid control",
                "grid-forming inverter control",
                "distribution automation and SCADA",
            ),
            apps=(
                "transmission planning",
                "distribution networks",
                "industrial microgrids",
                "island power systems",
            ),
            projects=(
                "the grid-code compliance study for a 300 MW solar and wind cluster",
                "a virtual power plant aggregating 2,000 rooftop systems",
                "a microgrid with diesel, solar and batteries for an island community",
            ),
            keywords=(
                "smart grid",
                "power systems",
                "grid integration",
                "microgrid",
                "renewable forecasting",
                "PowerFactory",
            ),
        ),
        vi=_Text(
            field=(
                "tích hợp lưới điện và lưới điện thông minh",
                "hệ thống điện và tích hợp năng lượng tái tạo vào lưới",
            ),
            roles=(
                "kỹ sư hệ thống điện",
                "chuyên gia tích hợp lưới điện",
                "kỹ sư lưới điện thông minh",
            ),
            methods=(
                "tính toán trào lưu công suất và ổn định hệ thống",
                "dự báo công suất năng lượng tái tạo",
                "điều chỉnh phụ tải và nhà máy điện ảo",
                "điều khiển lưới điện siêu nhỏ (microgrid)",
                "điều khiển biến tần tạo lưới (grid-forming)",
                "tự động hóa lưới phân phối và SCADA",
            ),
            apps=(
                "quy hoạch lưới truyền tải",
                "lưới điện phân phối",
                "microgrid cho khu công nghiệp",
                "hệ thống điện hải đảo",
            ),
            projects=(
                "dự án đánh giá tuân thủ quy chuẩn lưới cho cụm điện mặt trời và điện gió 300 MW",
                "dự án nhà máy điện ảo tích hợp 2.000 hệ thống áp mái",
                "dự án microgrid diesel - mặt trời - pin cho một xã đảo",
            ),
            keywords=(
                "lưới điện thông minh",
                "hệ thống điện",
                "tích hợp lưới",
                "microgrid",
                "dự báo năng lượng tái tạo",
            ),
        ),
    ),
    _SubField(
        key="energy_storage",
        sector="green_energy",
        weight=2,
        related=("battery_materials", "smart_grid", "green_hydrogen"),
        tools=("HOMER Pro", "MATLAB/Simulink", "Python", "PLEXOS", "battery cyclers"),
        venues=(
            "the Journal of Energy Storage",
            "Applied Energy",
            "IEEE Transactions on Sustainable Energy",
        ),
        en=_Text(
            field=("energy storage systems", "battery energy storage and grid-scale storage"),
            roles=(
                "energy storage engineer",
                "battery systems engineer",
                "storage project developer",
            ),
            methods=(
                "battery energy storage system design",
                "battery management systems and state-of-health estimation",
                "techno-economic modelling of storage",
                "pumped hydro and long-duration storage",
                "thermal-runaway safety and fire codes",
                "frequency regulation services",
            ),
            apps=(
                "grid frequency regulation",
                "solar-plus-storage plants",
                "industrial peak shaving",
                "electric-vehicle charging hubs",
            ),
            projects=(
                "a 100 MWh battery storage system providing frequency regulation",
                "a state-of-health estimator deployed across 40 storage containers",
                "a techno-economic study of pumped hydro for a national grid operator",
            ),
            keywords=(
                "energy storage",
                "BESS",
                "battery management system",
                "frequency regulation",
                "long-duration storage",
                "peak shaving",
            ),
        ),
        vi=_Text(
            field=(
                "hệ thống lưu trữ năng lượng",
                "lưu trữ năng lượng bằng pin và lưu trữ quy mô lưới",
            ),
            roles=(
                "kỹ sư lưu trữ năng lượng",
                "kỹ sư hệ thống pin",
                "chuyên gia phát triển dự án lưu trữ",
            ),
            methods=(
                "thiết kế hệ thống pin lưu trữ (BESS)",
                "hệ thống quản lý pin và ước lượng tình trạng sức khỏe pin",
                "mô hình kinh tế - kỹ thuật cho lưu trữ",
                "thủy điện tích năng và lưu trữ dài hạn",
                "an toàn thoát nhiệt và quy chuẩn phòng cháy",
                "dịch vụ điều tần",
            ),
            apps=(
                "điều tần lưới điện",
                "nhà máy điện mặt trời kết hợp lưu trữ",
                "cắt đỉnh phụ tải công nghiệp",
                "trạm sạc xe điện",
            ),
            projects=(
                "dự án hệ thống pin lưu trữ 100 MWh cung cấp dịch vụ điều tần",
                "dự án bộ ước lượng sức khỏe pin triển khai trên 40 container lưu trữ",
                "dự án nghiên cứu kinh tế - kỹ thuật thủy điện tích năng cho đơn vị vận hành lưới",
            ),
            keywords=(
                "lưu trữ năng lượng",
                "BESS",
                "quản lý pin",
                "điều tần",
                "thủy điện tích năng",
            ),
        ),
    ),
    _SubField(
        key="green_hydrogen",
        sector="green_energy",
        weight=1,
        related=("nanocatalysis", "energy_policy", "ceramics"),
        tools=("Aspen Plus", "HOMER Pro", "Python", "gPROMS"),
        venues=(
            "the International Journal of Hydrogen Energy",
            "Energy & Environmental Science",
            "Applied Energy",
        ),
        en=_Text(
            field=("green hydrogen", "green hydrogen and power-to-X"),
            roles=(
                "hydrogen process engineer",
                "electrolysis researcher",
                "power-to-X project engineer",
            ),
            methods=(
                "PEM and alkaline electrolyser design",
                "green ammonia synthesis",
                "hydrogen storage and transport",
                "levelised cost of hydrogen modelling",
                "safety and certification of hydrogen systems",
                "coupling electrolysers with variable renewables",
            ),
            apps=(
                "green ammonia for fertiliser and shipping",
                "steel decarbonisation",
                "fuel-cell mobility",
                "seasonal energy storage",
            ),
            projects=(
                "a 20 MW PEM electrolyser coupled to a wind farm",
                "a feasibility study for a green ammonia export hub",
                "a hydrogen-refuelling station network for buses",
            ),
            keywords=(
                "green hydrogen",
                "electrolysis",
                "green ammonia",
                "power-to-X",
                "LCOH",
                "fuel cells",
            ),
        ),
        vi=_Text(
            field=("hydro xanh", "hydro xanh và chuyển đổi điện thành nhiên liệu (power-to-X)"),
            roles=("kỹ sư quá trình hydro", "nhà nghiên cứu điện phân", "kỹ sư dự án power-to-X"),
            methods=(
                "thiết kế máy điện phân PEM và kiềm",
                "tổng hợp amoniac xanh",
                "lưu trữ và vận chuyển hydro",
                "mô hình chi phí quy dẫn của hydro (LCOH)",
                "an toàn và chứng nhận hệ thống hydro",
                "kết nối máy điện phân với nguồn năng lượng tái tạo biến đổi",
            ),
            apps=(
                "amoniac xanh cho phân bón và vận tải biển",
                "khử carbon ngành thép",
                "giao thông dùng pin nhiên liệu",
                "lưu trữ năng lượng theo mùa",
            ),
            projects=(
                "dự án máy điện phân PEM 20 MW kết nối trang trại điện gió",
                "dự án nghiên cứu khả thi trung tâm xuất khẩu amoniac xanh",
                "dự án mạng lưới trạm nạp hydro cho xe buýt",
            ),
            keywords=("hydro xanh", "điện phân", "amoniac xanh", "power-to-X", "pin nhiên liệu"),
        ),
    ),
    _SubField(
        key="energy_policy",
        sector="green_energy",
        weight=2,
        related=("offshore_wind", "smart_grid", "green_hydrogen"),
        tools=("PLEXOS", "LEAP", "TIMES", "GAMS", "spreadsheet financial models"),
        venues=("Energy Policy", "Nature Energy", "The Energy Journal"),
        en=_Text(
            field=("energy policy and economics", "energy transition policy"),
            roles=("energy policy analyst", "energy economist", "energy transition advisor"),
            methods=(
                "power-sector planning and capacity-expansion models",
                "carbon pricing and emissions trading design",
                "renewable auction and feed-in tariff design",
                "just energy transition finance",
                "regulatory reform of electricity markets",
                "energy efficiency programmes",
            ),
            apps=(
                "national power development plans",
                "electricity market reform",
                "coal phase-down",
                "provincial energy planning",
            ),
            projects=(
                "the capacity-expansion modelling for a national power development plan",
                "the design of a competitive auction scheme for solar and wind",
                "a just-transition study for coal-dependent provinces",
            ),
            keywords=(
                "energy policy",
                "energy transition",
                "JETP",
                "carbon pricing",
                "electricity market",
                "power development plan",
            ),
        ),
        vi=_Text(
            field=("chính sách và kinh tế năng lượng", "chính sách chuyển dịch năng lượng"),
            roles=(
                "chuyên gia phân tích chính sách năng lượng",
                "nhà kinh tế năng lượng",
                "cố vấn chuyển dịch năng lượng",
            ),
            methods=(
                "quy hoạch ngành điện và mô hình mở rộng nguồn",
                "thiết kế định giá carbon và thị trường mua bán phát thải",
                "thiết kế cơ chế đấu thầu và giá FIT cho năng lượng tái tạo",
                "tài chính cho chuyển dịch năng lượng công bằng",
                "cải cách thể chế thị trường điện",
                "chương trình sử dụng năng lượng tiết kiệm và hiệu quả",
            ),
            apps=(
                "quy hoạch phát triển điện lực quốc gia",
                "cải cách thị trường điện",
                "giảm dần điện than",
                "quy hoạch năng lượng cấp tỉnh",
            ),
            projects=(
                "dự án mô hình mở rộng nguồn cho quy hoạch phát triển điện lực quốc gia",
                "dự án thiết kế cơ chế đấu thầu cạnh tranh cho điện mặt trời và điện gió",
                "đề tài nghiên cứu chuyển dịch công bằng cho các tỉnh phụ thuộc than",
            ),
            keywords=(
                "chính sách năng lượng",
                "chuyển dịch năng lượng",
                "JETP",
                "định giá carbon",
                "thị trường điện",
            ),
        ),
    ),
    _SubField(
        key="biomass",
        sector="green_energy",
        weight=1,
        related=("nanocatalysis", "food_biotech", "energy_policy"),
        tools=("Aspen Plus", "SimaPro", "ANSYS Fluent", "QGIS"),
        venues=(
            "Biomass and Bioenergy",
            "Bioresource Technology",
            "Renewable and Sustainable Energy Reviews",
        ),
        en=_Text(
            field=("biomass and bioenergy", "bioenergy from agricultural residues"),
            roles=("bioenergy engineer", "biomass combustion specialist", "biogas engineer"),
            methods=(
                "gasification and combustion of agricultural residues",
                "anaerobic digestion and biogas upgrading",
                "biomass supply-chain logistics",
                "pyrolysis and biochar production",
                "co-firing in coal power plants",
                "life-cycle assessment of bioenergy",
            ),
            apps=(
                "rice-husk and straw power plants",
                "sugar-mill cogeneration",
                "livestock biogas",
                "industrial steam supply",
            ),
            projects=(
                "the feasibility study and commissioning of a 10 MW rice-husk power plant",
                "a biogas programme for pig farms in a farming province",
                "a life-cycle assessment of biomass co-firing in a coal plant",
            ),
            keywords=(
                "biomass",
                "bioenergy",
                "gasification",
                "biogas",
                "rice husk",
                "life-cycle assessment",
            ),
        ),
        vi=_Text(
            field=("năng lượng sinh khối", "năng lượng sinh học từ phụ phẩm nông nghiệp"),
            roles=("kỹ sư năng lượng sinh khối", "chuyên gia đốt sinh khối", "kỹ sư khí sinh học"),
            methods=(
                "khí hóa và đốt phụ phẩm nông nghiệp",
                "phân hủy kỵ khí và nâng cấp khí sinh học",
                "hậu cần chuỗi cung ứng sinh khối",
                "nhiệt phân và sản xuất than sinh học (biochar)",
                "đồng đốt sinh khối trong nhà máy nhiệt điện than",
                "đánh giá vòng đời năng lượng sinh học",
            ),
            apps=(
                "nhà máy điện trấu và rơm rạ",
                "đồng phát điện tại nhà máy đường",
                "khí sinh học từ chăn nuôi",
                "cung cấp hơi nước công nghiệp",
            ),
            projects=(
                "dự án nghiên cứu khả thi và vận hành nhà máy điện trấu 10 MW",
                "chương trình khí sinh học cho trang trại nuôi lợn",
                "dự án đánh giá vòng đời đồng đốt sinh khối tại nhà máy nhiệt điện than",
            ),
            keywords=("sinh khối", "năng lượng sinh học", "khí hóa", "khí sinh học", "trấu"),
        ),
    ),
)

_BIOTECH: tuple[_SubField, ...] = (
    _SubField(
        key="vaccines",
        sector="biotechnology",
        weight=2,
        related=("biopharma_manufacturing", "genomics", "bioinformatics"),
        tools=("ELISA", "flow cytometry", "bioreactors", "HPLC", "GraphPad Prism"),
        venues=("Vaccine", "npj Vaccines", "Frontiers in Immunology"),
        en=_Text(
            field=("vaccine development", "vaccine research and development"),
            roles=("vaccine scientist", "immunologist", "vaccine process development scientist"),
            methods=(
                "mRNA vaccine design and lipid nanoparticle formulation",
                "recombinant protein subunit vaccines",
                "viral vector platforms",
                "immunogenicity assays and clinical serology",
                "upstream cell-culture process development",
                "regulatory dossiers for WHO prequalification",
            ),
            apps=("influenza and COVID-19", "dengue", "rotavirus", "veterinary vaccines"),
            projects=(
                "the process scale-up of an mRNA vaccine from 2 L to 200 L",
                "a dengue vaccine candidate taken into phase I trials",
                "the technology transfer of a rotavirus vaccine to a manufacturer in Asia",
            ),
            keywords=(
                "vaccines",
                "mRNA",
                "lipid nanoparticles",
                "immunology",
                "WHO prequalification",
                "dengue",
            ),
        ),
        vi=_Text(
            field=("nghiên cứu phát triển vắc-xin", "phát triển vắc-xin"),
            roles=(
                "nhà khoa học vắc-xin",
                "nhà miễn dịch học",
                "nhà khoa học phát triển quy trình vắc-xin",
            ),
            methods=(
                "thiết kế vắc-xin mRNA và bào chế hạt nano lipid",
                "vắc-xin tiểu đơn vị protein tái tổ hợp",
                "nền tảng vector virus",
                "xét nghiệm tính sinh miễn dịch và huyết thanh học lâm sàng",
                "phát triển quy trình nuôi cấy tế bào thượng nguồn",
                "hồ sơ đăng ký tiền thẩm định của WHO",
            ),
            apps=("cúm và COVID-19", "sốt xuất huyết", "virus rota", "vắc-xin thú y"),
            projects=(
                "dự án nâng quy mô quy trình vắc-xin mRNA từ 2 lít lên 200 lít",
                "dự án đưa ứng viên vắc-xin sốt xuất huyết vào thử nghiệm lâm sàng pha I",
                "dự án chuyển giao công nghệ vắc-xin rota cho một nhà sản xuất châu Á",
            ),
            keywords=("vắc-xin", "mRNA", "hạt nano lipid", "miễn dịch học", "sốt xuất huyết"),
        ),
    ),
    _SubField(
        key="genomics",
        sector="biotechnology",
        weight=2,
        related=("bioinformatics", "agri_biotech", "ai_healthcare"),
        tools=("Illumina NovaSeq", "Oxford Nanopore", "GATK", "10x Genomics", "Nextflow"),
        venues=("Nature Genetics", "Genome Research", "the American Journal of Human Genetics"),
        en=_Text(
            field=("genomics and sequencing", "genomics and next-generation sequencing"),
            roles=("genomics scientist", "sequencing laboratory lead", "molecular geneticist"),
            methods=(
                "whole-genome and exome sequencing",
                "long-read sequencing with nanopore and PacBio",
                "population genomics",
                "single-cell RNA sequencing",
                "clinical variant interpretation",
                "genome-wide association studies",
            ),
            apps=(
                "rare-disease diagnosis",
                "cancer genomics",
                "crop improvement",
                "pathogen surveillance",
            ),
            projects=(
                "a reference genome panel of 1,000 Vietnamese individuals",
                "a newborn screening programme based on exome sequencing",
                "a nanopore-based surveillance network for antimicrobial resistance",
            ),
            keywords=(
                "genomics",
                "next-generation sequencing",
                "whole-genome sequencing",
                "single-cell RNA-seq",
                "GWAS",
                "variant interpretation",
            ),
        ),
        vi=_Text(
            field=("hệ gen học và giải trình tự", "hệ gen học và giải trình tự gen thế hệ mới"),
            roles=(
                "nhà khoa học hệ gen",
                "trưởng phòng thí nghiệm giải trình tự",
                "nhà di truyền học phân tử",
            ),
            methods=(
                "giải trình tự toàn bộ hệ gen và exome",
                "giải trình tự đoạn dài với nanopore và PacBio",
                "hệ gen học quần thể",
                "giải trình tự RNA đơn tế bào",
                "diễn giải biến thể di truyền lâm sàng",
                "nghiên cứu liên kết toàn hệ gen (GWAS)",
            ),
            apps=(
                "chẩn đoán bệnh hiếm",
                "hệ gen ung thư",
                "cải tiến giống cây trồng",
                "giám sát mầm bệnh",
            ),
            projects=(
                "dự án xây dựng bộ hệ gen tham chiếu của 1.000 người Việt",
                "chương trình sàng lọc sơ sinh dựa trên giải trình tự exome",
                "dự án mạng giám sát kháng kháng sinh bằng giải trình tự nanopore",
            ),
            keywords=("hệ gen học", "giải trình tự gen", "NGS", "GWAS", "biến thể di truyền"),
        ),
    ),
    _SubField(
        key="bioinformatics",
        sector="biotechnology",
        weight=1,
        related=("genomics", "ai_healthcare", "mlops"),
        tools=("Nextflow", "Snakemake", "Bioconductor", "GATK", "AlphaFold", "Python"),
        venues=("Bioinformatics", "Nucleic Acids Research", "PLOS Computational Biology"),
        en=_Text(
            field=("bioinformatics", "bioinformatics and computational biology"),
            roles=("bioinformatician", "computational biologist", "bioinformatics engineer"),
            methods=(
                "NGS analysis pipelines",
                "variant calling and annotation",
                "metagenomics",
                "protein structure prediction",
                "multi-omics data integration",
                "machine learning on biological data",
            ),
            apps=(
                "clinical genomics",
                "drug discovery",
                "microbiome studies",
                "plant breeding",
            ),
            projects=(
                "a cloud-based NGS pipeline processing 20,000 genomes a year",
                "a metagenomics study of the gut microbiome in Southeast Asian cohorts",
                "a machine-learning model that predicts antibiotic resistance from genomes",
            ),
            keywords=(
                "bioinformatics",
                "NGS pipelines",
                "Nextflow",
                "metagenomics",
                "multi-omics",
                "computational biology",
            ),
        ),
        vi=_Text(
            field=("tin sinh học", "tin sinh học và sinh học tính toán"),
            roles=("chuyên gia tin sinh học", "nhà sinh học tính toán", "kỹ sư tin sinh học"),
            methods=(
                "xây dựng quy trình phân tích dữ liệu NGS",
                "gọi và chú giải biến thể",
                "metagenomics (hệ gen học môi trường)",
                "dự đoán cấu trúc protein",
                "tích hợp dữ liệu đa omics",
                "học máy trên dữ liệu sinh học",
            ),
            apps=(
                "hệ gen học lâm sàng",
                "phát triển thuốc",
                "nghiên cứu hệ vi sinh vật",
                "chọn tạo giống cây trồng",
            ),
            projects=(
                "dự án quy trình phân tích NGS trên nền tảng đám mây xử lý 20.000 hệ gen mỗi năm",
                "đề tài metagenomics hệ vi sinh vật đường ruột ở các quần thể Đông Nam Á",
                "dự án mô hình học máy dự đoán kháng kháng sinh từ dữ liệu hệ gen",
            ),
            keywords=(
                "tin sinh học",
                "phân tích NGS",
                "metagenomics",
                "đa omics",
                "sinh học tính toán",
            ),
        ),
    ),
    _SubField(
        key="agri_biotech",
        sector="biotechnology",
        weight=1,
        related=("genomics", "food_biotech", "aquaculture"),
        tools=("KASP genotyping", "CRISPR toolkits", "R/qtl", "greenhouse phenotyping platforms"),
        venues=("Theoretical and Applied Genetics", "Plant Biotechnology Journal", "Rice"),
        en=_Text(
            field=(
                "agricultural biotechnology and rice breeding",
                "plant biotechnology for crop improvement",
            ),
            roles=("plant breeder", "plant molecular biologist", "crop scientist"),
            methods=(
                "marker-assisted selection",
                "CRISPR-Cas9 genome editing in rice",
                "salinity and drought tolerance screening",
                "genomic selection",
                "tissue culture and plant transformation",
                "field trials and variety registration",
            ),
            apps=(
                "salt-tolerant rice for the Mekong Delta",
                "coffee and pepper improvement",
                "disease-resistant crops",
                "climate-resilient agriculture",
            ),
            projects=(
                "a salt-tolerant rice line developed through marker-assisted backcrossing",
                "the development of CRISPR-edited rice with improved grain quality",
                "a multi-site field trial network for drought-tolerant maize",
            ),
            keywords=(
                "rice breeding",
                "CRISPR",
                "marker-assisted selection",
                "salinity tolerance",
                "genomic selection",
                "plant biotechnology",
            ),
        ),
        vi=_Text(
            field=(
                "công nghệ sinh học nông nghiệp và chọn tạo giống lúa",
                "công nghệ sinh học thực vật cho cải tiến giống cây trồng",
            ),
            roles=(
                "nhà chọn tạo giống cây trồng",
                "nhà sinh học phân tử thực vật",
                "nhà khoa học cây trồng",
            ),
            methods=(
                "chọn giống nhờ chỉ thị phân tử",
                "chỉnh sửa gen CRISPR-Cas9 trên lúa",
                "thanh lọc tính chịu mặn và chịu hạn",
                "chọn lọc hệ gen",
                "nuôi cấy mô và chuyển gen",
                "khảo nghiệm đồng ruộng và công nhận giống",
            ),
            apps=(
                "lúa chịu mặn cho Đồng bằng sông Cửu Long",
                "cải tiến giống cà phê và hồ tiêu",
                "cây trồng kháng bệnh",
                "nông nghiệp thích ứng biến đổi khí hậu",
            ),
            projects=(
                "dự án chọn tạo dòng lúa chịu mặn bằng lai trở lại có hỗ trợ chỉ thị phân tử",
                "đề tài chỉnh sửa gen CRISPR nâng cao chất lượng hạt gạo",
                "dự án mạng lưới khảo nghiệm ngô chịu hạn tại nhiều địa điểm",
            ),
            keywords=(
                "chọn tạo giống lúa",
                "CRISPR",
                "chỉ thị phân tử",
                "chịu mặn",
                "công nghệ sinh học thực vật",
            ),
        ),
    ),
    _SubField(
        key="aquaculture",
        sector="biotechnology",
        weight=1,
        related=("genomics", "food_biotech", "agri_biotech"),
        tools=("qPCR", "SNP arrays", "ASReml", "water-quality sensors"),
        venues=("Aquaculture", "Fish & Shellfish Immunology", "Reviews in Aquaculture"),
        en=_Text(
            field=("aquaculture biotechnology", "aquaculture genetics and fish health"),
            roles=("aquaculture geneticist", "fish health specialist", "aquaculture scientist"),
            methods=(
                "selective breeding of shrimp and pangasius",
                "genomic selection for disease resistance",
                "fish vaccines and probiotics",
                "pathogen diagnostics with qPCR",
                "recirculating aquaculture systems",
                "feed formulation with alternative proteins",
            ),
            apps=(
                "whiteleg shrimp farming",
                "pangasius catfish",
                "tilapia",
                "seaweed cultivation",
            ),
            projects=(
                "a shrimp broodstock programme selected for resistance to white spot syndrome",
                "an oral vaccine against streptococcosis in tilapia",
                "a recirculating system that cut water use by 90% on a pilot farm",
            ),
            keywords=(
                "aquaculture",
                "shrimp breeding",
                "fish health",
                "genomic selection",
                "probiotics",
                "RAS",
            ),
        ),
        vi=_Text(
            field=("công nghệ sinh học thủy sản", "di truyền và sức khỏe động vật thủy sản"),
            roles=(
                "nhà di truyền học thủy sản",
                "chuyên gia bệnh học thủy sản",
                "nhà khoa học nuôi trồng thủy sản",
            ),
            methods=(
                "chọn giống tôm và cá tra",
                "chọn lọc hệ gen cho tính kháng bệnh",
                "vắc-xin và chế phẩm sinh học (probiotic) cho cá",
                "chẩn đoán mầm bệnh bằng qPCR",
                "hệ thống nuôi tuần hoàn (RAS)",
                "xây dựng công thức thức ăn với đạm thay thế",
            ),
            apps=("nuôi tôm thẻ chân trắng", "cá tra", "cá rô phi", "trồng rong biển"),
            projects=(
                "dự án chọn giống tôm bố mẹ kháng bệnh đốm trắng",
                "đề tài vắc-xin đường uống phòng bệnh liên cầu khuẩn trên cá rô phi",
                "dự án hệ thống nuôi tuần hoàn giảm 90% lượng nước tại trại thử nghiệm",
            ),
            keywords=(
                "nuôi trồng thủy sản",
                "chọn giống tôm",
                "bệnh thủy sản",
                "chế phẩm sinh học",
                "RAS",
            ),
        ),
    ),
    _SubField(
        key="stem_cells",
        sector="biotechnology",
        weight=1,
        related=("biopharma_manufacturing", "genomics", "ai_healthcare"),
        tools=("flow cytometry", "confocal microscopy", "closed-system bioreactors", "CRISPR"),
        venues=("Cell Stem Cell", "Stem Cell Reports", "Cytotherapy"),
        en=_Text(
            field=("stem cells and regenerative medicine", "stem-cell biology and cell therapy"),
            roles=(
                "stem-cell biologist",
                "cell therapy scientist",
                "regenerative medicine researcher",
            ),
            methods=(
                "induced pluripotent stem cell derivation",
                "mesenchymal stem cell manufacturing under GMP",
                "organoid models of disease",
                "CAR-T and cell therapy process development",
                "gene editing in stem cells",
                "preclinical safety studies",
            ),
            apps=(
                "cell therapy for cancer",
                "cartilage and bone repair",
                "drug screening",
                "diabetes",
            ),
            projects=(
                "a GMP-compliant mesenchymal stem cell product for knee osteoarthritis",
                "the development of liver organoids for drug-toxicity screening",
                "a point-of-care CAR-T manufacturing process",
            ),
            keywords=(
                "stem cells",
                "regenerative medicine",
                "iPSC",
                "organoids",
                "cell therapy",
                "CAR-T",
            ),
        ),
        vi=_Text(
            field=("tế bào gốc và y học tái tạo", "sinh học tế bào gốc và liệu pháp tế bào"),
            roles=(
                "nhà sinh học tế bào gốc",
                "nhà khoa học liệu pháp tế bào",
                "nhà nghiên cứu y học tái tạo",
            ),
            methods=(
                "tạo tế bào gốc vạn năng cảm ứng (iPSC)",
                "sản xuất tế bào gốc trung mô đạt chuẩn GMP",
                "mô hình organoid cho bệnh học",
                "phát triển quy trình CAR-T và liệu pháp tế bào",
                "chỉnh sửa gen trên tế bào gốc",
                "nghiên cứu an toàn tiền lâm sàng",
            ),
            apps=(
                "liệu pháp tế bào điều trị ung thư",
                "tái tạo sụn và xương",
                "sàng lọc thuốc",
                "đái tháo đường",
            ),
            projects=(
                "dự án sản phẩm tế bào gốc trung mô đạt GMP điều trị thoái hóa khớp gối",
                "đề tài organoid gan cho sàng lọc độc tính thuốc",
                "dự án quy trình sản xuất CAR-T tại chỗ",
            ),
            keywords=("tế bào gốc", "y học tái tạo", "iPSC", "organoid", "liệu pháp tế bào"),
        ),
    ),
    _SubField(
        key="biopharma_manufacturing",
        sector="biotechnology",
        weight=2,
        related=("vaccines", "stem_cells", "food_biotech"),
        tools=("ÄKTA chromatography systems", "single-use bioreactors", "LIMS", "JMP", "SAP QM"),
        venues=(
            "Biotechnology and Bioengineering",
            "Biotechnology Progress",
            "the PDA Journal of Pharmaceutical Science and Technology",
        ),
        en=_Text(
            field=(
                "biopharmaceutical manufacturing",
                "bioprocess engineering and biologics manufacturing",
            ),
            roles=(
                "bioprocess engineer",
                "manufacturing science lead",
                "quality assurance specialist",
            ),
            methods=(
                "monoclonal antibody upstream and downstream processing",
                "biosimilar development and comparability",
                "GMP facility design and validation",
                "single-use bioreactor scale-up",
                "quality by design and process analytical technology",
                "technology transfer between manufacturing sites",
            ),
            apps=(
                "monoclonal antibodies",
                "biosimilars",
                "insulin",
                "vaccine fill-finish",
            ),
            projects=(
                "the technology transfer of a biosimilar antibody to a new GMP plant",
                "the validation of a 2,000 L single-use bioreactor suite",
                "a quality-by-design programme that halved batch failures",
            ),
            keywords=(
                "biopharmaceutical manufacturing",
                "GMP",
                "biosimilars",
                "bioprocess",
                "technology transfer",
                "monoclonal antibodies",
            ),
        ),
        vi=_Text(
            field=(
                "sản xuất dược phẩm sinh học",
                "kỹ thuật quy trình sinh học và sản xuất thuốc sinh học",
            ),
            roles=(
                "kỹ sư quy trình sinh học",
                "trưởng nhóm khoa học sản xuất",
                "chuyên viên đảm bảo chất lượng",
            ),
            methods=(
                "quy trình thượng nguồn và hạ nguồn cho kháng thể đơn dòng",
                "phát triển thuốc sinh học tương tự và đánh giá tính tương đồng",
                "thiết kế và thẩm định nhà máy đạt GMP",
                "nâng quy mô bioreactor dùng một lần",
                "chất lượng theo thiết kế (QbD) và công nghệ phân tích quy trình (PAT)",
                "chuyển giao công nghệ giữa các nhà máy",
            ),
            apps=(
                "kháng thể đơn dòng",
                "thuốc sinh học tương tự",
                "insulin",
                "đóng ống vắc-xin",
            ),
            projects=(
                "dự án chuyển giao công nghệ kháng thể biosimilar sang nhà máy GMP mới",
                "dự án thẩm định hệ bioreactor dùng một lần 2.000 lít",
                "chương trình QbD giúp giảm một nửa số lô không đạt",
            ),
            keywords=(
                "dược phẩm sinh học",
                "GMP",
                "thuốc sinh học tương tự",
                "quy trình sinh học",
                "chuyển giao công nghệ",
            ),
        ),
    ),
    _SubField(
        key="food_biotech",
        sector="biotechnology",
        weight=1,
        related=("agri_biotech", "biomass", "aquaculture"),
        tools=("fermenters", "HPLC", "GC-MS", "CRISPR toolkits", "design of experiments"),
        venues=(
            "Food Chemistry",
            "the Journal of Agricultural and Food Chemistry",
            "Trends in Food Science & Technology",
        ),
        en=_Text(
            field=(
                "fermentation and food biotechnology",
                "industrial fermentation and food biotechnology",
            ),
            roles=(
                "fermentation scientist",
                "food biotechnologist",
                "bioprocess development engineer",
            ),
            methods=(
                "precision fermentation of food proteins",
                "strain engineering of yeast and lactic acid bacteria",
                "enzyme production and application",
                "valorisation of agricultural by-products",
                "safety and quality of fermented foods",
                "downstream purification of food ingredients",
            ),
            apps=(
                "alternative proteins",
                "fish sauce and traditional fermented foods",
                "enzymes for food processing",
                "probiotic products",
            ),
            projects=(
                "a precision-fermentation process for whey-like proteins at 10,000 L scale",
                "an enzyme cocktail that extracts value from cassava pulp",
                "a quality standard for industrially produced fish sauce",
            ),
            keywords=(
                "fermentation",
                "food biotechnology",
                "precision fermentation",
                "enzymes",
                "by-product valorisation",
                "probiotics",
            ),
        ),
        vi=_Text(
            field=(
                "công nghệ lên men và công nghệ sinh học thực phẩm",
                "lên men công nghiệp và công nghệ sinh học thực phẩm",
            ),
            roles=(
                "nhà khoa học lên men",
                "chuyên gia công nghệ sinh học thực phẩm",
                "kỹ sư phát triển quy trình sinh học",
            ),
            methods=(
                "lên men chính xác sản xuất protein thực phẩm",
                "cải biến chủng nấm men và vi khuẩn lactic",
                "sản xuất và ứng dụng enzyme",
                "tận dụng phụ phẩm nông nghiệp",
                "an toàn và chất lượng thực phẩm lên men",
                "tinh sạch hạ nguồn các thành phần thực phẩm",
            ),
            apps=(
                "protein thay thế",
                "nước mắm và thực phẩm lên men truyền thống",
                "enzyme cho chế biến thực phẩm",
                "sản phẩm probiotic",
            ),
            projects=(
                "dự án quy trình lên men chính xác protein tương tự whey ở quy mô 10.000 lít",
                "đề tài tổ hợp enzyme tận dụng bã sắn",
                "dự án xây dựng tiêu chuẩn chất lượng cho nước mắm sản xuất công nghiệp",
            ),
            keywords=(
                "lên men",
                "công nghệ sinh học thực phẩm",
                "enzyme",
                "phụ phẩm nông nghiệp",
                "probiotic",
            ),
        ),
    ),
)

_EDUCATION: tuple[_SubField, ...] = (
    _SubField(
        key="vn_language_teaching",
        sector="higher_education",
        weight=3,
        related=("edtech", "student_exchange", "nlp_vietnamese"),
        tools=("Moodle", "Google Classroom", "Zoom", "Quizlet", "Canva"),
        venues=(
            "the Journal of Southeast Asian Language Teaching",
            "the Heritage Language Journal",
            "Foreign Language Annals",
        ),
        en=_Text(
            field=(
                "teaching Vietnamese as a foreign and heritage language",
                "Vietnamese language teaching abroad",
            ),
            roles=(
                "Vietnamese language teacher",
                "heritage-language programme coordinator",
                "curriculum developer for Vietnamese",
            ),
            methods=(
                "communicative language teaching",
                "heritage-language pedagogy for second-generation learners",
                "textbook and graded-reader writing",
                "proficiency testing aligned with the six-level framework for Vietnamese",
                "teacher-training workshops",
                "online and blended classes",
            ),
            apps=(
                "weekend community schools",
                "university Vietnamese programmes",
                "adult learners and spouses of Vietnamese nationals",
                "Vietnamese for business",
            ),
            projects=(
                "a series of graded readers for children of Vietnamese families abroad",
                "a teacher-training course attended by 120 volunteer teachers",
                "a proficiency test for heritage learners developed with partner universities",
            ),
            keywords=(
                "Vietnamese language teaching",
                "heritage language",
                "teacher training",
                "textbook development",
                "proficiency testing",
                "blended learning",
            ),
        ),
        vi=_Text(
            field=(
                "dạy tiếng Việt cho người nước ngoài và kiều bào",
                "giảng dạy tiếng Việt ở nước ngoài",
            ),
            roles=(
                "giáo viên tiếng Việt",
                "điều phối viên chương trình tiếng Việt cho kiều bào",
                "người biên soạn giáo trình tiếng Việt",
            ),
            methods=(
                "phương pháp giao tiếp trong dạy ngoại ngữ",
                "phương pháp dạy tiếng Việt như ngôn ngữ di sản cho thế hệ thứ hai",
                "biên soạn giáo trình và sách đọc theo cấp độ",
                "đánh giá năng lực tiếng Việt theo khung sáu bậc",
                "tập huấn giáo viên",
                "lớp học trực tuyến và kết hợp",
            ),
            apps=(
                "lớp tiếng Việt cuối tuần của cộng đồng",
                "chương trình tiếng Việt tại các trường đại học",
                "học viên người lớn và vợ/chồng của người Việt",
                "tiếng Việt thương mại",
            ),
            projects=(
                "dự án bộ sách đọc theo cấp độ cho con em người Việt ở nước ngoài",
                "khóa tập huấn cho 120 giáo viên tình nguyện",
                "dự án xây dựng bài thi năng lực cho người học tiếng Việt di sản cùng các trường "
                "đối tác",
            ),
            keywords=(
                "dạy tiếng Việt",
                "ngôn ngữ di sản",
                "tập huấn giáo viên",
                "biên soạn giáo trình",
                "kiều bào",
            ),
        ),
    ),
    _SubField(
        key="governance_accreditation",
        sector="higher_education",
        weight=1,
        related=("phd_training", "stem_curriculum", "student_exchange"),
        tools=("SciVal", "Power BI", "survey platforms", "Tableau"),
        venues=("Quality in Higher Education", "Higher Education", "Studies in Higher Education"),
        en=_Text(
            field=(
                "university governance and accreditation",
                "higher-education quality assurance and governance",
            ),
            roles=(
                "quality assurance manager",
                "higher-education policy researcher",
                "accreditation reviewer",
            ),
            methods=(
                "programme accreditation under AUN-QA and ABET",
                "institutional self-assessment",
                "university autonomy and board governance",
                "outcome-based education",
                "rankings and research-performance analytics",
                "strategic planning for universities",
            ),
            apps=(
                "public university reform",
                "engineering programme accreditation",
                "research universities",
                "private higher education",
            ),
            projects=(
                "the AUN-QA accreditation of twelve engineering programmes",
                "a governance review for a university moving to autonomy",
                "a research-performance dashboard for a national university",
            ),
            keywords=(
                "accreditation",
                "AUN-QA",
                "ABET",
                "quality assurance",
                "university governance",
                "outcome-based education",
            ),
        ),
        vi=_Text(
            field=(
                "quản trị đại học và kiểm định chất lượng",
                "đảm bảo chất lượng và quản trị giáo dục đại học",
            ),
            roles=(
                "chuyên gia đảm bảo chất lượng",
                "nhà nghiên cứu chính sách giáo dục đại học",
                "kiểm định viên",
            ),
            methods=(
                "kiểm định chương trình theo AUN-QA và ABET",
                "tự đánh giá cấp cơ sở đào tạo",
                "tự chủ đại học và quản trị hội đồng trường",
                "giáo dục dựa trên chuẩn đầu ra",
                "xếp hạng và phân tích năng lực nghiên cứu",
                "hoạch định chiến lược cho trường đại học",
            ),
            apps=(
                "đổi mới đại học công lập",
                "kiểm định chương trình kỹ thuật",
                "đại học nghiên cứu",
                "giáo dục đại học tư thục",
            ),
            projects=(
                "dự án kiểm định AUN-QA cho mười hai chương trình kỹ thuật",
                "dự án rà soát quản trị cho một trường đại học chuyển sang tự chủ",
                "dự án bảng theo dõi năng lực nghiên cứu cho một đại học quốc gia",
            ),
            keywords=(
                "kiểm định chất lượng",
                "AUN-QA",
                "ABET",
                "quản trị đại học",
                "chuẩn đầu ra",
            ),
        ),
    ),
    _SubField(
        key="phd_training",
        sector="higher_education",
        weight=2,
        related=("governance_accreditation", "student_exchange", "stem_curriculum"),
        tools=("Turnitin", "Overleaf", "Zotero", "research management systems"),
        venues=(
            "Studies in Higher Education",
            "Higher Education Research & Development",
            "Innovations in Education and Teaching International",
        ),
        en=_Text(
            field=("PhD training and co-supervision", "doctoral education and research training"),
            roles=(
                "doctoral programme director",
                "graduate school coordinator",
                "research training adviser",
            ),
            methods=(
                "joint and co-tutelle PhD programmes",
                "co-supervision of doctoral candidates across countries",
                "research-integrity and academic-writing training",
                "doctoral school governance",
                "industry-linked PhD schemes",
                "tracking of PhD outcomes and careers",
            ),
            apps=(
                "engineering doctoral schools",
                "life-science graduate programmes",
                "industrial PhDs",
                "national scholarship schemes",
            ),
            projects=(
                "a co-tutelle framework signed with six Vietnamese universities",
                "a doctoral writing school that trained 300 candidates",
                "an industrial PhD scheme run with semiconductor companies",
            ),
            keywords=(
                "PhD supervision",
                "co-tutelle",
                "doctoral education",
                "research training",
                "academic writing",
                "industrial PhD",
            ),
        ),
        vi=_Text(
            field=("đào tạo và đồng hướng dẫn tiến sĩ", "đào tạo tiến sĩ và bồi dưỡng nghiên cứu"),
            roles=(
                "giám đốc chương trình tiến sĩ",
                "điều phối viên trường sau đại học",
                "cố vấn đào tạo nghiên cứu",
            ),
            methods=(
                "chương trình tiến sĩ liên kết và đồng cấp bằng (co-tutelle)",
                "đồng hướng dẫn nghiên cứu sinh giữa các quốc gia",
                "tập huấn liêm chính học thuật và viết bài báo khoa học",
                "quản trị trường đào tạo tiến sĩ",
                "chương trình tiến sĩ gắn với doanh nghiệp",
                "theo dõi đầu ra và nghề nghiệp của tiến sĩ",
            ),
            apps=(
                "trường đào tạo tiến sĩ kỹ thuật",
                "chương trình sau đại học khoa học sự sống",
                "tiến sĩ công nghiệp",
                "chương trình học bổng quốc gia",
            ),
            projects=(
                "dự án khung đào tạo tiến sĩ co-tutelle ký với sáu trường đại học Việt Nam",
                "khóa học viết bài báo khoa học cho 300 nghiên cứu sinh",
                "chương trình tiến sĩ công nghiệp với các doanh nghiệp bán dẫn",
            ),
            keywords=(
                "đồng hướng dẫn nghiên cứu sinh",
                "co-tutelle",
                "đào tạo tiến sĩ",
                "liêm chính học thuật",
                "tiến sĩ công nghiệp",
            ),
        ),
    ),
    _SubField(
        key="stem_curriculum",
        sector="higher_education",
        weight=1,
        related=("governance_accreditation", "edtech", "phd_training"),
        tools=("Moodle", "MATLAB Grader", "curriculum-mapping software", "LabVIEW"),
        venues=(
            "IEEE Transactions on Education",
            "the European Journal of Engineering Education",
            "the Journal of Engineering Education",
        ),
        en=_Text(
            field=("STEM curriculum design", "curriculum design for engineering and science"),
            roles=(
                "curriculum designer",
                "engineering education researcher",
                "programme leader",
            ),
            methods=(
                "project-based and CDIO-style learning",
                "laboratory course design",
                "industry advisory boards for curricula",
                "learning-outcome mapping",
                "capstone projects with industry",
                "assessment design",
            ),
            apps=(
                "semiconductor engineering degrees",
                "data science programmes",
                "mechatronics",
                "teacher education",
            ),
            projects=(
                "a new undergraduate programme in microelectronics designed with industry partners",
                "the redesign of a first-year engineering course around CDIO projects",
                "a remote-laboratory network shared by five universities",
            ),
            keywords=(
                "curriculum design",
                "CDIO",
                "project-based learning",
                "engineering education",
                "learning outcomes",
                "capstone projects",
            ),
        ),
        vi=_Text(
            field=(
                "thiết kế chương trình đào tạo STEM",
                "phát triển chương trình đào tạo kỹ thuật và khoa học",
            ),
            roles=(
                "chuyên gia thiết kế chương trình đào tạo",
                "nhà nghiên cứu giáo dục kỹ thuật",
                "trưởng chương trình đào tạo",
            ),
            methods=(
                "học tập dựa trên dự án theo mô hình CDIO",
                "thiết kế học phần thí nghiệm",
                "hội đồng tư vấn doanh nghiệp cho chương trình",
                "ánh xạ chuẩn đầu ra",
                "đồ án tốt nghiệp gắn với doanh nghiệp",
                "thiết kế đánh giá người học",
            ),
            apps=(
                "ngành kỹ thuật vi mạch bán dẫn",
                "chương trình khoa học dữ liệu",
                "cơ điện tử",
                "đào tạo giáo viên",
            ),
            projects=(
                "dự án xây dựng chương trình đại học ngành vi điện tử cùng doanh nghiệp",
                "dự án thiết kế lại học phần nhập môn kỹ thuật theo CDIO",
                "dự án mạng phòng thí nghiệm từ xa dùng chung cho năm trường đại học",
            ),
            keywords=(
                "thiết kế chương trình đào tạo",
                "CDIO",
                "học tập dựa trên dự án",
                "giáo dục kỹ thuật",
                "chuẩn đầu ra",
            ),
        ),
    ),
    _SubField(
        key="edtech",
        sector="higher_education",
        weight=1,
        related=("vn_language_teaching", "stem_curriculum", "llm"),
        tools=("Moodle", "Open edX", "Canvas", "H5P", "Articulate 360"),
        venues=(
            "Computers & Education",
            "the British Journal of Educational Technology",
            "Learning@Scale",
        ),
        en=_Text(
            field=(
                "education technology and e-learning",
                "educational technology and online learning",
            ),
            roles=(
                "learning technologist",
                "instructional designer",
                "e-learning product manager",
            ),
            methods=(
                "learning management system deployment",
                "MOOC production",
                "learning analytics",
                "adaptive learning with AI tutors",
                "instructional design for blended courses",
                "digital assessment and proctoring",
            ),
            apps=(
                "regional universities",
                "teacher professional development",
                "workforce reskilling",
                "language learning",
            ),
            projects=(
                "an Open edX platform serving 40,000 learners",
                "a learning-analytics dashboard that flags students at risk",
                "a blended-learning toolkit for lecturers at regional universities",
            ),
            keywords=(
                "e-learning",
                "learning management systems",
                "MOOC",
                "learning analytics",
                "instructional design",
                "Open edX",
            ),
        ),
        vi=_Text(
            field=("công nghệ giáo dục và học trực tuyến", "công nghệ giáo dục và e-learning"),
            roles=(
                "chuyên gia công nghệ giáo dục",
                "chuyên gia thiết kế bài giảng",
                "quản lý sản phẩm e-learning",
            ),
            methods=(
                "triển khai hệ thống quản lý học tập (LMS)",
                "sản xuất khóa học trực tuyến mở (MOOC)",
                "phân tích dữ liệu học tập",
                "học tập thích ứng với trợ giảng AI",
                "thiết kế bài giảng cho khóa học kết hợp",
                "đánh giá trực tuyến và giám sát thi",
            ),
            apps=(
                "các đại học vùng",
                "bồi dưỡng giáo viên",
                "đào tạo lại lực lượng lao động",
                "học ngoại ngữ",
            ),
            projects=(
                "dự án nền tảng Open edX phục vụ 40.000 người học",
                "dự án bảng phân tích học tập cảnh báo sớm sinh viên có nguy cơ",
                "dự án bộ công cụ dạy học kết hợp cho giảng viên các đại học vùng",
            ),
            keywords=(
                "học trực tuyến",
                "LMS",
                "MOOC",
                "phân tích học tập",
                "thiết kế bài giảng",
            ),
        ),
    ),
    _SubField(
        key="student_exchange",
        sector="higher_education",
        weight=1,
        related=("phd_training", "vn_language_teaching", "governance_accreditation"),
        tools=("MoveON", "Salesforce", "survey platforms"),
        venues=("the Journal of Studies in International Education", "Higher Education Policy"),
        en=_Text(
            field=(
                "international student exchange and mobility",
                "internationalisation of higher education",
            ),
            roles=(
                "international relations officer",
                "study-abroad adviser",
                "internationalisation manager",
            ),
            methods=(
                "bilateral exchange agreements",
                "credit transfer and recognition",
                "scholarship programme management",
                "summer schools and short-term mobility",
                "support services for international students",
                "virtual exchange and collaborative online learning",
            ),
            apps=(
                "undergraduate exchange",
                "joint degree programmes",
                "scholarship schemes",
                "alumni networks",
            ),
            projects=(
                "an exchange network linking eight universities in Asia and Europe",
                "a scholarship scheme that brought 150 Vietnamese students to partner universities",
                "a summer school on Vietnamese culture attended by students from ten countries",
            ),
            keywords=(
                "student exchange",
                "internationalisation",
                "credit transfer",
                "scholarships",
                "summer schools",
                "academic mobility",
            ),
        ),
        vi=_Text(
            field=("trao đổi sinh viên quốc tế", "quốc tế hóa giáo dục đại học"),
            roles=(
                "chuyên viên hợp tác quốc tế",
                "cố vấn du học",
                "trưởng phòng quốc tế hóa",
            ),
            methods=(
                "xây dựng thỏa thuận trao đổi song phương",
                "chuyển đổi và công nhận tín chỉ",
                "quản lý chương trình học bổng",
                "trường hè và trao đổi ngắn hạn",
                "dịch vụ hỗ trợ sinh viên quốc tế",
                "trao đổi ảo và học tập hợp tác trực tuyến",
            ),
            apps=(
                "trao đổi sinh viên đại học",
                "chương trình liên kết cấp bằng",
                "chương trình học bổng",
                "mạng lưới cựu sinh viên",
            ),
            projects=(
                "dự án mạng lưới trao đổi kết nối tám trường đại học ở châu Á và châu Âu",
                "chương trình học bổng đưa 150 sinh viên Việt Nam sang các trường đối tác",
                "trường hè về văn hóa Việt Nam với sinh viên đến từ mười quốc gia",
            ),
            keywords=(
                "trao đổi sinh viên",
                "quốc tế hóa",
                "công nhận tín chỉ",
                "học bổng",
                "trường hè",
            ),
        ),
    ),
)

# Fields outside the six strategic sectors (about 5% of profiles): realistic noise for the matcher.
_OTHER: tuple[_SubField, ...] = (
    _SubField(
        key="law",
        sector="other",
        weight=1,
        related=("economics",),
        tools=("Westlaw", "LexisNexis"),
        venues=(
            "the Journal of International Economic Law",
            "the Asian Journal of International Law",
        ),
        en=_Text(
            field=("international trade law", "intellectual property law"),
            roles=("lawyer", "legal counsel"),
            methods=(
                "compliance with WTO rules and free-trade agreements",
                "intellectual property licensing",
                "investment arbitration",
                "data-protection regulation",
            ),
            apps=("foreign direct investment", "technology licensing", "cross-border trade"),
            projects=(
                "an advisory project on rules of origin under the EU-Vietnam Free Trade Agreement",
                "the licensing framework for a university technology-transfer office",
            ),
            keywords=("trade law", "intellectual property", "arbitration", "EVFTA", "licensing"),
        ),
        vi=_Text(
            field=("luật thương mại quốc tế", "luật sở hữu trí tuệ"),
            roles=("luật sư", "chuyên gia pháp chế"),
            methods=(
                "tuân thủ quy định WTO và các hiệp định thương mại tự do",
                "cấp phép sở hữu trí tuệ",
                "trọng tài đầu tư",
                "quy định bảo vệ dữ liệu",
            ),
            apps=(
                "đầu tư trực tiếp nước ngoài",
                "cấp phép công nghệ",
                "thương mại xuyên biên giới",
            ),
            projects=(
                "dự án tư vấn quy tắc xuất xứ theo EVFTA",
                "dự án khung cấp phép cho văn phòng chuyển giao công nghệ của trường đại học",
            ),
            keywords=("luật thương mại", "sở hữu trí tuệ", "trọng tài", "EVFTA"),
        ),
    ),
    _SubField(
        key="economics",
        sector="other",
        weight=1,
        related=("law", "urban_planning"),
        tools=("Stata", "R", "GAMS"),
        venues=("the Journal of Development Economics", "World Development"),
        en=_Text(
            field=("development economics", "applied economics"),
            roles=("economist", "economic consultant"),
            methods=(
                "impact evaluation with randomised trials",
                "trade and value-chain analysis",
                "computable general equilibrium modelling",
                "labour-market analysis",
            ),
            apps=("rural development", "trade policy", "labour migration"),
            projects=(
                "an impact evaluation of a microfinance programme in the Central Highlands",
                "a value-chain study of Vietnamese coffee exports",
            ),
            keywords=(
                "development economics",
                "impact evaluation",
                "trade policy",
                "value chains",
                "econometrics",
            ),
        ),
        vi=_Text(
            field=("kinh tế học phát triển", "kinh tế học ứng dụng"),
            roles=("nhà kinh tế học", "chuyên gia tư vấn kinh tế"),
            methods=(
                "đánh giá tác động bằng thử nghiệm ngẫu nhiên",
                "phân tích thương mại và chuỗi giá trị",
                "mô hình cân bằng tổng thể khả tính (CGE)",
                "phân tích thị trường lao động",
            ),
            apps=("phát triển nông thôn", "chính sách thương mại", "di cư lao động"),
            projects=(
                "dự án đánh giá tác động chương trình tài chính vi mô ở Tây Nguyên",
                "đề tài chuỗi giá trị cà phê xuất khẩu của Việt Nam",
            ),
            keywords=(
                "kinh tế học phát triển",
                "đánh giá tác động",
                "chính sách thương mại",
                "chuỗi giá trị",
            ),
        ),
    ),
    _SubField(
        key="arts",
        sector="other",
        weight=1,
        related=("urban_planning",),
        tools=("Ableton Live", "Sibelius", "DaVinci Resolve"),
        venues=("Asian Music", "the Journal of Vietnamese Studies"),
        en=_Text(
            field=("music and performing arts", "film and media production"),
            roles=("composer", "film producer", "arts educator"),
            methods=(
                "contemporary composition for traditional Vietnamese instruments",
                "documentary film-making",
                "arts management",
                "music education",
            ),
            apps=("cultural diplomacy", "festivals", "arts education"),
            projects=(
                "a concert series combining the đàn bầu and a string quartet",
                "a documentary on Vietnamese communities in Europe",
            ),
            keywords=(
                "music",
                "film",
                "arts management",
                "cultural exchange",
                "traditional instruments",
            ),
        ),
        vi=_Text(
            field=("âm nhạc và nghệ thuật biểu diễn", "điện ảnh và sản xuất nội dung"),
            roles=("nhạc sĩ", "nhà sản xuất phim", "giảng viên nghệ thuật"),
            methods=(
                "sáng tác đương đại cho nhạc cụ dân tộc",
                "làm phim tài liệu",
                "quản lý nghệ thuật",
                "giáo dục âm nhạc",
            ),
            apps=("ngoại giao văn hóa", "liên hoan nghệ thuật", "giáo dục nghệ thuật"),
            projects=(
                "chuỗi hòa nhạc kết hợp đàn bầu và tứ tấu đàn dây",
                "dự án phim tài liệu về cộng đồng người Việt ở châu Âu",
            ),
            keywords=("âm nhạc", "điện ảnh", "quản lý nghệ thuật", "giao lưu văn hóa"),
        ),
    ),
    _SubField(
        key="urban_planning",
        sector="other",
        weight=1,
        related=("economics",),
        tools=("ArcGIS", "QGIS", "Rhino", "AutoCAD"),
        venues=("Cities", "Landscape and Urban Planning"),
        en=_Text(
            field=("urban planning", "architecture and urban design"),
            roles=("urban planner", "architect"),
            methods=(
                "transit-oriented development",
                "climate-resilient urban design",
                "heritage conservation",
                "GIS-based land-use planning",
            ),
            apps=("flood-prone cities", "new urban areas", "heritage districts"),
            projects=(
                "a flood-resilience masterplan for a delta city",
                "the conservation plan for a historic quarter",
            ),
            keywords=(
                "urban planning",
                "urban design",
                "climate resilience",
                "heritage conservation",
                "GIS",
            ),
        ),
        vi=_Text(
            field=("quy hoạch đô thị", "kiến trúc và thiết kế đô thị"),
            roles=("kiến trúc sư quy hoạch", "kiến trúc sư"),
            methods=(
                "phát triển đô thị gắn với giao thông công cộng (TOD)",
                "thiết kế đô thị thích ứng biến đổi khí hậu",
                "bảo tồn di sản",
                "quy hoạch sử dụng đất dựa trên GIS",
            ),
            apps=("đô thị thường xuyên ngập lụt", "khu đô thị mới", "khu phố di sản"),
            projects=(
                "dự án quy hoạch chống ngập cho một đô thị vùng châu thổ",
                "dự án bảo tồn khu phố cổ",
            ),
            keywords=("quy hoạch đô thị", "thiết kế đô thị", "thích ứng khí hậu", "bảo tồn di sản"),
        ),
    ),
)

_STRATEGIC: tuple[_SubField, ...] = (
    *_SEMICONDUCTORS,
    *_AI,
    *_MATERIALS,
    *_ENERGY,
    *_BIOTECH,
    *_EDUCATION,
)
_BY_KEY: dict[str, _SubField] = {sf.key: sf for sf in (*_STRATEGIC, *_OTHER)}


# --------------------------------------------------------------------------------------------
# Roles, and the phrases that tie a bio to Viet Nam.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Role:
    """A job title in both languages with a plausible span of years of experience."""

    en: str
    vi: str
    low: int
    high: int
    weight: int
    kind: str  # academic | postdoc | phd | industry | public | staff
    senior: bool


_UNIVERSITY_ROLES: tuple[_Role, ...] = (
    _Role("Professor", "giáo sư", 18, 35, 12, "academic", True),
    _Role("Associate Professor", "phó giáo sư", 10, 24, 18, "academic", True),
    _Role("Assistant Professor", "trợ lý giáo sư", 4, 12, 18, "academic", False),
    _Role("Senior Lecturer", "giảng viên chính", 8, 22, 8, "academic", True),
    _Role("Lecturer", "giảng viên", 3, 15, 12, "academic", False),
    _Role("Postdoctoral researcher", "nghiên cứu viên sau tiến sĩ", 1, 6, 17, "postdoc", False),
    _Role("Research Fellow", "nghiên cứu viên", 2, 10, 8, "academic", False),
    _Role("PhD candidate", "nghiên cứu sinh", 1, 5, 7, "phd", False),
)
_INSTITUTE_ROLES: tuple[_Role, ...] = (
    _Role("Principal Investigator", "trưởng nhóm nghiên cứu", 12, 32, 15, "academic", True),
    _Role("Senior Researcher", "nghiên cứu viên cao cấp", 10, 30, 25, "academic", True),
    _Role("Staff Scientist", "nghiên cứu viên chính", 6, 20, 25, "academic", False),
    _Role("Research Scientist", "nghiên cứu viên", 3, 14, 25, "academic", False),
    _Role("Postdoctoral researcher", "nghiên cứu viên sau tiến sĩ", 1, 6, 10, "postdoc", False),
)
_GOVERNMENT_ROLES: tuple[_Role, ...] = (
    _Role("Technical adviser", "chuyên gia tư vấn kỹ thuật", 8, 28, 35, "public", True),
    _Role("Programme officer", "cán bộ chương trình", 3, 15, 35, "public", False),
    _Role("Policy analyst", "chuyên viên phân tích chính sách", 3, 18, 30, "public", False),
)
_ASSOCIATION_ROLES: tuple[_Role, ...] = (
    _Role("Programme coordinator", "điều phối viên chương trình", 3, 15, 50, "public", False),
    _Role("Technical committee chair", "trưởng ban kỹ thuật", 10, 30, 50, "public", True),
)
# Company roles come from the sub-field; these add seniority: (en prefix, vi form, low, high).
_SENIORITY: tuple[tuple[str, str, int, int, int], ...] = (
    ("", "", 2, 9, 40),
    ("senior ", " cao cấp", 7, 20, 40),
    ("principal ", "chuyên gia cao cấp", 14, 32, 20),
)

_TEAM_NOUN: dict[str, tuple[str, str]] = {
    "semiconductors": ("engineers", "kỹ sư"),
    "ai": ("engineers", "kỹ sư"),
    "new_materials": ("researchers", "nghiên cứu viên"),
    "green_energy": ("engineers", "kỹ sư"),
    "biotechnology": ("scientists", "nhà khoa học"),
    "higher_education": ("staff", "cán bộ"),
    "other": ("staff", "nhân viên"),
}
_GOALS: dict[str, tuple[tuple[str, str], ...]] = {
    "semiconductors": (
        (
            "Viet Nam's semiconductor workforce programme",
            "chương trình phát triển nguồn nhân lực bán dẫn của Việt Nam",
        ),
        (
            "chip-design start-ups in Viet Nam",
            "các doanh nghiệp khởi nghiệp thiết kế chip trong nước",
        ),
        (
            "the new packaging and test plants in northern Viet Nam",
            "các nhà máy đóng gói và kiểm thử mới ở miền Bắc",
        ),
    ),
    "ai": (
        ("the national AI strategy", "chiến lược quốc gia về trí tuệ nhân tạo"),
        ("AI for Vietnamese public services", "ứng dụng AI trong dịch vụ công"),
        (
            "AI research groups at Vietnamese universities",
            "các nhóm nghiên cứu AI tại các trường đại học trong nước",
        ),
    ),
    "new_materials": (
        ("advanced materials research in Viet Nam", "nghiên cứu vật liệu tiên tiến trong nước"),
        (
            "Vietnamese manufacturers moving up the value chain",
            "các doanh nghiệp sản xuất Việt Nam nâng cao vị thế trong chuỗi giá trị",
        ),
        (
            "materials laboratories at Vietnamese universities",
            "các phòng thí nghiệm vật liệu tại các trường đại học trong nước",
        ),
    ),
    "green_energy": (
        ("Viet Nam's energy transition", "quá trình chuyển dịch năng lượng của Việt Nam"),
        (
            "the build-out of wind and solar power in Viet Nam",
            "phát triển điện gió và điện mặt trời trong nước",
        ),
        ("provincial energy planning", "công tác quy hoạch năng lượng cấp tỉnh"),
    ),
    "biotechnology": (
        (
            "Viet Nam's vaccine and biopharmaceutical industry",
            "ngành vắc-xin và dược phẩm sinh học trong nước",
        ),
        (
            "agricultural biotechnology in the Mekong Delta",
            "công nghệ sinh học nông nghiệp ở Đồng bằng sông Cửu Long",
        ),
        ("genomics research in Viet Nam", "nghiên cứu hệ gen tại Việt Nam"),
    ),
    "higher_education": (
        ("university reform in Viet Nam", "đổi mới giáo dục đại học ở Việt Nam"),
        (
            "Vietnamese-language education for the diaspora",
            "việc dạy tiếng Việt cho cộng đồng người Việt ở nước ngoài",
        ),
        (
            "the international partnerships of Vietnamese universities",
            "hợp tác quốc tế của các trường đại học Việt Nam",
        ),
    ),
    "other": (
        (
            "knowledge exchange with Vietnamese universities",
            "trao đổi học thuật với các trường đại học trong nước",
        ),
        (
            "cooperation between Viet Nam and its diaspora",
            "hợp tác giữa Việt Nam và cộng đồng kiều bào",
        ),
    ),
}
_ENGAGEMENTS: tuple[tuple[str, str], ...] = (
    ("joint research", "hợp tác nghiên cứu"),
    ("co-supervision of PhD students", "đồng hướng dẫn nghiên cứu sinh"),
    ("short training courses", "các khóa đào tạo ngắn hạn"),
    ("technical advisory work", "tư vấn kỹ thuật"),
    ("technology transfer projects", "các dự án chuyển giao công nghệ"),
)
_VN_UNIVERSITIES: tuple[tuple[str, str], ...] = (
    ("Hanoi University of Science and Technology", "Đại học Bách khoa Hà Nội"),
    ("VNU University of Engineering and Technology", "Trường Đại học Công nghệ, ĐHQGHN"),
    ("Ho Chi Minh City University of Technology", "Trường Đại học Bách khoa, ĐHQG-HCM"),
    ("the University of Danang", "Đại học Đà Nẵng"),
    ("Can Tho University", "Trường Đại học Cần Thơ"),
    ("Hue University", "Đại học Huế"),
)
# Generic equipment is named in Vietnamese in Vietnamese bios; product names stay as they are.
_TOOLS_VI: dict[str, str] = {
    "X-ray and C-SAM inspection": "kiểm tra X-quang và C-SAM",
    "DSC and TGA": "DSC và TGA",
    "bioreactors": "hệ bioreactor",
    "KLA inspection tools": "thiết bị kiểm tra KLA",
    "ASML scanners": "máy quang khắc ASML",
    "HAST chambers": "buồng thử HAST",
    "lock-in thermography": "ảnh nhiệt lock-in",
    "Raman spectroscopy": "phổ Raman",
    "CVD furnaces": "lò CVD",
    "glovebox transfer systems": "hệ chuyển mẫu trong glovebox",
    "Instron testing machines": "máy thử cơ tính Instron",
    "twin-screw extruders": "máy đùn trục vít đôi",
    "Gleeble simulator": "máy mô phỏng nhiệt Gleeble",
    "dilatometry": "phép đo giãn nở nhiệt",
    "impedance spectroscopy": "phổ tổng trở",
    "spark plasma sintering furnaces": "lò thiêu kết plasma xung",
    "BET surface analysis": "phân tích bề mặt BET",
    "gas chromatography": "sắc ký khí",
    "fixed-bed reactors": "thiết bị phản ứng tầng cố định",
    "BioLogic potentiostats": "máy điện hóa BioLogic",
    "coin-cell and pouch-cell lines": "dây chuyền pin cúc áo và pin túi",
    "electroluminescence imaging": "ảnh điện phát quang",
    "IV-curve tracers": "máy đo đặc tuyến I-V",
    "battery cyclers": "máy sạc xả pin",
    "spreadsheet financial models": "mô hình tài chính trên bảng tính",
    "flow cytometry": "máy đếm tế bào dòng chảy",
    "confocal microscopy": "kính hiển vi đồng tiêu",
    "closed-system bioreactors": "bioreactor hệ kín",
    "KASP genotyping": "định kiểu gen KASP",
    "CRISPR toolkits": "bộ công cụ CRISPR",
    "greenhouse phenotyping platforms": "hệ thống phân tích kiểu hình trong nhà kính",
    "SNP arrays": "chip SNP",
    "water-quality sensors": "cảm biến chất lượng nước",
    "ÄKTA chromatography systems": "hệ sắc ký ÄKTA",
    "single-use bioreactors": "bioreactor dùng một lần",
    "fermenters": "thiết bị lên men",
    "design of experiments": "quy hoạch thực nghiệm",
    "survey platforms": "nền tảng khảo sát",
    "research management systems": "hệ thống quản lý nghiên cứu",
    "curriculum-mapping software": "phần mềm ánh xạ chương trình đào tạo",
}
_PHD_ABROAD: tuple[str, ...] = (
    "the University of Tokyo",
    "KAIST",
    "Seoul National University",
    "Stanford University",
    "the Technical University of Munich",
    "Université Paris-Saclay",
    "the University of New South Wales",
    "the National University of Singapore",
    "Delft University of Technology",
    "National Taiwan University",
    "Hanoi University of Science and Technology",
)


# --------------------------------------------------------------------------------------------
# Countries, their organisations, and the associations that send the files.
# --------------------------------------------------------------------------------------------

_UNI = "university"
_RES = "research_institute"
_COM = "company"
_GOV = "government"
_ASN = "association"
_OTH = "other"

# (name as written in prose, affiliation_type, city, tags). A leading "the " is prose only and is
# dropped from the affiliation field. Tags: sector or sub-field keys, "*" for any field, "lang" for
# organisations where Vietnamese is taught.
_Org = tuple[str, str, str, str]


@dataclass(frozen=True)
class _Country:
    """A country of residence: how it is written, what is spoken, and who employs experts."""

    alpha2: str
    name: str
    english: bool
    local: tuple[tuple[str, float], ...]
    orgs: tuple[_Org, ...]


_COUNTRIES: dict[str, _Country] = {
    c.alpha2: c
    for c in (
        _Country(
            "JP",
            "Japan",
            False,
            (("ja", 0.9),),
            (
                ("the University of Tokyo", _UNI, "Tokyo", "*"),
                ("Tohoku University", _UNI, "Sendai", "*"),
                ("Osaka University", _UNI, "Osaka", "* lang"),
                ("Kyoto University", _UNI, "Kyoto", "*"),
                ("Nagoya University", _UNI, "Nagoya", "*"),
                ("Kyushu University", _UNI, "Fukuoka", "*"),
                ("the Institute of Science Tokyo", _UNI, "Tokyo", "*"),
                ("the University of Tsukuba", _UNI, "Tsukuba", "*"),
                ("Hokkaido University", _UNI, "Sapporo", "*"),
                ("Kumamoto University", _UNI, "Kumamoto", "*"),
                ("Tokyo University of Foreign Studies", _UNI, "Tokyo", "lang higher_education"),
                ("RIKEN", _RES, "Wako", "ai biotechnology new_materials"),
                (
                    "the National Institute of Advanced Industrial Science and Technology (AIST)",
                    _RES,
                    "Tsukuba",
                    "semiconductors new_materials green_energy ai",
                ),
                (
                    "the National Institute for Materials Science (NIMS)",
                    _RES,
                    "Tsukuba",
                    "new_materials semiconductors green_energy",
                ),
                (
                    "the Japan International Research Center for Agricultural Sciences (JIRCAS)",
                    _RES,
                    "Tsukuba",
                    "agri_biotech aquaculture food_biotech genomics bioinformatics",
                ),
                (
                    "Renesas Electronics",
                    _COM,
                    "Tokyo",
                    "ic_design eda_verification test_engineering failure_analysis power_devices",
                ),
                ("Sony Semiconductor Solutions", _COM, "Kumamoto", "semiconductors"),
                ("Tokyo Electron", _COM, "Tokyo", "lithography_process failure_analysis"),
                (
                    "Kioxia",
                    _COM,
                    "Yokohama",
                    "lithography_process failure_analysis test_engineering",
                ),
                (
                    "Rohm Semiconductor",
                    _COM,
                    "Kyoto",
                    "power_devices ic_design packaging failure_analysis",
                ),
                ("Preferred Networks", _COM, "Tokyo", "ai"),
                ("Rakuten Institute of Technology", _COM, "Tokyo", "ai"),
                ("FPT Japan", _COM, "Tokyo", "ai"),
                ("Panasonic Energy", _COM, "Osaka", "battery_materials energy_storage"),
                (
                    "Toyota Central R&D Labs",
                    _COM,
                    "Nagoya",
                    "battery_materials computational_materials metallurgy green_hydrogen",
                ),
                (
                    "Toray Industries",
                    _COM,
                    "Tokyo",
                    "polymers_composites two_d_materials battery_materials",
                ),
                ("JERA", _COM, "Tokyo", "offshore_wind green_hydrogen energy_policy biomass"),
                (
                    "Takeda Pharmaceutical",
                    _COM,
                    "Osaka",
                    "vaccines biopharma_manufacturing stem_cells bioinformatics",
                ),
                ("Kikkoman", _COM, "Tokyo", "food_biotech"),
                ("Kyocera", _COM, "Kyoto", "solar_pv ceramics"),
                ("Benesse Corporation", _COM, "Tokyo", "edtech"),
                ("Nomura Research Institute", _COM, "Tokyo", "other ai"),
                ("Nishimura & Asahi", _COM, "Tokyo", "other"),
                ("the Japan International Cooperation Agency (JICA)", _GOV, "Tokyo", "*"),
                ("SEMI Japan", _ASN, "Tokyo", "semiconductors"),
                ("Kobe Vietnamese Community School", _OTH, "Kobe", "lang"),
            ),
        ),
        _Country(
            "KR",
            "South Korea",
            False,
            (("ko", 0.9),),
            (
                ("Seoul National University", _UNI, "Seoul", "*"),
                ("KAIST", _UNI, "Daejeon", "*"),
                ("POSTECH", _UNI, "Pohang", "*"),
                ("Yonsei University", _UNI, "Seoul", "*"),
                ("Korea University", _UNI, "Seoul", "*"),
                ("Sungkyunkwan University", _UNI, "Suwon", "*"),
                ("Hanyang University", _UNI, "Seoul", "*"),
                ("Pusan National University", _UNI, "Busan", "*"),
                ("UNIST", _UNI, "Ulsan", "*"),
                (
                    "Hankuk University of Foreign Studies",
                    _UNI,
                    "Seoul",
                    "lang higher_education other",
                ),
                ("Busan University of Foreign Studies", _UNI, "Busan", "lang higher_education"),
                (
                    "the Electronics and Telecommunications Research Institute (ETRI)",
                    _RES,
                    "Daejeon",
                    "ai semiconductors",
                ),
                (
                    "the Korea Institute of Science and Technology (KIST)",
                    _RES,
                    "Seoul",
                    "new_materials biotechnology green_energy ai",
                ),
                (
                    "the Korea Research Institute of Bioscience and Biotechnology (KRIBB)",
                    _RES,
                    "Daejeon",
                    "biotechnology",
                ),
                (
                    "the Korea Institute of Energy Research (KIER)",
                    _RES,
                    "Daejeon",
                    "green_energy",
                ),
                (
                    "the Korea Institute of Materials Science (KIMS)",
                    _RES,
                    "Changwon",
                    "new_materials",
                ),
                (
                    "the International Vaccine Institute",
                    _RES,
                    "Seoul",
                    "vaccines biopharma_manufacturing",
                ),
                ("Samsung Electronics", _COM, "Suwon", "semiconductors ai"),
                (
                    "SK hynix",
                    _COM,
                    "Icheon",
                    "lithography_process failure_analysis test_engineering packaging",
                ),
                (
                    "Amkor Technology Korea",
                    _COM,
                    "Incheon",
                    "packaging test_engineering failure_analysis",
                ),
                ("LG Energy Solution", _COM, "Seoul", "battery_materials energy_storage"),
                ("Naver Cloud", _COM, "Seongnam", "ai"),
                ("Kakao", _COM, "Seongnam", "ai"),
                ("Samsung Biologics", _COM, "Incheon", "biopharma_manufacturing"),
                ("Celltrion", _COM, "Incheon", "biopharma_manufacturing"),
                ("SK bioscience", _COM, "Seongnam", "vaccines biopharma_manufacturing"),
                ("CJ CheilJedang", _COM, "Seoul", "food_biotech agri_biotech"),
                ("Macrogen", _COM, "Seoul", "genomics bioinformatics"),
                ("Hanwha Qcells", _COM, "Seoul", "solar_pv energy_storage"),
                ("Doosan Enerbility", _COM, "Changwon", "offshore_wind green_hydrogen smart_grid"),
                ("POSCO Holdings", _COM, "Pohang", "metallurgy battery_materials green_hydrogen"),
                ("Kim & Chang", _COM, "Seoul", "other"),
                ("the Korea International Cooperation Agency (KOICA)", _GOV, "Seongnam", "*"),
                (
                    "the National Research Foundation of Korea",
                    _GOV,
                    "Daejeon",
                    "higher_education",
                ),
                (
                    "the Korea Semiconductor Industry Association",
                    _ASN,
                    "Seongnam",
                    "semiconductors",
                ),
                ("Ansan Multicultural Family Support Center", _OTH, "Ansan", "lang"),
            ),
        ),
        _Country(
            "US",
            "United States",
            True,
            (),
            (
                ("Stanford University", _UNI, "Stanford", "*"),
                ("the Massachusetts Institute of Technology", _UNI, "Cambridge", "*"),
                ("the University of California, Berkeley", _UNI, "Berkeley", "*"),
                ("the University of Texas at Austin", _UNI, "Austin", "*"),
                ("the Georgia Institute of Technology", _UNI, "Atlanta", "*"),
                ("Purdue University", _UNI, "West Lafayette", "*"),
                ("the University of Michigan", _UNI, "Ann Arbor", "*"),
                ("Arizona State University", _UNI, "Tempe", "*"),
                ("the University of Washington", _UNI, "Seattle", "* lang"),
                ("the University of California, San Diego", _UNI, "San Diego", "*"),
                ("Johns Hopkins University", _UNI, "Baltimore", "*"),
                ("the University of Houston", _UNI, "Houston", "* lang"),
                ("San Jose State University", _UNI, "San Jose", "* lang"),
                ("Texas A&M University", _UNI, "College Station", "*"),
                (
                    "the National Renewable Energy Laboratory (NREL)",
                    _RES,
                    "Golden",
                    "green_energy new_materials",
                ),
                (
                    "the National Institute of Standards and Technology (NIST)",
                    _RES,
                    "Gaithersburg",
                    "semiconductors new_materials ai",
                ),
                (
                    "Argonne National Laboratory",
                    _RES,
                    "Lemont",
                    "green_energy new_materials ai",
                ),
                (
                    "Lawrence Berkeley National Laboratory",
                    _RES,
                    "Berkeley",
                    "new_materials green_energy biotechnology",
                ),
                (
                    "the National Institutes of Health (NIH)",
                    _RES,
                    "Bethesda",
                    "genomics vaccines bioinformatics stem_cells ai_healthcare",
                ),
                ("the Broad Institute", _RES, "Cambridge", "genomics bioinformatics ai_healthcare"),
                ("Intel", _COM, "Hillsboro", "semiconductors"),
                ("Qualcomm", _COM, "San Diego", "ic_design eda_verification ai"),
                ("NVIDIA", _COM, "Santa Clara", "ai ic_design eda_verification packaging"),
                (
                    "Applied Materials",
                    _COM,
                    "Santa Clara",
                    "lithography_process failure_analysis two_d_materials",
                ),
                ("Synopsys", _COM, "Sunnyvale", "eda_verification ic_design"),
                ("Cadence Design Systems", _COM, "San Jose", "eda_verification ic_design"),
                (
                    "Texas Instruments",
                    _COM,
                    "Dallas",
                    "ic_design power_devices test_engineering packaging",
                ),
                (
                    "Micron Technology",
                    _COM,
                    "Boise",
                    "lithography_process failure_analysis test_engineering packaging",
                ),
                ("Amkor Technology", _COM, "Tempe", "packaging test_engineering failure_analysis"),
                ("Google", _COM, "Mountain View", "ai"),
                ("Microsoft Research", _COM, "Redmond", "ai"),
                ("Amazon", _COM, "Seattle", "ai"),
                ("Moderna", _COM, "Cambridge", "vaccines biopharma_manufacturing bioinformatics"),
                (
                    "Genentech",
                    _COM,
                    "South San Francisco",
                    "biopharma_manufacturing stem_cells genomics bioinformatics",
                ),
                ("Illumina", _COM, "San Diego", "genomics bioinformatics"),
                ("Ginkgo Bioworks", _COM, "Boston", "food_biotech agri_biotech bioinformatics"),
                ("Plug Power", _COM, "Latham", "green_hydrogen"),
                ("Tesla", _COM, "Palo Alto", "energy_storage battery_materials solar_pv"),
                ("First Solar", _COM, "Tempe", "solar_pv"),
                ("GE Vernova", _COM, "Schenectady", "offshore_wind smart_grid"),
                ("Coursera", _COM, "Mountain View", "edtech"),
                ("McKinsey & Company", _COM, "New York", "other"),
                ("the U.S. Department of Energy", _GOV, "Washington", "green_energy"),
                ("the Solar Energy Industries Association", _ASN, "Washington", "green_energy"),
                ("Little Saigon Vietnamese Language School", _OTH, "Westminster", "lang"),
            ),
        ),
        _Country(
            "FR",
            "France",
            False,
            (("fr", 0.95),),
            (
                ("Sorbonne Université", _UNI, "Paris", "*"),
                ("Université Paris-Saclay", _UNI, "Orsay", "*"),
                ("Université Grenoble Alpes", _UNI, "Grenoble", "*"),
                ("École Polytechnique", _UNI, "Palaiseau", "*"),
                ("Université Claude Bernard Lyon 1", _UNI, "Lyon", "*"),
                ("INSA Toulouse", _UNI, "Toulouse", "*"),
                ("the University of Montpellier", _UNI, "Montpellier", "*"),
                ("the University of Bordeaux", _UNI, "Bordeaux", "*"),
                ("the University of Strasbourg", _UNI, "Strasbourg", "*"),
                ("Université Paris Cité", _UNI, "Paris", "* lang"),
                (
                    "the Institut national des langues et civilisations orientales (INALCO)",
                    _UNI,
                    "Paris",
                    "lang higher_education other",
                ),
                ("CNRS", _RES, "Paris", "*"),
                ("CEA-Leti", _RES, "Grenoble", "semiconductors"),
                (
                    "the Institut Pasteur",
                    _RES,
                    "Paris",
                    "vaccines genomics bioinformatics stem_cells",
                ),
                ("Inria", _RES, "Paris", "ai"),
                (
                    "INRAE",
                    _RES,
                    "Montpellier",
                    "agri_biotech food_biotech genomics bioinformatics aquaculture",
                ),
                ("CEA-Liten", _RES, "Grenoble", "green_energy new_materials"),
                (
                    "the Institut de Recherche pour le Développement (IRD)",
                    _RES,
                    "Marseille",
                    "agri_biotech genomics aquaculture energy_policy other",
                ),
                ("STMicroelectronics", _COM, "Crolles", "semiconductors"),
                ("Soitec", _COM, "Bernin", "lithography_process power_devices new_materials"),
                ("Sanofi", _COM, "Lyon", "vaccines biopharma_manufacturing"),
                ("bioMérieux", _COM, "Marcy-l'Étoile", "genomics bioinformatics"),
                ("TotalEnergies", _COM, "Paris", "green_energy"),
                ("EDF", _COM, "Paris", "green_energy"),
                ("Schneider Electric", _COM, "Grenoble", "smart_grid energy_storage ai"),
                ("Thales", _COM, "Paris", "ai semiconductors"),
                ("Dassault Systèmes", _COM, "Vélizy-Villacoublay", "ai new_materials"),
                ("Air Liquide", _COM, "Paris", "green_hydrogen"),
                ("Arkema", _COM, "Colombes", "polymers_composites battery_materials"),
                ("Saint-Gobain", _COM, "Paris", "ceramics polymers_composites"),
                ("Mistral AI", _COM, "Paris", "llm mlops"),
                ("Gide Loyrette Nouel", _COM, "Paris", "other"),
                ("the Agence Française de Développement (AFD)", _GOV, "Paris", "*"),
                ("Campus France", _GOV, "Paris", "higher_education"),
                ("France Hydrogène", _ASN, "Paris", "green_energy"),
                ("École de langue vietnamienne de Paris", _OTH, "Paris", "lang"),
            ),
        ),
        _Country(
            "DE",
            "Germany",
            False,
            (("de", 0.95),),
            (
                ("the Technical University of Munich", _UNI, "Munich", "*"),
                ("RWTH Aachen University", _UNI, "Aachen", "*"),
                ("TU Dresden", _UNI, "Dresden", "*"),
                ("the Karlsruhe Institute of Technology", _UNI, "Karlsruhe", "*"),
                ("the University of Stuttgart", _UNI, "Stuttgart", "*"),
                ("Humboldt University of Berlin", _UNI, "Berlin", "* lang"),
                ("Heidelberg University", _UNI, "Heidelberg", "*"),
                ("the University of Freiburg", _UNI, "Freiburg", "*"),
                ("TU Berlin", _UNI, "Berlin", "*"),
                ("the University of Hamburg", _UNI, "Hamburg", "* lang"),
                ("Leipzig University", _UNI, "Leipzig", "*"),
                (
                    "the Fraunhofer Institute for Solar Energy Systems ISE",
                    _RES,
                    "Freiburg",
                    "green_energy new_materials",
                ),
                ("Fraunhofer IPMS", _RES, "Dresden", "mems_sensors lithography_process"),
                ("Fraunhofer IZM", _RES, "Berlin", "packaging failure_analysis mems_sensors"),
                (
                    "the Max Planck Institute for Solid State Research",
                    _RES,
                    "Stuttgart",
                    "new_materials semiconductors",
                ),
                ("Helmholtz-Zentrum Berlin", _RES, "Berlin", "green_energy new_materials"),
                (
                    "the German Cancer Research Center (DKFZ)",
                    _RES,
                    "Heidelberg",
                    "genomics bioinformatics stem_cells ai",
                ),
                ("the Max Planck Institute for Intelligent Systems", _RES, "Tübingen", "ai"),
                ("Forschungszentrum Jülich", _RES, "Jülich", "green_energy new_materials ai"),
                (
                    "the Leibniz Institute DSMZ",
                    _RES,
                    "Braunschweig",
                    "genomics bioinformatics food_biotech",
                ),
                (
                    "Infineon Technologies",
                    _COM,
                    "Munich",
                    "power_devices ic_design mems_sensors packaging failure_analysis",
                ),
                (
                    "Robert Bosch GmbH",
                    _COM,
                    "Reutlingen",
                    "mems_sensors power_devices ic_design ai",
                ),
                (
                    "GlobalFoundries Dresden",
                    _COM,
                    "Dresden",
                    "lithography_process failure_analysis test_engineering",
                ),
                ("Carl Zeiss SMT", _COM, "Oberkochen", "lithography_process"),
                ("Siemens Energy", _COM, "Erlangen", "offshore_wind smart_grid green_hydrogen"),
                ("Siemens Healthineers", _COM, "Erlangen", "ai_healthcare computer_vision mlops"),
                ("BioNTech", _COM, "Mainz", "vaccines biopharma_manufacturing"),
                ("SAP", _COM, "Walldorf", "llm mlops recommender"),
                (
                    "BASF",
                    _COM,
                    "Ludwigshafen",
                    "nanocatalysis polymers_composites battery_materials agri_biotech food_biotech",
                ),
                ("Evonik Industries", _COM, "Essen", "polymers_composites nanocatalysis"),
                ("RWE", _COM, "Essen", "offshore_wind solar_pv energy_storage energy_policy"),
                ("Merck KGaA", _COM, "Darmstadt", "biopharma_manufacturing new_materials"),
                ("Aleph Alpha", _COM, "Heidelberg", "llm mlops"),
                ("Roland Berger", _COM, "Munich", "other"),
                (
                    "the Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ)",
                    _GOV,
                    "Bonn",
                    "*",
                ),
                (
                    "the German Academic Exchange Service (DAAD)",
                    _GOV,
                    "Bonn",
                    "higher_education",
                ),
                ("VDE", _ASN, "Frankfurt", "green_energy semiconductors"),
                ("Vietnamese Language School Berlin-Lichtenberg", _OTH, "Berlin", "lang"),
            ),
        ),
        _Country(
            "AU",
            "Australia",
            True,
            (),
            (
                ("the University of New South Wales", _UNI, "Sydney", "*"),
                ("the University of Melbourne", _UNI, "Melbourne", "*"),
                ("Monash University", _UNI, "Melbourne", "*"),
                ("the Australian National University", _UNI, "Canberra", "* lang"),
                ("the University of Sydney", _UNI, "Sydney", "*"),
                ("the University of Queensland", _UNI, "Brisbane", "*"),
                ("RMIT University", _UNI, "Melbourne", "*"),
                ("the University of Technology Sydney", _UNI, "Sydney", "*"),
                ("the University of Adelaide", _UNI, "Adelaide", "*"),
                ("Curtin University", _UNI, "Perth", "*"),
                ("Western Sydney University", _UNI, "Sydney", "* lang"),
                ("CSIRO", _RES, "Canberra", "*"),
                (
                    "the Walter and Eliza Hall Institute of Medical Research",
                    _RES,
                    "Melbourne",
                    "genomics bioinformatics stem_cells vaccines",
                ),
                ("the Australian Institute of Marine Science", _RES, "Townsville", "aquaculture"),
                ("ANSTO", _RES, "Sydney", "new_materials"),
                (
                    "the Garvan Institute of Medical Research",
                    _RES,
                    "Sydney",
                    "genomics bioinformatics ai",
                ),
                ("CSL", _COM, "Melbourne", "vaccines biopharma_manufacturing"),
                ("Atlassian", _COM, "Sydney", "ai"),
                ("Canva", _COM, "Sydney", "computer_vision llm mlops recommender"),
                ("Fortescue", _COM, "Perth", "green_hydrogen"),
                (
                    "AGL Energy",
                    _COM,
                    "Melbourne",
                    "energy_storage smart_grid solar_pv energy_policy",
                ),
                ("BHP", _COM, "Melbourne", "metallurgy"),
                ("Lynas Rare Earths", _COM, "Perth", "metallurgy"),
                ("Silicon Quantum Computing", _COM, "Sydney", "lithography_process ic_design"),
                ("Deloitte Australia", _COM, "Sydney", "other"),
                ("the Department of Foreign Affairs and Trade", _GOV, "Canberra", "*"),
                (
                    "the Australian Renewable Energy Agency (ARENA)",
                    _GOV,
                    "Canberra",
                    "green_energy",
                ),
                ("the Clean Energy Council", _ASN, "Melbourne", "green_energy"),
                ("Lạc Hồng Vietnamese Language School", _OTH, "Sydney", "lang"),
            ),
        ),
        _Country(
            "MY",
            "Malaysia",
            False,
            (("ms", 0.7),),
            (
                ("Universiti Malaya", _UNI, "Kuala Lumpur", "* lang"),
                ("Universiti Kebangsaan Malaysia", _UNI, "Bangi", "*"),
                ("Universiti Sains Malaysia", _UNI, "George Town", "*"),
                ("Universiti Teknologi Malaysia", _UNI, "Johor Bahru", "*"),
                ("Universiti Putra Malaysia", _UNI, "Serdang", "*"),
                ("Monash University Malaysia", _UNI, "Subang Jaya", "*"),
                ("the University of Nottingham Malaysia", _UNI, "Semenyih", "*"),
                ("Multimedia University", _UNI, "Cyberjaya", "*"),
                ("MIMOS", _RES, "Kuala Lumpur", "semiconductors ai"),
                ("the Malaysian Palm Oil Board", _RES, "Bangi", "agri_biotech biomass genomics"),
                ("SIRIM", _RES, "Shah Alam", "new_materials"),
                (
                    "Intel Malaysia",
                    _COM,
                    "George Town",
                    "packaging test_engineering failure_analysis",
                ),
                (
                    "Infineon Technologies Malaysia",
                    _COM,
                    "Melaka",
                    "packaging test_engineering failure_analysis power_devices",
                ),
                (
                    "Inari Amertron",
                    _COM,
                    "George Town",
                    "packaging test_engineering failure_analysis",
                ),
                ("ViTrox", _COM, "George Town", "test_engineering computer_vision"),
                ("Unisem", _COM, "Ipoh", "packaging test_engineering failure_analysis"),
                ("Petronas", _COM, "Kuala Lumpur", "green_energy new_materials"),
                (
                    "Tenaga Nasional",
                    _COM,
                    "Kuala Lumpur",
                    "smart_grid solar_pv energy_storage energy_policy",
                ),
                ("Grab Malaysia", _COM, "Petaling Jaya", "ai"),
                (
                    "the Malaysian Investment Development Authority (MIDA)",
                    _GOV,
                    "Kuala Lumpur",
                    "semiconductors green_energy other",
                ),
                (
                    "the Global Network for Vietnamese Language Teaching",
                    _ASN,
                    "Kuala Lumpur",
                    "lang higher_education",
                ),
                ("Vietnamese Language Centre Kuala Lumpur", _OTH, "Kuala Lumpur", "lang"),
                ("Johor Bahru Vietnamese Community School", _OTH, "Johor Bahru", "lang"),
            ),
        ),
        _Country(
            "TW",
            "Taiwan",
            False,
            (("zh", 0.85),),
            (
                ("National Taiwan University", _UNI, "Taipei", "*"),
                ("National Yang Ming Chiao Tung University", _UNI, "Hsinchu", "*"),
                ("National Tsing Hua University", _UNI, "Hsinchu", "*"),
                ("National Cheng Kung University", _UNI, "Tainan", "*"),
                ("National Taiwan University of Science and Technology", _UNI, "Taipei", "*"),
                ("National Central University", _UNI, "Taoyuan", "*"),
                ("National Chung Hsing University", _UNI, "Taichung", "*"),
                ("National Chengchi University", _UNI, "Taipei", "lang higher_education other"),
                ("Chang Gung University", _UNI, "Taoyuan", "*"),
                (
                    "the Industrial Technology Research Institute (ITRI)",
                    _RES,
                    "Hsinchu",
                    "semiconductors new_materials green_energy ai",
                ),
                (
                    "Academia Sinica",
                    _RES,
                    "Taipei",
                    "genomics bioinformatics agri_biotech stem_cells ai new_materials",
                ),
                (
                    "the Taiwan Semiconductor Research Institute",
                    _RES,
                    "Hsinchu",
                    "semiconductors",
                ),
                (
                    "the National Health Research Institutes",
                    _RES,
                    "Miaoli",
                    "vaccines genomics bioinformatics stem_cells",
                ),
                ("TSMC", _COM, "Hsinchu", "semiconductors"),
                ("MediaTek", _COM, "Hsinchu", "ic_design eda_verification test_engineering ai"),
                (
                    "United Microelectronics Corporation",
                    _COM,
                    "Hsinchu",
                    "lithography_process failure_analysis test_engineering",
                ),
                (
                    "ASE Technology",
                    _COM,
                    "Kaohsiung",
                    "packaging test_engineering failure_analysis",
                ),
                (
                    "Powerchip Semiconductor",
                    _COM,
                    "Hsinchu",
                    "lithography_process failure_analysis test_engineering",
                ),
                ("Hon Hai Research Institute", _COM, "Taipei", "ai"),
                ("Ørsted Taiwan", _COM, "Taipei", "offshore_wind"),
                (
                    "Delta Electronics",
                    _COM,
                    "Taipei",
                    "power_devices solar_pv energy_storage smart_grid",
                ),
                ("Formosa Plastics", _COM, "Taipei", "polymers_composites"),
                ("PharmaEssentia", _COM, "Taipei", "biopharma_manufacturing"),
                (
                    "the International Cooperation and Development Fund (TaiwanICDF)",
                    _GOV,
                    "Taipei",
                    "*",
                ),
                (
                    "the Taiwan Semiconductor Industry Association",
                    _ASN,
                    "Hsinchu",
                    "semiconductors",
                ),
                ("Taoyuan New Immigrants Center", _OTH, "Taoyuan", "lang"),
            ),
        ),
        _Country(
            "GB",
            "United Kingdom",
            True,
            (),
            (
                ("Imperial College London", _UNI, "London", "*"),
                ("the University of Cambridge", _UNI, "Cambridge", "*"),
                ("the University of Oxford", _UNI, "Oxford", "*"),
                ("the University of Manchester", _UNI, "Manchester", "*"),
                ("the University of Edinburgh", _UNI, "Edinburgh", "*"),
                ("University College London", _UNI, "London", "*"),
                ("the University of Southampton", _UNI, "Southampton", "*"),
                ("the University of Sheffield", _UNI, "Sheffield", "*"),
                ("the University of Bristol", _UNI, "Bristol", "*"),
                ("the University of Glasgow", _UNI, "Glasgow", "*"),
                ("SOAS University of London", _UNI, "London", "lang higher_education other"),
                ("the Wellcome Sanger Institute", _RES, "Hinxton", "genomics bioinformatics ai"),
                (
                    "the Francis Crick Institute",
                    _RES,
                    "London",
                    "genomics stem_cells bioinformatics vaccines",
                ),
                ("the Alan Turing Institute", _RES, "London", "ai"),
                (
                    "the National Physical Laboratory",
                    _RES,
                    "Teddington",
                    "new_materials semiconductors",
                ),
                ("the Henry Royce Institute", _RES, "Manchester", "new_materials"),
                ("Rothamsted Research", _RES, "Harpenden", "agri_biotech genomics"),
                ("Arm", _COM, "Cambridge", "ic_design eda_verification"),
                ("Graphcore", _COM, "Bristol", "ic_design eda_verification ai"),
                ("Google DeepMind", _COM, "London", "ai"),
                (
                    "AstraZeneca",
                    _COM,
                    "Cambridge",
                    "biopharma_manufacturing vaccines bioinformatics",
                ),
                ("GSK", _COM, "Stevenage", "vaccines biopharma_manufacturing"),
                ("Oxford Nanopore Technologies", _COM, "Oxford", "genomics bioinformatics"),
                ("BP", _COM, "London", "green_energy"),
                ("Octopus Energy", _COM, "London", "smart_grid energy_storage ai"),
                (
                    "Johnson Matthey",
                    _COM,
                    "London",
                    "nanocatalysis green_hydrogen battery_materials",
                ),
                ("Paragraf", _COM, "Huntingdon", "two_d_materials"),
                ("Clifford Chance", _COM, "London", "other"),
                ("the British Council", _GOV, "London", "higher_education"),
                ("the Foreign, Commonwealth & Development Office", _GOV, "London", "*"),
                ("RenewableUK", _ASN, "London", "green_energy"),
                ("Vietnamese Saturday School London", _OTH, "London", "lang"),
            ),
        ),
        _Country(
            "CA",
            "Canada",
            True,
            (("fr", 0.3),),
            (
                ("the University of Toronto", _UNI, "Toronto", "*"),
                ("McGill University", _UNI, "Montreal", "*"),
                ("the University of British Columbia", _UNI, "Vancouver", "*"),
                ("the University of Waterloo", _UNI, "Waterloo", "*"),
                ("Université de Montréal", _UNI, "Montreal", "*"),
                ("the University of Alberta", _UNI, "Edmonton", "*"),
                ("McMaster University", _UNI, "Hamilton", "*"),
                ("Concordia University", _UNI, "Montreal", "*"),
                ("Université Laval", _UNI, "Quebec City", "*"),
                ("Polytechnique Montréal", _UNI, "Montreal", "*"),
                ("Simon Fraser University", _UNI, "Burnaby", "* lang"),
                ("the National Research Council Canada", _RES, "Ottawa", "*"),
                ("Mila - Quebec AI Institute", _RES, "Montreal", "ai"),
                ("the Vector Institute", _RES, "Toronto", "ai"),
                ("the Canadian Light Source", _RES, "Saskatoon", "new_materials"),
                ("AMD", _COM, "Markham", "ic_design eda_verification packaging"),
                ("Teledyne DALSA", _COM, "Waterloo", "mems_sensors ic_design"),
                ("IBM Bromont", _COM, "Bromont", "packaging test_engineering"),
                ("Ballard Power Systems", _COM, "Burnaby", "green_hydrogen"),
                ("Hydro-Québec", _COM, "Montreal", "smart_grid energy_storage energy_policy"),
                ("AbCellera", _COM, "Vancouver", "biopharma_manufacturing bioinformatics"),
                ("Sanofi Pasteur Canada", _COM, "Toronto", "vaccines biopharma_manufacturing"),
                ("Cohere", _COM, "Toronto", "llm mlops recommender"),
                ("Shopify", _COM, "Ottawa", "recommender mlops llm"),
                ("Osler, Hoskin & Harcourt", _COM, "Toronto", "other"),
                ("Global Affairs Canada", _GOV, "Ottawa", "*"),
                ("Natural Resources Canada", _GOV, "Ottawa", "green_energy new_materials"),
                ("Energy Storage Canada", _ASN, "Toronto", "green_energy"),
                ("Toronto Vietnamese Heritage Language School", _OTH, "Toronto", "lang"),
            ),
        ),
        _Country(
            "SG",
            "Singapore",
            True,
            (("zh", 0.2),),
            (
                ("the National University of Singapore", _UNI, "Singapore", "*"),
                ("Nanyang Technological University", _UNI, "Singapore", "*"),
                ("the Singapore University of Technology and Design", _UNI, "Singapore", "*"),
                ("Singapore Management University", _UNI, "Singapore", "other higher_education"),
                ("the A*STAR Institute of Microelectronics", _RES, "Singapore", "semiconductors"),
                (
                    "the A*STAR Institute of Materials Research and Engineering",
                    _RES,
                    "Singapore",
                    "new_materials",
                ),
                (
                    "the A*STAR Genome Institute of Singapore",
                    _RES,
                    "Singapore",
                    "genomics bioinformatics",
                ),
                ("the A*STAR Institute for Infocomm Research", _RES, "Singapore", "ai"),
                (
                    "the Solar Energy Research Institute of Singapore (SERIS)",
                    _RES,
                    "Singapore",
                    "green_energy",
                ),
                (
                    "Temasek Life Sciences Laboratory",
                    _RES,
                    "Singapore",
                    "agri_biotech aquaculture genomics",
                ),
                ("the ISEAS - Yusof Ishak Institute", _RES, "Singapore", "other"),
                (
                    "GlobalFoundries Singapore",
                    _COM,
                    "Singapore",
                    "lithography_process failure_analysis test_engineering",
                ),
                (
                    "Micron Semiconductor Asia",
                    _COM,
                    "Singapore",
                    "lithography_process packaging test_engineering failure_analysis",
                ),
                ("UTAC", _COM, "Singapore", "packaging test_engineering failure_analysis"),
                ("Grab", _COM, "Singapore", "ai"),
                ("Sea Limited", _COM, "Singapore", "ai"),
                (
                    "Sembcorp Industries",
                    _COM,
                    "Singapore",
                    "solar_pv energy_storage green_hydrogen",
                ),
                ("Lonza Biologics", _COM, "Singapore", "biopharma_manufacturing stem_cells"),
                ("Wilmar International", _COM, "Singapore", "food_biotech agri_biotech"),
                ("Rajah & Tann", _COM, "Singapore", "other"),
                ("the Energy Market Authority", _GOV, "Singapore", "energy_policy smart_grid"),
                ("the Ministry of Education", _GOV, "Singapore", "higher_education"),
                (
                    "the Singapore Semiconductor Industry Association",
                    _ASN,
                    "Singapore",
                    "semiconductors",
                ),
                ("Saigon Heritage Language Class Singapore", _OTH, "Singapore", "lang"),
            ),
        ),
        _Country(
            "NL",
            "Netherlands",
            False,
            (("nl", 0.7),),
            (
                ("Delft University of Technology", _UNI, "Delft", "*"),
                ("Eindhoven University of Technology", _UNI, "Eindhoven", "*"),
                ("the University of Amsterdam", _UNI, "Amsterdam", "*"),
                ("Utrecht University", _UNI, "Utrecht", "*"),
                ("Leiden University", _UNI, "Leiden", "* lang"),
                ("Wageningen University & Research", _UNI, "Wageningen", "*"),
                ("the University of Twente", _UNI, "Enschede", "*"),
                ("the University of Groningen", _UNI, "Groningen", "*"),
                ("Erasmus University Rotterdam", _UNI, "Rotterdam", "*"),
                ("Radboud University", _UNI, "Nijmegen", "*"),
                ("TNO", _RES, "Delft", "green_energy new_materials semiconductors ai"),
                ("Holst Centre", _RES, "Eindhoven", "mems_sensors ic_design"),
                (
                    "the Dutch Institute for Fundamental Energy Research (DIFFER)",
                    _RES,
                    "Eindhoven",
                    "green_energy new_materials",
                ),
                (
                    "the Netherlands Cancer Institute",
                    _RES,
                    "Amsterdam",
                    "genomics bioinformatics stem_cells ai",
                ),
                ("Centrum Wiskunde & Informatica (CWI)", _RES, "Amsterdam", "ai"),
                ("QuTech", _RES, "Delft", "ic_design two_d_materials"),
                (
                    "ASML",
                    _COM,
                    "Veldhoven",
                    "lithography_process failure_analysis test_engineering",
                ),
                ("NXP Semiconductors", _COM, "Eindhoven", "semiconductors"),
                ("Nexperia", _COM, "Nijmegen", "power_devices packaging failure_analysis"),
                ("Philips", _COM, "Eindhoven", "ai_healthcare computer_vision mlops speech"),
                ("Shell", _COM, "The Hague", "green_energy"),
                ("Booking.com", _COM, "Amsterdam", "recommender mlops llm"),
                ("Janssen Vaccines", _COM, "Leiden", "vaccines biopharma_manufacturing"),
                ("dsm-firmenich", _COM, "Delft", "food_biotech polymers_composites"),
                ("Van Oord", _COM, "Rotterdam", "offshore_wind"),
                ("TenneT", _COM, "Arnhem", "smart_grid offshore_wind"),
                ("Royal HaskoningDHV", _COM, "Amersfoort", "offshore_wind energy_policy other"),
                ("the Netherlands Enterprise Agency (RVO)", _GOV, "The Hague", "*"),
                ("Nuffic", _GOV, "The Hague", "higher_education"),
                ("Vietnamese Language School Amsterdam", _OTH, "Amsterdam", "lang"),
            ),
        ),
        _Country(
            "SE",
            "Sweden",
            False,
            (("sv", 0.6),),
            (
                ("KTH Royal Institute of Technology", _UNI, "Stockholm", "*"),
                ("Chalmers University of Technology", _UNI, "Gothenburg", "*"),
                ("Lund University", _UNI, "Lund", "*"),
                ("Uppsala University", _UNI, "Uppsala", "*"),
                ("Linköping University", _UNI, "Linköping", "*"),
                (
                    "Karolinska Institutet",
                    _UNI,
                    "Stockholm",
                    "genomics bioinformatics stem_cells vaccines ai_healthcare higher_education",
                ),
                ("Umeå University", _UNI, "Umeå", "*"),
                ("Stockholm University", _UNI, "Stockholm", "* lang"),
                (
                    "RISE Research Institutes of Sweden",
                    _RES,
                    "Gothenburg",
                    "new_materials green_energy semiconductors",
                ),
                ("SciLifeLab", _RES, "Stockholm", "genomics bioinformatics stem_cells ai"),
                ("Ericsson", _COM, "Stockholm", "ai semiconductors"),
                ("Northvolt", _COM, "Stockholm", "battery_materials energy_storage"),
                ("Vattenfall", _COM, "Stockholm", "green_energy"),
                ("Spotify", _COM, "Stockholm", "recommender mlops speech"),
                (
                    "AstraZeneca Gothenburg",
                    _COM,
                    "Gothenburg",
                    "biopharma_manufacturing bioinformatics",
                ),
                ("Hitachi Energy Sweden", _COM, "Västerås", "smart_grid"),
                ("Stegra", _COM, "Boden", "green_hydrogen metallurgy"),
                (
                    "the Swedish International Development Cooperation Agency (Sida)",
                    _GOV,
                    "Stockholm",
                    "*",
                ),
                ("Stockholm Mother-Tongue Tuition Centre", _OTH, "Stockholm", "lang"),
            ),
        ),
    )
}

# Vietnamese organisations some experts abroad still belong to (lecturers on a PhD or postdoc
# abroad, engineers on secondment). Each also hosts a need in the tagged sub-fields, so these are
# deliberate conflicts of interest that the assign step must skip.
_HOME_ORGS: tuple[_Org, ...] = (
    ("Đại học Bách khoa Hà Nội", _UNI, "", "ic_design eda_verification stem_curriculum"),
    ("Viettel High Tech", _COM, "", "eda_verification ic_design test_engineering"),
    (
        "Đại học Quốc gia Hà Nội",
        _UNI,
        "",
        "power_devices lithography_process phd_training student_exchange",
    ),
    (
        "Viện Hàn lâm Khoa học và Công nghệ Việt Nam",
        _RES,
        "",
        "two_d_materials polymers_composites metallurgy nanocatalysis",
    ),
    ("FPT Smart Cloud", _COM, "", "speech nlp_vietnamese llm"),
    ("Trường Đại học Cần Thơ", _UNI, "", "nanocatalysis biomass agri_biotech mems_sensors"),
)


@dataclass(frozen=True)
class _Association:
    """A diaspora association and the way its secretary exports the member list."""

    code: str
    stem: str
    fmt: str  # yaml | json | csv | csv-bom
    name: str
    country: str
    size: int
    alpha2_form: bool
    domain: str
    affinity: tuple[tuple[str, float], ...]
    default: float = 1.0
    vi_affinity: float = 1.0


_ASSOCIATIONS: tuple[_Association, ...] = (
    _Association(
        "AVIJ",
        "avij_japan",
        "yaml",
        "Association of Vietnamese Intellectuals in Japan",
        "JP",
        40,
        False,
        "example.org",
        (("semiconductors", 1.3), ("new_materials", 1.4), ("ai", 1.2)),
    ),
    _Association(
        "FVAJ",
        "fvaj_japan",
        "csv",
        "Federation of Vietnamese Associations in Japan",
        "JP",
        22,
        True,
        "example.net",
        (("higher_education", 1.5), ("vn_language_teaching", 2.5), ("other", 2.0)),
        vi_affinity=1.6,
    ),
    _Association(
        "VKBIA",
        "vkbia_korea",
        "json",
        "Vietnam-Korea Business and Innovation Association",
        "KR",
        24,
        False,
        "example.org",
        (("biotechnology", 1.5), ("ai", 1.3), ("green_energy", 1.2), ("other", 1.5)),
        vi_affinity=1.3,
    ),
    _Association(
        "VKEIA",
        "vkeia_korea",
        "csv",
        "Vietnam-Korea Engineering and Innovation Association",
        "KR",
        24,
        True,
        "example.net",
        (("semiconductors", 1.8), ("green_energy", 1.3), ("new_materials", 1.3)),
    ),
    _Association(
        "GNVLT",
        "gnvlt_malaysia",
        "yaml",
        "Global Network for Vietnamese Language Teaching, Malaysia",
        "MY",
        14,
        False,
        "example.org",
        (
            ("vn_language_teaching", 20.0),
            ("edtech", 6.0),
            ("nlp_vietnamese", 3.0),
            ("higher_education", 3.0),
        ),
        default=0.1,
        vi_affinity=2.5,
    ),
    _Association(
        "VPM",
        "vpm_malaysia",
        "csv",
        "Vietnamese Professionals in Malaysia",
        "MY",
        12,
        True,
        "example.com",
        (("semiconductors", 2.5), ("vn_language_teaching", 0.2)),
        vi_affinity=1.2,
    ),
    _Association(
        "VSEA",
        "vsea_usa",
        "json",
        "Vietnamese Scientists and Engineers Association (USA)",
        "US",
        46,
        False,
        "example.org",
        (("ai", 1.4), ("semiconductors", 1.2), ("biotechnology", 1.2)),
        vi_affinity=0.5,
    ),
    _Association(
        "AVSF",
        "avsf_france",
        "yaml",
        "Association of Vietnamese Scientists and Experts in France",
        "FR",
        30,
        False,
        "example.org",
        (("biotechnology", 1.3), ("higher_education", 1.2), ("other", 1.5)),
        vi_affinity=0.8,
    ),
    _Association(
        "VESG",
        "vesg_germany",
        "csv",
        "Vietnamese Engineers and Scientists in Germany",
        "DE",
        30,
        True,
        "example.net",
        (("green_energy", 1.5), ("new_materials", 1.3), ("semiconductors", 1.2)),
        vi_affinity=0.8,
    ),
    _Association(
        "VSAA",
        "vsaa_australia",
        "json",
        "Vietnamese Scientists Association of Australia",
        "AU",
        28,
        False,
        "example.com",
        (
            ("green_energy", 1.3),
            ("biotechnology", 1.4),
            ("aquaculture", 2.0),
            ("higher_education", 1.2),
        ),
        vi_affinity=0.7,
    ),
    _Association(
        "VSAT",
        "vsat_taiwan",
        "yaml",
        "Vietnamese Scholars Association in Taiwan",
        "TW",
        24,
        True,
        "example.org",
        (("semiconductors", 2.2), ("ai", 1.2)),
        vi_affinity=1.3,
    ),
    _Association(
        "VPUK",
        "vpuk_uk",
        "csv-bom",
        "Vietnamese Professionals Society UK",
        "GB",
        24,
        False,
        "example.org",
        (
            ("ai", 1.3),
            ("biotechnology", 1.3),
            ("green_energy", 1.3),
            ("offshore_wind", 2.0),
            ("other", 1.5),
        ),
        vi_affinity=0.6,
    ),
    _Association(
        "VCPN",
        "vcpn_canada",
        "json",
        "Vietnamese-Canadian Professionals Network",
        "CA",
        20,
        True,
        "example.net",
        (("ai", 1.5), ("green_energy", 1.1)),
        vi_affinity=0.6,
    ),
    _Association(
        "VSAS",
        "vsas_singapore",
        "yaml",
        "Vietnamese Scholars Association in Singapore",
        "SG",
        20,
        False,
        "example.org",
        (("semiconductors", 1.3), ("ai", 1.3), ("biotechnology", 1.2)),
        vi_affinity=0.9,
    ),
    _Association(
        "VSNL",
        "vsnl_netherlands",
        "csv",
        "Vietnamese Scientists in the Netherlands",
        "NL",
        15,
        True,
        "example.com",
        (
            ("lithography_process", 2.5),
            ("offshore_wind", 2.0),
            ("agri_biotech", 2.0),
            ("green_energy", 1.3),
        ),
        vi_affinity=0.8,
    ),
    _Association(
        "VRNS",
        "vrns_sweden",
        "json",
        "Vietnamese Researchers Network in Sweden",
        "SE",
        15,
        False,
        "example.org",
        (("green_energy", 1.3), ("battery_materials", 2.0), ("biotechnology", 1.2)),
        vi_affinity=0.7,
    ),
)

# Organisation types by sector: chip and AI people mostly work in industry, materials people in
# universities and institutes; a few sub-fields differ from their sector.
_TYPE_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "semiconductors": ((_COM, 55), (_UNI, 25), (_RES, 17), (_GOV, 1), (_ASN, 2)),
    "ai": ((_COM, 50), (_UNI, 32), (_RES, 15), (_GOV, 3)),
    "new_materials": ((_UNI, 45), (_RES, 30), (_COM, 25)),
    "green_energy": ((_COM, 40), (_UNI, 30), (_RES, 15), (_GOV, 10), (_ASN, 5)),
    "biotechnology": ((_UNI, 35), (_RES, 30), (_COM, 35)),
    "higher_education": ((_UNI, 80), (_GOV, 8), (_COM, 4), (_ASN, 4), (_OTH, 4)),
    "other": ((_UNI, 55), (_COM, 35), (_RES, 5), (_GOV, 5)),
    "energy_policy": ((_GOV, 30), (_UNI, 30), (_RES, 20), (_ASN, 10), (_COM, 10)),
    "vn_language_teaching": ((_UNI, 50), (_OTH, 35), (_ASN, 15)),
    "edtech": ((_COM, 40), (_UNI, 60)),
}


# --------------------------------------------------------------------------------------------
# Names.
# --------------------------------------------------------------------------------------------

_FAMILY: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 5.0),
    ("Huỳnh", 4.0),
    ("Phan", 4.5),
    ("Vũ", 4.0),
    ("Võ", 4.0),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
)
_MIDDLE_MALE: tuple[str, ...] = tuple(
    "Văn Minh Quang Hữu Đức Thanh Công Hoàng Xuân Quốc Trọng Anh Đình Thế Ngọc Gia Bảo".split()
)
_MIDDLE_FEMALE: tuple[str, ...] = tuple(
    "Thị Ngọc Thanh Thu Minh Phương Bích Kim Thùy Hồng Mỹ Diệu Khánh Hải".split()
)
_GIVEN_MALE: tuple[str, ...] = tuple(
    (
        "An Bình Cường Dũng Duy Đạt Hải Hiếu Hoàng Hùng Huy Khoa Khánh Kiên Long Lâm Minh Nam "
        "Nghĩa Phong Phúc Quân Sơn Tài Thắng Thành Tiến Toàn Trung Tuấn Tùng Việt Vinh Quang Đức"
    ).split()
)
_GIVEN_FEMALE: tuple[str, ...] = tuple(
    (
        "Anh Chi Diệp Dung Giang Hà Hạnh Hằng Hiền Hoa Hương Huyền Lan Linh Loan Mai My Nga "
        "Ngân Nhung Oanh Phương Quyên Tâm Thảo Thủy Trang Trâm Uyên Vân Yến Ngọc"
    ).split()
)


# --------------------------------------------------------------------------------------------
# Needs: six hand-written templates per sector, a third of them in Vietnamese.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NeedTemplate:
    """A strategic need; ``{location}`` in the text follows the host chosen from ``places``.

    ``subfields`` names the expertise that is genuinely relevant: it is not emitted, but it lets
    checks (and a later qrels draft) know which experts a good matcher should find.
    """

    sector: str
    title: str
    description: str
    skills: tuple[str, ...]
    places: tuple[tuple[str, str], ...]
    engagement: str
    team_size: int
    subfields: tuple[str, ...]
    preferred: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    label: str = ""
    vietnamese: bool = False


_NEEDS: tuple[_NeedTemplate, ...] = (
    _NeedTemplate(
        sector="semiconductors",
        title="Establish an OSAT chip-packaging pilot line in {location}",
        description=(
            "The province plans a pilot line for outsourced semiconductor assembly and test "
            "(OSAT) next to its electronics industrial parks. We seek experts to advise on line "
            "layout and equipment selection, wire-bond and flip-chip processes, a roadmap towards "
            "fan-out wafer-level packaging, reliability qualification to JEDEC standards and "
            "final test, and to help train the first cohort of 60 process and test engineers. "
            "Experience of ramping a high-volume assembly line in Malaysia, Korea or Taiwan is "
            "highly valued."
        ),
        skills=(
            "flip-chip and wire bonding",
            "fan-out wafer-level packaging",
            "JEDEC reliability qualification",
            "ATE final test",
        ),
        places=(
            ("Sở Khoa học và Công nghệ Bắc Ninh", "Bắc Ninh"),
            ("Ban Quản lý các Khu công nghiệp tỉnh Bắc Giang", "Bắc Giang"),
            ("Ban Quản lý Khu công nghệ cao Đà Nẵng", "Đà Nẵng"),
        ),
        engagement="technology_transfer",
        team_size=4,
        subfields=("packaging", "test_engineering", "failure_analysis"),
        preferred=("MY", "KR", "TW", "JP"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="semiconductors",
        title="Đồng hướng dẫn nghiên cứu sinh về thiết kế vi mạch tương tự và RF",
        description=(
            "Trường cần các nhà khoa học người Việt ở nước ngoài tham gia đồng hướng dẫn 12 "
            "nghiên cứu sinh về thiết kế vi mạch tương tự, vi mạch tần số vô tuyến (RF) và mạch "
            "tín hiệu hỗn hợp trong chương trình phát triển nguồn nhân lực bán dẫn đến năm 2030. "
            "Chuyên gia sẽ cùng xây dựng đề cương nghiên cứu, góp ý thiết kế các khối PLL, ADC và "
            "LNA trên công nghệ CMOS, hỗ trợ tape-out qua dịch vụ MPW và đồng tác giả các bài báo "
            "quốc tế."
        ),
        skills=(
            "thiết kế vi mạch tương tự",
            "vi mạch RF",
            "PLL và ADC",
            "Cadence Virtuoso",
        ),
        places=(
            ("Đại học Bách khoa Hà Nội", "Hà Nội"),
            ("Trường Đại học Bách khoa, ĐHQG-HCM", "TP. Hồ Chí Minh"),
        ),
        engagement="co_supervision",
        team_size=5,
        subfields=("ic_design", "eda_verification"),
        languages=("vi", "en"),
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="semiconductors",
        title="Co-supervise 20 PhD candidates in semiconductor device physics (NEXUS programme)",
        description=(
            "Under the NEXUS doctoral programme, the university will enrol 20 PhD candidates in "
            "semiconductor device physics and process technology over three years. We are looking "
            "for overseas researchers who can co-supervise candidates remotely and host them for "
            "research stays of six to twelve months, on topics such as wide-bandgap power "
            "devices, FinFET and gate-all-around process integration, device reliability and TCAD "
            "modelling. Co-supervisors are expected to join thesis committees and co-author "
            "publications."
        ),
        skills=(
            "semiconductor device physics",
            "TCAD simulation",
            "process integration",
            "device reliability",
            "PhD supervision",
        ),
        places=(
            ("Đại học Quốc gia Hà Nội", "Hà Nội"),
            ("Đại học Quốc gia TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ),
        engagement="co_supervision",
        team_size=5,
        subfields=("power_devices", "lithography_process", "failure_analysis"),
    ),
    _NeedTemplate(
        sector="semiconductors",
        title="Design-verification and EDA training for a national chip design centre",
        description=(
            "The centre is growing its digital design team from 80 to 300 engineers and needs a "
            "structured training programme in design verification and physical design. Experts "
            "are sought to design a twelve-week curriculum on SystemVerilog and UVM, formal "
            "verification, static timing analysis and RTL-to-GDSII flows, to mentor verification "
            "leads on a RISC-V SoC project, and to advise on EDA licences and compute "
            "infrastructure."
        ),
        skills=("UVM", "SystemVerilog", "static timing analysis", "physical design"),
        places=(
            ("Viettel High Tech", "Hà Nội"),
            ("Trung tâm Đổi mới sáng tạo Quốc gia (NIC)", "Hà Nội"),
        ),
        engagement="training",
        team_size=3,
        subfields=("eda_verification", "ic_design"),
        preferred=("United States", "Japan"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="semiconductors",
        title="Tư vấn lộ trình phát triển linh kiện công suất GaN và SiC cho xe điện",
        description=(
            "Doanh nghiệp cần tư vấn lộ trình nội địa hóa linh kiện bán dẫn công suất cho bộ "
            "biến tần và bộ sạc trên xe điện. Nội dung gồm đánh giá công nghệ MOSFET SiC và "
            "transistor GaN, lựa chọn đối tác chế tạo và đóng gói mô-đun công suất, yêu cầu độ "
            "tin cậy theo tiêu chuẩn ô tô AEC-Q101, cũng như kế hoạch xây dựng phòng thử nghiệm "
            "đặc tính chuyển mạch. Ưu tiên chuyên gia có kinh nghiệm tại các hãng linh kiện công "
            "suất ở Nhật Bản, Đức hoặc Mỹ."
        ),
        skills=("linh kiện công suất SiC", "GaN HEMT", "mô-đun công suất", "AEC-Q101"),
        places=(
            ("VinFast", "Hải Phòng"),
            ("Tổng công ty Máy động lực và Máy nông nghiệp Việt Nam (VEAM)", "Hà Nội"),
        ),
        engagement="advisory",
        team_size=3,
        subfields=("power_devices", "packaging", "failure_analysis"),
        preferred=("JP", "DE", "US"),
        languages=("vi",),
        label="bán dẫn",
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="semiconductors",
        title="Low-cost MEMS sensors for smart agriculture in {location}",
        description=(
            "Salinity intrusion and irregular rainfall make real-time field data essential for "
            "farmers in {location}. The department wants to co-develop low-cost MEMS "
            "soil-moisture, salinity and gas sensors with local assembly and calibration, "
            "wireless sensor nodes and a test procedure suited to small manufacturers. Experts in "
            "MEMS design, microfabrication, sensor calibration and production testing are invited "
            "to run a joint research project and train a local engineering team."
        ),
        skills=("MEMS design", "sensor calibration", "microfabrication", "production testing"),
        places=(
            ("Sở Khoa học và Công nghệ Cần Thơ", "Cần Thơ"),
            ("Sở Khoa học và Công nghệ Đồng Tháp", "Đồng Tháp"),
        ),
        engagement="joint_research",
        team_size=3,
        subfields=("mems_sensors", "test_engineering"),
    ),
    _NeedTemplate(
        sector="ai",
        title="Xây dựng mô hình ngôn ngữ lớn tiếng Việt cho dịch vụ công",
        description=(
            "Bộ cần xây dựng một mô hình ngôn ngữ lớn tiếng Việt phục vụ trợ lý ảo trên Cổng "
            "Dịch vụ công quốc gia, có khả năng trả lời chính xác câu hỏi về thủ tục hành chính "
            "và văn bản pháp luật. Chuyên gia sẽ tư vấn chiến lược dữ liệu huấn luyện, tinh chỉnh "
            "theo chỉ dẫn, kiến trúc RAG, đánh giá độ an toàn và tính xác thực, cũng như quy "
            "trình MLOps để vận hành mô hình trên hạ tầng GPU trong nước."
        ),
        skills=(
            "mô hình ngôn ngữ lớn",
            "RAG",
            "xử lý ngôn ngữ tự nhiên tiếng Việt",
            "MLOps",
        ),
        places=(
            ("Bộ Khoa học và Công nghệ", "Hà Nội"),
            ("Trung tâm Dữ liệu quốc gia", "Hà Nội"),
        ),
        engagement="joint_research",
        team_size=5,
        subfields=("llm", "nlp_vietnamese", "mlops"),
        languages=("vi",),
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="ai",
        title="Vietnamese speech recognition for call centres across three dialect regions",
        description=(
            "The company runs call centres that handle two million calls a month and wants speech "
            "recognition that works equally well for northern, central and southern Vietnamese "
            "accents, including noisy mobile audio. We seek experts to review the current "
            "end-to-end ASR models, design a dialect-balanced data collection, improve speaker "
            "diarisation and keyword spotting, and transfer know-how to a team of 15 engineers."
        ),
        skills=(
            "automatic speech recognition",
            "dialect adaptation",
            "speaker diarisation",
            "Vietnamese NLP",
        ),
        places=(
            ("FPT Smart Cloud", "Hà Nội"),
            ("Tổng công ty Dịch vụ Viễn thông (VNPT VinaPhone)", "Hà Nội"),
        ),
        engagement="technology_transfer",
        team_size=3,
        subfields=("speech", "nlp_vietnamese"),
        preferred=("US", "SG"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="ai",
        title="AI-assisted chest X-ray triage in provincial hospitals",
        description=(
            "Provincial hospitals lack radiologists at night and at weekends. The hospital wants "
            "to validate and deploy an AI model that prioritises chest X-rays with suspected "
            "tuberculosis, pneumonia or lung nodules, connected to the existing PACS. Experts are "
            "needed in medical image analysis, the design of clinical validation studies, "
            "federated learning across sites and regulatory approval of AI as a medical device."
        ),
        skills=(
            "medical imaging AI",
            "clinical validation",
            "federated learning",
            "computer vision",
        ),
        places=(
            ("Bệnh viện Bạch Mai", "Hà Nội"),
            ("Bệnh viện Trung ương Huế", "Huế"),
            ("Bệnh viện Chợ Rẫy", "TP. Hồ Chí Minh"),
        ),
        engagement="joint_research",
        team_size=4,
        subfields=("ai_healthcare", "computer_vision"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="ai",
        title="Hệ thống thị giác máy tính giám sát giao thông đô thị",
        description=(
            "Thành phố đang vận hành hơn 1.500 camera giao thông nhưng phần lớn dữ liệu chưa được "
            "phân tích tự động. Cần chuyên gia hỗ trợ xây dựng hệ thống thị giác máy tính để đếm "
            "và phân loại phương tiện, nhận dạng biển số, phát hiện ùn tắc và vi phạm theo thời "
            "gian thực, triển khai mô hình trên thiết bị biên và xây dựng quy trình MLOps để cập "
            "nhật mô hình định kỳ."
        ),
        skills=("thị giác máy tính", "phát hiện đối tượng", "AI biên", "MLOps"),
        places=(
            ("Sở Khoa học và Công nghệ TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
            ("Sở Xây dựng Hà Nội", "Hà Nội"),
        ),
        engagement="technology_transfer",
        team_size=4,
        subfields=("computer_vision", "mlops"),
        preferred=("KR", "JP", "SG"),
        languages=("vi",),
        label="trí tuệ nhân tạo",
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="ai",
        title="MLOps platform and model governance for a state-owned bank",
        description=(
            "The bank runs more than 60 credit-scoring, fraud-detection and product-recommendation "
            "models built by different teams. It needs advice on a unified MLOps platform with a "
            "feature store, model registry and drift monitoring, on model-risk governance that "
            "satisfies the State Bank of Vietnam, and on improving next-best-offer "
            "recommendations in its mobile app."
        ),
        skills=("MLOps", "model risk governance", "recommender systems", "Kubernetes"),
        places=(("Vietcombank", "Hà Nội"), ("BIDV", "Hà Nội"), ("Agribank", "Hà Nội")),
        engagement="advisory",
        team_size=3,
        subfields=("mlops", "recommender"),
    ),
    _NeedTemplate(
        sector="ai",
        title="Reinforcement learning for container-terminal scheduling in {location}",
        description=(
            "Terminal throughput is limited by manual planning of berths, quay cranes and yard "
            "trucks. The port operator wants to develop, with overseas researchers, a "
            "reinforcement-learning scheduler trained in a digital twin of the terminal and "
            "compared against the current rule-based plans. The project covers simulation, "
            "multi-agent and offline reinforcement learning, safe deployment alongside human "
            "planners and training for the operator's data team."
        ),
        skills=(
            "reinforcement learning",
            "multi-agent systems",
            "simulation and digital twins",
            "combinatorial optimisation",
        ),
        places=(
            ("Tổng công ty Hàng hải Việt Nam (VIMC)", "Bà Rịa - Vũng Tàu"),
            ("Cảng Hải Phòng", "Hải Phòng"),
        ),
        engagement="joint_research",
        team_size=3,
        subfields=("reinforcement_learning",),
        preferred=("NL", "SG", "DE"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="new_materials",
        title="Graphene-based anti-corrosion coatings for offshore structures",
        description=(
            "Steel platforms, wind-turbine foundations and port structures along Viet Nam's coast "
            "corrode quickly in the warm, salty climate. The academy seeks partners to develop "
            "graphene and other 2D-material additives for epoxy and polymer coatings, test them "
            "in accelerated and marine exposure trials, understand the corrosion mechanisms of "
            "structural steels and prepare a pilot production route with a domestic paint "
            "manufacturer."
        ),
        skills=(
            "graphene and 2D materials",
            "polymer coatings",
            "corrosion testing",
            "metallurgy of structural steels",
        ),
        places=(
            ("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Hà Nội"),
            ("Liên doanh Việt - Nga Vietsovpetro", "Bà Rịa - Vũng Tàu"),
        ),
        engagement="joint_research",
        team_size=4,
        subfields=("two_d_materials", "polymers_composites", "metallurgy"),
    ),
    _NeedTemplate(
        sector="new_materials",
        title="Vật liệu điện cực cho pin lithium-ion và pin natri-ion sản xuất trong nước",
        description=(
            "Doanh nghiệp cần hợp tác chuyển giao công nghệ vật liệu catốt LFP, anốt graphite và "
            "pin natri-ion sử dụng nguyên liệu trong nước như than cứng từ vỏ trấu và gáo dừa. "
            "Chuyên gia sẽ tư vấn quy trình tổng hợp và nâng quy mô vật liệu, đánh giá điện hóa, "
            "mô phỏng vật liệu bằng DFT để rút ngắn thời gian sàng lọc, và thiết kế quy trình tái "
            "chế pin thải."
        ),
        skills=(
            "vật liệu catốt và anốt",
            "pin natri-ion",
            "đánh giá điện hóa",
            "tái chế pin",
        ),
        places=(
            ("VinES Energy Solutions", "Hà Tĩnh"),
            ("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Hà Nội"),
        ),
        engagement="technology_transfer",
        team_size=4,
        subfields=("battery_materials", "computational_materials", "energy_storage"),
        preferred=("South Korea", "Japan", "Germany"),
        languages=("vi",),
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="new_materials",
        title="Rare-earth separation and permanent-magnet alloys from domestic ore",
        description=(
            "Viet Nam holds some of the world's largest rare-earth reserves but exports mostly "
            "concentrates. The institute wants to move up the value chain to separated oxides, "
            "metals and NdFeB permanent magnets for motors and wind turbines. It seeks "
            "metallurgists and computational materials scientists to advise on separation and "
            "reduction processes, alloy design, heat treatment, and modelling that can cut the "
            "number of experimental trials."
        ),
        skills=(
            "extractive metallurgy",
            "rare-earth magnets",
            "alloy design",
            "computational thermodynamics",
        ),
        places=(
            ("Viện Công nghệ xạ hiếm", "Hà Nội"),
            ("Sở Khoa học và Công nghệ Lai Châu", "Lai Châu"),
        ),
        engagement="advisory",
        team_size=3,
        subfields=("metallurgy", "computational_materials"),
        preferred=("JP", "AU"),
    ),
    _NeedTemplate(
        sector="new_materials",
        title="Vật liệu composite sợi tự nhiên cho ngành ô tô và xây dựng",
        description=(
            "Nhóm nghiên cứu muốn phát triển vật liệu composite gia cường sợi tự nhiên từ xơ dừa, "
            "sợi chuối và tre cho chi tiết nội thất ô tô và tấm vật liệu xây dựng nhẹ. Cần chuyên "
            "gia về polymer, composite và gốm kỹ thuật để hợp tác thiết kế vật liệu, tối ưu quy "
            "trình ép và gia công, thử nghiệm cơ tính, độ bền nhiệt ẩm và đánh giá khả năng tái "
            "chế."
        ),
        skills=(
            "composite sợi tự nhiên",
            "polymer",
            "thử nghiệm cơ tính",
            "gia công nhựa nhiệt dẻo",
        ),
        places=(
            ("Trường Đại học Bách khoa, ĐHQG-HCM", "TP. Hồ Chí Minh"),
            ("Công ty Cổ phần Ô tô Trường Hải (THACO)", "Quảng Nam"),
        ),
        engagement="joint_research",
        team_size=3,
        subfields=("polymers_composites", "ceramics"),
        languages=("vi", "en"),
        label="vật liệu mới",
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="new_materials",
        title="Nanocatalysts to turn rice straw into chemicals and fuels",
        description=(
            "The Mekong Delta burns millions of tonnes of rice straw every year. The university "
            "wants to build a research line on the catalytic conversion of agricultural residues "
            "into platform chemicals, bio-aromatics and sustainable fuels. We are looking for "
            "experts in supported metal and zeolite catalysts, catalyst characterisation, biomass "
            "pretreatment and process scale-up to co-design experiments and co-supervise master's "
            "and PhD students."
        ),
        skills=(
            "heterogeneous catalysis",
            "nanomaterials synthesis",
            "biomass conversion",
            "catalyst characterisation",
        ),
        places=(
            ("Trường Đại học Cần Thơ", "Cần Thơ"),
            ("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Hà Nội"),
        ),
        engagement="joint_research",
        team_size=3,
        subfields=("nanocatalysis", "biomass"),
    ),
    _NeedTemplate(
        sector="new_materials",
        title="Materials informatics laboratory for high-throughput screening",
        description=(
            "The university is creating a materials informatics laboratory that combines density "
            "functional theory, machine-learned interatomic potentials and automated experiments. "
            "It seeks overseas scientists to help set up high-throughput computational workflows, "
            "curate an open database of materials relevant to batteries, catalysts and 2D "
            "semiconductors, and train a first group of lecturers and PhD students through a "
            "six-month programme."
        ),
        skills=(
            "density functional theory",
            "machine-learned potentials",
            "high-throughput screening",
            "Python workflows",
        ),
        places=(
            ("Đại học Quốc gia TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
            ("Trường Đại học Phenikaa", "Hà Nội"),
        ),
        engagement="training",
        team_size=4,
        subfields=("computational_materials", "two_d_materials"),
        preferred=("US", "DE", "SG"),
        languages=("en",),
    ),
    _NeedTemplate(
        sector="green_energy",
        title="Offshore wind grid connection study for {location}",
        description=(
            "The national power development plan targets 6 GW of offshore wind by 2030, with the "
            "first projects expected off {location}. A study is needed on export cable routes, "
            "onshore substations and reinforcement of the 500 kV transmission network, including "
            "grid-code requirements, stability studies and curtailment risk. We seek offshore "
            "wind and power-systems experts who have worked on comparable grid connections in "
            "Europe or Asia."
        ),
        skills=(
            "offshore wind",
            "grid connection studies",
            "power system stability",
            "DIgSILENT PowerFactory",
        ),
        places=(
            ("Tập đoàn Điện lực Việt Nam (EVN)", "Bình Thuận"),
            ("Tổng công ty Điện lực Dầu khí Việt Nam (PV Power)", "Bà Rịa - Vũng Tàu"),
            ("Ủy ban nhân dân tỉnh Quảng Trị", "Quảng Trị"),
        ),
        engagement="advisory",
        team_size=4,
        subfields=("offshore_wind", "smart_grid"),
        preferred=("United Kingdom", "Germany", "Netherlands"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="green_energy",
        title="Tích hợp điện mặt trời áp mái và lưu trữ năng lượng cho khu công nghiệp",
        description=(
            "Các khu công nghiệp trong tỉnh có tiềm năng lắp đặt hơn 500 MWp điện mặt trời áp mái "
            "nhưng lưới phân phối đã gần đầy tải. Sở cần chuyên gia tư vấn và chuyển giao giải "
            "pháp kết hợp điện mặt trời áp mái với hệ thống pin lưu trữ, cơ chế mua bán điện trực "
            "tiếp, điều khiển microgrid cho khu công nghiệp và phương pháp đánh giá sản lượng, "
            "suy giảm tấm pin trong điều kiện khí hậu nhiệt đới."
        ),
        skills=(
            "điện mặt trời áp mái",
            "hệ thống pin lưu trữ",
            "microgrid",
            "đánh giá sản lượng",
        ),
        places=(
            ("Sở Công Thương Đồng Nai", "Đồng Nai"),
            ("Sở Công Thương Bình Dương", "Bình Dương"),
        ),
        engagement="technology_transfer",
        team_size=4,
        subfields=("solar_pv", "energy_storage", "smart_grid"),
        languages=("vi",),
        label="năng lượng xanh",
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="green_energy",
        title="Green hydrogen and ammonia roadmap for {location}",
        description=(
            "With strong wind and solar resources and a deep-water port, {location} wants to "
            "assess a green hydrogen and ammonia hub for fertiliser production and export. The "
            "province seeks advisers to estimate the levelised cost of hydrogen, compare PEM and "
            "alkaline electrolysers, outline safety standards, and propose policy and financing "
            "instruments in line with Viet Nam's hydrogen strategy."
        ),
        skills=("green hydrogen", "electrolysis", "techno-economic analysis", "energy policy"),
        places=(
            ("Ủy ban nhân dân tỉnh Trà Vinh", "Trà Vinh"),
            ("Ủy ban nhân dân tỉnh Ninh Thuận", "Ninh Thuận"),
        ),
        engagement="advisory",
        team_size=3,
        subfields=("green_hydrogen", "energy_policy"),
        preferred=("AU", "DE", "JP"),
    ),
    _NeedTemplate(
        sector="green_energy",
        title="Điện sinh khối từ trấu và rơm rạ ở {location}",
        description=(
            "Tỉnh sản xuất hơn bốn triệu tấn lúa mỗi năm nhưng phần lớn trấu và rơm rạ bị đốt bỏ "
            "ngoài đồng. Sở cần hợp tác nghiên cứu các mô hình khí hóa và đốt sinh khối phát điện, "
            "sản xuất than sinh học, hậu cần thu gom phụ phẩm, đánh giá vòng đời và đề xuất cơ chế "
            "giá điện sinh khối phù hợp với quy hoạch điện quốc gia."
        ),
        skills=(
            "năng lượng sinh khối",
            "khí hóa",
            "đánh giá vòng đời",
            "chính sách năng lượng",
        ),
        places=(
            ("Sở Khoa học và Công nghệ An Giang", "An Giang"),
            ("Sở Khoa học và Công nghệ Kiên Giang", "Kiên Giang"),
        ),
        engagement="joint_research",
        team_size=3,
        subfields=("biomass", "energy_policy"),
        languages=("vi",),
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="green_energy",
        title="Battery storage and smart-grid pilot for {location}",
        description=(
            "The city plans a 50 MWh battery storage pilot combined with rooftop solar, electric "
            "bus charging and demand response in a new urban area of {location}. Experts are "
            "needed to size and specify the storage system, design the battery management and "
            "energy management software, assess frequency-regulation revenues and integrate the "
            "pilot with the distribution SCADA."
        ),
        skills=(
            "battery energy storage",
            "smart grid",
            "energy management systems",
            "SCADA",
        ),
        places=(
            ("Sở Khoa học và Công nghệ Đà Nẵng", "Đà Nẵng"),
            ("Tổng công ty Điện lực miền Nam (EVNSPC)", "TP. Hồ Chí Minh"),
        ),
        engagement="joint_research",
        team_size=4,
        subfields=("energy_storage", "smart_grid"),
        preferred=("KR", "AU", "US"),
        languages=("vi", "en"),
        label="Green energy",
    ),
    _NeedTemplate(
        sector="green_energy",
        title="Just energy transition training for provincial officials",
        description=(
            "Under the Just Energy Transition Partnership, provincial departments must prepare "
            "energy plans and evaluate renewable, storage and coal phase-down projects. The "
            "ministry seeks experts to design and deliver a training programme for 200 officials "
            "on power-sector planning models, renewable auctions, carbon pricing, grid "
            "integration of variable renewables and the social side of a just transition."
        ),
        skills=(
            "energy policy",
            "power-sector planning",
            "carbon pricing",
            "grid integration",
        ),
        places=(("Bộ Công Thương", "Hà Nội"), ("Bộ Nông nghiệp và Môi trường", "Hà Nội")),
        engagement="training",
        team_size=5,
        subfields=("energy_policy", "smart_grid"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="biotechnology",
        title="Technology transfer for mRNA vaccine production",
        description=(
            "The institute aims to produce mRNA vaccines domestically for influenza, dengue and "
            "future pandemics. It needs support to receive a technology transfer covering "
            "in-vitro transcription, lipid nanoparticle formulation, analytical methods, "
            "fill-finish and GMP validation, and to prepare for WHO prequalification. Experts "
            "with hands-on experience of vaccine process development or biologics manufacturing "
            "are invited."
        ),
        skills=(
            "mRNA vaccines",
            "lipid nanoparticles",
            "GMP validation",
            "bioprocess scale-up",
        ),
        places=(
            ("Viện Vắc xin và Sinh phẩm Y tế (IVAC)", "Khánh Hòa"),
            ("Viện Pasteur TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ),
        engagement="technology_transfer",
        team_size=4,
        subfields=("vaccines", "biopharma_manufacturing"),
        preferred=("US", "DE", "KR"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="biotechnology",
        title="Giải trình tự gen và chọn tạo giống lúa chịu mặn cho Đồng bằng sông Cửu Long",
        description=(
            "Xâm nhập mặn ngày càng gay gắt đe dọa sản xuất lúa ở Đồng bằng sông Cửu Long. Viện "
            "cần hợp tác giải trình tự hệ gen các giống lúa địa phương, xác định gen và chỉ thị "
            "phân tử liên quan đến tính chịu mặn, ứng dụng chọn lọc hệ gen và chỉnh sửa gen "
            "CRISPR, đồng thời xây dựng quy trình tin sinh học để phân tích dữ liệu và đào tạo "
            "cán bộ trẻ."
        ),
        skills=(
            "giải trình tự gen",
            "chọn giống nhờ chỉ thị phân tử",
            "CRISPR",
            "tin sinh học",
        ),
        places=(
            ("Viện Lúa Đồng bằng sông Cửu Long", "Cần Thơ"),
            ("Viện Di truyền Nông nghiệp", "Hà Nội"),
        ),
        engagement="joint_research",
        team_size=4,
        subfields=("agri_biotech", "genomics", "bioinformatics"),
        preferred=("JP", "AU", "US"),
        languages=("vi",),
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="biotechnology",
        title="Disease-resistant shrimp broodstock through genomic selection",
        description=(
            "Viet Nam still imports much of its whiteleg shrimp broodstock, and disease outbreaks "
            "cost farmers heavily every year. The institute seeks partners to establish a "
            "breeding nucleus with genomic selection for resistance to white spot syndrome and "
            "acute hepatopancreatic necrosis, supported by SNP genotyping, pathogen diagnostics "
            "and biosecure recirculating systems."
        ),
        skills=(
            "aquaculture genetics",
            "genomic selection",
            "SNP genotyping",
            "shrimp disease diagnostics",
        ),
        places=(
            ("Viện Nghiên cứu Nuôi trồng Thủy sản II", "TP. Hồ Chí Minh"),
            ("Tập đoàn Việt Úc", "Bạc Liêu"),
        ),
        engagement="joint_research",
        team_size=3,
        subfields=("aquaculture", "genomics"),
        preferred=("Australia", "Singapore"),
    ),
    _NeedTemplate(
        sector="biotechnology",
        title="Bioinformatics core facility for a national genome project",
        description=(
            "A national programme will sequence 10,000 Vietnamese genomes to build a population "
            "reference for precision medicine. The institute needs help to design a scalable "
            "bioinformatics core: NGS pipelines in Nextflow, variant calling and annotation, "
            "secure data storage, population-genomics analyses and a training course for 30 young "
            "bioinformaticians."
        ),
        skills=("NGS pipelines", "variant calling", "population genomics", "Nextflow"),
        places=(
            ("Viện Nghiên cứu hệ gen", "Hà Nội"),
            ("Trung tâm Công nghệ sinh học TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ),
        engagement="training",
        team_size=4,
        subfields=("bioinformatics", "genomics"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="biotechnology",
        title="Đầu tư nhà máy sản xuất thuốc sinh học tương tự (biosimilar) đạt chuẩn GMP",
        description=(
            "Doanh nghiệp dự kiến đầu tư nhà máy sản xuất kháng thể đơn dòng biosimilar đạt chuẩn "
            "EU-GMP. Cần chuyên gia tư vấn lựa chọn công nghệ nuôi cấy tế bào và bioreactor dùng "
            "một lần, quy trình tinh sạch, chiến lược đánh giá tính tương đồng, thiết kế và thẩm "
            "định nhà máy, cũng như kế hoạch chuyển giao công nghệ và đào tạo đội ngũ vận hành."
        ),
        skills=(
            "sản xuất dược phẩm sinh học",
            "GMP",
            "thuốc sinh học tương tự",
            "nuôi cấy tế bào",
        ),
        places=(
            ("Tổng công ty Dược Việt Nam (Vinapharm)", "Hà Nội"),
            ("Công ty Cổ phần Công nghệ sinh học dược Nanogen", "TP. Hồ Chí Minh"),
        ),
        engagement="investment",
        team_size=3,
        subfields=("biopharma_manufacturing", "vaccines"),
        preferred=("KR", "DE"),
        languages=("vi",),
        label="công nghệ sinh học",
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="biotechnology",
        title="Precision fermentation of food ingredients from agricultural by-products",
        description=(
            "Cassava pulp, coffee husks and fish-processing by-products are abundant but mostly "
            "wasted. The university wants to build a joint research programme on precision "
            "fermentation and enzyme technology to turn them into proteins, flavours and "
            "probiotic ingredients, from strain engineering to pilot-scale fermenters and "
            "food-safety assessment. Industrial partners in food processing have committed "
            "co-funding."
        ),
        skills=(
            "precision fermentation",
            "strain engineering",
            "enzyme technology",
            "food safety",
        ),
        places=(
            ("Trường Đại học Nông Lâm TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
            ("Viện Công nghiệp Thực phẩm", "Hà Nội"),
        ),
        engagement="joint_research",
        team_size=3,
        subfields=("food_biotech", "agri_biotech"),
    ),
    _NeedTemplate(
        sector="higher_education",
        title="Co-design a semiconductor engineering curriculum with international accreditation",
        description=(
            "The university will open a bachelor's programme in microelectronics and "
            "semiconductor engineering in 2026 and wants it accredited by ABET or AUN-QA from the "
            "first cohort. We seek experts to co-design learning outcomes and laboratory courses, "
            "set up an industry advisory board, introduce CDIO-style capstone projects with chip "
            "companies, and prepare the self-assessment report."
        ),
        skills=(
            "curriculum design",
            "ABET or AUN-QA accreditation",
            "CDIO",
            "engineering education",
        ),
        places=(
            ("Trường Đại học Bách khoa, Đại học Đà Nẵng", "Đà Nẵng"),
            ("Trường Đại học Công nghệ, ĐHQGHN", "Hà Nội"),
        ),
        engagement="advisory",
        team_size=3,
        subfields=("stem_curriculum", "governance_accreditation"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="higher_education",
        title="Biên soạn giáo trình và tập huấn giáo viên dạy tiếng Việt cho kiều bào",
        description=(
            "Nhiều lớp tiếng Việt cuối tuần ở nước ngoài thiếu giáo trình phù hợp và giáo viên "
            "được đào tạo bài bản. Cần các chuyên gia và giáo viên có kinh nghiệm giảng dạy tiếng "
            "Việt cho thế hệ trẻ người Việt ở nước ngoài tham gia biên soạn bộ giáo trình theo "
            "cấp độ, xây dựng kho học liệu trực tuyến và tổ chức các khóa tập huấn giáo viên theo "
            "hình thức kết hợp."
        ),
        skills=(
            "dạy tiếng Việt như ngôn ngữ di sản",
            "biên soạn giáo trình",
            "tập huấn giáo viên",
            "học liệu trực tuyến",
        ),
        places=(
            ("Ủy ban Nhà nước về người Việt Nam ở nước ngoài", "Hà Nội"),
            ("Trường Đại học Khoa học Xã hội và Nhân văn, ĐHQGHN", "Hà Nội"),
        ),
        engagement="training",
        team_size=5,
        subfields=("vn_language_teaching", "edtech"),
        preferred=("MY", "JP", "KR", "FR"),
        languages=("vi",),
        label="giáo dục đại học",
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="higher_education",
        title="AUN-QA accreditation support for engineering programmes",
        description=(
            "The university has eight engineering programmes preparing for AUN-QA assessment "
            "within two years. It needs experienced reviewers to run mock assessments, coach "
            "programme teams on outcome-based education and evidence collection, strengthen "
            "internal quality-assurance processes and advise the university council on the "
            "governance reforms required by the new autonomy regulations."
        ),
        skills=(
            "AUN-QA",
            "quality assurance",
            "outcome-based education",
            "university governance",
        ),
        places=(("Đại học Thái Nguyên", "Thái Nguyên"), ("Trường Đại học Vinh", "Nghệ An")),
        engagement="advisory",
        team_size=3,
        subfields=("governance_accreditation", "stem_curriculum"),
        languages=("vi", "en"),
    ),
    _NeedTemplate(
        sector="higher_education",
        title="Xây dựng nền tảng học trực tuyến cho đại học vùng",
        description=(
            "Đại học cần xây dựng nền tảng học trực tuyến dùng chung cho các trường thành viên, "
            "phục vụ khoảng 50.000 sinh viên. Chuyên gia sẽ tư vấn lựa chọn hệ thống quản lý học "
            "tập như Moodle hoặc Open edX, thiết kế bài giảng kết hợp, phân tích dữ liệu học tập "
            "để cảnh báo sớm sinh viên có nguy cơ bỏ học và tập huấn cho giảng viên về sản xuất "
            "học liệu số."
        ),
        skills=(
            "hệ thống quản lý học tập",
            "thiết kế bài giảng",
            "phân tích dữ liệu học tập",
            "học liệu số",
        ),
        places=(("Đại học Huế", "Huế"), ("Trường Đại học Tây Nguyên", "Đắk Lắk")),
        engagement="technology_transfer",
        team_size=3,
        subfields=("edtech", "stem_curriculum"),
        languages=("vi",),
        vietnamese=True,
    ),
    _NeedTemplate(
        sector="higher_education",
        title="Joint PhD and co-tutelle framework with overseas universities",
        description=(
            "The university wants to double the number of its doctoral candidates with an "
            "overseas co-supervisor by 2030. It seeks experts in doctoral education and "
            "internationalisation to design a co-tutelle framework, model agreements on credit "
            "and degree recognition, funding schemes for research stays and quality criteria for "
            "joint supervision, drawing on experience from Japan, Europe and Australia."
        ),
        skills=(
            "co-tutelle agreements",
            "doctoral education",
            "international partnerships",
            "credit recognition",
        ),
        places=(("Đại học Quốc gia Hà Nội", "Hà Nội"), ("Đại học Đà Nẵng", "Đà Nẵng")),
        engagement="advisory",
        team_size=4,
        subfields=("phd_training", "student_exchange", "governance_accreditation"),
        preferred=("Japan", "France", "Australia"),
    ),
    _NeedTemplate(
        sector="higher_education",
        title="Vietnamese language and culture summer school for diaspora youth",
        description=(
            "Each summer the university will host 150 young people of Vietnamese origin from "
            "abroad for a four-week programme of language classes, cultural activities and field "
            "trips. We need teachers of Vietnamese as a heritage language and international "
            "exchange specialists to design placement tests and curricula, recruit and prepare "
            "participants through diaspora associations, and arrange credit recognition with "
            "universities abroad."
        ),
        skills=(
            "Vietnamese as a heritage language",
            "summer school design",
            "student exchange",
            "placement testing",
        ),
        places=(
            ("Trường Đại học Khoa học Xã hội và Nhân văn, ĐHQG-HCM", "TP. Hồ Chí Minh"),
            ("Trường Đại học Sư phạm Hà Nội", "Hà Nội"),
        ),
        engagement="training",
        team_size=4,
        subfields=("vn_language_teaching", "student_exchange"),
        preferred=("US", "AU", "FR", "DE"),
        languages=("vi", "en"),
    ),
)
_NEED_PREFIX: dict[str, str] = {
    "semiconductors": "SEMI",
    "ai": "AI",
    "new_materials": "MAT",
    "green_energy": "ENE",
    "biotechnology": "BIO",
    "higher_education": "EDU",
}
_NEEDS_BY_SECTOR: dict[str, tuple[_NeedTemplate, ...]] = {
    s: tuple(t for t in _NEEDS if t.sector == s) for s in _SECTORS
}


# --------------------------------------------------------------------------------------------
# Text helpers.
# --------------------------------------------------------------------------------------------

_AN_LETTERS = frozenset("AEFHILMNORSX")  # acronyms read letter by letter that start with a vowel
_WORD_ACRONYMS = frozenset({"MEMS"})  # acronyms read as a word
_REFERENCE_YEAR = 2025  # fixed, so that output never depends on the clock


def _fold(text: str) -> str:
    """Drop Vietnamese diacritics (đ → d too), as people do on a keyboard without Telex."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _cap(text: str) -> str:
    """Capitalise the first letter only: ``str.capitalize`` would turn "RFIC" into "Rfic"."""
    return text[:1].upper() + text[1:]


def _article(phrase: str) -> str:
    """Prefix "a" or "an" by sound, so that "an RFIC designer" and "a MEMS engineer" read right."""
    first = phrase.split(" ", 1)[0]
    if sum(ch.isupper() for ch in first) >= 2 and first not in _WORD_ACRONYMS:
        vowel = first[0] in _AN_LETTERS
    else:
        vowel = first[:1].lower() in "aeiou"
    return ("an " if vowel else "a ") + phrase


def _join(items: Sequence[str], vietnamese: bool) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + (" và " if vietnamese else " and ") + items[-1]


def _cumulative(weights: Iterable[float]) -> list[float]:
    total = 0.0
    out: list[float] = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


# --------------------------------------------------------------------------------------------
# Profile generation.
# --------------------------------------------------------------------------------------------

_OTHER_SLOT = "__other__"
# One shuffled cycle of sub-fields: exact counts per sub-field, so every need is guaranteed enough
# relevant experts however the random choices fall; three slots in 67 (~5%) are outside the sectors.
_CYCLE: tuple[str, ...] = (
    *(sf.key for sf in _STRATEGIC for _ in range(sf.weight)),
    *(_OTHER_SLOT,) * 3,
)
_INDEX: dict[str, int] = {sf.key: i for i, sf in enumerate(_STRATEGIC)}
# Within the first _VI_SPREAD cycles each sub-field has one profile written in Vietnamese, placed
# in a different cycle per sub-field so they do not bunch at the start of the file.
_VI_SPREAD = 5
_VI_EXTRA = 0.025
_UNACCENTED = 0.12
_FAMILY_NAMES: tuple[str, ...] = tuple(name for name, _ in _FAMILY)
_FAMILY_CUM: list[float] = _cumulative(weight for _, weight in _FAMILY)
_SENIORITY_CUM: list[float] = _cumulative(s[4] for s in _SENIORITY)
_ROLE_CUM: dict[str, tuple[tuple[_Role, ...], list[float]]] = {
    kind: (roles, _cumulative(r.weight for r in roles))
    for kind, roles in (
        (_UNI, _UNIVERSITY_ROLES),
        (_RES, _INSTITUTE_ROLES),
        (_GOV, _GOVERNMENT_ROLES),
        (_ASN, _ASSOCIATION_ROLES),
    )
}
_VN_UNIVERSITY_VI: dict[str, str] = dict(_VN_UNIVERSITIES)


@dataclass(frozen=True)
class _Meta:
    """What the generator knows beyond the emitted fields: ground truth for checks and qrels."""

    subfield: str
    vietnamese: bool
    unaccented: bool
    association: str


class _ProfileFactory:
    """Builds one profile at a time from a single random stream, caching the table lookups."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counters: dict[str, int] = {a.code: 0 for a in _ASSOCIATIONS}
        self._association_cum: dict[tuple[str, bool], list[float]] = {}
        self._org_cache: dict[tuple[str, str, str], tuple[_Org, ...]] = {}
        self._type_cum: dict[str, tuple[tuple[str, ...], list[float]]] = {}
        self._cities: dict[str, tuple[str, ...]] = {
            code: tuple(dict.fromkeys(org[2] for org in country.orgs))
            for code, country in _COUNTRIES.items()
        }
        self._folded: dict[str, str] = {}

    # -- lookups ------------------------------------------------------------------------------

    def fold(self, text: str) -> str:
        folded = self._folded.get(text)
        if folded is None:
            folded = self._folded[text] = _fold(text)
        return folded

    def association(self, sf: _SubField, vietnamese: bool) -> _Association:
        key = (sf.key, vietnamese)
        cum = self._association_cum.get(key)
        if cum is None:
            weights = []
            for assoc in _ASSOCIATIONS:
                affinity = dict(assoc.affinity)
                factor = affinity.get(sf.key, affinity.get(sf.sector, assoc.default))
                weights.append(assoc.size * factor * (assoc.vi_affinity if vietnamese else 1.0))
            cum = self._association_cum[key] = _cumulative(weights)
        return self.rng.choices(_ASSOCIATIONS, cum_weights=cum)[0]

    def orgs(self, country: str, sf: _SubField, kind: str) -> tuple[_Org, ...]:
        key = (country, sf.key, kind)
        found = self._org_cache.get(key)
        if found is None:
            found = self._org_cache[key] = tuple(
                org
                for org in _COUNTRIES[country].orgs
                if (kind == "*" or org[1] == kind) and _fits(org, sf)
            )
        return found

    def org_type(self, sf: _SubField) -> str:
        table = self._type_cum.get(sf.key)
        if table is None:
            pairs = _TYPE_WEIGHTS.get(sf.key) or _TYPE_WEIGHTS[sf.sector]
            table = self._type_cum[sf.key] = (
                tuple(kind for kind, _ in pairs),
                _cumulative(weight for _, weight in pairs),
            )
        return self.rng.choices(table[0], cum_weights=table[1])[0]

    # -- parts of a profile -------------------------------------------------------------------

    def name(self, country: _Country) -> tuple[str, str, str]:
        """Full name as the association wrote it, plus folded given and family names."""
        rng = self.rng
        family = rng.choices(_FAMILY_NAMES, cum_weights=_FAMILY_CUM)[0]
        female = rng.random() < 0.42
        middle = rng.choice(_MIDDLE_FEMALE if female else _MIDDLE_MALE)
        given = rng.choice(_GIVEN_FEMALE if female else _GIVEN_MALE)
        while given == middle:
            given = rng.choice(_GIVEN_FEMALE if female else _GIVEN_MALE)
        western = 0.08 if country.english or country.alpha2 in {"FR", "DE", "NL", "SE"} else 0.03
        draw = rng.random()
        if draw < western:
            display = f"{self.fold(given)} {self.fold(family)}"
        elif draw < western + 0.04:
            display = f"{self.fold(family)} {self.fold(middle)} {self.fold(given)}"
        else:
            display = f"{family} {middle} {given}"
        return display, self.fold(given).lower(), self.fold(family).lower()

    def affiliation(self, country: _Country, sf: _SubField) -> tuple[str, str, str]:
        """(name as written in prose, affiliation_type, city) of the expert's employer."""
        rng = self.rng
        if rng.random() < 0.03:
            home = [org for org in _HOME_ORGS if _fits(org, sf)]
            if home:
                org = rng.choice(home)
                return org[0], org[1], rng.choice(self._cities[country.alpha2])
        kind = self.org_type(sf)
        candidates = (
            self.orgs(country.alpha2, sf, kind)
            or self.orgs(country.alpha2, sf, _UNI)
            or self.orgs(country.alpha2, sf, "*")
        )
        org = rng.choice(candidates)
        return org[0], org[1], org[2]

    def role(self, sf: _SubField, org_type: str) -> tuple[str, str, int, str, bool]:
        """(English title, Vietnamese title, years of experience, kind, senior)."""
        rng = self.rng
        staff = org_type == _UNI and sf.sector == "higher_education" and rng.random() < 0.5
        if org_type in (_COM, _OTH) or staff:
            i = rng.randrange(min(len(sf.en.roles), len(sf.vi.roles)))
            en, vi = sf.en.roles[i], sf.vi.roles[i]
            if org_type != _COM:
                years = rng.randint(2, 25)
                return en, vi, years, "staff", years >= 12
            prefix, vi_form, low, high, _ = rng.choices(_SENIORITY, cum_weights=_SENIORITY_CUM)[0]
            vi = vi + vi_form if vi_form.startswith(" ") or not vi_form else vi_form
            return prefix + en, vi, rng.randint(low, high), "industry", bool(prefix)
        roles, cum = _ROLE_CUM[org_type]
        role = rng.choices(roles, cum_weights=cum)[0]
        return role.en, role.vi, rng.randint(role.low, role.high), role.kind, role.senior

    def expertise(
        self,
        sf: _SubField,
        vietnamese: bool,
        field: str,
        role: tuple[str, str, int, str, bool],
        affiliation: str,
        country: _Country,
        second: _SubField | None,
    ) -> str:
        """A 40-120 word bio: fixed opening sentences, then optional ones up to a random length."""
        rng = self.rng
        title_en, title_vi, years, kind, senior = role
        first = rng.random() < 0.25
        text = sf.vi if vietnamese else sf.en
        methods = rng.sample(text.methods, 3)
        app = rng.choice(text.apps)
        tools = rng.sample(sf.tools, min(len(sf.tools), rng.choice((2, 3))))
        if vietnamese:
            tools = [_TOOLS_VI.get(tool, tool) for tool in tools]
        tool_list = _join(tools, vietnamese)
        projects = rng.sample(text.projects, 2)
        venues = [v.removeprefix("the ") if vietnamese else v for v in rng.sample(sf.venues, 2)]
        junior = kind in ("phd", "postdoc") or years < 5
        goal_en, goal_vi = rng.choice(_GOALS[sf.sector])
        engagement_en, engagement_vi = rng.choice(_ENGAGEMENTS)
        vnu_en, vnu_vi = rng.choice(_VN_UNIVERSITIES)
        team_en, team_vi = _TEAM_NOUN[sf.sector]
        phd_from = (
            rng.choice([o[0] for o in country.orgs if o[1] == _UNI and "*" in o[3].split()])
            if rng.random() < 0.6
            else rng.choice(_PHD_ABROAD)
        )
        shift = rng.randint(2, 5) if kind in ("academic", "postdoc") else -rng.randint(0, 3)
        phd_year = min(_REFERENCE_YEAR - 1, _REFERENCE_YEAR - years + shift)
        draw = rng.random()
        pick = rng.randrange(3)
        papers = rng.randint(max(2, years // 2), max(4, min(180, years * 4)))
        supervised = rng.randint(3, max(4, years))
        team = rng.randint(4, 25)
        patents = rng.randint(1, max(1, years // 3))
        m0, m1, m2 = methods
        p0, p1 = projects
        v0, v1 = venues

        if vietnamese:
            role_vi = title_vi
            affiliation = affiliation.removeprefix("the ")
            opening = (
                f"Tôi là {role_vi} tại {affiliation}, có {years} năm kinh nghiệm trong lĩnh vực "
                f"{field}."
                if first
                else (
                    f"{_cap(role_vi)} tại {affiliation}, có {years} năm kinh nghiệm trong lĩnh "
                    f"vực {field}.",
                    f"{_cap(role_vi)} với {years} năm kinh nghiệm về {field}, hiện công tác tại "
                    f"{affiliation}.",
                )[pick % 2]
            )
            me = "Tôi " if first else ""
            my = " của tôi" if first else ""
            core = (
                f"{_cap(me + 'chuyên sâu về')} {m0}, cũng như {m1}, chủ yếu ứng dụng cho {app}.",
                f"Các hướng chuyên môn chính{my} gồm: {m0}; {m1}; {m2}.",
                f"Công việc hiện tại{my} tập trung vào {m0} cùng với {m1}, phục vụ {app}.",
            )[pick]
            uses = (
                f"{_cap(me + 'sử dụng thành thạo')} {tool_list}.",
                f"Công cụ thường dùng: {tool_list}.",
            )
            if junior:
                project = f"{_cap(me + 'tham gia')} {p0}."
            elif draw < 0.5:
                project = f"{_cap(me + 'từng chủ trì')} {p0}."
            else:
                project = f"{_cap(me + 'đã tham gia')} {p0} và {p1}."
            papers_text = (
                f"Tôi đã công bố {papers} bài báo khoa học, chủ yếu trên {v0} và {v1}."
                if first
                else f"Là tác giả và đồng tác giả của {papers} bài báo khoa học, chủ yếu đăng "
                f"trên {v0} và {v1}."
            )
            patents_text = f"{_cap(me + 'sở hữu')} {patents} bằng sáng chế về {m2}."
            supervise_text = f"{_cap(me + 'đã hướng dẫn')} {supervised} nghiên cứu sinh và học " + (
                "viên cao học."
            )
            team_text = f"{_cap(me + 'hiện quản lý')} nhóm {team} {team_vi}."
            phd_vi = _VN_UNIVERSITY_VI.get(phd_from, phd_from.removeprefix("the "))
            phd_text = f"{_cap(me + 'nhận bằng tiến sĩ tại')} {phd_vi} năm {phd_year}."
            second_text = (
                f"Ngoài ra, {me.lower()}còn quan tâm đến {second.vi.field[0]}, đặc biệt là "
                f"{rng.choice(second.vi.methods)}."
                if second
                else ""
            )
            vietnam = (
                f"{_cap(me + 'mong muốn')} đóng góp cho {goal_vi} thông qua {engagement_vi}.",
                f"{_cap(me + 'đã thỉnh giảng tại')} {vnu_vi} và sẵn sàng tham gia "
                f"{engagement_vi} với các đối tác trong nước.",
            )[pick % 2]
        else:
            a_role = _article(title_en)
            y = f"{years} year" if years == 1 else f"{years} years"
            if first:
                opening = (
                    f"I am {a_role} at {affiliation} with {y} of experience in {field}.",
                    f"I have worked in {field} for {y} and am currently {a_role} at {affiliation}.",
                )[pick % 2]
            else:
                openings = [
                    f"{_cap(title_en)} at {affiliation} with {y} of experience in {field}.",
                    f"{_cap(title_en)} with {y} of experience in {field}, currently at "
                    f"{affiliation}.",
                ]
                if years >= 2:
                    openings.append(
                        f"{_cap(title_en)} at {affiliation}, working in {field} for the past {y}."
                    )
                opening = openings[pick % len(openings)]
            core = (
                (
                    f"My work covers {m0} as well as {m1}, mainly for {app}.",
                    f"I specialise in {m0} and have hands-on experience in {m1} and in {m2}.",
                    f"My recent work has focused on {m0} and on {m1} for {app}.",
                )
                if first
                else (
                    f"Works on {m0} as well as {m1}, mainly for {app}.",
                    f"Specialises in {m0}, with hands-on experience in {m1} and in {m2}.",
                    f"Recent work has focused on {m0} and on {m1} for {app}.",
                )
            )[pick]
            uses = (
                (f"I use {tool_list} on a daily basis.", f"I am experienced with {tool_list}.")
                if first
                else (f"Uses {tool_list} on a daily basis.", f"Experienced with {tool_list}.")
            )
            if junior:
                project = f"I contributed to {p0}." if first else f"Contributed to {p0}."
            elif draw < 0.5:
                project = f"I led {p0}." if first else f"Led {p0}."
            else:
                project = (
                    f"My key contributions include {p0} and {p1}."
                    if first
                    else f"Key contributions include {p0} and {p1}."
                )
            papers_text = (
                f"I have published {papers} peer-reviewed papers, mainly in {v0} and {v1}."
                if first
                else f"Author or co-author of {papers} peer-reviewed papers, mainly in {v0} and "
                f"{v1}."
            )
            held = f"{patents} patent" if patents == 1 else f"{patents} patents"
            patents_text = f"I hold {held} on {m2}." if first else f"Holds {held} on {m2}."
            supervise_text = (
                f"I have supervised {supervised} PhD and master's students."
                if first
                else f"Has supervised {supervised} PhD and master's students."
            )
            team_text = (
                f"I manage a team of {team} {team_en}."
                if first
                else f"Manages a team of {team} {team_en}."
            )
            phd_text = (
                f"I received my PhD from {phd_from} in {phd_year}."
                if first
                else f"Received a PhD from {phd_from} in {phd_year}."
            )
            second_text = (
                (
                    f"I am also interested in {second.en.field[0]}, especially "
                    if first
                    else f"Also interested in {second.en.field[0]}, especially "
                )
                + f"{rng.choice(second.en.methods)}."
                if second
                else ""
            )
            vietnam = (
                (
                    f"I would like to support {goal_en} through {engagement_en}."
                    if first
                    else f"Keen to support {goal_en} through {engagement_en}."
                ),
                (
                    f"I have given guest lectures at {vnu_en} and would welcome {engagement_en} "
                    "with Vietnamese partners."
                    if first
                    else f"Has given guest lectures at {vnu_en} and would welcome "
                    f"{engagement_en} with Vietnamese partners."
                ),
            )[pick % 2]

        academic = kind in ("academic", "postdoc", "phd")
        if academic or (kind == "industry" and draw < 0.3 and years >= 5):
            output = papers_text
        elif kind == "industry" and draw > 0.5:
            output = patents_text
        else:
            output = ""
        if senior and kind == "academic":
            lead = supervise_text
        elif senior:
            lead = team_text
        else:
            lead = ""
        phd_chance = 0.8 if kind in ("academic", "postdoc") else 0.0 if kind == "phd" else 0.4
        phd = phd_text if rng.random() < phd_chance else ""

        # Canonical order; opening, core and the second interest always appear.
        slots = [opening, core, rng.choice(uses), project, output, lead, phd, second_text, vietnam]
        fixed = {0, 1, 7}
        chosen = {i for i in fixed if slots[i]}
        words = sum(len(slots[i].split()) for i in chosen)
        # Vietnamese counts syllables as words, so the same content runs about a third longer.
        target = rng.randint(62, 112) if vietnamese else rng.randint(50, 105)
        optional = [i for i in range(len(slots)) if i not in fixed and slots[i]]
        rng.shuffle(optional)
        for i in optional:
            count = len(slots[i].split())
            if words >= target:
                break
            if words + count <= 120:
                chosen.add(i)
                words += count
        for i in optional:
            if words >= 40 and len(chosen) >= 4:
                break
            count = len(slots[i].split())
            if i not in chosen and words + count <= 120:
                chosen.add(i)
                words += count
        return " ".join(slots[i] for i in sorted(chosen))

    def profile(self, index: int, sf: _SubField, vietnamese: bool) -> tuple[Record, _Meta]:
        rng = self.rng
        assoc = self.association(sf, vietnamese)
        country = _COUNTRIES[assoc.country]
        self.counters[assoc.code] += 1
        pid = f"{country.alpha2}-{assoc.code}-{self.counters[assoc.code]:04d}"
        name, given, family = self.name(country)
        org, org_type, city = self.affiliation(country, sf)
        role = self.role(sf, org_type)
        second = _BY_KEY[rng.choice(sf.related)] if rng.random() < 0.35 else None
        text = sf.vi if vietnamese else sf.en
        field = rng.choice(text.field)
        expertise = self.expertise(sf, vietnamese, field, role, org, country, second)

        keywords = rng.sample(text.keywords, min(len(text.keywords), rng.randint(3, 5)))
        if second is not None and rng.random() < 0.6:
            extra = rng.choice((second.vi if vietnamese else second.en).keywords)
            if extra not in keywords:
                keywords.append(extra)
        sector_keys = [sf.sector]
        if second is not None and second.sector not in (sf.sector, "other") and rng.random() < 0.7:
            sector_keys.append(second.sector)
        sectors = [self.sector_text(key, vietnamese) for key in sector_keys]

        unaccented = vietnamese and rng.random() < _UNACCENTED
        if unaccented:
            field, expertise = _fold(field), _fold(expertise)
            keywords = [_fold(k) for k in keywords]
            sectors = [_fold(s) for s in sectors]
            if rng.random() < 0.5:
                name = self.fold(name)

        languages = ["vi"]
        if country.english or rng.random() < 0.93:
            languages.append("en")
        for code, chance in country.local:
            if rng.random() < chance:
                languages.append(code)
        years = role[2]
        if years >= 25 and rng.random() < 0.3:
            languages.append("ru")  # many of that generation studied in the Soviet Union
        elif rng.random() < 0.04:
            extra_language = rng.choice(("fr", "de", "ja", "zh"))
            if extra_language not in languages:
                languages.append(extra_language)

        capacity = rng.choices((1, 2, 3), cum_weights=(55, 90, 100))[0]
        consent = rng.random() < 0.62
        email = (
            f"{given}.{family}.{index + 1}@{assoc.domain}"
            if consent or rng.random() < 0.5
            else None
        )
        written_country = (
            country.alpha2 if assoc.alpha2_form != (rng.random() < 0.08) else country.name
        )

        record: Record = {"id": pid, "name": name, "country": written_country}
        if rng.random() >= 0.08:
            record["city"] = city
        record["field"] = field
        record["sectors"] = sectors
        record["affiliation"] = org.removeprefix("the ")
        record["affiliation_type"] = org_type
        record["association"] = assoc.name
        record["expertise"] = expertise
        record["keywords"] = keywords
        record["languages"] = languages
        if rng.random() >= 0.04:
            record["years_experience"] = years
        if rng.random() >= 0.15:
            record["capacity"] = capacity
        if consent or rng.random() < 0.6:
            record["consent_to_contact"] = consent
        if email is not None:
            record["email"] = email
        return record, _Meta(sf.key, vietnamese, unaccented, assoc.code)

    def sector_text(self, key: str, vietnamese: bool) -> str:
        """Mostly the key; sometimes a label, as a coordinator filling a form would type it."""
        draw = self.rng.random()
        if vietnamese and draw < 0.25 and key in _VI_LABELS:
            return _VI_LABELS[key]
        if not vietnamese and draw < 0.06 and key in _EN_LABELS:
            return _EN_LABELS[key]
        return key


def _fits(org: _Org, sf: _SubField) -> bool:
    tags = org[3].split()
    if sf.key == "vn_language_teaching":
        return "lang" in tags
    return "*" in tags or sf.sector in tags or sf.key in tags


def _iter_profiles(n: int, seed: int) -> Iterator[tuple[Record, _Meta]]:
    """Yield profiles one by one, so that 600,000 of them never sit in memory together."""
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}")
    factory = _ProfileFactory(seed)
    rng = factory.rng
    order: list[str] = []
    seen: set[str] = set()
    for index in range(n):
        cycle, position = divmod(index, len(_CYCLE))
        if position == 0:
            order = list(_CYCLE)
            rng.shuffle(order)
            seen = set()
        key = order[position]
        if key == _OTHER_SLOT:
            sf = rng.choice(_OTHER)
            vietnamese = rng.random() < 0.12
        else:
            sf = _BY_KEY[key]
            planned = key not in seen and cycle % _VI_SPREAD == _INDEX[key] % _VI_SPREAD
            seen.add(key)
            vietnamese = planned or rng.random() < _VI_EXTRA
        yield factory.profile(index, sf, vietnamese)


def generate_profiles(n: int, seed: int = 57) -> list[dict[str, object]]:
    """``n`` expert profiles with DATA.md fields only; the first k are the same for any n >= k.

    >>> first = generate_profiles(2)[0]
    >>> first == generate_profiles(1)[0], first["languages"][0]
    (True, 'vi')
    """
    return [record for record, _ in _iter_profiles(n, seed)]


# --------------------------------------------------------------------------------------------
# Need generation.
# --------------------------------------------------------------------------------------------


def _iter_needs(n: int, seed: int) -> Iterator[tuple[Record, _NeedTemplate]]:
    """Sectors in turn, templates in turn; beyond the 36 templates, vary host, place and team."""
    if n < 0:
        raise ValueError(f"n must be zero or more, got {n}")
    rng = random.Random(seed)
    counters = dict.fromkeys(_SECTORS, 0)
    for index in range(n):
        sector = _SECTORS[index % len(_SECTORS)]
        templates = _NEEDS_BY_SECTOR[sector]
        turn = index // len(_SECTORS)
        template = templates[turn % len(templates)]
        round_ = turn // len(templates)
        counters[sector] += 1
        need_id = f"N-{_NEED_PREFIX[sector]}-{counters[sector]:02d}"
        yield _need(template, need_id, round_, rng), template


def _need(template: _NeedTemplate, need_id: str, round_: int, rng: random.Random) -> Record:
    preferred = list(template.preferred)
    languages = list(template.languages)
    if round_ == 0:
        host, location = template.places[0]
        team_size = template.team_size
        suffix = ""
    else:
        host, location = rng.choice(template.places)
        team_size = rng.randint(2, 5)
        if preferred and rng.random() < 0.5:
            keep = set(rng.sample(preferred, rng.randint(1, len(preferred))))
            preferred = [c for c in preferred if c in keep]
        suffix = f" (đợt {round_ + 1})" if template.vietnamese else f" (round {round_ + 1})"
    record: Record = {
        "id": need_id,
        "title": template.title.format(location=location) + suffix,
        "sector": template.label or template.sector,
        "description": template.description.format(location=location),
        "required_skills": list(template.skills),
        "host": host,
        "location": location,
    }
    if preferred:
        record["preferred_countries"] = preferred
    record["engagement"] = template.engagement
    record["team_size"] = team_size
    if languages:
        record["languages"] = languages
    return record


def generate_needs(n: int, seed: int = 57) -> list[dict[str, object]]:
    """``n`` needs, six sectors in turn; the first 36 are the hand-written templates as they are.

    >>> [need["id"] for need in generate_needs(37)][-1]
    'N-SEMI-07'
    """
    return [record for record, _ in _iter_needs(n, seed)]


# --------------------------------------------------------------------------------------------
# Writing.
# --------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    """CSV cell per DATA.md: lists joined by ';', booleans as true/false, missing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value)


def _write_csv(
    path: Path, fields: Sequence[str], records: Iterable[Record], bom: bool = False
) -> bool:
    return write_new(path, _csv_chunks(fields, records, bom))


def _csv_chunks(
    fields: Sequence[str], records: Iterable[Record], bom: bool, rows_per_chunk: int = 8192
) -> Iterator[bytes]:
    """The CSV in pieces of a few thousand rows, so that a scale run's file is never in memory."""
    if bom:
        yield "\ufeff".encode()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    for count, record in enumerate(records, start=1):
        writer.writerow([_cell(record.get(name)) for name in fields])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _write_yaml(path: Path, records: list[Record]) -> bool:
    text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False)
    return write_new(path, [text.encode()])


def _write_json(path: Path, records: list[Record]) -> bool:
    text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    return write_new(path, [text.encode()])


def write_sample(
    out_dir: str | Path,
    n_profiles: int = 420,
    n_needs: int = 36,
    seed: int = 57,
    layout: Literal["associations", "csv"] = "associations",
) -> list[Path]:
    """Write out_dir/profiles/... and out_dir/needs/...; return the files written.

    ``associations`` (the shipped sample) writes one file per association in the format that
    association uses (YAML, JSON, or CSV, one of them with a BOM as Excel saves it) and one YAML
    file of needs per sector. ``csv`` writes only ``profiles/profiles.csv`` and ``needs/needs.csv``,
    streaming rows, for scale runs. Existing files of the other layout are left alone, and would
    duplicate ids: write each layout into its own directory. A file that already exists is kept
    when it holds exactly what would be written, and refused (``DataError``) otherwise: sample
    data never replaces anyone's files.
    """
    if layout not in ("associations", "csv"):
        raise ValueError(f"layout must be 'associations' or 'csv', got {layout!r}")
    root = Path(out_dir)
    profiles_dir = root / "profiles"
    needs_dir = root / "needs"
    profiles_dir.mkdir(parents=True, exist_ok=True)
    needs_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    if layout == "csv":
        path = profiles_dir / "profiles.csv"
        _write_csv(path, _PROFILE_FIELDS, (r for r, _ in _iter_profiles(n_profiles, seed)))
        written.append(path)
        path = needs_dir / "needs.csv"
        _write_csv(path, _NEED_FIELDS, (r for r, _ in _iter_needs(n_needs, seed)))
        written.append(path)
        return written

    by_association: dict[str, list[Record]] = {a.code: [] for a in _ASSOCIATIONS}
    for record, meta in _iter_profiles(n_profiles, seed):
        by_association[meta.association].append(record)
    for assoc in _ASSOCIATIONS:
        records = by_association[assoc.code]
        if not records:
            continue
        extension = "csv" if assoc.fmt.startswith("csv") else assoc.fmt
        path = profiles_dir / f"{assoc.stem}.{extension}"
        if assoc.fmt == "yaml":
            _write_yaml(path, records)
        elif assoc.fmt == "json":
            _write_json(path, records)
        else:
            _write_csv(path, _PROFILE_FIELDS, records, bom=assoc.fmt == "csv-bom")
        written.append(path)

    by_sector: dict[str, list[Record]] = {sector: [] for sector in _SECTORS}
    for record, template in _iter_needs(n_needs, seed):
        by_sector[template.sector].append(record)
    for sector in _SECTORS:
        if by_sector[sector]:
            path = needs_dir / f"{sector}.yaml"
            _write_yaml(path, by_sector[sector])
            written.append(path)
    return written
