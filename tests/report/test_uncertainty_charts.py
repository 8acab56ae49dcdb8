"""Fan and tornado charts are drawn from the Monte Carlo and sweep documents, number for number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from detente.domain import Scenario
from detente.io import load_scenario
from detente.mc import run_mc
from detente.mc.sensitivity import tornado
from detente.models import run_models
from detente.report.uncertainty_charts import (
    fan_chart,
    fan_rows,
    input_label,
    issue_fan_figure,
    issue_tornado_figure,
    labels,
    tornado_chart,
)

MODELS = ["compromise.v1", "median.v1"]


@pytest.fixture(scope="module")
def flagship(flagship_path: Path) -> Scenario:
    return load_scenario(flagship_path)


@pytest.fixture(scope="module")
def mc(flagship: Scenario) -> dict[str, Any]:
    base = {m: f.positions() for m, f in run_models(flagship, MODELS).items()}
    return run_mc(flagship, MODELS, draws=40, seed=2).to_json(base)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def sweeps(flagship: Scenario) -> dict[str, Any]:
    return tornado(flagship, MODELS, top=5)  # type: ignore[return-value]


def test_fan_and_tornado_are_valid_plotly_figures(
    flagship: Scenario, mc: dict[str, Any], sweeps: dict[str, Any]
) -> None:
    fan = go.Figure(fan_chart(mc["forecasts"]["median.v1"], "median.v1"))
    assert len(fan.data[0].y) == len(flagship.issues)
    rows = sweeps["tornado"]["median.v1"]["black_sea"]
    fig = go.Figure(tornado_chart(rows, sweeps["base"]["median.v1"]["black_sea"], "black_sea"))
    assert list(fig.data[0].y)[-1] == rows[0]["input"]  # largest swing drawn on top
    go.Figure(issue_fan_figure(fan_rows(mc, "black_sea", MODELS)))
    go.Figure(issue_tornado_figure(flagship, sweeps, "black_sea", MODELS))


def test_fan_chart_quantiles_are_the_monte_carlo_quantiles(mc: dict[str, Any]) -> None:
    figure = issue_fan_figure(fan_rows(mc, "territory_recognition", MODELS))
    wide, half, median, base = figure["data"]
    for k, model in enumerate(MODELS):
        s = mc["forecasts"][model]["territory_recognition"]
        q = s["quantiles"]
        assert wide["base"][k] == q["q05"] and wide["base"][k] + wide["x"][k] == pytest.approx(
            q["q95"]
        )
        assert half["base"][k] == q["q25"] and half["base"][k] + half["x"][k] == pytest.approx(
            q["q75"]
        )
        assert median["x"][k] == q["q50"] and base["x"][k] == s["base"]
        # the robust/fragile label stands next to the model's name, as mc decided it
        assert wide["y"][k].startswith(model) and s["label"] in wide["y"][k]
        assert labels(mc)[(model, "territory_recognition")] == s["label"]


def test_fan_hover_gives_the_share_inside_each_red_line(mc: dict[str, Any]) -> None:
    rows = fan_rows(mc, "territory_recognition", ["median.v1"])
    hover = issue_fan_figure(rows, {"ukraine": "Ukraine"})["data"][3]["hovertext"][0]
    share = mc["forecasts"]["median.v1"]["territory_recognition"]["p_inside_red_line"]["ukraine"]
    assert f"within the red line of Ukraine in {share:.0%} of draws" in hover


def test_tornado_shows_the_sweeps_of_one_model_at_a_time(
    flagship: Scenario, sweeps: dict[str, Any]
) -> None:
    figure = issue_tornado_figure(flagship, sweeps, "black_sea", MODELS)
    assert figure is not None
    menu = figure["layout"]["updatemenus"][0]["buttons"]
    assert [b["label"] for b in menu] == MODELS
    for k, model in enumerate(MODELS):
        rows = sweeps["tornado"][model]["black_sea"]
        low, high = figure["data"][2 * k], figure["data"][2 * k + 1]
        base = sweeps["base"][model]["black_sea"]
        assert low["customdata"] == pytest.approx([r["low"] for r in rows], abs=0.005)
        assert high["customdata"] == pytest.approx([r["high"] for r in rows], abs=0.005)
        assert low["base"] == pytest.approx(base, abs=0.005)
        assert low["visible"] is (k == 0) and high["visible"] is (k == 0)
        layout = menu[k]["args"][1]
        words = [input_label(flagship, r["input"], "black_sea") for r in rows]
        assert [t.replace("<br>", " ") for t in layout["yaxis.ticktext"]] == words
    assert figure["layout"]["yaxis"]["ticktext"][0].replace("<br>", " ") == input_label(
        flagship, sweeps["tornado"][MODELS[0]]["black_sea"][0]["input"], "black_sea"
    )


def test_input_labels_read_as_words(flagship: Scenario) -> None:
    assert input_label(flagship, "russia.position.black_sea", "black_sea") == "Russia: position"
    assert input_label(flagship, "us.salience.black_sea", "nato_membership") == (
        f"United States: salience on {flagship.issue('black_sea').name}"
    )
    assert input_label(flagship, "ukraine.capability", "black_sea") == "Ukraine: capability"


def test_tornado_names_the_models_no_single_input_moves(
    flagship: Scenario, sweeps: dict[str, Any]
) -> None:
    still = {
        "base": sweeps["base"],
        "tornado": {**sweeps["tornado"], "median.v1": {"black_sea": []}},
    }
    figure = issue_tornado_figure(flagship, still, "black_sea", MODELS)
    assert figure is not None
    assert [b["label"] for b in figure["layout"]["updatemenus"][0]["buttons"]] == ["compromise.v1"]
    assert figure["layout"]["annotations"][0]["text"] == "no single input moves median.v1"


def test_no_tornado_when_no_input_moves_the_forecast(flagship: Scenario) -> None:
    still = {
        "base": {"median.v1": {"black_sea": 50.0}},
        "tornado": {"median.v1": {"black_sea": []}},
    }
    assert issue_tornado_figure(flagship, still, "black_sea", ["median.v1"]) is None
