"""Forecasts and backtests as the CLI runs them, each model's cost checked before it runs.

A model's work grows with the scenario's shape: the expected-utility model compares every pair
of actors on every issue in every round, the Spatial Model of Politics every actor pair against
every third actor in every turn. On a 3,000-row actor table that is minutes to hours of CPU for
one command, so :func:`check_model_cost` estimates each model's steps from the shape before any
work and refuses (DT506) with what to narrow.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detente.domain import Forecast, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.io import load_scenario
from detente.io.text import read_text_file
from detente.manifest import build_manifest
from detente.models.backtest import BASELINE as BASELINE  # re-exported for the CLI
from detente.models.backtest import BacktestTable, backtest, parse_backtest_table
from detente.models.backtest import ModelScore as ModelScore  # re-exported for the CLI
from detente.models.nash import MAX_GRID_POINTS
from detente.models.registry import MODELS, get_model, run_models, select_issues
from detente.models.registry import collect_params as collect_params  # re-exported for the CLI


@dataclass(frozen=True)
class Shape:
    """What a model's cost depends on: actors, issues and the holders of each issue."""

    actors: int
    issues: int
    holders: tuple[int, ...]  # per issue: actors holding a position on it

    @classmethod
    def of(cls, scenario: Scenario) -> Shape:
        held = {issue.id: 0 for issue in scenario.issues}
        for position in scenario.positions:
            held[position.issue] += 1
        return cls(len(scenario.actors), len(scenario.issues), tuple(held.values()))


def _int(params: Mapping[str, ParamValue], name: str) -> int:
    # At least 1: a count below that is the model's own DT503, and it does one pass regardless.
    value = params.get(name)
    return max(value, 1) if isinstance(value, int) and not isinstance(value, bool) else 1


@dataclass(frozen=True)
class CostModel:
    """A model's inner-loop steps as a function of the shape, and the most it may take.

    Budgets are set so that a model within them runs in about ten seconds of one CPU (measured
    by benchmarks/bench_models.py's machine: bdm.v1 does ~5 million pair steps a second, smp.v1
    ~150 million compiled triple steps, exchange.v1 ~60 million, nash.v1 ~40 million)."""

    formula: str
    steps: Callable[[Shape, Mapping[str, ParamValue]], float]
    budget: float


MODEL_COSTS: dict[str, CostModel] = {
    "compromise.v1": CostModel("actors per issue", lambda s, p: float(sum(s.holders)), 1e9),
    "median.v1": CostModel("actors per issue", lambda s, p: float(sum(s.holders)), 1e9),
    "nash.v1": CostModel(
        "actors × grid_points per issue",
        # A finer grid than nash.v1 allows is its own DT503, not a cost.
        lambda s, p: float(sum(s.holders)) * min(_int(p, "grid_points"), MAX_GRID_POINTS),
        4e8,
    ),
    "bdm.v1": CostModel(
        "actors² × max_rounds per issue",
        lambda s, p: float(sum(n * n for n in s.holders)) * _int(p, "max_rounds"),
        5e7,
    ),
    "exchange.v1": CostModel(
        "actors² × issues² × rounds",
        lambda s, p: float(s.actors**2 * s.issues**2) * _int(p, "rounds"),
        6e8,
    ),
    "smp.v1": CostModel(
        "actors³ × max_turns",
        lambda s, p: float(s.actors**3) * _int(p, "max_turns"),
        1.5e9,
    ),
}


@dataclass(frozen=True)
class Cost:
    model: str
    steps: float
    formula: str
    budget: float

    @property
    def over(self) -> bool:
        return self.steps > self.budget

    def describe(self) -> str:
        return (
            f"{self.model} about {self.steps:.2g} steps ({self.formula}; budget {self.budget:.2g})"
        )


def model_cost(
    scenarios: Sequence[Scenario], model_id: str, params: Mapping[str, ParamValue] | None = None
) -> Cost | None:
    """The estimated steps of running ``model_id`` once on each of ``scenarios``; None for a
    model without a cost model (an unknown id is the registry's DT501 to report)."""
    found = MODEL_COSTS.get(model_id)
    spec = MODELS.get(model_id)
    if found is None or spec is None:
        return None
    # A value of the wrong type is the model's own DT503 to report; the estimate keeps the default.
    resolved = dict(spec.defaults)
    for name, value in (params or {}).items():
        if name in resolved and type(value) is type(resolved[name]):
            resolved[name] = value
    steps = sum(found.steps(Shape.of(s), resolved) for s in scenarios)
    return Cost(model_id, steps, found.formula, found.budget)


