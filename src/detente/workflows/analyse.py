"""Run every registered model and the deal analysis on one scenario, with the run manifest."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import asdict

from detente.domain import Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.manifest import build_manifest
from detente.models.registry import MODELS
from detente.models.registry import run_models as run_registered
from detente.report.analysis import Analysis, ModelRun
from detente.workflows.deals import REPORT_SPACE, TOP_LOGROLLS, run_deals
from detente.workflows.forecast import check_model_cost


def run_models(
    scenario: Scenario, seed: int, params: Mapping[str, dict[str, ParamValue]] | None = None
) -> list[ModelRun]:
    """Every registered model; a model that rejects the scenario is reported, not raised."""
    runs: list[ModelRun] = []
    for model_id in MODELS:
        try:
            check_model_cost(scenario, [model_id], params)
            forecast = run_registered(scenario, [model_id], params=params, seed=seed)[model_id]
        except DetenteError as exc:
            runs.append(ModelRun(model_id, None, str(exc)))
        else:
            runs.append(ModelRun(model_id, forecast))
    return runs


def model_names() -> dict[str, str]:
    """Every registered model's id and, in words, what it is (its registry summary), in
    registration order: what a front end shows beside the id."""
    return {model_id: spec.summary for model_id, spec in MODELS.items()}


def scenario_sha256(scenario: Scenario) -> str:
    return hashlib.sha256(scenario.model_dump_json().encode("utf-8")).hexdigest()


def analyse(
    scenario: Scenario,
    seed: int = 0,
    inputs: Mapping[str, str | os.PathLike[str]] | None = None,
    params: Mapping[str, dict[str, ParamValue]] | None = None,
    deal_issues: int | None = None,
) -> Analysis:
    """Run the models and the deal analysis on ``scenario`` and build the run manifest;
    ``deal_issues`` caps the all-party solution points at the weightiest issues (default:
    every issue, see :func:`detente.workflows.deals.run_deals`)."""
    runs = run_models(scenario, seed, params)
    deals, deals_note = run_deals(scenario, deal_issues)
    analysed = None if deals is None else len(deals.space.issues)
    manifest = build_manifest(
        models={r.model: r.forecast.params for r in runs if r.forecast is not None},
        seed=seed,
        inputs=inputs,
        extra={
            # The analysed scenario can differ from any file (an edit in the dashboard).
            "scenario_sha256": scenario_sha256(scenario),
            "deals": {
                **asdict(REPORT_SPACE),
                "top_issues": deal_issues,
                "solution_issues": analysed,
                "logroll_issues": "all",
                "top_logrolls": TOP_LOGROLLS,
            },
        },
    )
    note = None if runs else "No model is registered."
    return Analysis(runs, note, deals, deals_note, manifest)
