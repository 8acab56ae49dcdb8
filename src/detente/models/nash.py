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
ends. Actors with zero weight constrain nothing. With γ >= 1 the objective is concave, so a
grid search refined by bounded Brent search finds the maximum.
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


def _solve(
    x: FloatArray, weight: FloatArray, reach: FloatArray, gamma: float, grid_points: int
) -> float | None:
    """Maximiser of Σ w log(reach^γ − |t − x|^γ) (on the 0–1 scale); None if no zone."""
    active = weight > 0
    lo = float(max(0.0, np.max(x[active] - reach[active])))
    hi = float(min(1.0, np.min(x[active] + reach[active])))
    # A zone that has shrunk to one point (the status quo strictly between the positions, or
    # two red lines meeting) holds no outcome where every actor gains: each gain there is
    # zero and the Nash product is zero. That is no zone of agreement, by the rule above.
    if hi - lo < 1e-12:
        return None
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


def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
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
