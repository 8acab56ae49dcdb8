"""Monte Carlo, sensitivity and what-if runs: scenario file in, JSON-ready results out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from detente.deals import analyse
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.mc import Backend, run_mc
from detente.mc.backends import BACKENDS, Progress
from detente.mc.sensitivity import tornado
from detente.mc.whatif import apply_sets, compare
from detente.models import MODELS, run_models

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


def sensitivity(file: Path, models: Sequence[str], top: int) -> dict[str, object]:
    scenario = load_scenario(file)
    return tornado(scenario, tuple(models) or ("compromise.v1", "median.v1"), top=top)


def whatif(
    file: Path, sets: Sequence[str], models: Sequence[str], deals: bool
) -> dict[str, object]:
    base_scenario = load_scenario(file)
    variant = apply_sets(base_scenario, sets)
    chosen = tuple(models) or tuple(MODELS)
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
