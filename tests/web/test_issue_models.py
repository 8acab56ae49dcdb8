"""The dashboard's issue page shows every model's forecast by name, beyond whose red line it lies,
and the round-by-round charts of the bargaining models with why each party moved."""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from dashboard_fixtures import copy_sample
from fastapi.testclient import TestClient

from detente.domain import Scenario
from detente.io import load_scenario
from detente.report.uncertainty_charts import labels
from detente.web.app import create_app
from detente.workflows.mc import report_uncertainty
from detente.workflows.options import MODEL_IDS

JSON = {"accept": "application/json"}
BARGAINING = ("bdm.v1", "exchange.v1", "smp.v1")
FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


def _run(client: TestClient) -> dict[str, dict[str, float]]:
    ran = client.post("/s/sample/run", headers=JSON)
    assert ran.status_code == 200
    forecasts: dict[str, dict[str, float]] = ran.json()["forecasts"]
    return forecasts


def _figure(page: str, element_id: str) -> dict[str, Any]:
    found = re.search(rf'id="{element_id}"[^>]*data-figure=\'([^\']*)\'', page)
    assert found, f"no chart {element_id} on the page"
    figure: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return figure


def _beyond(scenario: Scenario, issue: str, forecast: float) -> list[dict[str, Any]]:
    """The parties whose red line ``forecast`` lies past: on the far side of the line from the
    party's own position."""
    return [
        {"party": scenario.actor(p.actor).name, "red_line": p.red_line}
        for p in scenario.positions_on(issue)
        if p.red_line is not None and (forecast - p.red_line) * (p.position - p.red_line) < 0
    ]


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


def test_before_a_run_the_page_says_how_to_get_the_forecasts(sample: Path) -> None:
    client = TestClient(create_app([sample]))
    data = client.get("/s/sample/issues/quota.json").json()
    assert data["by_model"] == [] and data["rounds"] is None
    page = client.get("/s/sample/issues/quota").text
    assert 'id="no-model-run"' in page and 'id="rounds-chart"' not in page


def test_every_model_by_name_with_the_red_lines_its_forecast_crosses(sample: Path) -> None:
    client = TestClient(create_app([sample]))
    forecasts = _run(client)
    scenario = load_scenario(sample)
    rows = client.get("/s/sample/issues/quota.json").json()["by_model"]
    assert [r["model"] for r in rows] == list(MODEL_IDS)  # every registered model, none averaged
    assert all(r["name"] and r["name"] != r["model"] for r in rows)
    assert len({r["name"] for r in rows}) == len(rows)
    crossed = set()
    for row in rows:
        assert row["forecast"] == forecasts[row["model"]]["quota"]
        expected = _beyond(scenario, "quota", row["forecast"])  # Southland's line at 50, or none
        assert row["beyond"] == expected, row["model"]
        assert (row["warning"] is not None) == bool(expected)
        if expected:
            crossed.add(row["model"])
    assert crossed and crossed != set(MODEL_IDS)  # the sample has forecasts on both sides
    page = client.get("/s/sample/issues/quota").text
    for row in rows:
        cells = page.split(f'id="model-{row["model"].replace(".", "-")}"', 1)[1].split("</tr>")[0]
        assert row["name"] in html.unescape(cells)
        if row["model"] in crossed:
            assert "⚠ beyond the red line of Southland (50)" in cells
        else:
            assert "within every red line" in cells and "⚠" not in cells


