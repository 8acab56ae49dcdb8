"""The all-party deal analysis for the views: solution points and logrolls (the pair frontiers
are the deal explorer's, ``report.deal_explorer``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.deals import SOLUTION_IDS, DealAnalysis
from detente.domain import Scenario
from detente.report.wording import num

SOLUTION_NAMES = {
    "nash": "Nash bargaining",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "utilitarian": "Utilitarian (largest total)",
    "egalitarian": "Egalitarian (best for the worst-off)",
}


@dataclass
class DealView:
    solutions: list[dict[str, Any]] = field(default_factory=list)
    logrolls: list[dict[str, Any]] = field(default_factory=list)  # within every red line
    crossing_logrolls: list[dict[str, Any]] = field(default_factory=list)  # not proposed
    note: str | None = None
    logroll_note: str | None = None


def _package_words(scenario: Scenario, package: dict[str, float]) -> str:
    return "; ".join(f"{scenario.issue(i).name} {num(v)}" for i, v in package.items())


def _gives(scenario: Scenario, actor: str, issue: str) -> str:
    return f"{scenario.actor(actor).name} gives on {scenario.issue(issue).name}"


def red_line_breaks(scenario: Scenario, package: dict[str, float]) -> list[str]:
    """Every red line ``package`` crosses, on every issue it sets (traded or not)."""
    breaks = []
    for issue_id, value in package.items():
        for pos in scenario.positions_on(issue_id):
            if pos.red_line is not None and not pos.accepts(value):
                breaks.append(
                    f"beyond the red line of {scenario.actor(pos.actor).name} on "
                    f"{scenario.issue(issue_id).name} ({num(value)} against {num(pos.red_line)})"
                )
    return breaks


def _gain_words(scenario: Scenario, gains: dict[str, float], traders: set[str]) -> str:
    """Each party's change in utility; third parties that lose are named as the trade's cost."""

    def words(actor: str) -> str:
        return f"{scenario.actor(actor).name} {gains[actor]:+.3f}"

    text = ", ".join(words(a) for a in gains if a in traders)
    losing = [words(a) for a in gains if a not in traders and gains[a] < 0]
    others = [words(a) for a in gains if a not in traders and gains[a] >= 0]
    if losing:
        text += "; cost to third parties: " + ", ".join(losing)
    if others:
        text += "; others: " + ", ".join(others)
    return text


def deal_view(
    scenario: Scenario, analysis: DealAnalysis, scope_note: str | None = None
) -> DealView:
    """The all-party view; ``scope_note`` says why the solution points leave issues out."""
    space = analysis.space
    view = DealView()
    names = {i.id: i.name for i in scenario.issues}
    if analysis.zone_empty:
        blockers = ", ".join(names.get(i, i) for i in analysis.emptied_by)
        blockers = blockers or "the reservation utilities"
        view.note = (
            f"No package meets every red line (blocked on: {blockers}); the points below show "
            "what a deal would look like were those red lines relaxed."
        )
    for solution in SOLUTION_IDS:
        found = analysis.point(solution)
        if found is None:
            continue
        package, utilities = found
        row: dict[str, Any] = {
            "Solution": SOLUTION_NAMES[solution],
            "Package": _package_words(scenario, space.package_dict(package)),
        }
        for actor, value in space.utility_dict(utilities).items():
            row[scenario.actor(actor).name] = f"{value:.2f}"
        breaks = red_line_breaks(scenario, space.package_dict(package))
        row["Red lines"] = "warning: " + "; ".join(breaks) if breaks else "respects every red line"
        view.solutions.append(row)
    # Only trades within every red line are proposed; the others are listed apart, with the
    # red lines they cross and what they cost the parties not trading.
    for trade in analysis.logrolls:
        row = {
            "Trade": _gives(scenario, trade.giver_a, trade.issue_a)
            + "; "
            + _gives(scenario, trade.giver_b, trade.issue_b),
            "Joint gain": f"{trade.joint_gain:.3f}",
            "Gains and costs": _gain_words(scenario, trade.gains, {trade.giver_a, trade.giver_b}),
        }
        if trade.within_red_lines:
            view.logrolls.append(row | {"Red lines": "respects every red line"})
        else:
            crossed = "; ".join(red_line_breaks(scenario, trade.package))
            view.crossing_logrolls.append(row | {"Red lines": crossed})
    if view.crossing_logrolls and not view.logrolls:
        view.logroll_note = (
            "No trade between two parties stays within every party's red lines, so none is "
            "proposed; the trades below would gain the two who make them but cross a red line."
        )
    if space.dropped_issues:
        view.note = " ".join(filter(None, (view.note, scope_note, _left_out(scenario, analysis))))
    return view


def _left_out(scenario: Scenario, analysis: DealAnalysis) -> str:
    """Which issues the solution points leave out, and whether the trades cover them."""
    space = analysis.space
    dropped = "; ".join(scenario.issue(i).name for i in space.dropped_issues)
    text = f"The solution points cover {len(space.issues)} issues; left out: {dropped}."
    covered = any(set(space.dropped_issues) & set(t.package) for t in analysis.logrolls)
    if covered:
        text += " The trades are checked on every issue, those left out included."
    return text
