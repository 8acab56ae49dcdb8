"""``exchange.v1``: Stokman's exchange model (equal-gain variant), vectorised over actor pairs.

Actors trade voting positions across issues. Each round, on every issue the outcome is the
capability × salience weighted mean ``O_k = Σ c_i s_ik x_ik / W_k`` (``W_k = Σ c_i s_ik``).
For every pair of issues (p, q) and every pair of actors on opposite sides of the outcome on
*both* issues, the actor with the relatively higher salience on p (``s_dp/s_dq > s_up/s_uq``)
*demands* p and supplies q; the other supplies p and demands q. A supplier's shift Δ moves
the outcome by ``Δ c s / W`` (its exchange ratio). The two shifts are sized so both gain the
same: ``dq = dp (s_dp + s_up) / (s_dq + s_uq)``, starting from the supplier on p moving all
the way to the demander's position, then scaled down so that no supplier passes its partner's
position and no outcome passes the demanding actor's own position. The gain is
``dp s_dp - dq s_dq`` (equal for both). Exchanges run highest gain first; one that shares an
actor *and* its supply issue with an executed exchange is invalidated (an actor makes one
shift per issue per round). Gains equal to 10 significant digits are ties, broken by the seed.

At the end of a round each actor's position moves toward its voting position ``y``:
``x' = x + w (y - x)`` with ``w = (1 - s) salience_weight + fixed_weight`` (less salient
issues give way more), and the next round starts from the new positions and outcomes.

``rate="random"`` is the random-rate variant: the rate ``dq/dp`` is drawn uniformly (by the
seed) between the two rates at which one side gains nothing, so the gains are unequal;
exchanges are then ordered by the smaller of the two gains.

The forecast per issue is the outcome after the last round; ``history`` holds the outcome at
the start of every round and after the last; ``actor_history`` every actor's position; one
``exchange`` move per shift names the supplier, the demander, both issues and both gains.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detente.domain import Forecast, IssueForecast, Move, Scenario
from detente.domain.forecast import ParamValue
from detente.errors import DetenteError
from detente.models._common import (
    FloatArray,
    check_choice,
    float_param,
    int_param,
    resolve_params,
    str_param,
)

MODEL_ID = "exchange.v1"
DEFAULTS: dict[str, ParamValue] = {
    "rounds": 10,
    "rate": "equal",
    "salience_weight": 0.4,
    "fixed_weight": 0.1,
}
RATES = ("equal", "random")
_MIN_GAIN = 1e-10  # below this an exchange is not worth making (and is rounding noise)
_TIE_DIGITS = 10
_BATCH = 4096  # candidates sorted in the first batch of execute (then 4x each batch)
_SCREEN_CELLS = 4_000_000  # actor pairs x issue pairs screened at once

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Table:
    """Positions of every actor on every issue; ``held`` is False where an actor has none."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    position: FloatArray  # (actors, issues); 0 where not held
    salience: FloatArray  # (actors, issues), 0..1; 0 where not held
    capability: FloatArray  # (actors,)
    held: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Candidates:
    """Exchanges that pass the screen in one round: ``d`` demands p and supplies q, ``u``
    supplies p and demands q; shifts are absolute moves, gains each side's utility gain."""

    p: IntArray
    q: IntArray
    d: IntArray
    u: IntArray
    shift_up: FloatArray  # u's move on p
    shift_dq: FloatArray  # d's move on q
    gain_d: FloatArray
    gain_u: FloatArray


def table(scenario: Scenario) -> Table:
    actors = tuple(sorted(a.id for a in scenario.actors))
    issues = tuple(i.id for i in scenario.issues)
    a_index = {a: k for k, a in enumerate(actors)}
    i_index = {i: k for k, i in enumerate(issues)}
    shape = (len(actors), len(issues))
    position = np.zeros(shape)
    salience = np.zeros(shape)
    held = np.zeros(shape, dtype=bool)
    for pos in scenario.positions:
        cell = (a_index[pos.actor], i_index[pos.issue])
        position[cell] = pos.position
        salience[cell] = pos.salience / 100.0
        held[cell] = True
    capability_by_id = {a.id: a.capability for a in scenario.actors}
    capability = np.array([capability_by_id[a] for a in actors], dtype=np.float64)
    return Table(actors, issues, position, salience, capability, held)


def outcomes(position: FloatArray, weight: FloatArray) -> FloatArray:
    """Capability × salience weighted mean per issue (NaN where nobody carries weight)."""
    total = weight.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (weight * position).sum(axis=0) / total
    return np.where(total > 0, mean, np.nan)


