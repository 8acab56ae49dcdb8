"""The deal explorer's view: two parties' frontier over any set of issues, as plain data.

The dashboard builds it per request (``?pair=a:b&issues=x,y&respects=1``); the offline report
embeds the default pair's view and :func:`explorer_tables`, from which its script recomputes the
frontier for any pair, issue set and filter in the browser (``_explorer.js.j2``, the same exact
merge on the same integers). Both draw the one figure :func:`explorer_figure` builds: each
package's terms are in its hover, every party's red lines are checked, reservation lines dotted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.deals import SOLUTION_IDS, DealSpace, build_space
from detente.deals.frontier import integer_tables
from detente.deals.logroll import baseline_package
from detente.deals.pair import (
    DEFAULT_PAIR_WORK,
    PairFrontier,
    check_pair,
    furthest_pair,
    pair_frontier,
    pair_issues,
)
from detente.deals.zopa import IssueZone, crossed_red_lines, issue_zone
from detente.domain import Scenario
from detente.errors import DetenteError
from detente.report.charts import FONT, Figure, escape_html
from detente.report.deal_views import SOLUTION_NAMES
from detente.report.palette import INK
from detente.report.wording import num

# Marker symbols of the solution points and the starting package; all drawn in near-black, so no
# party colour and neither side colour of the matrix stands for a solution.
SOLUTION_SYMBOLS = {
    "nash": "star",
    "kalai_smorodinsky": "diamond",
    "utilitarian": "square",
    "egalitarian": "triangle-up",
}
WITHIN = "within every red line"


def terms_template(title: str, names: tuple[str, str], issues: Sequence[str]) -> str:
    """The hover of one package: whose utility is what, then each issue's outcome; the last
    customdata field says which red lines it crosses. The report's script builds the same."""
    lines = [f"<b>{escape_html(title)}</b>"]
    lines.append(f"{escape_html(names[0])}: %{{x:.2f}} · {escape_html(names[1])}: %{{y:.2f}}")
    lines += [f"{escape_html(name)}: %{{customdata[{k}]}}" for k, name in enumerate(issues)]
    lines.append(f"%{{customdata[{len(issues)}]}}")
    return "<br>".join(lines) + "<extra></extra>"


def _value(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 2)


def _crossing_words(scenario: Scenario, crossed: list[tuple[str, str]]) -> str:
    if not crossed:
        return WITHIN
    parties = list(dict.fromkeys(scenario.actor(a).name for a, _ in crossed))
    return "crosses a red line of " + ", ".join(escape_html(p) for p in parties)


def _package_data(scenario: Scenario, space: DealSpace, package: np.ndarray) -> list[Any]:
    terms = space.package_dict(package)
    crossed = crossed_red_lines(scenario, terms)
    return [_value(v) for v in terms.values()] + [_crossing_words(scenario, crossed)]


def _reservation_line(axis: str, value: float) -> dict[str, Any]:
    across = "y" if axis == "x" else "x"
    return {
        "type": "line",
        f"{axis}0": float(value),
        f"{axis}1": float(value),
        f"{across}0": 0,
        f"{across}1": 1,
        f"{across}ref": "paper",
        "line": {"color": "#777777", "dash": "dot", "width": 1.5},
    }


def _axis(name: str) -> dict[str, Any]:
    return {
        "title": {"text": f"utility of {escape_html(name)}"},
        "range": [-0.02, 1.04],
        "gridcolor": "#e4e4e4",
        "zeroline": False,
    }


def explorer_figure(scenario: Scenario, found: PairFrontier) -> Figure:
    """The pair's frontier (crossing packages as open markers), the bargaining solutions, the
    starting package and dotted reservation lines; every point's hover lists its terms."""
    space = found.space
    names = (scenario.actor(found.pair[0]).name, scenario.actor(found.pair[1]).name)
    issue_names = [scenario.issue(i).name for i in space.issues]
    front = found.frontier
    data = [_package_data(scenario, space, p) for p in front.packages]
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "frontier: best packages for the pair",
            "x": [round(float(u), 4) for u in front.utilities[:, 0]],
            "y": [round(float(u), 4) for u in front.utilities[:, 1]],
            "customdata": data,
            "hovertemplate": terms_template("Package on the frontier", names, issue_names),
            "line": {"color": "#555555", "width": 1.5, "shape": "hv"},
            "marker": {
                "size": 7,
                "color": INK,
                "symbol": ["circle" if d[-1] == WITHIN else "circle-open" for d in data],
            },
            "meta": {"role": "frontier", "title": "Package on the frontier"},
        }
    ]
    for solution in SOLUTION_IDS:
        row = found.points.get(solution)
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": SOLUTION_NAMES[solution],
                "x": [] if row is None else [round(float(front.utilities[row, 0]), 4)],
                "y": [] if row is None else [round(float(front.utilities[row, 1]), 4)],
                "customdata": [] if row is None else [data[row]],
                "hovertemplate": terms_template(SOLUTION_NAMES[solution], names, issue_names),
                "marker": {
                    "symbol": SOLUTION_SYMBOLS[solution],
                    "size": 14,
                    "color": "#ffffff",
                    "line": {"color": INK, "width": 2},
                },
                "meta": {
                    "role": "solution",
                    "solution": solution,
                    "title": SOLUTION_NAMES[solution],
                },
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": "starting point (status quo, else the mean position)",
            "x": [round(float(found.baseline_utilities[0]), 4)],
            "y": [round(float(found.baseline_utilities[1]), 4)],
            "customdata": [_package_data(scenario, space, found.baseline)],
            "hovertemplate": terms_template("Starting point", names, issue_names),
            "marker": {"symbol": "x-thin-open", "size": 12, "color": INK, "line": {"width": 2}},
            "meta": {"role": "baseline", "title": "Starting point"},
        }
    )
    layout = {
        "font": FONT,
        "height": 420,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 60, "r": 10, "t": 10, "b": 50},
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.22},
        "hoverlabel": {"align": "left"},
        "xaxis": _axis(names[0]),
        "yaxis": _axis(names[1]),
        "shapes": [
            _reservation_line("x", float(found.reservation[0])),
            _reservation_line("y", float(found.reservation[1])),
        ],
    }
    # On a phone the legend goes lower, under the axis title, and the chart grows to hold it.
    narrow = {"layout": {"height": 560, "font": {"size": 11}, "legend": {"y": -0.32}}}
    return {"data": traces, "layout": layout, "narrow": narrow}


