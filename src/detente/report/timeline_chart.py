"""Positions over time: per issue, a line per party across article dates, claims on hover.

The points are :func:`detente.corpus.timeline.positions_over_time` (a party's claims of one
article date, for = 100, against = 0, conditional = 50, weighted by confidence). The builder
returns the plotly figures, the plain data (the same shape as ``detente timeline --json``) and
an HTML fragment of ``.chart[data-figure]`` elements, which the report's and the dashboard's
chart script draws; nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detente.corpus.timeline import Point, positions_over_time
from detente.domain import Claim, Scenario
from detente.report.charts import Figure, escape_html
from detente.report.palette import actor_styles

CHART_ID = "position-timeline"
MAX_HOVER_CLAIMS = 4
EXCERPT = 110
STANCE_WORD = {"for": "for", "against": "against", "conditional": "on conditions"}


@dataclass(frozen=True)
class PositionTimeline:
    figures: dict[str, Figure]  # issue id -> figure, in scenario order
    data: list[dict[str, Any]]  # one row per point, with the claims behind it
    html: str  # a titled chart element per issue

    def __bool__(self) -> bool:
        return bool(self.figures)


def _excerpt(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _hover(party: str, issue: str, point: Point) -> str:
    lines = [
        f"<b>{escape_html(party)}</b> on <b>{escape_html(issue)}</b>, "
        f"{point.date.isoformat()}: {point.position:.0f}"
    ]
    for claim in point.claims[:MAX_HOVER_CLAIMS]:
        lines.append(
            f"• {STANCE_WORD[claim.stance]}: “{escape_html(_excerpt(claim.sentence))}” "
            f"({escape_html(claim.doc)})"
        )
    if len(point.claims) > MAX_HOVER_CLAIMS:
        lines.append(f"… and {len(point.claims) - MAX_HOVER_CLAIMS} more claims")
    return "<br>".join(lines)


def _axis_labels(anchors: Mapping[float, str]) -> tuple[list[float], list[str]]:
    values = [0.0, 50.0, 100.0]
    labels = []
    for value in values:
        label = anchors.get(value)
        short = escape_html(label[:28] + ("…" if len(label) > 28 else "")) if label else ""
        labels.append(f"{value:.0f} {short}".strip())
    return values, labels


def issue_figure(scenario: Scenario, issue_id: str, points: Sequence[Point]) -> Figure:
    """One issue: a line per party across the dates its claims come from."""
    issue = scenario.issue(issue_id)
    styles = actor_styles(scenario)
    by_actor: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        by_actor[point.actor].append(point)
    traces = []
    for actor in scenario.actors:
        line = sorted(by_actor.get(actor.id, []), key=lambda p: p.date)
        if not line:
            continue
        style = styles[actor.id]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": escape_html(actor.name),
                "x": [p.date.isoformat() for p in line],
                "y": [round(p.position, 1) for p in line],
                "text": [_hover(actor.name, issue.name, p) for p in line],
                "hoverinfo": "text",
                "line": {"color": style.colour, "width": 2},
                "marker": {"color": style.colour, "symbol": style.marker, "size": 9},
            }
        )
    ticks, labels = _axis_labels(issue.anchors)
    layout = {
        "font": {"family": "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif", "size": 13},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "height": 300,
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.25},
        "hovermode": "closest",
        "xaxis": {"type": "date", "gridcolor": "#e4e4e4", "tickformat": "%d %b %Y"},
        "yaxis": {
            "range": [-5, 105],
            "tickvals": ticks,
            "ticktext": labels,
            "gridcolor": "#e4e4e4",
            "zeroline": False,
            "automargin": True,
        },
    }
    return {"data": traces, "layout": layout}


def _row(point: Point) -> dict[str, Any]:
    return {
        "issue": point.issue,
        "actor": point.actor,
        "date": point.date.isoformat(),
        "position": round(point.position, 1),
        "claims": [
            {"doc": c.doc, "start": c.start, "end": c.end, "stance": c.stance} for c in point.claims
        ],
    }


def _fragment(scenario: Scenario, figures: Mapping[str, Figure]) -> str:
    parts = []
    for issue_id, figure in figures.items():
        name = html.escape(scenario.issue(issue_id).name)
        data = html.escape(json.dumps(figure, ensure_ascii=False), quote=True)
        parts.append(
            f'<figure class="position-timeline"><figcaption>{name}</figcaption>'
            f'<div class="chart" id="{CHART_ID}-{html.escape(issue_id)}" '
            f'data-figure="{data}"></div></figure>'
        )
    return "\n".join(parts)


def position_timeline(
    scenario: Scenario, claims: Sequence[Claim], dates: Mapping[str, dt.date | None]
) -> PositionTimeline:
    """The chart for the scenario's parties and issues; claims of undated articles are left out,
    and so are claims of parties or issues the scenario does not have."""
    actors = {a.id for a in scenario.actors}
    issues = {i.id for i in scenario.issues}
    known = [c for c in claims if c.actor in actors and c.issue in issues]
    points = positions_over_time(known, dates)
    by_issue: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        by_issue[point.issue].append(point)
    figures = {
        i.id: issue_figure(scenario, i.id, by_issue[i.id])
        for i in scenario.issues
        if by_issue.get(i.id)
    }
    return PositionTimeline(figures, [_row(p) for p in points], _fragment(scenario, figures))
