"""Per issue, what the models say beside the strip chart: each forecast's note (robust/fragile,
beyond whose red line), the round-by-round chart of the bargaining models, the fan chart of the
Monte Carlo draws and the tornado of the one-at-a-time sweeps.

Built from an :class:`~detente.report.analysis.Analysis`; every figure is a plain plotly dict, so
a dashboard page can show the same view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from detente.domain import Scenario
from detente.report.analysis import Analysis
from detente.report.charts import Figure
from detente.report.forecast_notes import ForecastNote, forecast_notes
from detente.report.palette import actor_styles
from detente.report.round_charts import issue_trails, round_figure
from detente.report.uncertainty_charts import (
    fan_rows,
    issue_fan_figure,
    issue_tornado_figure,
    labels,
)

NO_MC = "No Monte Carlo run for this analysis."


@dataclass
class IssueModelView:
    notes: dict[str, ForecastNote] = field(default_factory=dict)  # model id -> note
    rounds: Figure | None = None
    fan: Figure | None = None
    tornado: Figure | None = None

    def note_marks(self) -> dict[str, str]:
        """Model id -> its note in short ("fragile ⚠ Ukraine"), for a label on a chart."""
        return {model: n.mark for model, n in self.notes.items() if n.mark}


@dataclass
class ModelViews:
    issues: dict[str, IssueModelView]
    uncertainty_note: str | None  # why there are no fan and tornado charts, when there are none
    draws: int | None = None

    def note(self, model: str, issue: str) -> ForecastNote | None:
        view = self.issues.get(issue)
        return None if view is None else view.notes.get(model)

    def labels(self) -> dict[tuple[str, str], str]:
        """(model, issue) -> "robust"/"fragile", for the forecasts the Monte Carlo run covered."""
        return {
            (n.model, n.issue): n.label
            for view in self.issues.values()
            for n in view.notes.values()
            if n.label
        }


def model_views(scenario: Scenario, analysis: Analysis) -> ModelViews:
    forecasts = analysis.forecasts
    mc = analysis.mc
    found = labels(mc) if mc is not None else {}
    notes = forecast_notes(scenario, forecasts, found)
    models = [f.model for f in forecasts]
    names = {a.id: a.name for a in scenario.actors}
    styles = actor_styles(scenario)
    views: dict[str, IssueModelView] = {}
    for issue in scenario.issues:
        view = IssueModelView(
            notes={m: notes[(m, issue.id)] for m in models if (m, issue.id) in notes}
        )
        trails = issue_trails(scenario, forecasts, issue.id)
        if trails:
            view.rounds = round_figure(trails, view.note_marks())
        if mc is not None:
            rows = fan_rows(mc, issue.id, models)
            red_lines = [
                (names[p.actor], p.red_line, styles[p.actor].colour)
                for p in scenario.positions_on(issue.id)
                if p.red_line is not None
            ]
            view.fan = issue_fan_figure(rows, names, red_lines) if rows else None
        if analysis.sensitivity is not None:
            view.tornado = issue_tornado_figure(scenario, analysis.sensitivity, issue.id, models)
        views[issue.id] = view
    note = None if mc is not None else (analysis.uncertainty_note or NO_MC)
    return ModelViews(views, note, None if mc is None else int(mc.get("draws", 0)))
