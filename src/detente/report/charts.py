"""Plotly figures as plain dicts (``{"data": [...], "layout": {...}}``), drawn by plotly.js.

The same dicts feed the offline report and the dashboard; nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from detente.domain import Forecast, Scenario
from detente.report.palette import SIDE_AGAINST, SIDE_FOR, actor_styles

Figure = dict[str, Any]
FONT = {"family": "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif", "size": 13}
# Diverging blue–white–vermillion: the two sides of an axis, safe for colour-blind readers.
SIDE_SCALE = [[0.0, SIDE_AGAINST], [0.5, "#F2F2F2"], [1.0, SIDE_FOR]]


def _layout(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "font": FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
        "showlegend": False,
    }
    base.update(extra)
    return base


def matrix_figure(scenario: Scenario, evidence_counts: dict[tuple[str, str], int]) -> Figure:
    """Actor × issue: colour = side of the axis, size = salience, hover = evidence count."""
    xs, ys, colours, sizes, hovers = [], [], [], [], []
    for pos in scenario.positions:
        actor, issue = scenario.actor(pos.actor), scenario.issue(pos.issue)
        xs.append(issue.name)
        ys.append(actor.name)
        colours.append(pos.position)
        sizes.append(8 + 0.42 * pos.salience)
        red = "none" if pos.red_line is None else f"{pos.red_line:g}"
        count = evidence_counts.get((pos.actor, pos.issue), len(pos.evidence))
        hovers.append(
            f"<b>{_esc(actor.name)}</b> on <b>{_esc(issue.name)}</b><br>"
            f"position {pos.position:g}/100 · salience {pos.salience:g}<br>"
            f"red line {red} · {count} piece{'s' if count != 1 else ''} of evidence"
        )
    trace = {
        "type": "scatter",
        "mode": "markers",
        "x": xs,
        "y": ys,
        "hovertext": hovers,
        "hoverinfo": "text",
        "marker": {
            "color": colours,
            "cmin": 0,
            "cmax": 100,
            "colorscale": SIDE_SCALE,
            "size": sizes,
            "line": {"color": "#333333", "width": 1},
            "colorbar": {
                "title": {"text": "position"},
                "tickvals": [0, 50, 100],
                "ticktext": ["0 against", "50", "100 for"],
                "thickness": 12,
            },
        },
    }
    height = 120 + 46 * len(scenario.actors)
    layout = _layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={
            "side": "top",
            "automargin": True,
            "tickangle": -30,
            "categoryorder": "array",
            "categoryarray": [i.name for i in scenario.issues],
        },
        yaxis={
            "automargin": True,
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": [a.name for a in scenario.actors],
        },
    )
    return {"data": [trace], "layout": layout}


def strip_figure(scenario: Scenario, issue_id: str, forecasts: Sequence[Forecast]) -> Figure:
    """One issue: each party's position and red line, and each model's forecast."""
    issue = scenario.issue(issue_id)
    styles = actor_styles(scenario)
    traces: list[dict[str, Any]] = []
    rows: list[str] = []
    for pos in scenario.positions_on(issue_id):
        name = scenario.actor(pos.actor).name
        rows.append(name)
        style = styles[pos.actor]
        if pos.red_line is not None:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "x": [pos.position, pos.red_line],
                    "y": [name, name],
                    "hoverinfo": "skip",
                    "line": {"color": style.colour, "width": 3, "dash": "dot"},
                    "marker": {
                        "symbol": ["circle", "line-ns"],
                        "size": [1, 22],
                        "line": {"color": style.colour, "width": 3},
                    },
                }
            )
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [pos.position],
                "y": [name],
                "name": name,
                "hovertext": [
                    f"<b>{_esc(name)}</b>: position {pos.position:g}, salience {pos.salience:g}"
                    + ("" if pos.red_line is None else f", red line {pos.red_line:g}")
                ],
                "hoverinfo": "text",
                "marker": {
                    "symbol": style.marker,
                    "color": style.colour,
                    "size": 10 + 0.25 * pos.salience,
                    "line": {"color": "#222", "width": 1},
                },
            }
        )
    for forecast in forecasts:
        if issue_id not in forecast.issues:
            continue
        label = f"model {forecast.model}"
        rows.append(label)
        value = forecast.issues[issue_id].position
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [value],
                "y": [label],
                "text": [f"{value:.1f}"],
                "textposition": "middle right",
                "hovertext": [f"{_esc(forecast.model)} forecasts {value:.1f}"],
                "hoverinfo": "text",
                "marker": {"symbol": "diamond-wide", "color": "#222222", "size": 13},
                "meta": {"forecast": forecast.model},
            }
        )
    tick_points = sorted(issue.anchors) or [0.0, 50.0, 100.0]
    tick_text = [_esc(_short(issue.anchors.get(p, f"{p:g}"))) for p in tick_points]
    shapes = []
    if issue.status_quo is not None:
        shapes.append(
            {
                "type": "line",
                "x0": issue.status_quo,
                "x1": issue.status_quo,
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": "#777", "dash": "dash"},
            }
        )
    layout = _layout(
        height=90 + 34 * len(rows),
        xaxis={
            "range": [-3, 103],
            "tickvals": tick_points,
            "ticktext": tick_text,
            "zeroline": False,
            "gridcolor": "#e4e4e4",
            "title": {"text": ""},
        },
        yaxis={
            "automargin": True,
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": rows,
            "gridcolor": "#f0f0f0",
        },
        shapes=shapes,
        margin={"l": 10, "r": 70, "t": 10, "b": 50},
    )
    return {"data": traces, "layout": layout}


@dataclass(frozen=True)
class TimelineItem:
    date: dt.date
    kind: str  # "claim", "fact", "evidence"
    label: str
    outlet: str


def timeline_figure(items: Sequence[TimelineItem]) -> Figure:
    kinds = sorted({i.kind for i in items})
    marker_for = {"claim": "circle", "fact": "square", "evidence": "diamond"}
    colour_for = {"claim": "#0072B2", "fact": "#009E73", "evidence": "#D55E00"}
    traces = []
    for kind in kinds:
        chosen = [i for i in items if i.kind == kind]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": kind,
                "x": [i.date.isoformat() for i in chosen],
                "y": [i.outlet for i in chosen],
                "hovertext": [_esc(i.label) for i in chosen],
                "hoverinfo": "text+x",
                "marker": {
                    "symbol": marker_for.get(kind, "circle"),
                    "size": 12,
                    "opacity": 0.8,
                    "color": colour_for.get(kind, "#999999"),
                },
            }
        )
    outlets = sorted({i.outlet for i in items})
    layout = _layout(
        height=120 + 30 * len(outlets),
        showlegend=True,
        legend={"orientation": "h", "y": -0.25},
        xaxis={"type": "date", "gridcolor": "#e4e4e4", "tickformat": "%d %b %Y"},
        yaxis={"automargin": True},
    )
    return {"data": traces, "layout": layout}


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _esc(text: str) -> str:
    """Plotly renders hover text as a small HTML subset: escape anything taken from input."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
