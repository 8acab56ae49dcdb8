"""Monte Carlo, sensitivity and what-if runs: scenario file in, JSON-ready results out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from detente.deals import analyse
from detente.io import load_scenario
from detente.mc import Backend, run_mc
from detente.mc.backends import Progress
from detente.mc.sensitivity import tornado
from detente.mc.whatif import apply_sets, compare
from detente.models import MODELS, run_models
from detente.workflows.forecast import check_model_cost

# The models whose 10,000 flagship draws are a benchmark target; nash.v1 is ~0.6 s a draw.
DEFAULT_MC_MODELS = ("compromise.v1", "median.v1", "bdm.v1")


def backend_for(workers: int | None, scheduler: str | None) -> Backend:
    if scheduler:
        return Backend("dask", scheduler=scheduler)
    if workers and workers > 1:
        return Backend("dask", workers=workers)
    return Backend("serial")


def monte_carlo(
    file: Path,
    models: Sequence[str],
    *,
    draws: int,
    seed: int,
    backend: Backend,
    progress: Progress | None = None,
) -> dict[str, object]:
    scenario = load_scenario(file)
    chosen = tuple(models) or DEFAULT_MC_MODELS
    for model_id in chosen:
        if model_id not in MODELS:
            run_models(scenario, [model_id])  # raises the coded DT501
    check_model_cost(scenario, chosen, location=str(file))  # per draw
    base = {m: f.positions() for m, f in run_models(scenario, chosen).items()}
    result = run_mc(scenario, chosen, draws=draws, seed=seed, backend=backend, progress=progress)
    return {"models": list(chosen), "seed": seed, **result.to_json(base)}


def sensitivity(file: Path, models: Sequence[str], top: int) -> dict[str, object]:
    scenario = load_scenario(file)
    chosen = tuple(models) or ("compromise.v1", "median.v1")
    check_model_cost(scenario, chosen, location=str(file))
    return tornado(scenario, chosen, top=top)


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
