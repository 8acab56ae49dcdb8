"""What a reader must see next to each model's forecast: beyond whose red line it lies, and
whether it held across the Monte Carlo draws (robust) or not (fragile).

One note per (model, issue), written once and shown wherever that forecast is: the issue's strip
chart, the round-by-round chart, the fan chart and the table of all forecasts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from detente.domain import Forecast, Scenario
from detente.report.wording import beyond_red_line, noun, num


@dataclass(frozen=True)
class ForecastNote:
    model: str
    issue: str
    value: float
    label: str | None  # "robust" / "fragile"; None without a Monte Carlo run
    beyond: tuple[tuple[str, float], ...]  # (party name, its red line) the forecast lies past

    @property
    def warning(self) -> str | None:
        """Say "beyond the red line of Ukraine (25)", or None when no red line is crossed."""
        return _beyond([f"{noun(name)} ({num(line)})" for name, line in self.beyond])

    @property
    def short_warning(self) -> str | None:
        """Say "beyond the red line of Ukraine", for a table cell (the lines in its title)."""
        return _beyond([noun(name) for name, _ in self.beyond])

    @property
    def mark(self) -> str:
        """The shortest form, for a chart label: "fragile ⚠ Russia, Ukraine"."""
        beyond = "⚠ " + ", ".join(name for name, _ in self.beyond) if self.beyond else ""
        return " ".join(part for part in (self.label, beyond) if part)

    @property
    def text(self) -> str:
        """The note as shown next to the forecast, e.g. "fragile · beyond the red line of ..."."""
        return " · ".join(part for part in (self.label, self.warning) if part)


def _beyond(parties: Sequence[str]) -> str | None:
    if not parties:
        return None
    if len(parties) == 1:
        return f"beyond the red line of {parties[0]}"
    return f"beyond the red lines of {', '.join(parties[:-1])} and {parties[-1]}"


def forecast_notes(
    scenario: Scenario,
    forecasts: Sequence[Forecast],
    labels: Mapping[tuple[str, str], str] | None = None,
) -> dict[tuple[str, str], ForecastNote]:
    """(model, issue) -> its note, for every forecast of every model."""
    labels = labels or {}
    notes: dict[tuple[str, str], ForecastNote] = {}
    for forecast in forecasts:
        for issue_id, result in forecast.issues.items():
            beyond = tuple(
                (scenario.actor(p.actor).name, p.red_line)
                for p in scenario.positions_on(issue_id)
                if p.red_line is not None and beyond_red_line(p, result.position)
            )
            notes[(forecast.model, issue_id)] = ForecastNote(
                model=forecast.model,
                issue=issue_id,
                value=result.position,
                label=labels.get((forecast.model, issue_id)),
                beyond=beyond,
            )
    return notes