def blocked_sentence(scenario: Scenario, zone: IssueZone) -> str:
    """Why no option of one issue meets every red line, in the parties' and issue's names."""
    issue = scenario.issue(zone.issue)
    low = scenario.actor(zone.low_set_by).name if zone.low_set_by else "a party"
    high = scenario.actor(zone.high_set_by).name if zone.high_set_by else "a party"
    if zone.low > zone.high:
        return (
            f"{issue.name}: {low}'s red line allows nothing below {num(zone.low)} and "
            f"{high}'s nothing above {num(zone.high)}."
        )
    return (
        f"{issue.name}: the red lines leave {num(zone.low)}–{num(zone.high)}, where no option is."
    )


def _solution_rows(scenario: Scenario, found: PairFrontier) -> list[dict[str, str]]:
    rows = []
    space = found.space
    for solution in SOLUTION_IDS:
        row = found.points.get(solution)
        if row is None:
            continue
        terms = space.package_dict(found.frontier.packages[row])
        crossed = crossed_red_lines(scenario, terms)
        words = "; ".join(f"{scenario.issue(i).name} {num(v)}" for i, v in terms.items())
        breaks = "; ".join(
            f"{scenario.actor(a).name} on {scenario.issue(i).name}" for a, i in crossed
        )
        rows.append(
            {
                "Solution": SOLUTION_NAMES[solution],
                "Package": words,
                scenario.actor(found.pair[0]).name: f"{found.frontier.utilities[row, 0]:.2f}",
                scenario.actor(found.pair[1]).name: f"{found.frontier.utilities[row, 1]:.2f}",
                "Red lines": f"crosses the red line of {breaks}" if breaks else WITHIN,
            }
        )
    return rows


def explorer_view(scenario: Scenario, found: PairFrontier) -> dict[str, Any]:
    """Plain data for the explorer's page or section: choices, figure, solutions, notes."""
    chosen = set(found.space.issues)
    names = [scenario.actor(a).name for a in found.pair]
    left_out = [i.name for i in scenario.issues if i.id not in chosen]
    blocked = {z.issue for z in found.blocked}
    return {
        "pair": list(found.pair),
        "names": names,
        "parties": [{"id": a.id, "name": a.name} for a in scenario.actors],
        "pairs": [
            {"value": f"{a.id}:{b.id}", "label": f"{a.name} – {b.name}"}
            for n, a in enumerate(scenario.actors)
            for b in scenario.actors[n + 1 :]
        ],
        "issues": [{"id": i.id, "name": i.name, "chosen": i.id in chosen} for i in scenario.issues],
        "respects": found.respects,
        "packages": len(found.frontier),
        "figure": explorer_figure(scenario, found),
        "solutions": _solution_rows(scenario, found),
        "blocked": [blocked_sentence(scenario, z) for z in found.blocked],
        "unblocked_issues": [i for i in found.space.issues if i not in blocked],
        "summary": _summary(found, names, left_out),
    }


def _summary(found: PairFrontier, names: list[str], left_out: list[str]) -> str:
    """One sentence on what the explorer shows; the report's script writes the same one."""
    issues = len(found.space.issues)
    over = f"{names[0]} and {names[1]} over {issues} issue{'s' if issues != 1 else ''}"
    count = len(found.frontier)
    if found.respects and count == 0:
        text = f"{over}: no package stays within every party's red lines"
    else:
        text = (
            f"{over}: {count} package{'s' if count != 1 else ''} on their frontier (no other "
            "package is better for one without being worse for the other)"
        )
        if found.respects:
            text += ", counting only packages within every party's red lines"
    text += "."
    if left_out:
        text += f" Not included: {', '.join(left_out)}."
    return text


