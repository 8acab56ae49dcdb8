"""``nash.v1``: the asymmetric Nash bargaining solution on each issue's axis.

    x* = argmax_x  Σ_i w_i · log(u_i(x) − d_i)     over the x where every u_i(x) > d_i

Utility shape: u_i(x) = −(|x − x_i| / 100)^γ, a loss in distance from the actor's ideal point
x_i; ``utility_exponent`` γ (default 2: quadratic loss; 1: linear). Salience would only scale
u_i, which the Nash solution ignores (it is invariant to positive affine changes of each
utility), so salience enters through the bargaining weight w_i = c_i·s_i / Σ c·s, as in the
other models. The disagreement value d_i = u_i(p_i) where the reference point p_i is, with
``disagreement`` = "red_line": the actor's red line, else the issue's status quo, else the end
of the axis farthest from x_i; "status_quo": the status quo, else the far end; "worst": the
far end. Each actor thus accepts the outcomes closer to its ideal than its reference point;
if those sets do not overlap (red lines incompatible), or overlap in a single point (the
status quo strictly between the positions: every actor's gain there is zero), the zone of
agreement is empty, and the model says so in a ``no_zone`` move and falls back to the far
ends. Actors with zero weight constrain nothing.

Solving: with γ >= 1 the objective is concave, so its derivative falls from +inf to -inf across
the zone and the maximum is where it changes sign; bisection on that sign pins it to the last
bit of a float (:func:`solve_lanes`, shared by :func:`run` and the Monte Carlo kernel
:func:`run_batch`, so both give the same numbers). With γ < 1 the objective is not concave: a
``grid_points`` grid search refined by a bounded Brent search finds the maximum (no batch kernel).
"""

from __future__ import annotations

import numpy as np

from detente.domain import Forecast, IssueForecast, Move, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.models._common import (
    FloatArray,
    IssueArrays,
    check_choice,
    float_param,
    int_param,
    issue_arrays,
    resolve_params,
    str_param,
)
from detente.models.batch import Lanes, ScenarioBatch

MODEL_ID = "nash.v1"
DISAGREEMENTS = ("red_line", "status_quo", "worst")
DEFAULTS: dict[str, ParamValue] = {
    "utility_exponent": 2.0,
    "disagreement": "red_line",
    "grid_points": 2001,
}
# The grid only brackets the maximum for the Brent search, so a finer one buys nothing, while
# memory grows as actors × grid points.
MAX_GRID_POINTS = 100_000


def _reference_points(arrays: IssueArrays, disagreement: str) -> tuple[FloatArray, list[str]]:
    x = arrays.position
    far_end = np.where(x >= 50.0, 0.0, 100.0)
    reference = far_end.copy()
    source = ["far end of the axis"] * len(x)
    if disagreement in ("red_line", "status_quo") and arrays.status_quo is not None:
        reference[:] = arrays.status_quo
        source = ["status quo"] * len(x)
    if disagreement == "red_line":
        has_red_line = ~np.isnan(arrays.red_line)
        reference = np.where(has_red_line, arrays.red_line, reference)
        source = ["red line" if r else s for r, s in zip(has_red_line, source, strict=True)]
    return reference, source


