"""The deal space for the views: frontiers for pairs of parties, solution points, logrolls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.deals import SOLUTION_IDS, DealAnalysis, nondominated
from detente.domain import Scenario
from detente.errors import DetenteError
from detente.report.charts import FONT, Figure, escape_html
from detente.report.palette import OKABE_ITO
from detente.report.wording import num

FRONTIER_PAIRS = 2
SOLUTION_NAMES = {
    "nash": "Nash bargaining",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "utilitarian": "Utilitarian (largest total)",
    "egalitarian": "Egalitarian (best for the worst-off)",
}


@dataclass
class DealView:
    frontiers: list[tuple[str, Figure]] = field(default_factory=list)
    solutions: list[dict[str, Any]] = field(default_factory=list)
    logrolls: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None


def _pairs(
    scenario: Scenario, analysis: DealAnalysis, chosen: Sequence[tuple[str, str]]
) -> list[tuple[int, int]]:
    """The pairs of parties to draw: ``chosen`` (actor ids), else the most capable party with
    each of the next ones."""
    actors = analysis.space.actors
    if chosen:
        unknown = sorted({a for pair in chosen for a in pair} - set(actors))
        if unknown:
            raise DetenteError(
                "DT707",
                f"no party {', '.join(map(repr, unknown))} in the deal space",
                hint=f"parties: {', '.join(actors)}",
            )
        return [(actors.index(a), actors.index(b)) for a, b in chosen]
    capability = {a.id: a.capability for a in scenario.actors}
    order = sorted(range(len(actors)), key=lambda i: -capability[actors[i]])
    return [(order[0], other) for other in order[1 : 1 + FRONTIER_PAIRS]]


def _frontier_figure(scenario: Scenario, analysis: DealAnalysis, a: int, b: int) -> Figure:
    space = analysis.space
    name_a = scenario.actor(space.actors[a]).name
    name_b = scenario.actor(space.actors[b]).name
    basis = analysis.basis.utilities
    pair = basis[:, [a, b]]
    front = pair[nondominated(pair)]
    front = front[np.argsort(front[:, 0])]
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": pair[:, 0].tolist(),
            "y": pair[:, 1].tolist(),
            "name": "packages",
            "hoverinfo": "skip",
            "marker": {"color": "#c8c8c8", "size": 5},
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": front[:, 0].tolist(),
            "y": front[:, 1].tolist(),
            "name": "frontier for this pair",
            "hoverinfo": "x+y",
            "line": {"color": "#333333", "width": 2, "shape": "hv"},
            "marker": {"size": 5},
        },
    ]
    for index, solution in enumerate(SOLUTION_IDS):
        found = analysis.point(solution)
        if found is None:
            continue
        _, utilities = found
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": SOLUTION_NAMES[solution],
                "x": [float(utilities[a])],
                "y": [float(utilities[b])],
                "hovertext": [escape_html(SOLUTION_NAMES[solution])],
                "hoverinfo": "text+x+y",
                "marker": {
                    "symbol": ["star", "diamond", "square", "triangle-up"][index % 4],
                    "size": 15,
                    "color": OKABE_ITO[(index + 2) % len(OKABE_ITO)],
                    "line": {"color": "#222", "width": 1},
                },
            }
        )
    reservation = space.reservation
    shapes = [_reservation_line("x", reservation[a]), _reservation_line("y", reservation[b])]
    layout = {
        "font": FONT,
        "height": 380,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 60, "r": 10, "t": 10, "b": 50},
        "showlegend": True,
        "legend": {"orientation": "v", "x": 1.02, "y": 1},
        "xaxis": _utility_axis(name_a),
        "yaxis": _utility_axis(name_b),
        "shapes": shapes,
    }
    return {"data": traces, "layout": layout}


def _reservation_line(axis: str, value: float) -> dict[str, Any]:
    """A dotted line across the plot where ``axis`` equals a party's reservation utility."""
    across = "y" if axis == "x" else "x"
    return {
        "type": "line",
        f"{axis}0": float(value),
        f"{axis}1": float(value),
        f"{across}0": 0,
        f"{across}1": 1,
        f"{across}ref": "paper",
        "line": {"color": "#999", "dash": "dot"},
    }


def _utility_axis(party: str) -> dict[str, Any]:
    return {
        "title": {"text": f"utility of {escape_html(_short(party))}"},
        "range": [0, 1.02],
        "gridcolor": "#e4e4e4",
    }


def _short(name: str, limit: int = 26) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


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
    scenario: Scenario, analysis: DealAnalysis, pairs: Sequence[tuple[str, str]] = ()
) -> DealView:
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
    for a, b in _pairs(scenario, analysis, pairs):
        title = f"{scenario.actor(space.actors[a]).name} and {scenario.actor(space.actors[b]).name}"
        view.frontiers.append((title, _frontier_figure(scenario, analysis, a, b)))
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
    # Trades that respect every red line come first; the others stay, marked.
    checked = [(red_line_breaks(scenario, t.package), t) for t in analysis.logrolls]
    for breaks, trade in sorted(checked, key=lambda bt: (bool(bt[0]), -bt[1].joint_gain)):
        view.logrolls.append(
            {
                "Trade": _gives(scenario, trade.giver_a, trade.issue_a)
                + "; "
                + _gives(scenario, trade.giver_b, trade.issue_b),
                "Joint gain": f"{trade.joint_gain:.3f}",
                "Gains and costs": _gain_words(
                    scenario, trade.gains, {trade.giver_a, trade.giver_b}
                ),
                "Red lines": "; ".join(breaks) if breaks else "respects every red line",
            }
        )
    if space.dropped_issues:
        dropped = "; ".join(names.get(i, i) for i in space.dropped_issues)
        kept = len(space.issues)
        view.note = (
            (view.note + " ") if view.note else ""
        ) + f"Only the {kept} weightiest issues are analysed; left out: {dropped}."
    return view
