"""Monte Carlo, sensitivity and what-if runs: scenario file in, JSON-ready results out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from detente.deals import analyse
from detente.domain import Forecast, Scenario
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.mc import Backend, run_mc
from detente.mc.backends import BACKENDS, Progress
from detente.mc.sensitivity import METHODS, scenario_factors, sobol, sweep_inputs, tornado
from detente.mc.summary import ROBUST_SIDE_SHARE, ROBUST_WIDTH
from detente.mc.whatif import apply_sets, compare
from detente.models import MODELS, run_models
from detente.report.analysis import Analysis, ModelRun
from detente.workflows import options
from detente.workflows.forecast import check_model_cost, model_cost

# The models whose 10,000 flagship draws are a benchmark target (under a minute on two cores;
# each has a batch kernel). Any registered id can be asked for.
DEFAULT_MC_MODELS = ("compromise.v1", "median.v1", "nash.v1", "bdm.v1")


def backend_for(workers: int | None, scheduler: str | None, kind: str | None = None) -> Backend:
    """The back-end the options ask for. Without ``kind``: a scheduler address means Dask on it,
    ``workers`` > 1 a local Dask cluster of that size, anything else serial."""
    if workers is not None and workers < 1:
        raise DetenteError("DT605", f"--workers must be at least 1 (got {workers})")
    if kind is None:
        kind = "dask" if scheduler or (workers or 1) > 1 else "serial"
    if kind not in BACKENDS:
        raise DetenteError(
            "DT605", f"unknown back-end {kind!r}", hint=f"--backend {' | '.join(BACKENDS)}"
        )
    if scheduler and kind != "dask":
        raise DetenteError(
            "DT605", f"--scheduler needs the dask back-end, not {kind}", hint="--backend dask"
        )
    if kind == "serial" and (workers or 1) > 1:
        raise DetenteError(
            "DT605",
            "the serial back-end runs in this process, with no workers",
            hint="--backend processes or --backend dask with --workers N",
        )
    return Backend(kind, workers=workers or 2, scheduler=scheduler)


def monte_carlo(
    file: Path,
    models: Sequence[str],
    *,
    draws: int,
    seed: int,
    backend: Backend,
    progress: Progress | None = None,
    deal_draws: int = 0,
) -> dict[str, object]:
    scenario = load_scenario(file)
    chosen = tuple(models) or DEFAULT_MC_MODELS
    for model_id in chosen:
        if model_id not in MODELS:
            run_models(scenario, [model_id])  # raises the coded DT501
    check_model_cost(scenario, chosen, location=str(file))  # per draw
    base = {m: f.positions() for m, f in run_models(scenario, chosen).items()}
    result = run_mc(
        scenario,
        chosen,
        draws=draws,
        seed=seed,
        backend=backend,
        progress=progress,
        deal_draws=deal_draws,
    )
    return {"models": list(chosen), "seed": seed, **result.to_json(base)}


DEFAULT_SENSITIVITY_MODELS = ("compromise.v1", "median.v1")
# A stage of long work: stage(what, total) opens a progress bar and returns its advance(n).
Stage = Callable[[str, int], Progress]


def sensitivity(
    file: Path,
    models: Sequence[str],
    top: int,
    *,
    method: str = "oat",
    draws: int = 256,
    seed: int = 0,
    stage: Stage | None = None,
) -> dict[str, object]:
    """One-at-a-time sweeps (``oat``, tornado data) or first-order Sobol indices (``sobol``,
    ``draws`` rows per sample, seeded)."""
    if method not in METHODS:
        raise DetenteError(
            "DT612", f"--method {method!r} is not a sensitivity method", hint=" or ".join(METHODS)
        )
    scenario = load_scenario(file)
    chosen = tuple(models) or DEFAULT_SENSITIVITY_MODELS
    check_model_cost(scenario, chosen, location=str(file))
    if method == "sobol":
        runs = draws * (len(scenario_factors(scenario)) + 2)
        advance = stage("model runs", runs) if stage and draws >= 2 else None
        return sobol(scenario, chosen, draws=draws, seed=seed, top=top, progress=advance)
    advance = stage("sweeps", len(sweep_inputs(scenario))) if stage else None
    return {"method": "oat", **tornado(scenario, chosen, top=top, progress=advance)}


# The report runs a modest Monte Carlo by default, so `make demo` stays quick; quantiles from 100
# draws are within a few points (docs/uncertainty.md); publish with --mc-draws 2000 or more.
DEFAULT_REPORT_DRAWS = options.DEFAULT_REPORT_DRAWS
ROBUST_RULE = (
    f"robust when at least {ROBUST_SIDE_SHARE:.0%} of the variants land on its side of 50 and "
    f"the 90% band is at most {ROBUST_WIDTH:g} points wide, fragile otherwise"
)
REPORT_TORNADO_TOP = 6  # inputs per tornado in the report


def report_uncertainty(
    scenario: Scenario,
    forecasts: Sequence[Forecast],
    *,
    draws: int,
    seed: int,
    stage: Stage | None = None,
    chunk: int | None = None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, str | None]:
    """(mc document, sensitivity document, note) for the report's fan and tornado charts, over
    the models that produced ``forecasts``; ``draws`` 0 runs neither and says so in the note.
    ``chunk`` draws per progress step (the results do not depend on it)."""
    models = [f.model for f in forecasts]
    if draws <= 0:
        return None, None, "No Monte Carlo run was asked for (--mc-draws 0)."
    if not models:
        return None, None, "No model produced a forecast to vary."
    base = {f.model: f.positions() for f in forecasts}
    try:
        advance = stage("draws", draws) if stage else None
        result = run_mc(scenario, models, draws=draws, seed=seed, progress=advance, chunk=chunk)
        mc: dict[str, Any] = {"models": models, "seed": seed, **result.to_json(base)}
        advance = stage("sweeps", len(sweep_inputs(scenario))) if stage else None
        sens = tornado(scenario, models, top=REPORT_TORNADO_TOP, progress=advance)
    except DetenteError as error:  # a model that rejects a variant: say so, keep the report
        return None, None, f"The Monte Carlo run failed: {error}"
    return mc, sens, None


# A model within its cost budget runs in about ten seconds (workflows/forecast.py, CostModel).
BUDGET_SECONDS = 10.0
# A model without a batch kernel costs this much a draw on top (building and running one forecast
# per draw): under load the flagship's six models ran 26.5 draws/s, its four batch models 313.
PER_DRAW_SECONDS = 0.02


def estimated_seconds(scenario: Scenario, models: Sequence[str], draws: int) -> float:
    """Rough CPU seconds of ``draws`` Monte Carlo forecasts by ``models``: each model's cost
    estimate as a share of its ten-second budget, plus the per-draw cost of the models without
    a batch kernel. A guard, not a promise: 3.0 ms a draw for the flagship's four batch models
    (measured: 0.4 on an idle machine, 3.2 under load), 1.25 s at 100 actors x 50 issues (1.0
    idle, 10 under load)."""
    seconds = 0.0
    for model_id in models:
        cost = model_cost([scenario], model_id)
        if cost is not None:
            seconds += cost.steps / cost.budget * BUDGET_SECONDS
        if model_id in MODELS and MODELS[model_id].run_batch is None:
            seconds += PER_DRAW_SECONDS
    return seconds * draws


def uncertainty_analysis(
    scenario: Scenario,
    models: Sequence[str],
    *,
    draws: int,
    seed: int,
    stage: Stage | None = None,
    chunk: int | None = None,
) -> Analysis:
    """The dashboard's on-demand run: the forecasts of ``models``, ``draws`` Monte Carlo
    variants and the one-at-a-time sweeps, as the :class:`Analysis` the report's fan and tornado
    charts are built from. An unknown model is a DT501, one over its cost budget a DT506."""
    chosen = tuple(dict.fromkeys(models)) or DEFAULT_MC_MODELS
    check_model_cost(scenario, [m for m in chosen if m in MODELS])
    forecasts = run_models(scenario, chosen, seed=seed)  # an unknown id raises DT501
    runs = [ModelRun(model, forecast) for model, forecast in forecasts.items()]
    mc, sens, note = report_uncertainty(
        scenario, list(forecasts.values()), draws=draws, seed=seed, stage=stage, chunk=chunk
    )
    return Analysis(runs, mc=mc, sensitivity=sens, uncertainty_note=note)


def whatif(
    file: Path, sets: Sequence[str], models: Sequence[str], deals: bool
) -> dict[str, object]:
    base_scenario = load_scenario(file)
    variant = apply_sets(base_scenario, sets)
    chosen = tuple(models) or tuple(MODELS)
    check_model_cost(base_scenario, chosen, location=str(file))
    base = {m: f.positions() for m, f in run_models(base_scenario, chosen).items()}
    moved = {m: f.positions() for m, f in run_models(variant, chosen).items()}
    document: dict[str, object] = {"sets": list(sets), "forecasts": compare(base, moved)}
    if deals:
        before, after = analyse(base_scenario), analyse(variant)
        document["deals"] = {
            "base": {"zone_empty": before.zone_empty, "emptied_by": list(before.emptied_by)},
            "variant": {"zone_empty": after.zone_empty, "emptied_by": list(after.emptied_by)},
        }
    return document
