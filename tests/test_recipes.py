"""The "how to add" recipes of docs/architecture.md, done for real: each toy below is one piece
of code plus one registration, and the real CLI picks it up with no other change.

The toys are registered for the length of a test only (``monkeypatch`` restores the registries).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.domain import Actor, Forecast, Issue, IssueForecast, Position, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.io.formats import FORMATS, Format
from detente.models.registry import MODELS, ModelSpec

runner = CliRunner()

# ---------------------------------------------------------------------------- a toy model
# Recipe: src/detente/models/<name>.py with MODEL_ID, DEFAULTS and run(); one ModelSpec in
# models/registry.MODELS.

TOY_MODEL_ID = "toy.v1"


def toy_run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    """Every issue lands on the plain mean of the positions taken on it (no weights)."""
    issues = {}
    for issue in scenario.issues:
        taken = [p.position for p in scenario.positions if p.issue == issue.id]
        mean = statistics.fmean(taken)
        issues[issue.id] = IssueForecast(issue=issue.id, position=mean, history=(mean,))
    return Forecast(model=TOY_MODEL_ID, params={}, seed=seed, issues=issues)


@pytest.fixture()
def toy_model(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = ModelSpec(TOY_MODEL_ID, toy_run, {}, "plain mean of the positions (a recipe test)")
    monkeypatch.setitem(MODELS, TOY_MODEL_ID, spec)


# --------------------------------------------------------------------------- a toy format
# Recipe: src/detente/io/<name>.py with read(text, name) and/or write(scenario); one Format in
# io/formats.FORMATS. The toy: one issue (named by the file), one "actor<TAB>capability<TAB>
# position<TAB>salience" line per actor.


def toy_read(text: str, name: str) -> Scenario:
    issue_id = Path(name).stem.replace("-", "_")
    actors, positions = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        cells = line.split("\t")
        if len(cells) != 4:
            # A format inside src/detente/io names a template of detente.errors.MESSAGES
            # (DetenteError.of); the plain constructor is the same error, worded here.
            raise DetenteError(
                "DT202",
                f"row has {len(cells)} fields, expected 4",
                location=f"{name}:{number}",
                hint="actor, capability, position, salience, tab-separated",
            )
        actor, capability, position, salience = cells
        actors.append(Actor(id=actor, name=actor.title(), capability=float(capability)))
        positions.append(
            Position(
                actor=actor, issue=issue_id, position=float(position), salience=float(salience)
            )
        )
    issue = Issue(id=issue_id, name=issue_id, proposition=f"{issue_id} (a toy file)")
    return Scenario(
        title=issue_id, actors=tuple(actors), issues=(issue,), positions=tuple(positions)
    )


def toy_write(scenario: Scenario) -> str:
    rows = []
    for position in scenario.positions:
        actor = scenario.actor(position.actor)
        rows.append(
            f"{actor.id}\t{actor.capability:g}\t{position.position:g}\t{position.salience:g}"
        )
    return "\n".join(rows) + "\n"


@pytest.fixture()
def toy_format(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = Format(
        "toytsv",
        (".toytsv",),
        read=toy_read,
        write=toy_write,
        summary="toy actors",
        output_suffixes=(".toytsv",),
    )
    monkeypatch.setitem(FORMATS, "toytsv", entry)


TOY_FILE = "port\t40\t10\t90\nunion\t60\t80\t60\ncity\t20\t45\t30\n"


@pytest.fixture()
def toy_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbour-wages.toytsv"
    path.write_text(TOY_FILE, encoding="utf-8")
    return path


def test_the_cli_validates_and_converts_a_registered_format(
    toy_format: None, toy_file: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["validate", str(toy_file)])
    assert result.exit_code == 0, result.output
    assert "3 actors, 1 issue, 3 positions" in result.output
    as_yaml = tmp_path / "wages.yaml"
    result = runner.invoke(app, ["convert", str(toy_file), str(as_yaml)])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(as_yaml)
    assert [(p.actor, p.position, p.salience) for p in scenario.positions] == [
        ("port", 10, 90),
        ("union", 80, 60),
        ("city", 45, 30),
    ]
    back = tmp_path / "again.toytsv"  # written in the toy format, chosen by the suffix
    result = runner.invoke(app, ["convert", str(as_yaml), str(back)])
    assert result.exit_code == 0 and "(toytsv)" in result.output, result.output
    assert back.read_text(encoding="utf-8") == TOY_FILE
    result = runner.invoke(
        app, ["convert", str(as_yaml), str(tmp_path / "x.out"), "--to", "toytsv"]
    )
    assert result.exit_code == 0 and (tmp_path / "x.out").read_text(encoding="utf-8") == TOY_FILE


def test_a_bad_line_in_the_registered_format_is_a_coded_cli_error(
    toy_format: None, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toytsv"
    bad.write_text("port\t40\t10\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"[DT202] {bad}:1: row has 3 fields, expected 4" in result.output
    assert "Traceback" not in result.output


def test_unregistered_the_format_is_unknown_again(toy_file: Path) -> None:
    result = runner.invoke(app, ["validate", str(toy_file)])
    assert result.exit_code == 2 and "[DT118]" in result.output


def test_the_cli_forecasts_with_a_registered_model(
    toy_model: None, toy_format: None, toy_file: Path
) -> None:
    result = runner.invoke(app, ["forecast", str(toy_file), "--model", TOY_MODEL_ID, "--json"])
    assert result.exit_code == 0, result.output
    forecasts = json.loads(result.output)["forecasts"]
    assert list(forecasts) == [TOY_MODEL_ID]
    assert forecasts[TOY_MODEL_ID] == {"harbour_wages": pytest.approx((10 + 80 + 45) / 3)}
    table = runner.invoke(app, ["forecast", str(toy_file), "--model", TOY_MODEL_ID])
    assert table.exit_code == 0 and TOY_MODEL_ID in table.output


def test_unregistered_the_model_is_unknown_again(toy_format: None, toy_file: Path) -> None:
    result = runner.invoke(app, ["forecast", str(toy_file), "--model", TOY_MODEL_ID])
    assert result.exit_code == 2 and "[DT501]" in result.output


# ------------------------------------------------------------------ a toy extraction step
# Recipe: src/detente/nlp/<name>.py with a step over SentenceRecords; one entry in the step
# registry of nlp/pipeline.py. The toy step and its test go here (added with the step
# registry).
