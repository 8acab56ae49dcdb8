"""One chunk of draws: the unit of work every back-end runs (a pure function of its inputs).

Draws come in blocks of :data:`DRAW_BLOCK`, each with its own seed, so the numbers of draw ``g``
depend only on the run's seed and ``g``, never on how the draws are cut into chunks or which
back-end runs them: a chunk draws the blocks it overlaps (cheap) and keeps its own rows.
Models with a batch kernel (``ModelSpec.run_batch``) see the whole chunk as arrays at once; the
others run per draw on a rebuilt scenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from detente.domain import Scenario
from detente.mc.deals import DealPlan, emptied_issues, tally_nash
from detente.mc.draws import Draws, FloatArray, draw, scenario_arrays, variant
from detente.mc.summary import McResult
from detente.models.batch import ScenarioBatch, scenario_batch
from detente.models.registry import get_model, run_models

# Draws per seed. 25 was the chunk size when one chunk had one seed, so seeds give the draws
# they gave before blocks existed.
DRAW_BLOCK = 25
Forecasts = dict[str, dict[str, FloatArray]]  # model -> issue -> (draws,), NaN: no forecast


@dataclass(frozen=True)
class ChunkTask:
    """Draws ``start`` to ``start + draws - 1`` of a run; ``seeds`` and ``sizes`` are the blocks
    they overlap, the first beginning at global draw ``start - offset``."""

    scenario: Scenario
    models: tuple[str, ...]
    seeds: tuple[np.random.SeedSequence, ...]
    sizes: tuple[int, ...]
    start: int
    draws: int
    offset: int
    deals: DealPlan


def chunk_draws(task: ChunkTask) -> Draws:
    arrays = scenario_arrays(task.scenario)
    parts = [
        draw(arrays, np.random.default_rng(seed), n)
        for seed, n in zip(task.seeds, task.sizes, strict=True)
    ]
    rows = slice(task.offset, task.offset + task.draws)
    return Draws(
        **{f.name: np.concatenate([getattr(p, f.name) for p in parts])[rows] for f in fields(Draws)}
    )


def _batch(scenario: Scenario, draws: Draws) -> ScenarioBatch:
    return scenario_batch(
        scenario, draws.position, draws.salience, draws.red_line, draws.capability
    )


def model_forecasts(scenario: Scenario, models: Sequence[str], draws: Draws) -> Forecasts:
    """Every model's forecasts for every draw: its batch kernel if it has one that covers the
    run, else ``run`` per draw on the rebuilt variant."""
    n = draws.position.shape[0]
    chosen = list(dict.fromkeys(models))
    found: Forecasts = {}
    batch: ScenarioBatch | None = None
    per_draw = []
    for model_id in chosen:
        kernel = get_model(model_id).run_batch
        values = None
        if kernel is not None:
            batch = batch or _batch(scenario, draws)
            values = kernel(batch, None)
        if values is None or batch is None:
            per_draw.append(model_id)
            continue
        found[model_id] = {issue: values[:, c] for c, issue in enumerate(batch.issues)}
    if per_draw:
        columns: Forecasts = {m: {} for m in per_draw}
        for row in range(n):
            for model_id, forecast in run_models(variant(scenario, draws, row), per_draw).items():
                for issue, outcome in forecast.positions().items():
                    columns[model_id].setdefault(issue, np.full(n, np.nan))[row] = outcome
        found.update(columns)
    return {m: found[m] for m in chosen}


def tally_forecasts(
    result: McResult, scenario: Scenario, draws: Draws, forecasts: Forecasts
) -> None:
    """Histograms, sides of 50 and, per party with a red line, the draws the forecast meets it
    (the rule of ``Position.accepts`` on the draw's own position and red line)."""
    lines: dict[str, list[tuple[str, int]]] = {}
    for i, p in enumerate(scenario.positions):
        if p.red_line is not None:
            lines.setdefault(p.issue, []).append((p.actor, i))
    for model_id, issues in forecasts.items():
        for issue, values in issues.items():
            known = ~np.isnan(values)
            outcome = values[known]
            tally = result.tally(model_id, issue)
            tally.add(outcome)
            for actor, i in lines.get(issue, []):
                line, ideal = draws.red_line[known, i], draws.position[known, i]
                inside = np.where(line >= ideal, outcome <= line, outcome >= line)
                tally.inside[actor] = tally.inside.get(actor, 0) + int(inside.sum())


def run_chunk(task: ChunkTask) -> McResult:
    draws = chunk_draws(task)
    result = McResult(draws=task.draws)
    result.add_zones(*emptied_issues(task.scenario, draws))
    tally_forecasts(
        result, task.scenario, draws, model_forecasts(task.scenario, task.models, draws)
    )
    rows = task.deals.rows(task.start, task.draws)
    if rows:
        result.nash = tally_nash(task.scenario, draws, rows, task.deals.base)
    return result
