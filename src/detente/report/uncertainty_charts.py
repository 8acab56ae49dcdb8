"""Plotly figure dicts for Monte Carlo results: fan charts and tornado charts.

Inputs are the JSON documents of :mod:`detente.workflows.mc` (``detente mc --json`` and
``detente sensitivity --json``); outputs are plain rows and plain dicts that
``plotly.io.from_json``/``Plotly.newPlot`` accept, so the report and the dashboard share them
(:func:`detente.report.embed.chart_fragment` turns a figure into an HTML fragment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detente.domain import Scenario
from detente.report.charts import FONT, escape_html, wrap_label
from detente.report.wording import num


def fan_chart(forecasts: Mapping[str, Mapping[str, Any]], model: str) -> dict[str, Any]:
    """One model's forecast distribution per issue: 90% and 50% bands, median, base forecast."""
    issues = sorted(forecasts)
    q = {
        k: [forecasts[i]["quantiles"][k] for i in issues]
        for k in ("q05", "q25", "q50", "q75", "q95")
    }

    def band(low: str, high: str, name: str, opacity: float) -> dict[str, Any]:
        return {
            "type": "bar",
            "orientation": "h",
            "y": issues,
            "base": q[low],
            "x": [h - lo for lo, h in zip(q[low], q[high], strict=True)],
            "name": name,
            "marker": {"color": f"rgba(31,119,180,{opacity})"},
            "hoverinfo": "skip",
        }

    labels = [forecasts[i]["label"] for i in issues]
    return {
        "data": [
            band("q05", "q95", "90% of draws", 0.25),
            band("q25", "q75", "50% of draws", 0.5),
            {
                "type": "scatter",
                "mode": "markers",
                "y": issues,
                "x": q["q50"],
                "name": "median",
                "marker": {"symbol": "line-ns-open", "size": 14, "color": "#1f3b73"},
            },
            {
                "type": "scatter",
                "mode": "markers",
                "y": issues,
                "x": [forecasts[i]["base"] for i in issues],
                "name": "base forecast",
                "text": labels,
                "marker": {"symbol": "diamond", "size": 8, "color": "#d62728"},
            },
        ],
        "layout": {
            "title": {"text": f"{model}: forecast distributions"},
            "barmode": "overlay",
            "xaxis": {"range": [0, 100], "title": {"text": "outcome (0-100 axis)"}},
            "yaxis": {
                "automargin": True,
                "ticktext": [f"{i} ({lab})" for i, lab in zip(issues, labels, strict=True)],
                "tickvals": issues,
            },
        },
    }


def tornado_chart(rows: Sequence[Mapping[str, Any]], base: float, title: str) -> dict[str, Any]:
    """Bars from each input's low-end to high-end forecast, largest swing on top."""
    ordered = list(reversed(rows))  # plotly draws the first category at the bottom
    inputs = [r["input"] for r in ordered]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": inputs,
                "base": [base] * len(inputs),
                "x": [r["low"] - base for r in ordered],
                "name": "input low",
                "marker": {"color": "#1f77b4"},
            },
            {
                "type": "bar",
                "orientation": "h",
                "y": inputs,
                "base": [base] * len(inputs),
                "x": [r["high"] - base for r in ordered],
                "name": "input high",
                "marker": {"color": "#ff7f0e"},
            },
        ],
        "layout": {
            "title": {"text": title},
            "barmode": "overlay",
            "xaxis": {"title": {"text": "forecast"}},
            "yaxis": {"automargin": True},
        },
    }


# Per issue, for the report and the dashboard: plain rows, then figures, then HTML fragments.

BAND_COLOUR = "31,119,180"
MEDIAN_COLOUR = "#1f3b73"
BASE_COLOUR = "#222222"
LOW_COLOUR, HIGH_COLOUR = "#0072B2", "#E69F00"  # input low / input high (Okabe-Ito)
DIGITS = 2  # decimals of the forecasts drawn (the documents keep them all)


@dataclass(frozen=True)
class FanRow:
    """One model's forecast distribution on one issue, as ``detente mc`` summarised it."""

    model: str
    base: float | None
    q05: float
    q25: float
    q50: float
    q75: float
    q95: float
    label: str
    p_above_50: float
    p_inside_red_line: dict[str, float]
    draws: int


