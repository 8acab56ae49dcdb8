"""The EU car-emission standards case (Bueno de Mesquita 1994, via Scholz et al. 2011)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.domain import Scenario
from detente.io import load_scenario, to_original
from detente.models import MODELS, run_models


@pytest.fixture(scope="module")
def emissions(shared_dir: Path) -> Scenario:
    path = shared_dir / "data" / "eu-emissions" / "ExampleActors.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return load_scenario(path)


def _years(scenario: Scenario, value: float) -> float:
    return to_original(scenario.issues[0], value)


def test_compromise_is_the_published_weighted_mean(emissions: Scenario) -> None:
    result = run_models(emissions, ["compromise.v1"])["compromise.v1"]
    (position,) = result.positions().values()
    assert _years(emissions, position) == pytest.approx(7.38996, abs=5e-6)


def test_median_is_exactly_seven(emissions: Scenario) -> None:
    result = run_models(emissions, ["median.v1"])["median.v1"]
    (position,) = result.positions().values()
    assert _years(emissions, position) == pytest.approx(7.0, abs=1e-12)


def test_bdm_round_zero_is_the_median_and_the_mean(emissions: Scenario) -> None:
    issue = emissions.issues[0].id
    median = MODELS["bdm.v1"].run(emissions, None, 0).issues[issue]
    mean = MODELS["bdm.v1"].run(emissions, {"forecast": "mean"}, 0).issues[issue]
    assert _years(emissions, median.history[0]) == pytest.approx(7.0)
    assert _years(emissions, mean.history[0]) == pytest.approx(7.38996, abs=5e-6)


def test_bdm_reproduces_the_published_reconstruction(emissions: Scenario) -> None:
    # With conflicts left unresolved, the model agrees with the independent reconstruction
    # recorded in ../shared/data/README.md: 9.530 in the first three rounds.
    issue = emissions.issues[0].id
    params = {"max_rounds": 8, "conflict": "no_move"}
    result = MODELS["bdm.v1"].run(emissions, params, 0).issues[issue]
    years = [_years(emissions, v) for v in result.history]
    assert years[1:4] == pytest.approx([9.53, 9.53, 9.53], abs=0.005)
    # Every round's median is some actor's position of that round.
    for round_number, median in enumerate(result.history):
        held = np.array([trail[round_number] for trail in result.actor_history.values()])
        assert np.min(np.abs(held - median)) < 1e-9


# Scholz et al. 2011 Table 2, mean position by round 1..8 (../shared/data/README.md).
SCHOLZ_MEANS = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]


def test_bdm_defaults_stay_off_the_extreme_and_track_scholz_means(emissions: Scenario) -> None:
    # The old default (conflicts move nobody) drove every compromise to the 10-camp and
    # forecast 10, the end of the scale; BDM's own forecast was 8.35, then 9.05.
    issue = emissions.issues[0].id
    median = MODELS["bdm.v1"].run(emissions, {"max_rounds": 8, "tolerance": -1.0}, 0)
    assert 4.0 < _years(emissions, median.issues[issue].position) < 9.9
    mean = MODELS["bdm.v1"].run(
        emissions, {"max_rounds": 8, "tolerance": -1.0, "forecast": "mean"}, 0
    )
    years = [_years(emissions, v) for v in mean.issues[issue].history[1:]]
    close = [abs(a - b) <= 0.3 for a, b in zip(years, SCHOLZ_MEANS, strict=True)]
    assert sum(close) >= 6, years


def test_every_model_stays_within_the_years(emissions: Scenario) -> None:
    for model_id, result in run_models(emissions).items():
        (position,) = result.positions().values()
        assert 4.0 <= _years(emissions, position) <= 10.0, model_id


def test_cli_reports_the_original_years(shared_dir: Path) -> None:
    path = shared_dir / "data" / "eu-emissions" / "ExampleActors.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    result = CliRunner().invoke(
        app, ["forecast", str(path), "-m", "compromise.v1", "-m", "median.v1"]
    )
    assert result.exit_code == 0, result.output
    assert "[7.39]" in result.stdout and "[7]" in result.stdout
    explained = CliRunner().invoke(
        app,
        [
            "forecast",
            str(path),
            "-m",
            "bdm.v1",
            "-p",
            "bdm.v1:max_rounds=2",
            "-p",
            "bdm.v1:conflict=no_move",
            "--explain",
        ],
    )
    assert explained.exit_code == 0, explained.output
    assert "50.00 [7] -> 92.17 [9.53] -> 92.17 [9.53]" in explained.stdout


def test_json_gives_each_forecast_in_years_too(shared_dir: Path) -> None:
    path = shared_dir / "data" / "eu-emissions" / "ExampleActors.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    result = CliRunner().invoke(app, ["forecast", str(path), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    (issue,) = document["scales"]
    assert document["scales"][issue] == {"low": 4.0, "high": 10.0}
    assert document["forecasts_on_scale"]["compromise.v1"][issue] == pytest.approx(
        7.38996, abs=5e-6
    )
    for model_id, by_issue in document["forecasts"].items():
        years = document["forecasts_on_scale"][model_id][issue]
        assert years == pytest.approx(4.0 + 6.0 * by_issue[issue] / 100.0)
        assert 4.0 <= years <= 10.0
