"""One chunk of draws: the unit of work every back-end runs (a pure function of its inputs)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.domain import Scenario
from detente.mc.draws import Draws, draw, scenario_arrays, variant
from detente.mc.summary import McResult
from detente.models.registry import run_models


@dataclass(frozen=True)
class ChunkTask:
    scenario: Scenario
    models: tuple[str, ...]
    seed: np.random.SeedSequence
    draws: int


def empty_issues(scenario: Scenario, draws: Draws, row: int) -> list[str]:
    """Issues whose red lines leave no point of the axis (the per-issue zone is empty)."""
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for i, p in enumerate(scenario.positions):
        line = draws.red_line[row, i]
        if np.isnan(line):
            continue
        if line >= draws.position[row, i]:
            high[p.issue] = min(high.get(p.issue, 100.0), float(line))
        else:
            low[p.issue] = max(low.get(p.issue, 0.0), float(line))
    return [i.id for i in scenario.issues if low.get(i.id, 0.0) > high.get(i.id, 100.0)]


def run_chunk(task: ChunkTask) -> McResult:
    rng = np.random.default_rng(task.seed)
    draws = draw(scenario_arrays(task.scenario), rng, task.draws)
    result = McResult(draws=task.draws)
    for row in range(task.draws):
        scenario = variant(task.scenario, draws, row)
        emptied = empty_issues(task.scenario, draws, row)
        if emptied:
            result.zone_empty += 1
            for issue in emptied:
                result.emptied_by[issue] = result.emptied_by.get(issue, 0) + 1
        for model, forecast in run_models(scenario, task.models).items():
            for issue, outcome in forecast.positions().items():
                tally = result.tally(model, issue)
                tally.add(np.array([outcome]))
                for p in scenario.positions_on(issue):
                    if p.red_line is not None and p.accepts(outcome):
                        tally.inside[p.actor] = tally.inside.get(p.actor, 0) + 1
    return result
