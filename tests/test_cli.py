import io
import shutil

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from bridge_match.cli import app
from bridge_match.export import SHORTLIST_COLUMNS
from bridge_match.persist import FORMAT_VERSION
from tests.conftest import DATA, TINY, current_version

runner = CliRunner()
DATA_ARGS = ["--profiles", str(TINY / "profiles"), "--needs", str(TINY / "needs")]


def run(*args, model_dir=None):
    extra = ["--model-dir", str(model_dir)] if model_dir else []
    return runner.invoke(app, [*args, *extra])


def test_every_command_has_help():
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert command.help, name
        assert runner.invoke(app, [name, "--help"]).exit_code == 0
        for param in command.params:
            assert param.help or param.name == "help" or param.hidden, (name, param.name)


def test_recommend_csv_has_bom_and_contract_columns(tmp_path):
    target = tmp_path / "out.csv"
    result = run(
        "recommend",
        "--need",
        "semiconductors",
        *DATA_ARGS,
        "--format",
        "csv",
        "--output",
        str(target),
        model_dir=tmp_path / "m",
    )
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(frame.columns)[: len(SHORTLIST_COLUMNS)] == SHORTLIST_COLUMNS
    assert set(frame.need_id) == {"N-SEMI-VI", "N-PKG-EN"}
    assert "Nguyễn Văn An" in set(frame.name)


@pytest.mark.parametrize("label", ["bán dẫn", "ban dan", "Semiconductors", "BÁN DẪN"])
def test_sector_labels_give_the_same_rows(tmp_path, label):
    reference = run(
        "recommend", "--need", "semiconductors", *DATA_ARGS, "--format", "json", model_dir=tmp_path
    )
    result = run(
        "recommend", "--need", label, *DATA_ARGS, "--format", "json", model_dir=tmp_path / "model"
    )
    assert result.exit_code == 0
    assert result.stdout == reference.stdout


def test_need_id_and_table_output(tmp_path):
    result = run(
        "recommend", "--need", "N-AI-EN", "--top-k", "2", *DATA_ARGS, model_dir=tmp_path / "model"
    )
    assert result.exit_code == 0, result.output
    assert "N-AI-EN" in result.stdout
    assert "Lê Minh Châu" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_unknown_need_lists_sectors_and_close_ids(tmp_path):
    result = run("recommend", "--need", "N-AI-E", *DATA_ARGS, model_dir=tmp_path / "model")
    assert result.exit_code == 2
    assert "green_energy" in result.stderr
    assert "N-AI-EN" in result.stderr
    assert "Traceback" not in result.output


def test_validate_lists_all_five_faults_without_traceback():
    bad = DATA / "bad" / "five_faults"
    result = run("validate", "--profiles", str(bad / "profiles"), "--needs", str(bad / "needs"))
    assert result.exit_code == 2
    assert "read 7, accepted 2, rejected 5" in result.stdout
    for fragment in (
        "members.yaml:6: name",
        "members.yaml:10: country",
        "members.csv:2: sectors",
        "members.yaml:1: id: duplicate",
        "members.csv:4: row has 7 cells",
    ):
        assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_validate_good_data():
    result = run("validate", *DATA_ARGS)
    assert result.exit_code == 0
    assert "no problems found" in result.stdout


