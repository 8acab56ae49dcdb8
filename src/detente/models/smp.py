"""``smp.v1``: KTAB's Spatial Model of Politics, resolved by Probabilistic Condorcet Elections.

All issues are bargained at once: an actor's position is a vector over the issues, weighted by
its per-issue saliences (the algorithm is in :mod:`detente.models.smp_core`). Defaults are
KTAB's: linear victory probability, proportional voting, conditional PCE, deterministic
transitions, stop when a turn moves less than 2% of the first turn (between 2 and 100 turns).

Mapping from a detente scenario: capabilities are rescaled so the largest is 100 (the model is
scale-free up to KTAB's 1e-8 guards, and rescaling keeps it exactly so); saliences are /100,
and an actor whose saliences sum to more than 100 has them scaled to sum to 100 (KTAB requires
it). An actor without a position on an issue starts there at the capability × salience weighted
mean of those who hold one, with salience 0, and its final position there is not counted.
Forecast per issue: the mean of its holders' final positions. Nothing is random: the seed is
recorded and unused; ties go to the actor sorted first by id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detente.domain import Forecast, IssueForecast, Move, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.models._common import (
    check_choice,
    float_param,
    int_param,
    issue_arrays,
    resolve_params,
    str_param,
)
from detente.models.smp_core import (
    BIG_R_ADJUSTS,
    BIG_R_RANGES,
    INTERPOLATIONS,
    THIRD_PARTY,
    VICTORY_MODELS,
    VOTING_RULES,
    FloatArray,
    SmpOptions,
    SmpResult,
    run_smp,
)

MODEL_ID = "smp.v1"
DEFAULTS: dict[str, ParamValue] = {
    "voting": "proportional",
    "victory": "linear",
    "big_r_range": "mid",
    "big_r_adjust": "one_third",
    "third_party": "semi",
    "interpolation": "s2p2",
    "min_turns": 2,
    "max_turns": 100,
    "stop_ratio": 0.02,
    "compiled": True,
}


def options_from_params(params: dict[str, ParamValue]) -> SmpOptions:
    choices = {
        "voting": VOTING_RULES,
        "victory": VICTORY_MODELS,
        "big_r_range": BIG_R_RANGES,
        "big_r_adjust": BIG_R_ADJUSTS,
        "third_party": THIRD_PARTY,
        "interpolation": INTERPOLATIONS,
    }
    chosen = {
        name: check_choice(MODEL_ID, name, str_param(params, name), allowed)
        for name, allowed in choices.items()
    }
    min_turns, max_turns = int_param(params, "min_turns"), int_param(params, "max_turns")
    stop_ratio = float_param(params, "stop_ratio")
    if not 1 <= min_turns <= max_turns <= 10_000 or not stop_ratio > 0:
        raise DetenteError(
            "DT503",
            f"need 1 <= min_turns <= max_turns <= 10000 and stop_ratio > 0; got "
            f"{min_turns}, {max_turns}, {stop_ratio}",
            location=MODEL_ID,
        )
    compiled = params["compiled"]
    assert isinstance(compiled, bool)
    return SmpOptions(
        **chosen,
        min_turns=min_turns,
        max_turns=max_turns,
        stop_ratio=stop_ratio,
        compiled=compiled,
    )


def _scenario_matrices(
    scenario: Scenario,
) -> tuple[list[str], list[str], FloatArray, FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    """Actors (sorted by id), issues, positions and saliences on [0, 1], capability, holds."""
    per_issue = issue_arrays(scenario)  # validates weights, sorts holders by id
    actors = sorted({a for arrays in per_issue for a in arrays.actors})
    index = {a: k for k, a in enumerate(actors)}
    issues = [arrays.issue for arrays in per_issue]
    n, m = len(actors), len(issues)
    position = np.zeros((n, m))
    salience = np.zeros((n, m))
    holds = np.zeros((n, m), dtype=bool)
    for q, arrays in enumerate(per_issue):
        weight = arrays.weight
        position[:, q] = float(weight @ arrays.position / weight.sum()) / 100.0
        rows = [index[a] for a in arrays.actors]
        position[rows, q] = arrays.position / 100.0
        salience[rows, q] = arrays.salience
        holds[rows, q] = True
    total = salience.sum(axis=1)
    salience = salience / np.maximum(total, 1.0)[:, None]
    raw = {a.id: a.capability for a in scenario.actors}
    capability = np.array([raw[a] for a in actors], dtype=np.float64)
    capability = capability / capability.max() * 100.0
    return actors, issues, position, salience, capability, holds


def _issue_moves(
    result: SmpResult, q: int, issue: str, actors: list[str], holds: npt.NDArray[np.bool_]
) -> list[Move]:
    moves: list[Move] = []
    for t, turn in enumerate(result.turns, start=1):
        before, after = result.positions[t - 1, :, q], result.positions[t, :, q]
        for c in turn.challenges:
            bi, bj = 100 * float(c.initiator_position[q]), 100 * float(c.receiver_position[q])
            xi, xj = 100 * float(before[c.initiator]), 100 * float(before[c.receiver])
            if abs(bi - xi) < 1e-9 and abs(bj - xj) < 1e-9:
                continue
            a, b = actors[c.initiator], actors[c.receiver]
            moves.append(
                Move(
                    round=t,
                    kind="challenge",
                    issue=issue,
                    actor=a,
                    target=b,
                    values={
                        "probability": c.probability,
                        "expected_gain": c.gain,
                        "initiator_from": xi,
                        "initiator_to": bi,
                        "receiver_from": xj,
                        "receiver_to": bj,
                    },
                    explanation=(
                        f"{a} challenges {b} (wins with p={c.probability:.3f} by its own "
                        f"estimate, gain {c.gain:+.4f}); bargain: {a} {xi:.2f}->{bi:.2f}, "
                        f"{b} {xj:.2f}->{bj:.2f}"
                    ),
                )
            )
        for adoption in turn.adoptions:
            k = adoption.actor
            if adoption.challenge < 0 or not holds[k, q] or before[k] == after[k]:
                continue
            c = turn.challenges[adoption.challenge]
            moves.append(
                Move(
                    round=t,
                    kind="adopt",
                    issue=issue,
                    actor=actors[k],
                    target=actors[c.receiver if c.initiator == k else c.initiator],
                    values={
                        "from": 100 * float(before[k]),
                        "to": 100 * float(after[k]),
                        "probability": adoption.probability,
                    },
                    explanation=(
                        f"{actors[k]} adopts the bargain of {actors[c.initiator]} with "
                        f"{actors[c.receiver]} ({100 * before[k]:.2f}->{100 * after[k]:.2f}), "
                        f"elected with p={adoption.probability:.3f} among its options"
                    ),
                )
            )
    return moves


@dataclass(frozen=True)
class Simulation:
    """A run with its index maps: ``result`` rows follow ``actors``, columns ``issues``."""

    actors: list[str]
    issues: list[str]
    holds: npt.NDArray[np.bool_]
    result: SmpResult


def simulate(scenario: Scenario, params: dict[str, ParamValue] | None = None) -> Simulation:
    """The full turn-by-turn run behind :func:`run` (positions on [0, 1])."""
    options = options_from_params(resolve_params(MODEL_ID, DEFAULTS, params))
    actors, issues, position, salience, capability, holds = _scenario_matrices(scenario)
    return Simulation(actors, issues, holds, run_smp(position, capability, salience, options))


def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    resolved = resolve_params(MODEL_ID, DEFAULTS, params)
    sim = simulate(scenario, params)
    actors, issues, holds, result = sim.actors, sim.issues, sim.holds, sim.result
    forecasts: dict[str, IssueForecast] = {}
    for q, issue in enumerate(issues):
        held = holds[:, q]
        trail = 100.0 * result.positions[:, held, q]
        means = trail.mean(axis=1)
        holders = [a for a, h in zip(actors, held, strict=True) if h]
        forecasts[issue] = IssueForecast(
            issue=issue,
            position=float(np.clip(means[-1], trail[0].min(), trail[0].max())),
            history=tuple(float(v) for v in means),
            actor_history={a: tuple(float(v) for v in trail[:, k]) for k, a in enumerate(holders)},
            moves=tuple(_issue_moves(result, q, issue, actors, holds)),
        )
    return Forecast(model=MODEL_ID, params=resolved, seed=seed, issues=forecasts)
