"""``detente validate | show | convert | schema`` on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.io import load_scenario

SCENARIO = """\
schema_version: 1
title: Harbour talks
sources:
  - {id: memo.txt}
actors:
  - {id: port, name: Port authority, capability: 40}
  - {id: union, name: Dockers' union, capability: 60}
issues:
  - {id: wages, name: Wages, proposition: Wages rise by ten percent}
  - {id: hours, name: Hours, proposition: Shifts get shorter}
positions:
  - {actor: port, issue: wages, position: 0, salience: 90, red_line: 10,
     evidence: [{doc: memo.txt, start: 0, end: 12}, {doc: memo.txt, start: 20, end: 31}]}
  - {actor: union, issue: wages, position: 100, salience: 60}
  - {actor: union, issue: hours, position: 75, salience: 40}
"""
runner = CliRunner()


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_validate_prints_counts(scenario_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(scenario_file)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK ")
    assert "2 actors, 2 issues, 3 positions, 2 evidence references, 1 source" in result.output


def test_show_table_has_position_salience_and_red_line(scenario_file: Path) -> None:
    result = runner.invoke(app, ["show", str(scenario_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if "issue \\ actor" in line)
    assert header.index("port") < header.index("union")
    wages = next(line for line in lines if line.startswith("│ wages"))
    assert wages.index("0 (90) rl 10") < wages.index("100 (60)")
    hours = next(line for line in lines if line.startswith("│ hours"))
    assert "75 (40)" in hours


def test_show_json_has_the_yaml_sections(scenario_file: Path) -> None:
    result = runner.invoke(app, ["show", str(scenario_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [a["id"] for a in data["actors"]] == ["port", "union"]
    assert [i["id"] for i in data["issues"]] == ["wages", "hours"]
    assert data["positions"][0] == {
        "actor": "port",
        "issue": "wages",
        "position": 0,
        "salience": 90,
        "red_line": 10,
        "evidence": [
            {"doc": "memo.txt", "start": 0, "end": 12},
            {"doc": "memo.txt", "start": 20, "end": 31},
        ],
    }


@pytest.mark.parametrize(
    ("target", "to", "fmt"),
    [
        ("out.json", None, "json"),
        ("out.yml", None, "yaml"),
        ("out.txt", None, "decide"),
        ("out.tsv", "decide", "decide"),
        ("tables", None, "csv-dir"),
    ],
)
def test_convert(
    scenario_file: Path, tmp_path: Path, target: str, to: str | None, fmt: str
) -> None:
    out = tmp_path / target
    args = ["convert", str(scenario_file), str(out)] + (["--to", to] if to else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"({fmt})" in result.output
    if fmt == "csv-dir":
        assert sorted(p.name for p in out.iterdir()) == [
            "actors.csv",
            "issues.csv",
            "positions.csv",
        ]
        return
    back = load_scenario(out)
    original = load_scenario(scenario_file)
    assert [(p.actor, p.issue, p.position, p.salience) for p in back.positions] == [
        (p.actor, p.issue, p.position, p.salience) for p in original.positions
    ]


def test_convert_to_ktab_needs_every_cell(scenario_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(scenario_file), str(tmp_path / "k.csv")])
    assert result.exit_code == 2
    assert "[DT209]" in result.output and "port/hours" in result.output
    assert not (tmp_path / "k.csv").exists()


def test_convert_unknown_format(scenario_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(scenario_file), str(tmp_path / "x"), "--to", "xls"])
    assert result.exit_code == 2 and "[DT118]" in result.output


def test_schema_matches_committed_file() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = Path(__file__).resolve().parents[2] / "schemas" / "scenario.v1.json"
    assert result.output == committed.read_text(encoding="utf-8")
    assert json.loads(result.output)["title"] == "detente scenario"


@pytest.mark.parametrize("command", ["validate", "show", "convert", "schema"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_reference_files_validate(shared_dir: Path) -> None:
    data = shared_dir / "data"
    files = [
        *sorted((data / "ktab" / "inputs").glob("*.csv")),
        *(
            data / "decide" / "inputs" / n
            for n in ("cop21.csv", "copenhagen.csv", "sample_data.txt")
        ),
        data / "eu-emissions" / "ExampleActors.csv",
    ]
    for path in files:
        result = runner.invoke(app, ["validate", str(path)])
        assert result.exit_code == 0, (path, result.output)


@pytest.mark.parametrize(
    "command", [["show"], ["show", "--json"], ["forecast", "--model", "compromise.v1"]]
)
def test_user_text_is_printed_as_typed(tmp_path: Path, command: list[str]) -> None:
    # Rich would read "[/x]" as a closing markup tag (and fail) and ":warning:" as an emoji.
    title = "Harbour talks [/x] :warning: [bold]draft[/bold]"
    path = tmp_path / "harbour.yaml"
    path.write_text(SCENARIO.replace("title: Harbour talks", f'title: "{title}"'), encoding="utf-8")
    result = runner.invoke(app, [command[0], str(path), *command[1:]])
    assert result.exit_code == 0, result.output
    if "--json" in command:
        assert json.loads(result.stdout)["title"] == title
    else:
        assert title in result.stdout


@pytest.mark.parametrize(("target", "to"), [("out.txt", None), ("out.csv", "decide")])
def test_convert_to_a_lossy_format_warns_what_it_dropped(
    tmp_path: Path, target: str, to: str | None
) -> None:
    source = tmp_path / "noted.yaml"
    source.write_text(
        SCENARIO.replace("salience: 40}", "salience: 40, note: from the memo}"), encoding="utf-8"
    )
    args = ["convert", str(source), str(tmp_path / target)] + (["--to", to] if to else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert warnings == [
        "warning: a decide file cannot hold them; dropped evidence references: 2, notes: 1, "
        "sources: 1, red lines: 1"
    ]
    lossless = runner.invoke(app, ["convert", str(source), str(tmp_path / "out.json")])
    assert lossless.exit_code == 0 and lossless.stderr == ""


def test_version_is_printed() -> None:
    from detente import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"detente {__version__}"