def test_fit_then_recommend_uses_the_model_and_follows_changes(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", profiles)
    args = ["--profiles", str(profiles), "--needs", str(TINY / "needs")]
    model = tmp_path / "model"
    fitted = runner.invoke(app, ["fit", "--profiles", str(profiles), "--model-dir", str(model)])
    assert fitted.exit_code == 0
    assert "fitted 10 experts" in fitted.stdout
    first = run("recommend", "--need", "ai", *args, "--format", "json", model_dir=model)
    assert first.exit_code == 0
    assert "refitted" not in first.stderr
    first_version = current_version(model)

    csv_file = profiles / "europe.csv"
    csv_file.write_text(
        csv_file.read_text("utf-8-sig").replace("vaccine development", "vaccine research"), "utf-8"
    )
    second = run("recommend", "--need", "ai", *args, "--format", "json", model_dir=model)
    assert second.exit_code == 0
    assert "profiles changed" in second.stderr
    assert "updated the model" in second.stderr
    assert current_version(model) != first_version
    assert not first_version.exists()
    third = run("recommend", "--need", "ai", *args, "--format", "json", model_dir=model)
    assert "changed" not in third.stderr

    csv_file.write_text(
        csv_file.read_text("utf-8").replace("vaccine research", "zebrafish toxicology"), "utf-8"
    )
    fourth = run("recommend", "--need", "ai", *args, "--format", "json", model_dir=model)
    assert "refitted and saved" in fourth.stderr


def test_model_from_another_version_is_refused(tmp_path):
    model = tmp_path / "model"
    runner.invoke(app, ["fit", "--profiles", str(TINY / "profiles"), "--model-dir", str(model)])
    manifest = current_version(model) / "manifest.json"
    text = manifest.read_text("utf-8")
    current = f'"format_version": {FORMAT_VERSION}'
    assert current in text
    manifest.write_text(text.replace(current, '"format_version": 99'), "utf-8")
    result = run("recommend", "--need", "ai", *DATA_ARGS, model_dir=model)
    assert result.exit_code == 1
    assert "format 99" in result.stderr
    assert "bridge-match fit" in result.stderr


def test_bad_rules_file_is_exit_2(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("sector_match: -1\n", "utf-8")
    result = run(
        "recommend", "--need", "ai", *DATA_ARGS, "--rules", str(rules), model_dir=tmp_path / "model"
    )
    assert result.exit_code == 2
    assert "sector_match" in result.stderr


def test_assign_writes_contract_columns_and_respects_conflicts(tmp_path):
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text("need_id,expert_id\nN-AI-EN,E03\n", "utf-8")
    target = tmp_path / "teams.csv"
    result = run(
        "assign",
        *DATA_ARGS,
        "--conflicts",
        str(conflicts),
        "--format",
        "csv",
        "--output",
        str(target),
        model_dir=tmp_path / "model",
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(target, encoding="utf-8-sig")
    assert list(frame.columns) == [
        "need_id",
        "need_title",
        "sector",
        "expert_id",
        "name",
        "country",
        "affiliation",
        "score",
        "reasons",
    ]
    assert not ((frame.need_id == "N-AI-EN") & (frame.expert_id == "E03")).any()
    assert "places filled" in result.stderr
    per_expert = frame.groupby("expert_id").size()
    assert per_expert.get("E01", 0) <= 1


def test_assign_bad_conflicts_file_is_exit_2(tmp_path):
    conflicts = tmp_path / "conflicts.csv"
    conflicts.write_text("need,expert\nN-AI-EN,E03\n", "utf-8")
    result = run("assign", *DATA_ARGS, "--conflicts", str(conflicts), model_dir=tmp_path / "model")
    assert result.exit_code == 2
    assert "conflicts.csv" in result.stderr


def test_coverage_command_writes_the_report(tmp_path):
    pytest.importorskip("matplotlib")
    result = run(
        "coverage",
        "--output",
        str(tmp_path / "report"),
        *DATA_ARGS,
        "--threshold",
        "0.2",
        model_dir=tmp_path / "model",
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report" / "coverage.html").read_text("utf-8")
    assert all(need in html for need in ("N-SEMI-VI", "N-AI-EN", "N-GREEN-VI", "N-PKG-EN"))
    assert (tmp_path / "report" / "coverage.png").read_bytes().startswith(b"\x89PNG")


def test_xlsx_output_for_shortlists_and_teams(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    for command in ("recommend", "assign"):
        target = tmp_path / f"{command}.xlsx"
        extra = ["--need", "semiconductors"] if command == "recommend" else []
        result = run(
            command,
            *extra,
            *DATA_ARGS,
            "--format",
            "xlsx",
            "--output",
            str(target),
            model_dir=tmp_path / "model",
        )
        assert result.exit_code == 0, result.output
        book = openpyxl.load_workbook(target)
        assert "Semiconductors" in book.sheetnames
        sheet = book["Semiconductors"]
        assert sheet.freeze_panes == "A2"
        names = {c.value for c in sheet["F" if command == "recommend" else "E"]}
        assert "Nguyễn Văn An" in names or "Bùi Thị Hà" in names
    missing = run(
        "recommend", "--need", "ai", *DATA_ARGS, "--format", "xlsx", model_dir=tmp_path / "model"
    )
    assert missing.exit_code == 2


def test_evaluate_prints_the_table_and_rejects_bad_judgements(tmp_path):
    qrels = tmp_path / "qrels.csv"
    qrels.write_text("need_id,expert_id,relevance\nN-AI-EN,E03,3\nN-AI-EN,E09,1\n", "utf-8")
    result = run("evaluate", "--qrels", str(qrels), *DATA_ARGS)
    assert result.exit_code == 0, result.output
    assert "| all | 1 |" in result.stdout
    qrels.write_text("need_id,expert_id,relevance\nN-AI-EN,E03,7\n", "utf-8")
    bad = run("evaluate", "--qrels", str(qrels), *DATA_ARGS)
    assert bad.exit_code == 2
    assert "qrels.csv:2" in bad.stderr


def test_validate_reports_likely_duplicates_with_both_places(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", profiles)
    (profiles / "other_association.csv").write_text(
        "id,name,country,field,affiliation,email\n"
        "X01,An Nguyen Van,JP,lithography,Kanto Wafer Works Co. Ltd,AN.NGUYEN@example.org\n",
        "utf-8",
    )
    result = run("validate", "--profiles", str(profiles), "--needs", str(TINY / "needs"))
    assert result.exit_code == 0
    assert "1 likely duplicate(s)" in result.stdout
    assert "japan.yaml:1" in result.stdout
    assert "other_association.csv:2" in result.stdout


def test_skip_invalid_ranks_with_the_valid_records_and_rejects_lists_the_rest(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", profiles)
    shutil.copy(DATA / "bad" / "five_faults" / "profiles" / "members.csv", profiles)
    rejects = tmp_path / "rejects.csv"
    args = ["--profiles", str(profiles), "--needs", str(TINY / "needs")]
    strict = run("recommend", "--need", "ai", *args, model_dir=tmp_path / "model")
    assert strict.exit_code == 2
    lenient = run(
        "recommend",
        "--need",
        "ai",
        *args,
        "--skip-invalid",
        "--rejects",
        str(rejects),
        "--format",
        "csv",
        model_dir=tmp_path / "model",
    )
    assert lenient.exit_code == 0, lenient.output
    assert "skipped 2 of 14 profiles" in lenient.stderr
    frame = pd.read_csv(rejects, encoding="utf-8-sig")
    assert list(frame.columns[:7]) == [
        "source",
        "line",
        "count",
        "problems",
        "id",
        "name",
        "country",
    ]
    assert sorted(frame.line) == [2, 4]
    assert "rejects: 2 rows in" in lenient.stderr
    needs_rejects = pd.read_csv(tmp_path / "rejects.needs.csv", encoding="utf-8-sig")
    assert needs_rejects.empty
    assert list(needs_rejects.columns[:6]) == ["source", "line", "count", "problems", "id", "title"]
    assert "quantum basket weaving" in frame.problems.iloc[0] + frame.problems.iloc[1]
    report = run("validate", *args, "--rejects", str(tmp_path / "r2.csv"))
    assert "read 14, accepted 12, rejected 2" in report.stdout


def test_progress_bar_draws_only_on_a_terminal_after_a_moment(monkeypatch):
    import io

    from rich.console import Console

    from bridge_match import terminal

    monkeypatch.setattr(terminal, "BAR_AFTER_SECONDS", 0.0)
    piped = io.StringIO()
    bar = terminal._Bar(Console(file=piped))
    bar("ranking", 3, 10)
    bar.close()
    assert piped.getvalue() == ""

    screen = io.StringIO()
    bar = terminal._Bar(Console(file=screen, force_terminal=True, width=100))
    bar("ranking", 3, 10)
    bar("ranking", 7, 10)
    bar.close()
    assert "ranking" in screen.getvalue()
    assert "7/10" in screen.getvalue()

    monkeypatch.setattr(terminal, "BAR_AFTER_SECONDS", 60.0)
    quick = io.StringIO()
    bar = terminal._Bar(Console(file=quick, force_terminal=True))
    bar("ranking", 3, 10)
    bar.close()
    assert quick.getvalue() == ""


def _csv(result):
    assert result.exit_code == 0, result.output
    return pd.read_csv(io.StringIO(result.stdout.lstrip("\ufeff")))


def test_recommend_expert_lists_needs_with_reasons(tmp_path):
    frame = _csv(run("recommend", "--expert", "E04", *DATA_ARGS, "--top-k", "2", "--format", "csv"))
    assert list(frame.columns[:4]) == ["need_id", "need_title", "sector", "rank"]
    assert list(frame["rank"]) == [1, 2]
    assert frame.need_id[0] == "N-GREEN-VI"
    assert frame.reasons.notna().all()
    table = run("recommend", "--expert", "E04", *DATA_ARGS)
    assert table.exit_code == 0
    assert "N-GREEN-VI" in table.stdout


def test_recommend_text_in_either_language_finds_the_same_expert(tmp_path):
    for text in ("pin mặt trời perovskite", "perovskite solar cells"):
        frame = _csv(run("recommend", "--text", text, *DATA_ARGS, "--format", "csv"))
        assert frame.expert_id[0] == "E04", text
        assert set(frame.need_id) == {"TEXT"}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--need", "all", "--expert", "E04"], "exactly one of --need, --expert or --text"),
        ([], "exactly one of"),
        (["--need", "all", "--country", "Japn"], "did you mean 'Japan'"),
        (["--need", "all", "--association", "XYZ"], "known: "),
        (["--need", "all", "--language", "xx"], "--language"),
        (["--need", "all", "--expert-sector", "rockets"], "--expert-sector"),
        (["--text", "chips", "--sector", "rockets"], "--sector"),
        (["--expert", "E4"], "no expert with id 'E4'"),
        (["--expert", "E04", "--country", "JP"], "E04 does not pass --country JP"),
        (["--need", "all", "--country", "DE", "--language", "ko"], "none; change or drop"),
    ],
)
def test_recommend_option_errors_are_exit_2_with_the_fix(tmp_path, args, says):
    result = run("recommend", *DATA_ARGS, *args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output


def test_recommend_filters_and_min_band(tmp_path):
    everyone = _csv(run("recommend", "--need", "all", *DATA_ARGS, "--format", "csv"))
    assert {"strong", "weak"} <= set(everyone.band)
    strong = _csv(
        run("recommend", "--need", "all", *DATA_ARGS, "--format", "csv", "--min-band", "strong")
    )
    assert set(strong.band) == {"strong"}
    assert len(strong) == (everyone.band == "strong").sum()
    seniors = _csv(
        run("recommend", "--need", "all", *DATA_ARGS, "--format", "csv", "--min-years", "15")
    )
    assert set(seniors.expert_id) < set(everyone.expert_id)
    speakers = _csv(
        run("recommend", "--need", "all", *DATA_ARGS, "--format", "csv", "--language", "de")
    )
    assert set(speakers.expert_id) == {"E04"}


ORGANISATIONS = "- id: kanto-wafer-works\n  name: Kanto Wafer Works\n  parent: viettel\n"


def test_recommend_flags_conflicts_with_the_host_and_takes_a_table(tmp_path):
    table = tmp_path / "orgs.yaml"
    table.write_text(ORGANISATIONS, "utf-8")
    args = ["recommend", "--need", "N-SEMI-VI", *DATA_ARGS, "--format", "json"]
    plain = run(*args, model_dir=tmp_path / "m")
    assert plain.exit_code == 0, plain.output
    rows = {r["expert_id"]: r for r in pd.read_json(io.StringIO(plain.stdout)).to_dict("records")}
    assert rows["E01"]["conflict"] == ""
    flagged = run(*args, "--organisations", str(table), model_dir=tmp_path / "m")
    assert flagged.exit_code == 0, flagged.output
    rows = {r["expert_id"]: r for r in pd.read_json(io.StringIO(flagged.stdout)).to_dict("records")}
    assert rows["E01"]["conflict"] == (
        "works at Kanto Wafer Works, which like the host (Viettel High Tech) is part of "
        "Viettel Group"
    )
    assert sum(bool(r["conflict"]) for r in rows.values()) == 1
    assert "conflicts of interest with the need's host: 1 of" in flagged.stderr
    shown = run(
        "recommend",
        "--need",
        "N-SEMI-VI",
        *DATA_ARGS,
        "--organisations",
        str(table),
        model_dir=tmp_path / "m",
    )
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.count("conflict of interest:") == 1
    assert "conflicts of interest" not in plain.stderr


def test_assign_leaves_out_every_conflict_and_says_how_many(tmp_path):
    table = tmp_path / "orgs.csv"
    table.write_text("id,name,parent\nkanto-wafer-works,Kanto Wafer Works,viettel\n", "utf-8")
    target = tmp_path / "teams.csv"
    args = ["assign", "--need", "N-SEMI-VI", *DATA_ARGS, "--format", "csv", "--output"]
    before = run(*args, str(target), model_dir=tmp_path / "m")
    assert before.exit_code == 0, before.output
    assert "E01" in set(pd.read_csv(target, encoding="utf-8-sig").expert_id)
    after = run(*args, str(target), "--organisations", str(table), model_dir=tmp_path / "m")
    assert after.exit_code == 0, after.output
    assert "E01" not in set(pd.read_csv(target, encoding="utf-8-sig").expert_id)
    assert "left out 1 shortlisted pair(s) as conflicts of interest (N-SEMI-VI 1)" in after.stderr


def test_a_bad_organisation_file_is_exit_2_with_file_line_field_and_fix(tmp_path):
    table = tmp_path / "orgs.yaml"
    table.write_text("- id: x\n  name: X\n- id: y\n  name: Y\n  parent: nobody\n", "utf-8")
    for command in (["recommend", "--need", "ai"], ["assign"], ["validate"]):
        model = None if command == ["validate"] else tmp_path / "m"
        result = run(*command, *DATA_ARGS, "--organisations", str(table), model_dir=model)
        assert result.exit_code == 2, (command, result.output)
        assert "orgs.yaml:3: parent: unknown organisation id 'nobody'" in result.stderr
        assert "Traceback" not in result.output


def test_validate_notes_names_spelt_unlike_the_table_without_failing(tiny_copy):
    japan = tiny_copy / "profiles" / "japan.yaml"
    japan.write_text(
        japan.read_text("utf-8")
        .replace("affiliation: Kanto Wafer Works", "affiliation: Viettel High-tech")
        .replace("affiliation: Đại học Kyushu", "affiliation: Đại học Kyushuu"),
        "utf-8",
    )
    result = run(
        "validate", "--profiles", str(tiny_copy / "profiles"), "--needs", str(tiny_copy / "needs")
    )
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    assert "2 note(s) on organisation names; not problems" in shown
    assert "japan.yaml:1: affiliation: 'Viettel High-tech' is taken as Viettel High Tech" in shown
    assert "japan.yaml:16: affiliation: 'Đại học Kyushuu' looks like 'Đại học Kyushu'" in shown
    assert "no problems found" in shown


# -- forgiving where a person would be: warnings, notes, --strict ------------------------------

PYTHON_ERRORS = ("Traceback", "ValueError", "KeyError", "TypeError", "AttributeError")


def _with_extras(tmp_path):
    """The tiny data with what coordinators leave beside it: a notes column, a README, notes."""
    profiles = tmp_path / "profiles"
    shutil.copytree(TINY / "profiles", profiles)
    (profiles / "extra.csv").write_text(
        "id,name,country,field,affiliation,Ghi chú,e-mail,consent_to_contact,years_experience\n"
        "X1,Đỗ Minh,JP,machine learning,RIKEN,gọi lại,m@example.org,Có,12 năm\n",
        "utf-8",
    )
    (profiles / "README.md").write_text("# Danh sách hội viên\n", "utf-8")
    (profiles / "ghi_chu.txt").write_text("Cập nhật tháng 3\n", "utf-8")
    return ["--profiles", str(profiles), "--needs", str(TINY / "needs")]


def _clean(result):
    assert not any(name in result.output for name in PYTHON_ERRORS), result.output
    return " ".join(result.output.split())


def test_validate_shows_notes_and_warnings_and_exits_0(tmp_path):
    args = _with_extras(tmp_path)
    result = run("validate", *args)
    assert result.exit_code == 0, result.output
    shown = _clean(result)
    assert "note: " in shown
    assert "README.md: a document, not data; skipped" in shown
    assert "ghi_chu.txt: not a table of records (no header with an id column); skipped" in shown
    assert "2 warning(s), data ignored:" in shown
    assert "extra.csv:1: Ghi chú: ignored: not a field of a profile" in shown
    assert "extra.csv:1: e-mail: ignored" in shown
    assert "did you mean 'email'?" in shown
    assert "no problems found" in shown
    assert "accepted 11" in result.stdout
    strict = run("validate", *args, "--strict")
    assert strict.exit_code == 2
    shown = _clean(strict)
    assert "extra.csv:1: e-mail: unknown field; did you mean 'email'?" in shown
    assert "README.md: a document, not data; skipped" in shown


def test_other_commands_print_warnings_as_notes_and_strict_stops_them(tmp_path):
    args = _with_extras(tmp_path)
    model = tmp_path / "model"
    result = run("recommend", "--need", "học máy", *args, "--format", "csv", model_dir=model)
    assert result.exit_code == 0, result.output
    assert "note: " in result.stderr
    shown = " ".join(result.stderr.split())
    assert "extra.csv:1: Ghi chú: ignored" in shown
    assert "README.md: a document, not data; skipped" in shown
    assert "note:" not in result.stdout
    strict = run("recommend", "--need", "ai", *args, "--strict", model_dir=model)
    assert strict.exit_code == 2
    assert "unknown field" in _clean(strict)
    going_on = run(
        "recommend", "--need", "ai", *args, "--strict", "--skip-invalid", model_dir=model
    )
    assert going_on.exit_code == 0, going_on.output
    said = " ".join(going_on.stderr.split())
    assert "skipped 0 of 11 profiles" in said
    assert "extra.csv:1: e-mail: unknown field; did you mean 'email'?" in said
    commands = (
        ["assign"],
        ["fit"],
        ["evaluate", "--qrels", str(DATA / "missing.csv")],
        ["coverage", "--output", str(tmp_path / "report")],
    )
    for command in commands:
        strict = run(*command, *(args if command != ["fit"] else args[:2]), "--strict")
        assert strict.exit_code == 2, (command, strict.output)
        assert "unknown field" in _clean(strict), command
    fitted = run("fit", *args[:2], model_dir=tmp_path / "fitted")
    assert fitted.exit_code == 0, fitted.output
    assert "extra.csv:1: Ghi chú: ignored" in " ".join(fitted.stderr.split())


def test_bad_booleans_units_and_spreadsheets_are_exit_2_with_the_fix(tmp_path):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "p.csv").write_text(
        "id,name,country,field,affiliation,consent_to_contact,years_experience,capacity\n"
        "P1,An,JP,f,a,có lẽ,18 năm,1\n"
        "P2,Bình,JP,f,a,không,10-15,2 dự án\n"
        "P3,Chi,JP,f,a,x,khoảng 18,1\n",
        "utf-8",
    )
    (profiles / "club.ods").write_bytes(b"PK")
    result = run("validate", "--profiles", str(profiles), "--needs", str(TINY / "needs"))
    assert result.exit_code == 2
    shown = _clean(result)
    assert "p.csv:2: consent_to_contact: expected true or false, got 'có lẽ'" in shown
    assert "p.csv:3: years_experience: '10-15' is a range; give one whole number" in shown
    assert "p.csv:4: years_experience: expected a whole number of years" in shown
    assert "write the number alone" in shown
    assert "club.ods: unsupported file type '.ods'" in shown
    assert "save it as .xlsx or CSV UTF-8" in shown
    assert "accepted 0" in result.stdout
