"""The report's Monte Carlo: run over the models that forecast, seeded, and honest when it fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from dashboard_fixtures import copy_sample

from detente.domain import Forecast, IssueForecast, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.models import registry
from detente.models.registry import ModelSpec
from detente.workflows.analyse import analyse
from detente.workflows.mc import report_uncertainty
from detente.workflows.report import make_report


def _picky(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    """A model that forecasts the analyst's whole-number positions and rejects anything else."""
    if any(p.position != int(p.position) for p in scenario.positions):
        raise DetenteError("DT503", "picky.v1 takes whole-number positions only")
    issues = {
        i.id: IssueForecast(issue=i.id, position=scenario.positions_on(i.id)[0].position)
        for i in scenario.issues
        if scenario.positions_on(i.id)
    }
    return Forecast(model="picky.v1", issues=issues)


def test_uncertainty_covers_the_models_that_forecast_and_repeats_for_a_seed(
    tmp_path: Path,
) -> None:
    scenario = load_scenario(copy_sample(tmp_path / "case"))
    forecasts = analyse(scenario, seed=0).forecasts
    mc, sens, note = report_uncertainty(scenario, forecasts, draws=12, seed=3)
    assert note is None and mc is not None and sens is not None
    assert mc["models"] == [f.model for f in forecasts] and mc["draws"] == 12
    assert set(mc["forecasts"]) == set(sens["tornado"]) == {f.model for f in forecasts}
    for f in forecasts:  # the fan's diamond is the forecast the report shows
        for issue, s in mc["forecasts"][f.model].items():
            assert s["base"] == f.issues[issue].position
    assert report_uncertainty(scenario, forecasts, draws=12, seed=3)[0] == mc
    assert report_uncertainty(scenario, forecasts, draws=0, seed=3) == (
        None,
        None,
        "No Monte Carlo run was asked for (--mc-draws 0).",
    )


def test_a_model_that_rejects_a_variant_leaves_a_note_not_a_failed_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(registry.MODELS, "picky.v1", ModelSpec("picky.v1", _picky))
    sample = copy_sample(tmp_path / "case")
    html = make_report(sample, tmp_path / "r.html", mc_draws=5).read_text(encoding="utf-8")
    assert "Not available: The Monte Carlo run failed: [DT503] picky.v1 takes whole-number" in html
    assert 'id="fan-' not in html and 'id="tornado-' not in html
    assert "<dt>Monte Carlo</dt>" not in html
