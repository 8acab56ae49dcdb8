"""Forecasts, deals and the run manifest, gathered for the views.

A model or the deal analysis that cannot handle a scenario (a coded DetenteError) becomes an
honest "not available" note in its section instead of stopping the whole report.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from detente.deals import DealAnalysis
from detente.domain import Forecast, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.manifest import build_manifest
from detente.models.registry import MODELS
from detente.report.deal_views import REPORT_SPACE, TOP_LOGROLLS, run_deals


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

    @property
    def forecasts(self) -> list[Forecast]:
        return [r.forecast for r in self.runs if r.forecast is not None]


def run_models(
    scenario: Scenario, seed: int, params: Mapping[str, dict[str, ParamValue]] | None = None
) -> list[ModelRun]:
    """Every registered model; a model that rejects the scenario is reported, not raised."""
    runs: list[ModelRun] = []
    for model_id, spec in MODELS.items():
        try:
            forecast = spec.run(scenario, (params or {}).get(model_id), seed)
        except DetenteError as exc:
            runs.append(ModelRun(model_id, None, str(exc)))
        else:
            runs.append(ModelRun(model_id, forecast))
    return runs


def scenario_sha256(scenario: Scenario) -> str:
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()


def analyse(
    scenario: Scenario,
    seed: int = 0,
    inputs: Mapping[str, str | os.PathLike[str]] | None = None,
    params: Mapping[str, dict[str, ParamValue]] | None = None,
) -> Analysis:
    """Run the models and the deal analysis on ``scenario`` and build the run manifest."""
    runs = run_models(scenario, seed, params)
    deals, deals_note = run_deals(scenario)
    manifest = build_manifest(
        models={r.model: r.forecast.params for r in runs if r.forecast is not None},
        seed=seed,
        inputs=inputs,
        extra={
            # The analysed scenario can differ from any file (an edit in the dashboard).
            "scenario_sha256": scenario_sha256(scenario),
            "deals": {**asdict(REPORT_SPACE), "top_logrolls": TOP_LOGROLLS},
        },
    )
    note = None if runs else "No model is registered."
    return Analysis(runs, note, deals, deals_note, manifest)
