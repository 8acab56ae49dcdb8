"""One colour system: party colours never read as a side of an axis, nor stand for anything else."""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from pathlib import Path

import pytest

from detente.io import load_scenario
from detente.report.charts import TimelineItem, matrix_figure, strip_figure, timeline_figure
from detente.report.palette import (
    GREYS,
    INK,
    MIN_PARTY_SIDE_DISTANCE,
    OKABE_ITO,
    PARTY_COLOURS,
    SIDE_AGAINST,
    SIDE_FOR,
    SIDE_MIDDLE,
    actor_styles,
    distance,
    lab,
    side_colour,
)
from detente.workflows.analyse import analyse

SIDE_STEPS = [side_colour(p) for p in range(0, 101, 5)]


def test_cielab_and_the_side_scale_are_right() -> None:
    assert lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.05)
    assert lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.05)
    assert lab("#FF0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.1)  # published value
    assert (side_colour(0), side_colour(50), side_colour(100)) == (
        SIDE_AGAINST,
        SIDE_MIDDLE,
        SIDE_FOR,
    )


def test_no_party_colour_is_near_any_colour_of_the_side_scale() -> None:
    """Okabe–Ito's bluish green (ΔE 14 from the scale's green) and reddish purple (16 from its
    purple) were party colours: a party drawn in them read as "for" or "against"."""
    nearest = {c: min(distance(c, s) for s in SIDE_STEPS) for c in PARTY_COLOURS}
    assert min(nearest.values()) >= MIN_PARTY_SIDE_DISTANCE, nearest
    assert min(distance("#009E73", s) for s in SIDE_STEPS) < MIN_PARTY_SIDE_DISTANCE
    assert set(PARTY_COLOURS) - {"#7F4F24"} <= set(OKABE_ITO)


def test_party_colours_are_told_apart_and_repeat_only_with_another_marker() -> None:
    assert min(distance(a, b) for a, b in combinations(PARTY_COLOURS, 2)) >= 25
    assert all(distance(c, g) >= 25 for c in PARTY_COLOURS for g in (*GREYS, INK))


def _colours(value: object) -> set[str]:
    """Every "#RRGGBB" string anywhere in a figure."""
    if isinstance(value, str):
        return {value.upper()} if value.startswith("#") and len(value) == 7 else set()
    if isinstance(value, dict):
        return set().union(*(_colours(v) for v in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(_colours(v) for v in value)) if value else set()
    return set()


def test_in_the_flagships_charts_each_colour_does_one_job(flagship_path: Path) -> None:
    scenario = load_scenario(flagship_path)
    party = {s.colour.upper() for s in actor_styles(scenario).values()}
    matrix = matrix_figure(scenario, {})
    assert _colours(matrix) & party == set()
    assert matrix["data"][0]["marker"]["colorscale"][0][1] == SIDE_AGAINST
    forecasts = analyse(scenario, seed=0).forecasts
    for issue in scenario.issues:
        strip = strip_figure(scenario, issue.id, forecasts)
        for trace in strip["data"]:
            used = _colours(trace)
            if trace.get("meta", {}).get("forecast"):
                assert used <= {INK.upper()}  # models are drawn in ink, never in a party's hue
            else:
                assert used & party and len(used & party) == 1
    day = dt.date(2025, 3, 18)
    items = [TimelineItem(day, kind, "x", "Outlet") for kind in ("claim", "fact", "evidence")]
    assert _colours(timeline_figure(items)) & (party | {SIDE_AGAINST, SIDE_FOR}) == set()