def check_model_cost(
    scenarios: Sequence[Scenario] | Scenario,
    model_ids: Sequence[str],
    params: Mapping[str, dict[str, ParamValue]] | None = None,
    *,
    location: str = "",
) -> None:
    """DT506 naming every model in ``model_ids`` whose estimated steps exceed its budget, the
    ones that fit, and how to narrow the run; nothing when every model fits."""
    cases = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    costs = [model_cost(cases, m, (params or {}).get(m)) for m in model_ids]
    over = [c for c in costs if c is not None and c.over]
    if not over:
        return
    first = cases[0] if cases else None
    shape = Shape.of(first) if first is not None else Shape(0, 0, ())
    fits = [m for m, c in zip(model_ids, costs, strict=True) if c is None or not c.over]
    fewer = ", ".join(f"--param {c.model}:{_ROUNDS[c.model]}=N" for c in over if c.model in _ROUNDS)
    hint = "analyse fewer actors (merge the minor ones) or fewer issues (--issue ID)"
    if fewer:
        hint += f", fewer rounds ({fewer})"
    if fits:
        hint += ", or run only the models that fit: " + " ".join(f"--model {m}" for m in fits)
    raise DetenteError(
        "DT506",
        f"the forecast would run too long on {shape.actors:,} actors and {shape.issues:,} "
        f"issues{f' in {len(cases):,} cases' if len(cases) > 1 else ''}: "
        + "; ".join(c.describe() for c in over),
        location=location,
        hint=hint,
    )


_ROUNDS = {"bdm.v1": "max_rounds", "exchange.v1": "rounds", "smp.v1": "max_turns"}


def forecasts_within_budget(
    scenario: Scenario,
    model_ids: Sequence[str] = (),
    *,
    issue_ids: Sequence[str] = (),
    params: Mapping[str, dict[str, ParamValue]] | None = None,
    seed: int | None = None,
    location: str = "",
) -> dict[str, Forecast]:
    """:func:`~detente.models.registry.run_models`, after :func:`check_model_cost`."""
    chosen = list(dict.fromkeys(model_ids)) or list(MODELS)
    for model_id in chosen:
        get_model(model_id)  # DT501 for an unknown id before any estimate
    check_model_cost(select_issues(scenario, issue_ids), chosen, params, location=location)
    return run_models(scenario, chosen, issue_ids=issue_ids, params=params, seed=seed)


@dataclass(frozen=True)
class ForecastRun:
    scenario: Scenario
    forecasts: dict[str, Forecast]
    manifest: dict[str, Any]


def forecast_file(
    file: str | os.PathLike[str],
    model_ids: Sequence[str] = (),
    *,
    issue_ids: Sequence[str] = (),
    params: Sequence[str] = (),
    seed: int = 0,
) -> ForecastRun:
    """``detente forecast``: the scenario file's forecasts per model and the run manifest;
    ``params`` are ``MODEL:NAME=VALUE`` strings."""
    scenario = load_scenario(file)
    forecasts = forecasts_within_budget(
        scenario,
        model_ids,
        issue_ids=issue_ids,
        params=collect_params(params),
        seed=seed,
        location=str(file),
    )
    manifest = build_manifest(
        models={mid: f.params for mid, f in forecasts.items()},
        seed=seed,
        inputs={"scenario": file},
    )
    return ForecastRun(scenario, forecasts, manifest)


def backtest_file(
    file: str | os.PathLike[str],
    model_ids: Sequence[str] = (),
    *,
    weights_row: bool = False,
    params: Sequence[str] = (),
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[BacktestTable, dict[str, ModelScore]]:
    """``detente backtest``: the table read from ``file`` and each model's score on it."""
    table = parse_backtest_table(read_text_file(file), str(file), weights_row=weights_row)
    chosen = list(dict.fromkeys(model_ids)) or list(MODELS)
    for model_id in chosen:
        get_model(model_id)
    by_model = collect_params(params)
    runs = list(dict.fromkeys([*chosen, BASELINE]))
    check_model_cost([c.scenario for c in table.cases], runs, by_model, location=str(file))
    scores = backtest(table, chosen, params=by_model, seed=seed, progress=progress)
    return table, scores