def candidates(t: Table, position: FloatArray, rate: str, rng: np.random.Generator) -> Candidates:
    """Every feasible exchange of the round, sized and valued, as flat arrays."""
    weight = t.capability[:, None] * t.salience * t.held
    total = weight.sum(axis=0)
    outcome = outcomes(position, weight)
    side = np.where(t.held & (weight > 0), np.sign(position - np.nan_to_num(outcome)), 0.0)
    a, b, p, q = _opposite_pairs(side)
    s = t.salience
    # a demands p when its salience ratio p/q is the higher one (cross-multiplied: no division).
    a_demands = s[a, p] * s[b, q] > s[b, p] * s[a, q]
    d = np.where(a_demands, a, b)
    u = np.where(a_demands, b, a)
    s_dp, s_dq, s_up, s_uq = s[d, p], s[d, q], s[u, p], s[u, q]
    w_up = weight[u, p]
    w_dq = weight[d, q]
    gap_p = np.abs(position[d, p] - position[u, p])
    gap_q = np.abs(position[u, q] - position[d, q])
    if rate == "equal":
        ratio = (s_dp + s_up) / (s_dq + s_uq)
    else:
        low, high = s_up / s_uq, s_dp / s_dq
        ratio = low + (high - low) * rng.random(len(d))
    # Start from u moving all the way to d on p, then scale down to the binding limit.
    dp = gap_p * w_up / total[p]
    dq = dp * ratio
    full_dq = gap_q * w_dq / total[q]
    cap_p = np.abs(position[d, p] - outcome[p])
    cap_q = np.abs(position[u, q] - outcome[q])
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.minimum.reduce([np.ones_like(dp), full_dq / dq, cap_p / dp, cap_q / dq])
    factor = np.nan_to_num(factor, nan=0.0, posinf=1.0)
    dp, dq = dp * factor, dq * factor
    return Candidates(
        p=p,
        q=q,
        d=d,
        u=u,
        shift_up=dp * total[p] / w_up,
        shift_dq=dq * total[q] / w_dq,
        gain_d=dp * s_dp - dq * s_dq,
        gain_u=dq * s_uq - dp * s_up,
    )


