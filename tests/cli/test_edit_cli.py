"""`detente edit` and `detente rename` change a YAML scenario in place through io.edits."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app
from detente.io import load_scenario

SAMPLE = Path(__file__).resolve().parents[1] / "report" / "data" / "sample.yaml"


def _sample(tmp_path: Path) -> Path:
    target = tmp_path / "sample.yaml"
    shutil.copy(SAMPLE, target)
    return target


def test_edit_sets_fields_and_adds_a_position(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    runner = CliRunner()
    moved = runner.invoke(
        app,
        [
            "edit",
            str(path),
            "--actor",
            "southland",
            "--issue",
            "harbour",
            "--position",
            "35",
            "--no-red-line",
            "--note",
            "softer since March",
        ],
    )
    assert moved.exit_code == 0, moved.output
    assert "southland on harbour: position 35, note softer since March, red line removed" in (
        moved.output
    )
    held = load_scenario(path).position("southland", "harbour")
    assert held is not None and (held.position, held.red_line, held.note) == (
        35,
        None,
        "softer since March",
    )
    half = runner.invoke(
        app, ["edit", str(path), "--actor", "mediator", "--issue", "quota", "--position", "40"]
    )
    assert half.exit_code == 2 and "[DT704]" in half.output and "salience" in half.output
    assert load_scenario(path).position("mediator", "quota") is None
    capability = runner.invoke(
        app, ["edit", str(path), "--actor", "mediator", "--capability", "30"]
    )
    assert capability.exit_code == 0 and load_scenario(path).actor("mediator").capability == 30
    assert path.read_text(encoding="utf-8").startswith("# A small invented negotiation")


def test_rename_and_refusals(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    runner = CliRunner()
    renamed = runner.invoke(app, ["rename", str(path), "issues", "pause", "exercises_pause"])
    assert renamed.exit_code == 0, renamed.output
    assert {p.issue for p in load_scenario(path).positions} == {
        "harbour",
        "quota",
        "exercises_pause",
    }
    json_copy = tmp_path / "s.json"
    json_copy.write_text("{}", encoding="utf-8")
    refused = runner.invoke(app, ["rename", str(json_copy), "issues", "a", "b"])
    assert refused.exit_code == 2 and "[DT118]" in refused.output
