"""``median.v1``: the weighted median voter, weights capability × salience.

The position that no weighted majority prefers to move away from: the smallest position whose
cumulative weight reaches half (the midpoint of the two middle positions on an exact tie).
"""

from __future__ import annotations

from detente.domain import Forecast, IssueForecast, Scenario
from detente.domain.forecast import ParamValue
from detente.models._common import FloatArray, issue_arrays, resolve_params, weighted_median
from detente.models.batch import Lanes, ScenarioBatch, weighted_median_rows
from detente.models.compromise import weight_moves

MODEL_ID = "median.v1"
DEFAULTS: dict[str, ParamValue] = {}


def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    resolved = resolve_params(MODEL_ID, DEFAULTS, params)
    issues: dict[str, IssueForecast] = {}
    for arrays in issue_arrays(scenario):
        median = weighted_median(arrays.position, arrays.weight)
        issues[arrays.issue] = IssueForecast(
            issue=arrays.issue, position=median, history=(median,), moves=weight_moves(arrays)
        )
    return Forecast(model=MODEL_ID, params=resolved, seed=seed, issues=issues)


def _lane_medians(lanes: Lanes) -> FloatArray:
    return weighted_median_rows(lanes.position, lanes.weight)


def run_batch(batch: ScenarioBatch, params: dict[str, ParamValue] | None) -> FloatArray:
    """The forecast of every draw and issue, as :func:`run` computes it (see models/batch.py)."""
    resolve_params(MODEL_ID, DEFAULTS, params)
    return batch.collect(_lane_medians)
