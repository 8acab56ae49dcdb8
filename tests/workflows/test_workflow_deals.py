"""The all-party deal analysis of the report and dashboard: every issue, or a stated cap."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from detente.deals import build_space, logrolls
from detente.domain import Scenario
from detente.io import load_scenario
from detente.workflows.analyse import analyse
from detente.workflows.deals import FALLBACK_ISSUES, TOP_LOGROLLS, run_deals

ScenarioFactory = Callable[..., Scenario]


def test_flagship_solutions_and_logrolls_cover_every_issue(flagship_path: Path) -> None:
    """The solution points and logrolls once covered the 6 weightiest of the 20 issues."""
    scenario = load_scenario(flagship_path)
    result, note = run_deals(scenario)
    assert result is not None and note is None
    positioned = {p.issue for p in scenario.positions}
    assert len(positioned) == 20
    assert set(result.space.issues) == positioned and result.space.dropped_issues == ()
    nash = result.point("nash")
    assert nash is not None and len(result.space.package_dict(nash[0])) == 20
    assert result.logrolls and all(set(t.package) == positioned for t in result.logrolls)
    # Issues beyond the old six are traded too (Kursk is not among the weightiest six).
    assert any("kursk_exchange" in (t.issue_a, t.issue_b) for t in result.logrolls)
    assert analyse(scenario).manifest["deals"]["solution_issues"] == 20


def test_a_cap_asked_for_leaves_the_trades_on_every_issue(flagship_path: Path) -> None:
    scenario = load_scenario(flagship_path)
    result, note = run_deals(scenario, deal_issues=6)
    assert result is not None and note is not None and "--deal-issues 6" in note
    assert len(result.space.issues) == 6 and len(result.space.dropped_issues) == 14
    every = build_space(scenario)
    assert list(result.logrolls) == logrolls(every, scenario, top=TOP_LOGROLLS)
    assert all(len(t.package) == 20 for t in result.logrolls)


def test_a_space_past_the_budget_falls_back_to_the_weightiest_and_says_so(
    make_scenario: ScenarioFactory,
) -> None:
    scenario = make_scenario(3, n_actors=10, n_issues=12)
    result, note = run_deals(scenario)
    assert result is not None and note is not None
    assert "too many to search exactly" in note and "--deal-issues" in note
    assert len(result.space.issues) == FALLBACK_ISSUES
    assert all(len(t.package) == 12 for t in result.logrolls)
    capped, refused = run_deals(scenario, deal_issues=12)  # asked for: refused, never shrunk
    assert capped is None and refused is not None and "DT603" in refused