def _zone(x: FloatArray, weight: FloatArray, reach: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per row, the open interval (lo, hi) where every actor with weight gains (0–1 scale)."""
    active = weight > 0
    lo = np.maximum(0.0, np.max(np.where(active, x - reach, -np.inf), axis=1))
    hi = np.minimum(1.0, np.min(np.where(active, x + reach, np.inf), axis=1))
    return lo, hi


def _slope(
    t: FloatArray, x: FloatArray, weight: FloatArray, ra: FloatArray, gamma: float
) -> FloatArray:
    """d/dt Σ w log(ra − |t − x|^γ) per row, actors without weight left out."""
    d = t[:, None] - x
    size = np.abs(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = -gamma * size ** (gamma - 1.0) * np.sign(d) / (ra - size**gamma)
        weighted = np.where(weight > 0, weight * term, 0.0)
    return np.asarray(weighted.sum(axis=1), dtype=np.float64)


def solve_lanes(x: FloatArray, weight: FloatArray, reach: FloatArray, gamma: float) -> FloatArray:
    """Per row, the maximiser of Σ w log(reach^γ − |t − x|^γ) for γ >= 1 (0–1 scale); NaN where
    there is no zone. Each row is computed on its own (the same bits for one row or many)."""
    lo, hi = _zone(x, weight, reach)
    # A zone that has shrunk to one point (the status quo strictly between the positions, or
    # two red lines meeting) holds no outcome where every actor gains: each gain there is
    # zero and the Nash product is zero. That is no zone of agreement, by the rule above.
    open_zone = ~(hi - lo < 1e-12)
    a, b = lo.copy(), hi.copy()
    ra = reach**gamma
    todo = np.flatnonzero(open_zone)
    # Each pass halves every interval still shrinking; one stops when its midpoint rounds to an
    # end that does not move, i.e. at float resolution (about 55 passes on the unit interval).
    while todo.size:
        mid = 0.5 * (a[todo] + b[todo])
        rising = _slope(mid, x[todo], weight[todo], ra[todo], gamma) > 0
        new_a = np.where(rising, mid, a[todo])
        new_b = np.where(rising, b[todo], mid)
        moved = (new_a != a[todo]) | (new_b != b[todo])
        a[todo], b[todo] = new_a, new_b
        todo = todo[moved]
    return np.where(open_zone, 0.5 * (a + b), np.nan)


def _solve(
    x: FloatArray, weight: FloatArray, reach: FloatArray, gamma: float, grid_points: int
) -> float | None:
    """Maximiser of Σ w log(reach^γ − |t − x|^γ) (on the 0–1 scale); None if no zone."""
    if gamma >= 1.0:
        solved = float(solve_lanes(x[None, :], weight[None, :], reach[None, :], gamma)[0])
        return None if np.isnan(solved) else solved
    lo_row, hi_row = _zone(x[None, :], weight[None, :], reach[None, :])
    lo, hi = float(lo_row[0]), float(hi_row[0])
    if hi - lo < 1e-12:
        return None
    active = weight > 0
    xa, wa, ra = x[active], weight[active], reach[active] ** gamma

    def objective(t: FloatArray) -> FloatArray:
        gain = ra[:, None] - np.abs(t[None, :] - xa[:, None]) ** gamma
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(gain > 0, np.log(np.where(gain > 0, gain, 1.0)), -np.inf)
        return np.asarray(wa @ logs, dtype=np.float64)

    # Grid on the open interval, then Brent search between the neighbours of the best point.
    grid = lo + (hi - lo) * (np.arange(grid_points, dtype=np.float64) + 0.5) / grid_points
    values = objective(grid)
    best = int(np.argmax(values))
    left = grid[best - 1] if best > 0 else lo
    right = grid[best + 1] if best + 1 < grid_points else hi
    # Imported here, not at the top: scipy.optimize takes about a second to import, and every
    # CLI command would pay for it through the model registry.
    from scipy.optimize import minimize_scalar

    refined = minimize_scalar(
        lambda t: -float(objective(np.array([t]))[0]),
        bounds=(left, right),
        method="bounded",
        options={"xatol": 1e-12},
    )
    candidate = float(refined.x)
    if float(objective(np.array([candidate]))[0]) >= float(values[best]):
        return candidate
    return float(grid[best])


def _checked(params: dict[str, ParamValue] | None) -> tuple[dict[str, ParamValue], float, str, int]:
    """The resolved parameters, γ, the disagreement rule and the grid size, each checked."""
    resolved = resolve_params(MODEL_ID, DEFAULTS, params)
    gamma = float_param(resolved, "utility_exponent")
    if not gamma > 0:
        raise DetenteError("DT503", f"utility_exponent must be > 0, got {gamma}", location=MODEL_ID)
    disagreement = check_choice(
        MODEL_ID, "disagreement", str_param(resolved, "disagreement"), DISAGREEMENTS
    )
    grid_points = int_param(resolved, "grid_points")
    if not 3 <= grid_points <= MAX_GRID_POINTS:
        raise DetenteError(
            "DT503",
            f"grid_points must lie in [3, {MAX_GRID_POINTS}], got {grid_points}",
            location=MODEL_ID,
        )
    return resolved, gamma, disagreement, grid_points


def _lane_references(lanes: Lanes, disagreement: str) -> FloatArray:
    """:func:`_reference_points` for every lane (the reference points only)."""
    reference = np.where(lanes.position >= 50.0, 0.0, 100.0)
    if disagreement in ("red_line", "status_quo"):
        sq = lanes.status_quo[:, None]
        reference = np.where(np.isnan(sq), reference, sq)
    if disagreement == "red_line":
        reference = np.where(np.isnan(lanes.red_line), reference, lanes.red_line)
    return np.asarray(reference, dtype=np.float64)


def _lane_solutions(lanes: Lanes, gamma: float, disagreement: str) -> FloatArray:
    """The forecast of every lane, step for step as :func:`run` computes one issue."""
    x = lanes.position / 100.0
    weight = lanes.weight / lanes.weight.sum(axis=1)[:, None]
    reach = np.abs(_lane_references(lanes, disagreement) / 100.0 - x)
    solution = solve_lanes(x, weight, reach, gamma)
    lost = np.flatnonzero(np.isnan(solution))  # no zone: the far ends become the disagreement
    if lost.size:
        far = np.where(lanes.position[lost] >= 50.0, 0.0, 100.0)
        xl = x[lost]
        solution[lost] = solve_lanes(xl, weight[lost], np.abs(far / 100.0 - xl), gamma)
    low, high = lanes.position.min(axis=1), lanes.position.max(axis=1)
    return np.asarray(np.clip(100.0 * solution, low, high), dtype=np.float64)


def run_batch(batch: ScenarioBatch, params: dict[str, ParamValue] | None) -> FloatArray | None:
    """The forecast of every draw and issue, as :func:`run` computes it; None for γ < 1 (the
    grid search is per scenario)."""
    _, gamma, disagreement, _ = _checked(params)
    if gamma < 1.0:
        return None
    return batch.collect(lambda lanes: _lane_solutions(lanes, gamma, disagreement))


def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    resolved, gamma, disagreement, grid_points = _checked(params)
    issues: dict[str, IssueForecast] = {}
    for arrays in issue_arrays(scenario):
        x = arrays.position / 100.0
        weight = arrays.weight / arrays.weight.sum()
        reference, source = _reference_points(arrays, disagreement)
        moves: list[Move] = []
        solution = _solve(x, weight, np.abs(reference / 100.0 - x), gamma, grid_points)
        if solution is None:
            moves.append(
                Move(
                    round=0,
                    kind="no_zone",
                    issue=arrays.issue,
                    explanation="no outcome leaves every actor better off than its "
                    "disagreement point (the acceptable sets do not overlap, or meet in one "
                    "point where nobody gains); "
                    "disagreement falls back to the far ends of the axis",
                )
            )
            reference = np.where(arrays.position >= 50.0, 0.0, 100.0)
            source = ["far end of the axis"] * len(x)
            solution = _solve(x, weight, np.abs(reference / 100.0 - x), gamma, grid_points)
            assert solution is not None  # every far-end zone contains the whole open axis
        # The optimum lies within the positions; clipping only removes rounding noise.
        position = float(np.clip(100.0 * solution, arrays.position.min(), arrays.position.max()))
        for actor, xi, w, ref, why in zip(
            arrays.actors, arrays.position, weight, reference, source, strict=True
        ):
            loss = (abs(position - xi) / 100.0) ** gamma
            worst = (abs(ref - xi) / 100.0) ** gamma
            moves.append(
                Move(
                    round=0,
                    kind="disagreement",
                    issue=arrays.issue,
                    actor=actor,
                    values={
                        "position": float(xi),
                        "weight_share": float(w),
                        "disagreement_point": float(ref),
                        "utility_gain": float(worst - loss),
                    },
                    explanation=f"{actor} (ideal {xi:.4g}, weight {100 * w:.1f}%) falls back "
                    f"to {ref:.4g} ({why}) without a deal",
                )
            )
        issues[arrays.issue] = IssueForecast(
            issue=arrays.issue, position=position, history=(position,), moves=tuple(moves)
        )
    return Forecast(model=MODEL_ID, params=resolved, seed=seed, issues=issues)
