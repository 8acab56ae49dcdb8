"""Round-by-round charts: the points are the models' rounds, the hover says why each party moved."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from dashboard_fixtures import PAYLOAD_IMG, hostile_sample

from detente.domain import Forecast, Scenario
from detente.io import load_scenario
from detente.models.registry import run_models
from detente.report.embed import page_figures
from detente.report.round_charts import (
    DIGITS,
    exchange_partner_issue,
    issue_trails,
    round_chart_html,
    round_figure,
    round_trails,
)

ROUND_MODELS = ["bdm.v1", "exchange.v1", "smp.v1"]


@pytest.fixture(scope="module")
def flagship(flagship_path: Path) -> Scenario:
    return load_scenario(flagship_path)


@pytest.fixture(scope="module")
def forecasts(flagship: Scenario) -> dict[str, Forecast]:
    return run_models(flagship, ["compromise.v1", *ROUND_MODELS], seed=0)


def _party_trace(figure: dict, panel: int, name: str) -> dict:
    axis = "x" if panel == 0 else f"x{panel + 1}"
    return next(t for t in figure["data"] if t["xaxis"] == axis and t["name"] == name)


def test_bdm_chart_points_are_the_forecasts_rounds(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    forecast = forecasts["bdm.v1"]
    for issue in flagship.issues:
        result = forecast.issues[issue.id]
        trail = round_trails(flagship, forecast, issue.id)
        if len(result.history) < 2:
            assert trail is None  # nothing moved: no chart
            continue
        assert trail is not None
        figure = round_figure([trail])
        for actor, history in result.actor_history.items():
            trace = _party_trace(figure, 0, flagship.actor(actor).name)
            assert trace["x"] == list(range(len(history)))
            assert trace["y"] == pytest.approx(list(history), abs=0.5 * 10**-DIGITS)
        line = next(t for t in figure["data"] if t["name"] == "forecast")
        assert line["y"] == pytest.approx(list(result.history), abs=0.5 * 10**-DIGITS)


def test_bdm_hover_names_the_challenger_of_every_accepted_offer(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    forecast = forecasts["bdm.v1"]
    checked = 0
    for issue in flagship.issues:
        trail = round_trails(flagship, forecast, issue.id)
        if trail is None:
            continue
        figure = round_figure([trail])
        for move in forecast.issues[issue.id].moves:
            if move.kind not in ("conflict", "compromise", "capitulation"):
                continue
            target = flagship.actor(move.target or "").name
            challenger = flagship.actor(move.actor or "").name
            hover = _party_trace(figure, 0, target)["hovertext"][move.round]
            assert f"{challenger} challenged {target} ({move.kind})" in hover.replace("<br>", " ")
            checked += 1
    assert checked > 20


def test_a_red_line_that_stopped_a_move_is_named_in_the_hover(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    """In the flagship Ukraine is offered 40 on territory recognition and stops at its line, 25."""
    trail = round_trails(flagship, forecasts["bdm.v1"], "territory_recognition")
    assert trail is not None
    ukraine = next(p for p in trail.parties if p.actor == "ukraine")
    assert ukraine.positions[1] == 25.0 and ukraine.red_line == 25.0
    assert "held at its red line (offered 40)" in " ".join(ukraine.why[1])


def test_exchange_hover_names_the_partner_and_what_it_gave_in_return(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    forecast = forecasts["exchange.v1"]
    moves = [m for i in forecast.issues.values() for m in i.moves if m.kind == "exchange"]
    assert moves
    for move in moves[:40]:
        other = exchange_partner_issue(forecast, move)
        assert other is not None and other != move.issue
        twin = next(
            m
            for m in forecast.issues[other].moves
            if m.round == move.round and m.actor == move.target and m.target == move.actor
        )
        assert exchange_partner_issue(forecast, twin) == move.issue
        trail = round_trails(flagship, forecast, move.issue)
        assert trail is not None
        party = next(p for p in trail.parties if p.actor == move.actor)
        # exchange numbers rounds from 0: round r's exchange explains point r + 1
        why = " ".join(party.why[move.round + 1])
        demander = flagship.actor(move.target or "").name
        assert f"gave way to {demander}" in why
        assert f"{demander} gave way on {flagship.issue(other).name} in return" in why


def test_smp_hover_gives_the_bargain_and_its_probabilities(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    forecast = forecasts["smp.v1"]
    result = forecast.issues["territory_recognition"]
    trail = round_trails(flagship, forecast, "territory_recognition")
    assert trail is not None and trail.step == "turn"
    adopts = [m for m in result.moves if m.kind == "adopt"]
    assert adopts
    for adopt in adopts:
        party = next(p for p in trail.parties if p.actor == adopt.actor)
        why = " ".join(party.why[adopt.round])
        assert f"elected with P = {adopt.values['probability']:.2f}" in why
        bargain = next(
            c
            for c in result.moves
            if c.kind == "challenge"
            and c.round == adopt.round
            and {c.actor, c.target} == {adopt.actor, adopt.target}
        )
        initiator = flagship.actor(bargain.actor or "").name
        assert f"{initiator} challenged" in why
        assert f"P({initiator} wins) {bargain.values['probability']:.2f}" in why


def test_only_models_with_rounds_get_a_panel(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    trails = issue_trails(flagship, list(forecasts.values()), "territory_recognition")
    assert [t.model for t in trails] == ROUND_MODELS  # compromise.v1 keeps no rounds
    figure = round_figure(trails, {"bdm.v1": "fragile ⚠ Ukraine"})
    assert {t["xaxis"] for t in figure["data"]} == {"x", "x2", "x3"}
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert "fragile ⚠ Ukraine" in titles[0] and "bdm.v1" in titles[0]
    # one dotted red line per party that has one, in each panel
    lines = [s for s in figure["layout"]["shapes"] if s["line"]["dash"] == "dot"]
    assert len(lines) == 3 * 2  # Russia and Ukraine hold red lines on this issue


def test_chart_data_is_plain_and_the_fragment_carries_the_figure(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    trails = issue_trails(flagship, list(forecasts.values()), "black_sea")
    json.dumps([asdict(t) for t in trails])  # plain data, ready for a JSON page
    html = str(round_chart_html(trails, "rounds-black_sea"))
    assert html.startswith('<div class="chart" id="rounds-black_sea" data-figure=')
    assert page_figures(html)["rounds-black_sea"] == json.loads(json.dumps(round_figure(trails)))


def test_names_from_the_scenario_are_escaped_in_the_hover(tmp_path: Path) -> None:
    scenario = load_scenario(hostile_sample(tmp_path / "case"))
    forecasts = list(run_models(scenario, ROUND_MODELS, seed=0).values())
    texts = []
    for issue in scenario.issues:
        figure = round_figure(issue_trails(scenario, forecasts, issue.id))
        texts += [json.dumps(t, ensure_ascii=False) for t in figure["data"]]
    assert all(PAYLOAD_IMG not in t for t in texts)
    assert any("&lt;img src=x" in t for t in texts)  # the party is there, as text


def test_panels_stand_side_by_side_and_stack_on_a_narrow_screen(
    flagship: Scenario, forecasts: dict[str, Forecast]
) -> None:
    figure = round_figure(issue_trails(flagship, list(forecasts.values()), "black_sea"))
    wide = figure["layout"]
    narrow = wide["meta"]["narrow"]["layout"]
    columns = [wide[f"xaxis{s}"]["domain"] for s in ("", "2", "3")]
    rows = [narrow[f"yaxis{s}"]["domain"] for s in ("", "2", "3")]
    assert columns[0][1] < columns[1][0] < columns[1][1] < columns[2][0]  # left to right
    assert all(wide[f"yaxis{s}"]["domain"] == [0.0, 1.0] for s in ("", "2", "3"))
    assert rows[2][1] < rows[1][0] < rows[1][1] < rows[0][0]  # top to bottom
    assert all(narrow[f"xaxis{s}"]["domain"] == [0.0, 1.0] for s in ("", "2", "3"))
    # each panel's traces and red lines sit on that panel's own axes
    assert {(t["xaxis"], t["yaxis"]) for t in figure["data"]} == {
        ("x", "y"),
        ("x2", "y2"),
        ("x3", "y3"),
    }
    assert all(s["xref"][1:] == s["yref"][1:] for s in wide["shapes"])