def template_figure(figure: Figure) -> Figure:
    """``figure`` without its points: the styles and roles the report's script fills in."""
    traces = [
        {
            **trace,
            "x": [],
            "y": [],
            "customdata": [],
            "hovertemplate": "",
            "marker": {**trace["marker"], "symbol": []}
            if isinstance(trace["marker"].get("symbol"), list)
            else trace["marker"],
        }
        for trace in figure["data"]
    ]
    return {"data": traces, "layout": figure["layout"], "narrow": figure["narrow"]}


def explorer_tables(scenario: Scenario, pair: tuple[str, str]) -> dict[str, Any]:
    """What the report's script needs to explore any pair and issue set offline: per issue its
    options, each party's value x salience as exact integers, which options meet every red
    line, the starting option and, where no option does, why; and the default choice."""
    space = build_space(scenario)
    scale = np.asarray(space.salience.sum(axis=1), dtype=np.float64)
    ints = integer_tables(list(space.contributions), scale)
    unit = _integer_unit(space, ints, scale)
    base = baseline_package(space, scenario)
    order = {a.id: n for n, a in enumerate(scenario.actors)}
    issues = []
    for j, issue_id in enumerate(space.issues):
        options = tuple(float(o) for o in space.options[j])
        zone = issue_zone(scenario, issue_id, options)
        crossed = [
            [order[a] for a, _ in crossed_red_lines(scenario, {issue_id: o})] for o in options
        ]
        issues.append(
            {
                "id": issue_id,
                "name": scenario.issue(issue_id).name,
                "options": [_value(o) for o in options],
                "values": ints[j].tolist(),  # (options, parties)
                "salience": space.salience[:, j].tolist(),
                "allowed": [bool(x) for x in space.acceptable[j]],
                "crossed": crossed,  # per option: whose red lines it crosses (index in names)
                "start": int(base[j]),
                "blocked": blocked_sentence(scenario, zone) if zone.empty else None,
            }
        )
    return {
        "parties": [{"id": a, "name": scenario.actor(a).name} for a in space.actors],
        "names": [a.name for a in scenario.actors],
        "issues": issues,
        "unit": unit,
        "budget": DEFAULT_PAIR_WORK,
        "pair": list(pair),
        "pair_issues": list(pair_issues(scenario, pair)),
        "within": WITHIN,
    }


def _integer_unit(space: DealSpace, ints: list[Any], scale: np.ndarray) -> float:
    """The factor from value x salience to the integers (one per space, see integer_tables)."""
    for table, contribution in zip(ints, space.contributions, strict=True):
        scaled = contribution * scale[None, :]
        where = np.abs(scaled) > 0
        if where.any():
            return float(np.median(table[where] / scaled[where]))
    return 1.0


@dataclass(frozen=True)
class ReportExplorer:
    """The report's explorer: the first pair's view, the tables its script explores from, the
    views of the other pairs asked for (each drawn as its own frontier), or why it is not
    available."""

    view: dict[str, Any] | None
    tables: dict[str, Any] | None
    note: str | None = None
    others: tuple[dict[str, Any], ...] = ()

    @property
    def template(self) -> Figure | None:
        return None if self.view is None else template_figure(self.view["figure"])


def report_explorer(scenario: Scenario, pairs: Sequence[tuple[str, str]] = ()) -> ReportExplorer:
    """The explorer for ``pairs[0]`` (default: the two parties furthest apart) over all their
    issues, and a frontier over all their issues for each further pair (a pair given twice, in
    either order, is drawn once). A pair not in the scenario is the caller's mistake (DT707,
    raised); a deal space too large to explore (DT603) becomes the section's note."""
    if len({p.actor for p in scenario.positions}) < 2:
        return ReportExplorer(None, None, "fewer than two parties hold positions")
    # a:b and b:a are one frontier with the axes swapped: the first spelling given is drawn.
    firsts = {frozenset(p): p for p in reversed(pairs)}
    chosen = [p for p in dict.fromkeys(pairs) if firsts[frozenset(p)] == p]
    chosen = chosen or [furthest_pair(scenario)]
    for pair in chosen:
        check_pair(scenario, pair)
    try:
        first = pair_frontier(scenario, chosen[0])
    except DetenteError as exc:
        return ReportExplorer(None, None, f"the deal explorer cannot run here: {exc}")
    others = tuple(_other_pair(scenario, pair) for pair in chosen[1:])
    return ReportExplorer(
        explorer_view(scenario, first), explorer_tables(scenario, chosen[0]), others=others
    )


def _other_pair(scenario: Scenario, pair: tuple[str, str]) -> dict[str, Any]:
    """A further pair's view over all their issues, or (past the work budget) why not."""
    try:
        return explorer_view(scenario, pair_frontier(scenario, pair))
    except DetenteError as exc:
        names = [scenario.actor(a).name for a in pair]
        return {"pair": list(pair), "names": names, "note": f"cannot be drawn: {exc}"}
