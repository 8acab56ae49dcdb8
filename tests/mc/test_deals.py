"""Deals under uncertainty: empty zones per draw as the deal analysis sees them, and the
stability of the Nash package."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.deals import analyse
from detente.deals.zopa import issue_zone
from detente.domain import Scenario
from detente.io import load_scenario
from detente.mc import run_mc
from detente.mc.backends import chunk_tasks
from detente.mc.chunk import DRAW_BLOCK, chunk_draws
from detente.mc.deals import DealPlan, emptied_issues, issue_options, nash_package
from detente.mc.draws import draw, scenario_arrays, variant

FLAGSHIP = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "scenario.yaml"


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return load_scenario(FLAGSHIP)


@pytest.fixture(scope="module")
def open_flagship(flagship: Scenario) -> Scenario:
    """The flagship without its territory red lines (which empty the zone in every draw) and
    with red lines on a full ceasefire that leave only the option 50 (Russia at most 55,
    Ukraine at least 45): the noise empties that zone in some draws, not in others."""
    data = flagship.model_dump()
    lines = {("russia", "full_ceasefire"): 55.0, ("ukraine", "full_ceasefire"): 45.0}
    for p in data["positions"]:
        if p["issue"] == "territory_recognition":
            p["red_line"] = None
        p["red_line"] = lines.get((p["actor"], p["issue"]), p["red_line"])
    return Scenario.model_validate(data)


def test_empty_zones_match_the_deal_analysis_draw_by_draw(open_flagship: Scenario) -> None:
    d = draw(scenario_arrays(open_flagship), np.random.default_rng(12), 60)
    ids, empty = emptied_issues(open_flagship, d)
    for row in range(60):
        scenario = variant(open_flagship, d, row)
        expected = [
            issue_zone(scenario, i, tuple(issue_options(scenario, i).tolist())).empty for i in ids
        ]
        assert empty[row].tolist() == expected
    # Both outcomes occur, so the comparison is not vacuous.
    assert 0 < empty.any(axis=1).sum() < 60


def test_zone_verdict_is_the_one_detente_deals_gives(open_flagship: Scenario) -> None:
    d = draw(scenario_arrays(open_flagship), np.random.default_rng(12), 60)
    ids, empty = emptied_issues(open_flagship, d)
    rows = [int(np.flatnonzero(empty.any(axis=1))[0]), int(np.flatnonzero(~empty.any(axis=1))[0])]
    for row in rows:
        analysis = analyse(variant(open_flagship, d, row), top_logrolls=0)
        assert analysis.zone_empty == bool(empty[row].any())
        assert set(analysis.emptied_by) == {i for i, e in zip(ids, empty[row], strict=True) if e}


def test_mc_counts_each_blocking_issue_and_the_sole_blockers(open_flagship: Scenario) -> None:
    deals = run_mc(open_flagship, ["median.v1"], draws=80, seed=4).to_json({})["deals"]
    assert isinstance(deals, dict)
    emptied, alone = deals["emptied_by"], deals["emptied_only_by"]
    assert 0 < deals["p_zone_empty"] < 1
    assert max(emptied.values()) <= deals["p_zone_empty"] <= sum(emptied.values())
    assert set(alone) <= set(emptied) and all(alone[i] <= emptied[i] for i in alone)
    assert "nash_package" not in deals  # only with deal draws


def test_deal_plan_picks_the_same_draws_whatever_the_chunks() -> None:
    plan = DealPlan.spread(1000, 7, None)
    expected = {g for g in range(1000) if g % plan.every == 0 and g // plan.every < 7}
    assert len(expected) == 7
    for chunk in (DRAW_BLOCK, 100, 333, 1000):
        got = {s + r for s in range(0, 1000, chunk) for r in plan.rows(s, min(chunk, 1000 - s))}
        assert got == expected


def test_nash_package_is_stable_without_spread(flagship: Scenario) -> None:
    still = Scenario.model_validate(
        {
            **flagship.model_dump(),
            "uncertainty": {
                "position_sd": 0.0,
                "salience_sd": 0.0,
                "red_line_sd": 0.0,
                "capability_sd": 0.0,
            },
        }
    )
    deals = run_mc(still, ["median.v1"], draws=30, seed=1, deal_draws=2).to_json({})["deals"]
    assert isinstance(deals, dict)
    nash = deals["nash_package"]
    assert nash["draws"] == 2 and nash["p_same_as_base"] == 1.0
    assert nash["base"] == nash_package(flagship)
    assert set(nash["p_same_by_issue"].values()) == {1.0}


def test_nash_package_stability_counts_the_analysed_draws(flagship: Scenario) -> None:
    draws, chosen = 50, 3
    nash = run_mc(flagship, ["median.v1"], draws=draws, seed=9, deal_draws=chosen).to_json({})
    summary = nash["deals"]["nash_package"]  # type: ignore[index]
    plan = DealPlan.spread(draws, chosen, None)
    # The same draws, rebuilt block by block as the chunks draw them, analysed one by one.
    packages = []
    for task in chunk_tasks(flagship, ["median.v1"], draws, 9, draws, plan):
        rows = task.deals.rows(task.start, task.draws)
        block = chunk_draws(task)
        packages += [nash_package(variant(flagship, block, r)) for r in rows]
    base = nash_package(flagship)
    assert summary["draws"] == chosen == len(packages)
    assert summary["p_same_as_base"] == sum(p == base for p in packages) / chosen
    for issue, shares in summary["options"].items():
        assert sum(shares.values()) == pytest.approx(1.0)
        assert issue in base
