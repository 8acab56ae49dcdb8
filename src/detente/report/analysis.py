"""Forecasts, deals and the run manifest, gathered for the views.

The report and the dashboard show whatever parts of detente are installed: a part that is
missing or fails on this scenario becomes an honest "not available" note in its section
instead of stopping the whole report.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente import __version__
from detente.domain import Forecast, Scenario
from detente.domain.forecast import ParamValue
from detente.report.deal_views import run_deals


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
    deals: Any = None
    deals_note: str | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def forecasts(self) -> list[Forecast]:
        return [r.forecast for r in self.runs if r.forecast is not None]


def _optional(module: str) -> Any | None:
    """The module if this build has it; ``None`` only when that module itself is absent."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise


def _call_model(
    model: Any, scenario: Scenario, params: Mapping[str, ParamValue], seed: int
) -> Forecast:
    run = model if callable(model) else model.run
    result = run(scenario, dict(params), seed)
    if not isinstance(result, Forecast):
        raise TypeError(f"returned {type(result).__name__}, not a Forecast")
    return result


def run_models(
    scenario: Scenario,
    seed: int,
    params: Mapping[str, Mapping[str, ParamValue]] | None = None,
    only: list[str] | None = None,
) -> tuple[list[ModelRun], str | None]:
    """Run every registered model (or those in ``only``); a failing model is reported, not raised."""
    registry = _optional("detente.models.registry")
    if registry is None:
        return [], "The forecasting models are not part of this build."
    models: Mapping[str, Any] = registry.MODELS
    runs: list[ModelRun] = []
    for model_id, model in models.items():
        if only and model_id not in only:
            continue
        try:
            forecast = _call_model(model, scenario, (params or {}).get(model_id, {}), seed)
        except Exception as exc:  # one broken model must not hide the others' forecasts
            runs.append(ModelRun(model_id, None, f"{type(exc).__name__}: {exc}"))
        else:
            runs.append(ModelRun(model_id, forecast))
    return runs, None if runs else "No model is registered."


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scenario_sha256(scenario: Scenario) -> str:
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()


def build_manifest(
    scenario: Scenario, runs: list[ModelRun], seed: int, inputs: Mapping[str, Path]
) -> dict[str, Any]:
    """The run manifest: detente version, models with their parameters, seed, input hashes."""
    hashes = {name: file_sha256(path) for name, path in inputs.items() if path.is_file()}
    hashes["scenario (as analysed)"] = scenario_sha256(scenario)
    return {
        "detente_version": __version__,
        "seed": seed,
        "models": {
            r.model: (r.forecast.params if r.forecast is not None else {"error": r.error})
            for r in runs
        },
        "inputs_sha256": hashes,
    }


def analyse(
    scenario: Scenario,
    seed: int = 0,
    inputs: Mapping[str, Path] | None = None,
    params: Mapping[str, Mapping[str, ParamValue]] | None = None,
) -> Analysis:
    runs, note = run_models(scenario, seed, params)
    deals, deals_note = run_deals(scenario, seed)
    manifest = build_manifest(scenario, runs, seed, inputs or {})
    return Analysis(
        runs=runs, models_note=note, deals=deals, deals_note=deals_note, manifest=manifest
    )
