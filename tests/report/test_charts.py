"""Chart defects that were seen: clipped labels at 100, colours doing two jobs, bare numbers."""

from __future__ import annotations

from pathlib import Path

from detente.io import load_scenario
from detente.report.charts import matrix_figure, strip_figure
from detente.report.palette import PARTY_COLOURS, SIDE_AGAINST, SIDE_FOR, actor_styles
from detente.report.wording import scale_point
from detente.workflows.analyse import analyse


def test_side_colours_are_never_party_colours(flagship_path: Path) -> None:
    scenario = load_scenario(flagship_path)
    party = {s.colour for s in actor_styles(scenario).values()} | set(PARTY_COLOURS)
    assert {SIDE_AGAINST, SIDE_FOR}.isdisjoint(party)


def test_forecast_labels_at_100_are_drawn_inside_the_plot(flagship_path: Path) -> None:
    scenario = load_scenario(flagship_path)
    forecasts = analyse(scenario, seed=0).forecasts
    at_top = [
        (issue.id, f.model)
        for issue in scenario.issues
        for f in forecasts
        if issue.id in f.issues and f.issues[issue.id].position >= 99.5
    ]
    assert at_top  # the flagship has forecasts at 100 (e.g. the energy moratorium)
    issue_id = at_top[0][0]
    traces = strip_figure(scenario, issue_id, forecasts)["data"]
    labels = [t for t in traces if t.get("meta", {}).get("forecast") and t["x"][0] >= 99.5]
    assert labels and all(t["textposition"] == "middle left" for t in labels)
    assert all(t["cliponaxis"] is False for t in labels)


def test_matrix_hover_gives_the_scale_words(flagship_path: Path) -> None:
    scenario = load_scenario(flagship_path)
    hovers = matrix_figure(scenario, {})["data"][0]["hovertext"]
    assert len(hovers) == len(scenario.positions)
    for pos, hover in zip(scenario.positions, hovers, strict=True):
        issue = scenario.issue(pos.issue)
        plain = hover.replace("<br>", " ")
        assert scale_point(issue, pos.position).replace("&", "&amp;") in plain
        if pos.red_line is not None:  # the red line in the scale's words too, not a bare number
            assert f"red line {scale_point(issue, pos.red_line)}".replace("&", "&amp;") in plain
    assert all("scale's mark" in h for h in hovers)


def test_strip_hovers_give_the_scale_words(flagship_path: Path) -> None:
    """The strips' hovers once gave bare numbers ("position 30, red line 50")."""
    scenario = load_scenario(flagship_path)
    for issue in scenario.issues:
        traces = strip_figure(scenario, issue.id, [])["data"]
        hovers = [t["hovertext"][0].replace("<br>", " ") for t in traces if "hovertext" in t]
        for pos, hover in zip(scenario.positions_on(issue.id), hovers, strict=True):
            assert scale_point(issue, pos.position).replace("&", "&amp;") in hover
            if pos.red_line is not None:
                assert scale_point(issue, pos.red_line).replace("&", "&amp;") in hover
