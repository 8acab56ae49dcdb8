"""What the views show from one analysed scenario: model runs, deals and the run manifest.

The data only; ``detente.workflows.analyse`` computes it. A model or the deal analysis that
cannot handle a scenario (a coded DetenteError) becomes an honest "not available" note in its
section instead of stopping the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.deals import DealAnalysis
from detente.domain import Forecast


@dataclass(frozen=True)
class ModelRun:
    model: str
    forecast: Forecast | None
    error: str | None = None


@dataclass
class Analysis:
    """Everything computed from one scenario version for the views."""

    runs: list[ModelRun] = field(default_factory=list)
    models_note: str | None = None
    deals: DealAnalysis | None = None
    deals_note: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    # Monte Carlo (``detente mc --json``) and one-at-a-time sensitivity documents, when run.
    mc: dict[str, Any] | None = None
    sensitivity: dict[str, Any] | None = None
    uncertainty_note: str | None = None  # why mc is None, in the reader's words

    @property
    def forecasts(self) -> list[Forecast]:
        return [r.forecast for r in self.runs if r.forecast is not None]
