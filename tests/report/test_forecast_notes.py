"""Every forecast beyond a party's red line says so next to it: in the strip chart, the
round-by-round chart and the table of all forecasts; the Monte Carlo label goes with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.domain import Scenario
from detente.io import load_scenario
from detente.models.registry import run_models
from detente.report.charts import strip_figure
from detente.report.forecast_notes import forecast_notes


@pytest.fixture(scope="module")
def flagship(flagship_path: Path) -> Scenario:
    return load_scenario(flagship_path)


def test_notes_name_each_red_line_a_forecast_lies_beyond(flagship: Scenario) -> None:
    forecasts = list(run_models(flagship, ["compromise.v1", "bdm.v1"], seed=0).values())
    notes = forecast_notes(flagship, forecasts, {("bdm.v1", "territory_recognition"): "fragile"})
    for forecast in forecasts:
        for issue_id, result in forecast.issues.items():
            note = notes[(forecast.model, issue_id)]
            crossed = {
                flagship.actor(p.actor).name
                for p in flagship.positions_on(issue_id)
                if p.red_line is not None and not p.accepts(result.position)
            }
            assert {name for name, _ in note.beyond} == crossed
            assert (note.warning is None) == (not crossed)
    # bdm.v1 ends at 75 on territory recognition: inside Russia's line (75), beyond Ukraine's (25)
    bdm = notes[("bdm.v1", "territory_recognition")]
    assert bdm.value == pytest.approx(75.0, abs=0.2)
    assert bdm.warning == "beyond the red line of Ukraine (25)"
    assert bdm.text == "fragile · beyond the red line of Ukraine (25)"
    assert bdm.mark == "fragile ⚠ Ukraine"
    both = notes[("compromise.v1", "territory_recognition")]
    assert both.short_warning == "beyond the red lines of Russia and Ukraine"


def test_strip_chart_writes_the_note_next_to_the_forecast(flagship: Scenario) -> None:
    forecasts = list(run_models(flagship, ["bdm.v1"], seed=0).values())
    notes = forecast_notes(flagship, forecasts)
    figure = strip_figure(
        flagship,
        "territory_recognition",
        forecasts,
        {"bdm.v1": notes[("bdm.v1", "territory_recognition")]},
    )
    label = next(t for t in figure["data"] if t.get("meta", {}).get("forecast") == "bdm.v1")
    assert label["text"] == ["75.0 ⚠ Ukraine"]
    assert "beyond the red line of Ukraine (25)" in label["hovertext"][0]
    assert label["textposition"] == "middle left"  # long label: the side with more room


def test_report_table_and_summary_show_labels_and_red_lines(
    flagship_report: Path,
) -> None:
    html = flagship_report.read_text(encoding="utf-8")
    table = html[html.index("<h3>All forecasts</h3>") :]
    table = table[: table.index("</table>")]
    assert 'class="badge robust"' in table or 'class="badge fragile"' in table
    assert "⚠ beyond the red line of Ukraine" in table
    assert "Round by round: why the positions moved" in html
    assert "How sure: the forecasts across the variants" in html
    assert "(fragile)" in html or "(robust)" in html  # the explainer's sentence by model
    assert "<dt>Monte Carlo</dt>" in html
