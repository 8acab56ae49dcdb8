"""Plotly figures as plain dicts (``{"data": [...], "layout": {...}}``), drawn by plotly.js.

The same dicts feed the offline report and the dashboard; nothing here touches the network.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detente.domain import Forecast, Scenario
from detente.report.forecast_notes import ForecastNote
from detente.report.palette import GREYS, INK, SIDE_SCALE, actor_styles
from detente.report.wording import scale_point

Figure = dict[str, Any]
FONT = {"family": "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif", "size": 13}


LABEL_FLIP_ABOVE = 85.0  # forecast labels above this axis value are drawn left of the marker


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
    """Actor × issue: colour = side of the axis, size = salience, hover = evidence count.

    The longer list runs down the page (issues as rows when there are more issues than actors),
    so twenty issues stay readable on a screen and on paper.
    """
    issues_down = len(scenario.issues) > len(scenario.actors)
    issue_names = [escape_html(i.name) for i in scenario.issues]
    actor_names = [escape_html(a.name) for a in scenario.actors]
    across, down, colours, sizes, hovers = [], [], [], [], []
    for pos in scenario.positions:
        actor, issue = scenario.actor(pos.actor), scenario.issue(pos.issue)
        a_name, i_name = escape_html(actor.name), escape_html(issue.name)
        across.append(a_name if issues_down else i_name)
        down.append(i_name if issues_down else a_name)
        colours.append(pos.position)
        sizes.append(8 + 0.3 * pos.salience)
        red = "none" if pos.red_line is None else scale_point(issue, pos.red_line)
        count = evidence_counts.get((pos.actor, pos.issue), len(pos.evidence))
        hovers.append(
            f"<b>{a_name}</b> on <b>{i_name}</b><br>"
            f"position {wrap_label(escape_html(scale_point(issue, pos.position)), 48, 12)}<br>"
            f"red line {wrap_label(escape_html(red), 48, 12)}<br>"
            f"salience {pos.salience:g} · {count} piece{'s' if count != 1 else ''} of evidence"
        )
    trace = {
        "type": "scatter",
        "mode": "markers",
        "x": across,
        "y": down,
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
                "len": 0.6 if issues_down else 1,
                "y": 1,
                "yanchor": "top",
            },
        },
    }
    rows = issue_names if issues_down else actor_names
    columns = actor_names if issues_down else issue_names
    layout = _layout(
        height=100 + 38 * len(rows),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={
            "side": "top",
            "automargin": True,
            "tickangle": 0 if issues_down else -30,
            "categoryorder": "array",
            "categoryarray": [wrap_label(c, 16, 3) if issues_down else c for c in columns],
            "gridcolor": "#eeeeee",
        },
        yaxis={
            "automargin": True,
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": rows,
            "gridcolor": "#eeeeee",
        },
    )
    if issues_down:
        wrapped = {c: wrap_label(c, 16, 3) for c in columns}
        trace["x"] = [wrapped[x] for x in across]
    return {
        "data": [trace],
        "layout": layout,
        "narrow": _narrow_matrix(layout, sizes, len(rows)),
    }


def _narrow_matrix(layout: dict[str, Any], sizes: list[float], n_rows: int) -> dict[str, Any]:
    """What changes on a phone (the loader applies it below NARROW_WIDTH px): shorter label
    lines, smaller dots, the colour bar under the plot instead of beside it."""
    columns = layout["xaxis"]["categoryarray"]
    rows = layout["yaxis"]["categoryarray"]
    few = len(columns) <= 5

    def short(label: str, width: int, lines: int) -> str:
        return wrap_label(label.replace("<br>", " "), width, lines)

    return {
        "layout": {
            "font": {"size": 11},
            "height": 150 + 34 * n_rows,
            "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
            "xaxis": {
                "tickmode": "array",
                "tickvals": columns,
                "ticktext": [short(c, 10, 3) if few else short(c, 18, 2) for c in columns],
                "tickangle": 0 if few else -90,
            },
            "yaxis": {
                "tickmode": "array",
                "tickvals": rows,
                "ticktext": [short(r, 17, 2) for r in rows],
            },
        },
        "data": [
            {
                "marker": {
                    "size": [round(6 + 0.7 * (s - 8), 1) for s in sizes],
                    "colorbar": {
                        "orientation": "h",
                        "len": 1,
                        "thickness": 10,
                        "x": 0.5,
                        "xanchor": "center",
                        "y": -0.01,
                        "yanchor": "top",
                        "title": {"text": "position", "side": "top"},
                    },
                }
            }
        ],
    }


def strip_figure(
    scenario: Scenario,
    issue_id: str,
    forecasts: Sequence[Forecast],
    notes: Mapping[str, ForecastNote] | None = None,
) -> Figure:
    """One issue: each party's position and red line, and each model's forecast, with the note
    on that forecast (``notes``: model id -> its note) next to it: "fragile ⚠ Ukraine" says it
    did not hold across the Monte Carlo draws and lies beyond Ukraine's red line."""
    notes = notes or {}
    issue = scenario.issue(issue_id)
    styles = actor_styles(scenario)
    traces: list[dict[str, Any]] = []
    rows: list[str] = []
    for pos in scenario.positions_on(issue_id):
        name = escape_html(scenario.actor(pos.actor).name)  # plotly reads tick labels as HTML too
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
                "cliponaxis": False,  # a position at 0 or 100 shows its whole marker
                "hovertext": [
                    f"<b>{name}</b><br>position "
                    + wrap_label(escape_html(scale_point(issue, pos.position)), 48, 12)
                    + (
                        ""
                        if pos.red_line is None
                        else "<br>red line "
                        + wrap_label(escape_html(scale_point(issue, pos.red_line)), 48, 12)
                    )
                    + f"<br>salience {pos.salience:g}"
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
        note = notes.get(forecast.model)
        mark = note.mark if note else ""
        # Near 100 the label goes left of the marker: on the right it would be cut off; a label
        # with a note is longer, so it goes to whichever side has more room.
        flip = LABEL_FLIP_ABOVE if not mark else 50.0
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "x": [value],
                "y": [label],
                "text": [f"{value:.1f}" + (f" {escape_html(mark)}" if mark else "")],
                "textposition": "middle left" if value > flip else "middle right",
                "cliponaxis": False,
                "hovertext": [
                    f"{escape_html(forecast.model)} forecasts {value:.1f}"
                    + (f"<br>{escape_html(note.text)}" if note and note.text else "")
                ],
                "hoverinfo": "text",
                "marker": {"symbol": "diamond-wide", "color": INK, "size": 13},
                "meta": {"forecast": forecast.model},
            }
        )
    tick_points = sorted(issue.anchors) or [0.0, 50.0, 100.0]
    tick_text = [wrap_label(escape_html(issue.anchors.get(p, f"{p:g}"))) for p in tick_points]
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
        height=130 + 34 * len(rows),
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
        margin={"l": 10, "r": 90, "t": 10, "b": 60},
    )
    # On a phone the scale's words do not fit under the axis: numbers there (the words stay in
    # the text above each strip and in the hovers), party names on two short lines.
    narrow = {
        "layout": {
            "font": {"size": 11},
            "height": 90 + 30 * len(rows),
            "margin": {"l": 4, "r": 34, "t": 6, "b": 30},
            "xaxis": {"ticktext": [f"{p:g}" for p in tick_points]},
            "yaxis": {
                "tickmode": "array",
                "tickvals": rows,
                "ticktext": [wrap_label(r, 16, 2) for r in rows],
            },
        },
        # A forecast's label keeps its number and "⚠" only: the note in full is in the hover.
        "data": [
            {"text": [t["text"][0].split(" ")[0] + (" ⚠" if "⚠" in t["text"][0] else "")]}
            if "forecast" in (t.get("meta") or {})
            else {}
            for t in traces
        ],
    }
    return {"data": traces, "layout": layout, "narrow": narrow}


