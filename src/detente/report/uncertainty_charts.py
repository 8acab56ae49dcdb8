"""Plotly figure dicts for Monte Carlo results: fan charts per model and tornado charts.

Inputs are the JSON documents of :mod:`detente.workflows.mc`; outputs are plain dicts that
``plotly.io.from_json``/``Plotly.newPlot`` accept, so the report and the dashboard can share them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


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
