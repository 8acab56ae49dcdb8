"""Help and output read as a person wrote them: no ``<bool>`` after a flag, no ``{file}`` in a
usage line, no ``--no-no-...`` twin of a negative flag; "1 actor", never "1 actors"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from detente.cli import app
from detente.domain.wording import plural

runner = CliRunner()
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
ODD = {
    "a type label on a flag": re.compile(r"<bool>"),
    "an argument in braces": re.compile(r"\{\w+\}"),
    "a doubled negative flag": re.compile(r"--no-no-"),
    "a negative default": re.compile(r"\[default: no-"),
}


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_no_help_text_has_the_odd_patterns(command: str | None) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    found = {what: p.findall(result.output) for what, p in ODD.items() if p.search(result.output)}
    assert not found, f"detente {' '.join(args)}: {found}\n{result.output}"


def test_usage_lines_name_arguments_in_capitals() -> None:
    result = runner.invoke(app, ["export-genius", "--help"], env={"COLUMNS": "200"})
    assert "Usage: detente export-genius [OPTIONS] FILE OUTDIR" in result.output
    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"})
    assert "Usage: detente ingest [OPTIONS] PATHS..." in result.output


def test_the_keywords_only_flag_is_one_flag() -> None:
    result = runner.invoke(app, ["extract", "--help"], env={"COLUMNS": "200"})
    assert re.search(r"--no-embeddings +Match issues by keywords only", result.output)
    assert "needs --scenario" in result.output


def test_plural_says_one_of_a_thing() -> None:
    assert plural(1, "actor") == "1 actor"
    assert plural(0, "actor") == "0 actors"
    assert plural(1204, "document") == "1,204 documents"
    assert plural(2, "analysis", "analyses") == "2 analyses"


ONE_OF_EACH = """\
title: One of each
sources:
  - {id: memo.txt}
actors:
  - {id: port, name: Port}
issues:
  - {id: wages, name: Wages, proposition: Wages rise}
positions:
  - actor: port
    issue: wages
    position: 20
    salience: 70
    evidence:
      - {doc: memo.txt, start: 0, end: 4}
"""


def test_validate_counts_one_of_each_in_the_singular(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(ONE_OF_EACH)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        ": 1 actor, 1 issue, 1 position, 1 evidence reference, 1 source\n"
    )