@dataclass(frozen=True)
class TimelineItem:
    date: dt.date
    kind: str  # "claim", "fact", "evidence"
    label: str
    outlet: str


# Kinds are greys: every hue belongs to a party or to a side of an axis (report/palette.py).
TIMELINE_KINDS = {
    "claim": ("claims", GREYS[0]),
    "fact": ("facts", GREYS[1]),
    "evidence": ("scenario evidence", GREYS[2]),
}


def timeline_figure(items: Sequence[TimelineItem]) -> Figure:
    """Claims, facts and evidence per article date, stacked by kind; hover lists the outlets."""
    dates = sorted({i.date for i in items})
    traces = []
    for kind, (label, colour) in TIMELINE_KINDS.items():
        counts, hovers = [], []
        for day in dates:
            on_day = Counter(i.outlet for i in items if i.kind == kind and i.date == day)
            counts.append(sum(on_day.values()))
            hovers.append("<br>".join(f"{escape_html(o)}: {n}" for o, n in on_day.most_common()))
        if any(counts):
            traces.append(
                {
                    "type": "bar",
                    "name": label,
                    "x": [d.isoformat() for d in dates],
                    "y": counts,
                    "hovertext": hovers,
                    "hoverinfo": "text+x+name",
                    "marker": {"color": colour},
                }
            )
    layout = _layout(
        height=320,
        showlegend=True,
        barmode="stack",
        legend={"orientation": "h", "y": -0.2},
        xaxis={"type": "date", "gridcolor": "#e4e4e4", "tickformat": "%d %b %Y"},
        yaxis={"title": {"text": "items"}, "gridcolor": "#e4e4e4", "automargin": True},
    )
    return {"data": traces, "layout": layout}


def wrap_label(label: str, width: int = 22, lines: int = 3) -> str:
    """A label (already escaped) broken into short lines (plotly's <br>), cut after ``lines``."""
    words, out, current = label.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], out[lines - 1] + " …"]
    return "<br>".join(out)


def escape_html(text: str) -> str:
    """Plotly renders hover text as a small HTML subset: escape anything taken from input."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
