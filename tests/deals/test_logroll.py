"""Logrolls against every red line: the issues not traded and the third parties included
(the river case: tests/fixtures/deals/river.yaml)."""

from __future__ import annotations

from detente.deals import SpaceSettings, analyse, build_space, logrolls
from detente.domain import Scenario


def test_issues_not_traded_start_within_every_red_line(river: Scenario) -> None:
    """The trades leave the levee alone: it once stayed at the mean (25), past the Delta's red
    line, so trades that respect every traded issue were marked as crossing one."""
    scenario = river
    trades = logrolls(build_space(scenario), scenario, pairs=[("up", "down")])
    assert {(t.issue_a, t.issue_b) for t in trades} == {("x", "y"), ("x", "z")}
    for trade in trades:
        assert trade.package["w"] == 100 and trade.red_lines_crossed == ()
        assert trade.within_red_lines and trade.as_dict()["red_lines_crossed"] == []


def test_a_trade_shows_what_it_costs_the_third_parties(river: Scenario) -> None:
    scenario = river
    fishery = next(
        t for t in logrolls(build_space(scenario), scenario) if (t.issue_a, t.issue_b) == ("x", "y")
    )
    assert fishery.gains["delta"] < 0
    assert fishery.third_party_cost == -fishery.gains["delta"] > 0
    assert fishery.as_dict()["third_party_cost"] == fishery.third_party_cost
    assert f"It costs third parties: Delta {fishery.gains['delta']:+.3f}." in fishery.explanation


def test_with_no_option_every_red_line_allows_every_trade_says_whose_it_crosses(
    river_blocked: Scenario,
) -> None:
    scenario = river_blocked
    result = analyse(scenario, SpaceSettings(), top_logrolls=None, pairs=[("up", "down")])
    assert result.logrolls and not any(t.within_red_lines for t in result.logrolls)
    for trade in result.logrolls:
        crossed = set(trade.red_lines_crossed)
        assert crossed & {("delta", "y"), ("port", "y")}
        assert "It crosses the red line of " in trade.explanation
