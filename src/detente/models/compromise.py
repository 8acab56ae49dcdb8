"""``compromise.v1``: Achen's compromise model, the capability × salience weighted mean.

    x* = Σ c_i s_i x_i / Σ c_i s_i

One round, no randomness. The moves list each actor's share of the weight (its pull).
"""

from __future__ import annotations

import numpy as np

from detente.domain import Forecast, IssueForecast, Move, Scenario
from detente.domain.forecast import ParamValue
from detente.models._common import FloatArray, IssueArrays, issue_arrays, resolve_params
from detente.models.batch import Lanes, ScenarioBatch, weighted_mean

MODEL_ID = "compromise.v1"
DEFAULTS: dict[str, ParamValue] = {}


def weight_moves(arrays: IssueArrays, kind: str = "weight") -> tuple[Move, ...]:
    """One move per actor: its position and its share of the total capability × salience."""
    weight = arrays.weight
    share = weight / weight.sum()
    return tuple(
        Move(
            round=0,
            kind=kind,
            issue=arrays.issue,
            actor=actor,
            values={"position": float(x), "weight_share": float(s)},
            explanation=f"{actor} at {x:.4g} carries {100 * s:.1f}% of capability × salience",
        )
        for actor, x, s in zip(arrays.actors, arrays.position, share, strict=True)
    )


def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    resolved = resolve_params(MODEL_ID, DEFAULTS, params)
    issues: dict[str, IssueForecast] = {}
    for arrays in issue_arrays(scenario):
        weight = arrays.weight
        # A pairwise sum, not ``weight @ position``: BLAS dot rounds differently with the
        # arrays' memory alignment, so the same inputs could differ in the last bit (batch.py).
        mean = float((weight * arrays.position).sum() / weight.sum())
        # Rounding may put the mean a hair outside the positions; it is a convex combination.
        mean = min(max(mean, float(arrays.position.min())), float(arrays.position.max()))
        issues[arrays.issue] = IssueForecast(
            issue=arrays.issue, position=mean, history=(mean,), moves=weight_moves(arrays)
        )
    return Forecast(model=MODEL_ID, params=resolved, seed=seed, issues=issues)


def _lane_means(lanes: Lanes) -> FloatArray:
    mean = weighted_mean(lanes.position, lanes.weight)
    low, high = lanes.position.min(axis=1), lanes.position.max(axis=1)
    return np.asarray(np.minimum(np.maximum(mean, low), high), dtype=np.float64)


def run_batch(batch: ScenarioBatch, params: dict[str, ParamValue] | None) -> FloatArray:
    """The forecast of every draw and issue, as :func:`run` computes it (see models/batch.py)."""
    resolve_params(MODEL_ID, DEFAULTS, params)
    return batch.collect(_lane_means)