@pytest.fixture(scope="module")
def flagship(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """The dashboard over a copy of the flagship scenario, with one run of the models."""
    folder = tmp_path_factory.mktemp("flagship") / "ukraine-2025"  # the scenario's id
    folder.mkdir()
    shutil.copy(FLAGSHIP, folder / "scenario.yaml")
    client = TestClient(create_app([folder / "scenario.yaml"]))
    assert client.post("/s/ukraine_2025/run", headers=JSON).status_code == 200
    return client


def test_the_round_chart_explains_each_move_of_bdm_exchange_and_smp(flagship: TestClient) -> None:
    url = "/s/ukraine_2025/issues/black_sea"
    figure = _figure(flagship.get(url).text, "rounds-chart")
    assert figure == flagship.get(url + ".json").json()["rounds"]
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert [re.search(r"<b>(.*?)</b>", t).group(1) for t in titles] == list(BARGAINING)  # type: ignore[union-attr]
    words = {"x": "challenged", "x2": "Exchange:", "x3": "adopts its bargain"}
    for axis, why in words.items():
        moved = [
            text
            for trace in figure["data"]
            if trace["xaxis"] == axis and trace["name"] != "forecast"
            for r, text in enumerate(trace["hovertext"])
            if r > 0 and trace["y"][r] != trace["y"][r - 1]
        ]
        assert moved, axis
        assert all("records no move" not in t for t in moved), axis
        assert any(why in t for t in moved), axis


def test_a_panel_says_whose_red_line_its_forecast_crosses(flagship: TestClient) -> None:
    data = flagship.get("/s/ukraine_2025/issues/territory_recognition.json").json()
    titles = [a["text"] for a in data["rounds"]["layout"]["annotations"]]
    rows = {r["model"]: r for r in data["by_model"]}
    for model, title in zip(BARGAINING, titles, strict=True):
        beyond = [b["party"] for b in rows[model]["beyond"]]
        assert beyond  # each bargaining model crosses a red line on recognition
        assert title.endswith("⚠ " + ", ".join(beyond))


def test_forecasts_in_the_issues_own_units(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    sample.write_text(
        text.replace(
            "    status_quo: 30\n",
            "    status_quo: 30\n    scale: {low: 0, high: 24, unit: months}\n",
        ),
        encoding="utf-8",
    )
    client = TestClient(create_app([sample]))
    forecasts = _run(client)
    rows = client.get("/s/sample/issues/harbour.json").json()["by_model"]
    for row in rows:
        assert row["original"] == pytest.approx(forecasts[row["model"]]["harbour"] * 24 / 100)
    page = client.get("/s/sample/issues/harbour").text
    assert '<th class="num">In months</th>' in page
    assert client.get("/s/sample/issues/quota.json").json()["by_model"][0]["original"] is None


def test_the_views_are_built_once_per_run_and_follow_the_run(sample: Path) -> None:
    app = create_app([sample], page_cache_size=0)  # every page built afresh
    client = TestClient(app)
    state = app.state.dashboard.state
    _run(client)
    client.get("/s/sample/issues/harbour")
    built = state.views["sample"][1]
    client.get("/s/sample/issues/quota.json")
    client.get("/s/sample/issues/pause")
    assert state.views["sample"][1] is built
    edited = client.post(
        "/s/sample/positions/southland/quota", data={"version": 1, "red_line": 46}, headers=JSON
    )
    assert edited.status_code == 200
    # an edit without a new run: the table still shows the run's forecasts, of version 1
    stale = client.get("/s/sample/issues/quota.json").json()
    assert stale["stale"] and stale["forecasts_version"] == 1
    assert state.views["sample"][1] is built
    assert (
        "from version 1; the scenario has been edited since"
        in client.get("/s/sample/issues/quota").text
    )
    assert all(b["red_line"] == 50 for r in stale["by_model"] for b in r["beyond"])
    forecasts = _run(client)
    rerun = client.get("/s/sample/issues/quota.json").json()["by_model"]
    assert state.views["sample"][1] is not built
    # the rerun's notes read the edited red line, 46
    edited_scenario = load_scenario(sample)
    for row in rerun:
        assert row["beyond"] == _beyond(edited_scenario, "quota", forecasts[row["model"]]["quota"])
    crossing = [b for r in rerun for b in r["beyond"]]
    assert crossing and all(b["red_line"] == 46 for b in crossing)


def test_a_run_with_monte_carlo_labels_shows_them_beside_each_forecast(sample: Path) -> None:
    """The dashboard's own runs carry no Monte Carlo draws; a run that does (as the report's)
    puts each forecast's robust/fragile label in the table, read from the same views."""
    app = create_app([sample])
    client = TestClient(app)
    _run(client)
    state = app.state.dashboard.state
    version, analysis = state.runs["sample"]
    scenario = load_scenario(sample)
    mc, sensitivity, note = report_uncertainty(scenario, analysis.forecasts, draws=20, seed=3)
    assert mc is not None and note is None
    state.runs["sample"] = (version, replace(analysis, mc=mc, sensitivity=sensitivity))
    rows = client.get("/s/sample/issues/harbour.json").json()["by_model"]
    found = labels(mc)
    assert [r["label"] for r in rows] == [found[(r["model"], "harbour")] for r in rows]
    page = client.get("/s/sample/issues/harbour").text
    for row in rows:
        cells = page.split(f'id="model-{row["model"].replace(".", "-")}"', 1)[1].split("</tr>")[0]
        assert f'<span class="badge {row["label"]}">{row["label"]}</span>' in cells