def fan_rows(mc: Mapping[str, Any], issue: str, models: Sequence[str]) -> list[FanRow]:
    """The rows of :func:`issue_fan_figure`: every model in ``models`` that mc ran on ``issue``."""
    rows = []
    for model in models:
        s = mc.get("forecasts", {}).get(model, {}).get(issue)
        if s is None:
            continue
        q = s["quantiles"]
        rows.append(
            FanRow(
                model=model,
                base=s["base"],
                q05=q["q05"],
                q25=q["q25"],
                q50=q["q50"],
                q75=q["q75"],
                q95=q["q95"],
                label=s["label"],
                p_above_50=s["p_above_50"],
                p_inside_red_line=dict(s["p_inside_red_line"]),
                draws=s["draws"],
            )
        )
    return rows


def labels(mc: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    """(model, issue) -> "robust" or "fragile", by the rule in :mod:`detente.mc.summary`."""
    return {
        (model, issue): s["label"]
        for model, issues in mc.get("forecasts", {}).items()
        for issue, s in issues.items()
    }


def _fan_hover(row: FanRow, names: Mapping[str, str]) -> str:
    inside = "".join(
        f"<br>within the red line of {escape_html(names.get(a, a))} in {p:.0%} of draws"
        for a, p in row.p_inside_red_line.items()
    )
    base = "" if row.base is None else f"forecast {num(row.base)}, "
    return (
        f"<b>{escape_html(row.model)}</b>: {base}{row.label}<br>"
        f"90% of {row.draws} draws in {num(row.q05)}–{num(row.q95)}, "
        f"half in {num(row.q25)}–{num(row.q75)}, median {num(row.q50)}<br>"
        f"above 50 in {row.p_above_50:.0%} of draws{inside}"
    )


def issue_fan_figure(
    rows: Sequence[FanRow],
    names: Mapping[str, str] | None = None,
    red_lines: Sequence[tuple[str, float, str]] = (),
) -> dict[str, Any]:
    """One issue: a row per model with its 90% and 50% bands, median and base forecast, and the
    robust/fragile label with the model's name; ``red_lines`` (party name, line, colour) drawn
    as dotted lines."""
    names = names or {}
    # The label sits with the model's name: "bdm.v1 · fragile" (robust in bold).
    models = [
        f"{escape_html(r.model)} · " + (f"<b>{r.label}</b>" if r.label == "robust" else r.label)
        for r in rows
    ]

    def band(low: str, high: str, name: str, opacity: float) -> dict[str, Any]:
        return {
            "type": "bar",
            "orientation": "h",
            "y": models,
            "base": [getattr(r, low) for r in rows],
            "x": [getattr(r, high) - getattr(r, low) for r in rows],
            "name": name,
            "width": 0.5,
            "marker": {"color": f"rgba({BAND_COLOUR},{opacity})"},
            "hoverinfo": "skip",
        }

    traces: list[dict[str, Any]] = [
        band("q05", "q95", "90% of draws", 0.25),
        band("q25", "q75", "50% of draws", 0.5),
        {
            "type": "scatter",
            "mode": "markers",
            "y": models,
            "x": [r.q50 for r in rows],
            "name": "median of draws",
            "hoverinfo": "skip",
            "marker": {"symbol": "line-ns-open", "size": 16, "color": MEDIAN_COLOUR},
        },
        {
            "type": "scatter",
            "mode": "markers",
            "y": models,
            "x": [r.base if r.base is not None else r.q50 for r in rows],
            "name": "forecast",
            "hovertext": [_fan_hover(r, names) for r in rows],
            "hoverinfo": "text",
            "marker": {"symbol": "diamond", "size": 10, "color": BASE_COLOUR},
        },
    ]
    shapes = [
        {
            "type": "line",
            "x0": line,
            "x1": line,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"color": colour, "width": 1.5, "dash": "dot"},
        }
        for _, line, colour in red_lines
    ]
    return {
        "data": traces,
        "layout": {
            "font": FONT,
            "height": 90 + 34 * len(rows),
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
            "barmode": "overlay",
            "showlegend": False,
            "hovermode": "closest",
            "xaxis": {
                "range": [-3, 103],
                "title": {"text": "forecast (0–100)"},
                "gridcolor": "#eee",
            },
            "yaxis": {"automargin": True, "autorange": "reversed", "type": "category"},
            "shapes": shapes,
        },
    }