def _opposite_pairs(side: FloatArray) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """(a, b, p, q) for every actor pair a < b on opposite sides of the outcome on both
    issues p < q (a zero side means "at the outcome": no trade). Screened in blocks of issue
    pairs so memory stays near _SCREEN_CELLS booleans however large the case."""
    n, m = side.shape
    ip, iq = np.triu_indices(m, 1)
    ia, ib = np.triu_indices(n, 1)
    # Opposite on one issue, per actor pair and issue: (actor pairs, issues).
    split = side[ia] * side[ib] < 0
    parts: list[tuple[IntArray, IntArray]] = []
    step = max(1, _SCREEN_CELLS // max(1, len(ia)))
    for start in range(0, len(ip), step):
        block_p, block_q = ip[start : start + step], iq[start : start + step]
        pair_idx, issue_idx = np.nonzero(split[:, block_p] & split[:, block_q])
        parts.append((pair_idx, issue_idx + start))
    pair_idx = np.concatenate([part[0] for part in parts]) if parts else np.zeros(0, np.int64)
    issue_idx = np.concatenate([part[1] for part in parts]) if parts else np.zeros(0, np.int64)
    return ia[pair_idx], ib[pair_idx], ip[issue_idx], iq[issue_idx]


def execute(c: Candidates, n_issues: int, rng: np.random.Generator) -> IntArray:
    """Indices of the exchanges executed, highest gain first, ties in seeded random order.

    An executed exchange uses two (actor, supply issue) slots; later ones needing a used slot
    are invalidated. Only the best few thousand candidates are sorted at a time (argpartition,
    with whole tie groups kept together); after each batch the rest are screened against the
    used slots, so neither the sort nor the Python loop sees the many that are invalidated.
    """
    gain = np.minimum(c.gain_d, c.gain_u)
    pending = np.nonzero(gain > _MIN_GAIN)[0]
    if not len(pending):
        return pending
    rounded = np.round(gain / gain[pending].max(), _TIE_DIGITS)
    tie_key = rng.random(len(gain))  # one draw per candidate, whatever the batching
    slot_u = c.u * n_issues + c.p
    slot_d = c.d * n_issues + c.q
    used = np.zeros(int(max(slot_u.max(), slot_d.max())) + 1, dtype=bool)
    chosen: list[int] = []
    batch = _BATCH
    while len(pending):
        if len(pending) > batch:
            cut = -np.partition(-rounded[pending], batch - 1)[batch - 1]
            top, pending = pending[rounded[pending] >= cut], pending[rounded[pending] < cut]
        else:
            top, pending = pending, pending[:0]
        top = top[np.lexsort((tie_key[top], -rounded[top]))]
        for k, su, sd in zip(top.tolist(), slot_u[top].tolist(), slot_d[top].tolist(), strict=True):
            if used[su] or used[sd]:
                continue
            used[su] = used[sd] = True
            chosen.append(k)
        pending = pending[~(used[slot_u[pending]] | used[slot_d[pending]])]
        batch *= 4
    return np.array(chosen, dtype=np.int64)


def voting_positions(position: FloatArray, c: Candidates, done: IntArray) -> FloatArray:
    """Positions after the executed shifts: each supplier moves toward its partner."""
    voting = position.copy()
    p, q, d, u = c.p[done], c.q[done], c.d[done], c.u[done]
    voting[u, p] += np.sign(position[d, p] - position[u, p]) * c.shift_up[done]
    voting[d, q] += np.sign(position[u, q] - position[d, q]) * c.shift_dq[done]
    return voting


def exchange_moves(
    t: Table, round_no: int, position: FloatArray, voting: FloatArray, c: Candidates, done: IntArray
) -> list[Move]:
    moves: list[Move] = []
    for k in done.tolist():
        p, q, d, u = int(c.p[k]), int(c.q[k]), int(c.d[k]), int(c.u[k])
        for supplier, demander, issue, other, g_s, g_d in (
            (u, d, p, q, c.gain_u[k], c.gain_d[k]),
            (d, u, q, p, c.gain_d[k], c.gain_u[k]),
        ):
            gains = {"gain_supplier": float(g_s), "gain_demander": float(g_d)}
            before, after = float(position[supplier, issue]), float(voting[supplier, issue])
            moves.append(
                Move(
                    round=round_no,
                    kind="exchange",
                    issue=t.issues[issue],
                    actor=t.actors[supplier],
                    target=t.actors[demander],
                    values={"from": before, "to": after, **gains},
                    explanation=(
                        f"{t.actors[supplier]} gave way on {t.issues[issue]} "
                        f"(votes {after:.4g}, not {before:.4g}) to {t.actors[demander]}, "
                        f"who gave way on {t.issues[other]} in return; "
                        f"gains {float(g_s):.4g} and {float(g_d):.4g}"
                    ),
                )
            )
    return moves


def _check(params: dict[str, ParamValue]) -> tuple[int, str, float, float]:
    rounds = int_param(params, "rounds")
    rate = check_choice(MODEL_ID, "rate", str_param(params, "rate"), RATES)
    sw, fw = float_param(params, "salience_weight"), float_param(params, "fixed_weight")
    if rounds < 1 or not (sw >= 0.0 and fw >= 0.0 and sw + fw <= 1.0):
        raise DetenteError(
            "DT503",
            f"need rounds >= 1 and 0 <= salience_weight, fixed_weight with sum <= 1; "
            f"got {rounds}, {sw}, {fw}",
            location=MODEL_ID,
        )
    return rounds, rate, sw, fw


def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    resolved = resolve_params(MODEL_ID, DEFAULTS, params)
    rounds, rate, salience_weight, fixed_weight = _check(resolved)
    t = table(scenario)
    _reject_weightless(t)
    # Unseeded runs are reproducible too: seed None means seed 0.
    rng = np.random.default_rng(0 if seed is None else seed)
    weight = t.capability[:, None] * t.salience * t.held
    commit = (1.0 - t.salience) * salience_weight + fixed_weight
    position = t.position.copy()
    states = [position]
    moves: list[Move] = []
    for round_no in range(rounds):
        c = candidates(t, position, rate, rng)
        done = execute(c, len(t.issues), rng)
        voting = voting_positions(position, c, done)
        moves.extend(exchange_moves(t, round_no, position, voting, c, done))
        position = position + commit * (voting - position)
        states.append(position)
    history = np.array([outcomes(x, weight) for x in states])  # (rounds + 1, issues)
    issues: dict[str, IssueForecast] = {}
    for k, issue in enumerate(t.issues):
        holders = np.nonzero(t.held[:, k])[0]
        if not len(holders):
            continue
        lo, hi = float(t.position[holders, k].min()), float(t.position[holders, k].max())
        issues[issue] = IssueForecast(
            issue=issue,
            position=min(max(float(history[-1, k]), lo), hi),
            history=tuple(float(v) for v in history[:, k]),
            actor_history={
                t.actors[a]: tuple(float(x[a, k]) for x in states) for a in holders.tolist()
            },
            moves=tuple(move for move in moves if move.issue == issue),
        )
    return Forecast(model=MODEL_ID, params=resolved, seed=seed, issues=issues)


def _reject_weightless(t: Table) -> None:
    weight = (t.capability[:, None] * t.salience * t.held).sum(axis=0)
    for k, issue in enumerate(t.issues):
        if t.held[:, k].any() and not weight[k] > 0:
            raise DetenteError(
                "DT504",
                "every actor on the issue has zero capability or zero salience",
                location=f"issue {issue!r}",
                hint="give at least one actor a capability and salience above 0",
            )
