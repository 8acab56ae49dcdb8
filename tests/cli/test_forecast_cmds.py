"""`detente forecast` on real files, and the run manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import __version__
from detente.cli import app
from detente.io import load_scenario, save_scenario
from detente.manifest import build_manifest, sha256_of
from detente.models import MODELS, run_models
from model_strategies import one_issue

runner = CliRunner()


@pytest.fixture()
def scenario_file(tmp_path: Path) -> Path:
    scenario = one_issue(
        positions=[0, 10, 35, 50, 60, 90, 100],
        saliences=[80, 40, 60, 90, 30, 70, 50],
        capabilities=[3, 1, 2, 4, 1, 2, 3],
    )
    two_issues = scenario.model_copy(
        update={
            "issues": (*scenario.issues, scenario.issues[0].model_copy(update={"id": "r"})),
            "positions": (
                *scenario.positions,
                *(
                    p.model_copy(update={"issue": "r", "position": 100 - p.position})
                    for p in scenario.positions
                ),
            ),
        }
    )
    path = tmp_path / "case.yaml"
    save_scenario(two_issues, path)
    return path


def test_json_holds_every_model_and_issue_and_a_manifest(scenario_file: Path) -> None:
    result = runner.invoke(app, ["forecast", str(scenario_file), "--json", "--seed", "5"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"forecasts", "forecasts_on_scale", "scales", "manifest"}
    expected = run_models(load_scenario(scenario_file), seed=5)
    assert document["forecasts"] == {m: f.positions() for m, f in expected.items()}
    manifest = document["manifest"]
    assert manifest["detente_version"] == __version__
    assert manifest["seed"] == 5
    assert set(manifest["models"]) == set(MODELS)
    assert manifest["models"]["bdm.v1"]["Q"] == 1.0
    sha = hashlib.sha256(scenario_file.read_bytes()).hexdigest()
    assert manifest["inputs"]["scenario"]["sha256"] == sha


def test_model_and_issue_filters(scenario_file: Path) -> None:
    result = runner.invoke(
        app, ["forecast", str(scenario_file), "--json", "-m", "median.v1", "--issue", "r"]
    )
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["forecasts"]) == ["median.v1"]
    assert list(json.loads(result.stdout)["forecasts"]["median.v1"]) == ["r"]


def test_table_and_explanation(scenario_file: Path) -> None:
    result = runner.invoke(app, ["forecast", str(scenario_file), "--explain"])
    assert result.exit_code == 0, result.output
    for model_id in MODELS:
        assert model_id in result.stdout
    assert "challenged" in result.stdout
    assert "->" in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--model", "oracle.v9"], "DT501"),
        (["--issue", "nope"], "DT505"),
    ],
)
def test_bad_choices_are_coded_errors(scenario_file: Path, args: list[str], code: str) -> None:
    result = runner.invoke(app, ["forecast", str(scenario_file), *args])
    assert result.exit_code == 2
    assert f"[{code}]" in result.output


def test_missing_file_is_a_coded_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["forecast", str(tmp_path / "absent.yaml")])
    assert result.exit_code == 2
    assert "[DT117]" in result.output


def test_manifest_hashes_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_bytes(b"alpha")
    (tmp_path / "f.txt").write_bytes(b"beta")
    first = build_manifest(
        models={"median.v1": {}},
        seed=1,
        inputs={"scenario": tmp_path / "f.txt", "corpus": tmp_path / "d"},
    )
    assert first["inputs"]["scenario"]["sha256"] == hashlib.sha256(b"beta").hexdigest()
    assert first == build_manifest(
        models={"median.v1": {}},
        seed=1,
        inputs={"scenario": tmp_path / "f.txt", "corpus": tmp_path / "d"},
    )
    before = sha256_of(tmp_path / "d")
    (tmp_path / "d" / "a.txt").write_bytes(b"alpha!")
    assert sha256_of(tmp_path / "d") != before


def test_flagship_every_model_forecasts_every_issue(flagship_path: Path) -> None:
    if not flagship_path.is_file():
        pytest.skip("the flagship scenario is not written yet")
    scenario = load_scenario(flagship_path)
    forecasts = run_models(scenario)
    for issue in scenario.issues:
        held = [p.position for p in scenario.positions_on(issue.id)]
        if not held:
            continue
        for model_id, found in forecasts.items():
            assert min(held) - 1e-9 <= found.issues[issue.id].position <= max(held) + 1e-9, (
                model_id,
                issue.id,
            )
    result = runner.invoke(app, ["forecast", str(flagship_path)])
    assert result.exit_code == 0, result.output


def test_parameters_reach_the_model_and_the_manifest(scenario_file: Path) -> None:
    args = ["forecast", str(scenario_file), "--json", "-m", "bdm.v1", "-m", "nash.v1"]
    args += ["-p", "bdm.v1:Q=0.5", "-p", "bdm.v1:conflict=higher_eu_wins"]
    args += ["-p", "nash.v1:utility_exponent=1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["manifest"]["models"]["bdm.v1"]["Q"] == 0.5
    assert document["manifest"]["models"]["bdm.v1"]["conflict"] == "higher_eu_wins"
    assert document["manifest"]["models"]["nash.v1"]["utility_exponent"] == 1.0
    expected = run_models(
        load_scenario(scenario_file),
        ["nash.v1"],
        params={"nash.v1": {"utility_exponent": 1.0}},
    )
    assert document["forecasts"]["nash.v1"] == expected["nash.v1"].positions()


@pytest.mark.parametrize(
    ("assignment", "code"),
    [
        ("bdm.v1:Q", "DT503"),
        ("oracle.v1:Q=1", "DT501"),
        ("bdm.v1:rounds=3", "DT502"),
        ("bdm.v1:tolerance=nan", "DT503"),
        ("nash.v1:utility_exponent=inf", "DT503"),
        ("nash.v1:grid_points=0", "DT503"),
        ("nash.v1:grid_points=100000000", "DT503"),
    ],
)
def test_bad_parameters_are_coded_errors(scenario_file: Path, assignment: str, code: str) -> None:
    result = runner.invoke(app, ["forecast", str(scenario_file), "-p", assignment])
    assert result.exit_code == 2
    assert f"[{code}]" in result.output