def input_label(scenario: Scenario, key: str, issue_id: str) -> str:
    """``russia.position.black_sea`` as a reader says it: "Russia: position" on its own issue,
    "Russia: position on Black Sea" on another, "Russia: capability"."""
    parts = key.split(".")
    try:
        actor = scenario.actor(parts[0]).name
    except KeyError:
        return key
    field = parts[1].replace("_", " ") if len(parts) > 1 else ""
    if len(parts) == 3 and parts[2] != issue_id:
        try:
            return f"{actor}: {field} on {scenario.issue(parts[2]).name}"
        except KeyError:
            return key
    return f"{actor}: {field}"


def issue_tornado_figure(
    scenario: Scenario, sensitivity: Mapping[str, Any], issue: str, models: Sequence[str]
) -> dict[str, Any] | None:
    """One issue's tornado: for one model at a time (a menu picks it), the inputs that move its
    forecast most, each a bar from the base forecast to the forecast with the input set low and
    with it set high, largest swing on top; the models no single input moves are named. None
    when no input moves any model's forecast."""
    shown = [
        (m, rows) for m in models if (rows := sensitivity.get("tornado", {}).get(m, {}).get(issue))
    ]
    if not shown:
        return None
    base = sensitivity.get("base", {})
    traces: list[dict[str, Any]] = []
    buttons: list[dict[str, Any]] = []
    most = max(len(rows) for _, rows in shown)
    for k, (model, rows) in enumerate(shown):
        centre = float(base.get(model, {}).get(issue, 50.0))
        # Wrapped: a full party name and input would be cut off on a phone.
        ticks = [wrap_label(escape_html(input_label(scenario, r["input"], issue))) for r in rows]
        rank = list(range(len(rows)))
        for end, colour in (("low", LOW_COLOUR), ("high", HIGH_COLOUR)):
            traces.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "y": rank,
                    "base": round(centre, DIGITS),
                    "x": [round(r[end] - centre, DIGITS) for r in rows],
                    "customdata": [round(r[end], DIGITS) for r in rows],
                    "name": f"input {end}",
                    "visible": k == 0,
                    "width": 0.4,
                    "offset": -0.4 if end == "low" else 0.0,
                    "marker": {"color": colour},
                    "hovertemplate": f"input set {end}: {escape_html(model)} forecasts "
                    f"%{{customdata:.1f}} (base {num(centre)})<extra></extra>",
                }
            )
        visible = [j // 2 == k for j in range(2 * len(shown))]
        axis = {"yaxis.tickvals": rank, "yaxis.ticktext": ticks}
        buttons.append(
            {
                "label": escape_html(model),
                "method": "update",
                "args": [
                    {"visible": visible},
                    {**axis, "shapes": [_base_line(centre)]},
                ],
            }
        )
    first = buttons[0]["args"][1]
    unmoved = [
        m for m in models if issue in base.get(m, {}) and m not in {name for name, _ in shown}
    ]
    notes = (
        [
            {
                "text": "no single input moves " + ", ".join(escape_html(m) for m in unmoved),
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 1,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11},
            }
        ]
        if unmoved
        else []
    )
    return {
        "data": traces,
        "layout": {
            "font": FONT,
            "height": 120 + 30 * most,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "margin": {"l": 10, "r": 10, "t": 40, "b": 30},
            "barmode": "overlay",
            "showlegend": True,
            "legend": {"orientation": "h", "y": -0.15},
            "hovermode": "closest",
            "xaxis": {"gridcolor": "#eee"},
            "yaxis": {
                "automargin": True,
                "autorange": "reversed",
                "tickvals": first["yaxis.tickvals"],
                "ticktext": first["yaxis.ticktext"],
            },
            "shapes": first["shapes"],
            "annotations": notes,
            "updatemenus": [
                {
                    "type": "dropdown",
                    "buttons": buttons,
                    "active": 0,
                    "x": 0,
                    "xanchor": "left",
                    "y": 1.0,
                    "yanchor": "bottom",
                    "showactive": True,
                }
            ],
        },
    }


def _base_line(x: float) -> dict[str, Any]:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": BASE_COLOUR, "width": 1.5},
    }
