"""Every command and option is documented, and the help shows what it says (sqlite-utils'
``test_docs.py`` idea): the README names every command, each option of a command appears in its
``--help`` with its help text, and every default appears there too."""

import re

import pytest
import typer
from typer.testing import CliRunner

from bridge_match.cli import app
from tests.conftest import ROOT

runner = CliRunner()
GROUP = typer.main.get_group(app)
COMMANDS = sorted(GROUP.commands)


def _help(name: str) -> str:
    result = runner.invoke(app, [name, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"bridge-match {name}" in readme


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_its_help_and_its_default_are_shown(name):
    shown = _help(name)
    for param in GROUP.commands[name].params:
        if param.param_type_name != "option" or param.hidden or param.name == "help":
            continue
        assert any(opt in shown for opt in param.opts), (name, param.opts)
        assert " ".join(param.help.split()) in shown, (name, param.name)
        default = param.default
        if default not in (None, False) and not param.is_flag and not param.required:
            assert f"[default: {default}" in shown or f"default: {default}" in shown, (
                name,
                param.name,
                default,
            )


def test_square_brackets_in_help_survive():
    shown = _help("recommend")
    assert "[default: ./profiles or the sample]" in shown
    assert "bridge-match[semantic]" in shown
    assert re.search(r"--model-dir <path> .*\[default: models\]", shown)
    assert "--skip-invalid <bool>" not in shown
