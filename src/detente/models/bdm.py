"""``bdm.v1``: Bueno de Mesquita's expected-utility model as specified by Scholz, Calbert &
Smith (2011), run on each issue separately. Each reading of an ambiguous step of the paper is
a named parameter; ``docs/models.md`` argues the defaults and compares the EU-emissions rounds.

Per round, for actors with position x, capability c and salience s (0–1), distances divided
by the initial range of positions (``distance_scale``):

- votes v_k(i, j) = c_k s_k (|x_k − x_j| − |x_k − x_i|); the median μ wins every pairwise
  vote (the weighted median); P_ij = Σ_k max(v_k, 0) / Σ_k |v_k|.
- with d = |x_i − x_j| and e = |x_i − μ|: U^s = 2 − 4(½ − ½d)^r, U^f = 2 − 4(½ + ½d)^r,
  U^b = 2 − 4(½ − ¼(e + d))^r, U^w = 2 − 4(½ + ¼(e + d))^r, U^sq = 2 − 4·½^r.
- E^i(U_ij) = s_j(P_ij U^s + (1 − P_ij) U^f) + (1 − s_j) U^s
              − Q U^sq − (1 − Q)(T U^b + (1 − T) U^w), with r = r_i.
- risk: S_i = Σ_j≠i E^j(U_ji) at r = 1, R_i = (2 S_i − max S − min S)/(max S − min S),
  r_i = (1 − R_i/3)/(1 + R_i/3); then the utilities are recomputed with r_i.
- octants of (a, b) = (E^i(U_ij), E^j(U_ji)) for each ordered pair: a > b > 0 conflict (by
  default, Scholz's reading, the side with the lower expected utility moves to the other);
  a > 0 >= b, a > |b| compromise (j moves the share |b/a| of the way to x_i);
  a > 0 > b, |b| >= a capitulation (j moves to x_i).
- each actor accepts one offer (the one asking the smallest move by default), and never
  beyond its red line (``red_lines="floor"``: the offer is cut back to the line); all accepted
  offers take effect together at the end of the round.
- stop after ``max_rounds`` or when no actor moved more than ``tolerance`` axis points.

No step is random: the seed is recorded and unused. Ties between offers go to the closest
offer, then the larger expected utility of its sender, then the sender with the smaller id.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from detente.domain import Forecast, IssueForecast, Move, Scenario
from detente.domain.forecast import ParamValue
from detente.domain.wording import plural
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
    weighted_median,
)

MODEL_ID = "bdm.v1"
DEFAULTS: dict[str, ParamValue] = {
    "Q": 1.0,
    "T_rule": "median_closer",
    "max_rounds": 10,
    "tolerance": 0.01,
    "resist_salience": "target",
    "risk_exponents": "fresh",
    "security_view": "challenger",
    "octant_view": "own",
    "conflict": "higher_eu_wins",
    "compromise_shift": "toward",
    "offer_choice": "closest",
    "distance_scale": "initial_range",
    "forecast": "median",
    "red_lines": "floor",
}
CHOICES: dict[str, tuple[str, ...]] = {
    "T_rule": ("median_closer", "better", "worse"),
    "resist_salience": ("target", "challenger"),
    "risk_exponents": ("fresh", "carried", "off"),
    "security_view": ("challenger", "target"),
    "octant_view": ("own", "perceived"),
    "conflict": ("higher_eu_wins", "no_move"),
    "compromise_shift": ("toward", "signed"),
    "offer_choice": ("closest", "strongest"),
    "distance_scale": ("initial_range", "current_range", "axis"),
    "forecast": ("median", "mean"),
    "red_lines": ("floor", "ignore"),
}
OFFER_KINDS = ("conflict", "compromise", "capitulation")


@dataclass(frozen=True)
class Settings:
    q: float
    max_rounds: int
    tolerance: float
    t_rule: str
    resist_salience: str
    risk_exponents: str
    security_view: str
    octant_view: str
    conflict: str
    compromise_shift: str
    offer_choice: str
    distance_scale: str
    forecast: str
    red_lines: str


def _settings(params: dict[str, ParamValue]) -> Settings:
    choices = {
        name.lower(): check_choice(MODEL_ID, name, str_param(params, name), allowed)
        for name, allowed in CHOICES.items()
    }
    q = float_param(params, "Q")
    if not 0.0 <= q <= 1.0:
        raise DetenteError("DT503", f"Q must lie in [0, 1], got {q}", location=MODEL_ID)
    max_rounds = int_param(params, "max_rounds")
    if max_rounds < 1:
        raise DetenteError("DT503", "max_rounds must be at least 1", location=MODEL_ID)
    return Settings(
        q=q,
        max_rounds=max_rounds,
        tolerance=float_param(params, "tolerance"),  # negative: never stop early (docs/models.md)
        **choices,
    )


def win_probabilities(x: FloatArray, weight: FloatArray) -> FloatArray:
    """P[i, j]: the weighted share of votes for x_i in the pairwise vote x_i against x_j.

    Each voter k gives v_k = w_k (|x_k − x_j| − |x_k − x_i|), piecewise linear in x_k, so the
    sums over k are prefix sums of w and w·x over the sorted positions: O(n² log n), not n³.
    Votes depend on positions only, so actors sharing a position are computed once.
    P is 0 where x_i = x_j (there is nothing to contest) and ½ when no vote is cast.
    """
    values, inverse = np.unique(x, return_inverse=True)
    pooled = np.asarray(np.bincount(inverse, weights=weight, minlength=len(values)), np.float64)
    prob = _distinct_win_probabilities(values, pooled)
    return np.asarray(prob[np.ix_(inverse, inverse)], dtype=np.float64)


def _distinct_win_probabilities(xs: FloatArray, ws: FloatArray) -> FloatArray:
    """:func:`win_probabilities` for sorted, distinct positions ``xs`` with weights ``ws``."""
    n = len(xs)
    cum_w = np.concatenate(([0.0], np.cumsum(ws)))
    cum_wx = np.concatenate(([0.0], np.cumsum(ws * xs)))
    rank = np.arange(n)
    lo_rank = np.minimum(rank[:, None], rank[None, :])
    hi_rank = np.maximum(rank[:, None], rank[None, :])
    lo, hi = xs[lo_rank], xs[hi_rank]
    both = lo + hi
    at_lo = lo_rank + 1  # voters with x <= lo
    below_hi = hi_rank  # voters with x < hi
    below_mid = np.searchsorted(xs, both / 2.0, side="left")  # voters with x < midpoint
    w_mid_lo = cum_w[below_mid] - cum_w[at_lo]
    w_hi_mid = cum_w[below_hi] - cum_w[below_mid]
    wx_mid_lo = cum_wx[below_mid] - cum_wx[at_lo]
    wx_hi_mid = cum_wx[below_hi] - cum_wx[below_mid]
    gap = hi - lo
    for_lo = gap * cum_w[at_lo] + both * w_mid_lo - 2.0 * wx_mid_lo
    for_hi = gap * (cum_w[-1] - cum_w[below_hi]) + 2.0 * wx_hi_mid - both * w_hi_mid
    total = for_lo + for_hi
    votes_for_i = np.where(rank[:, None] < rank[None, :], for_lo, for_hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        prob = np.where(total > 0, votes_for_i / np.where(total > 0, total, 1.0), 0.5)
    prob = np.clip(prob, 0.0, 1.0)
    np.fill_diagonal(prob, 0.0)
    return np.asarray(prob, dtype=np.float64)


def expected_utility(
    dist: FloatArray,
    dist_to_median: FloatArray,
    risk: FloatArray,
    prob: FloatArray,
    resist: FloatArray,
    q: float,
    t: FloatArray,
) -> FloatArray:
    """E(U) of a challenge, elementwise; all distances on the 0–1 scale."""
    success = 2.0 - 4.0 * (0.5 - 0.5 * dist) ** risk
    failure = 2.0 - 4.0 * (0.5 + 0.5 * dist) ** risk
    spread = 0.25 * (dist_to_median + dist)
    better = 2.0 - 4.0 * np.maximum(0.5 - spread, 0.0) ** risk
    worse = 2.0 - 4.0 * (0.5 + spread) ** risk
    status_quo = 2.0 - 4.0 * 0.5**risk
    value = (
        resist * (prob * success + (1.0 - prob) * failure)
        + (1.0 - resist) * success
        - q * status_quo
        - (1.0 - q) * (t * better + (1.0 - t) * worse)
    )
    return np.asarray(value, dtype=np.float64)


def _expected_utilities(
    x: FloatArray,
    salience: FloatArray,
    prob: FloatArray,
    median: float,
    risk: FloatArray,
    unit: float,
    settings: Settings,
) -> tuple[FloatArray, FloatArray]:
    """(own, rival): own[i, j] = E^i(U_ij); rival[i, j] = E^j(U_ji) ("own" octant view, each
    side's own expected utility, so rival = own.T) or i's estimate E^i(U_ji) ("perceived":
    j's utilities seen through i's risk exponent r_i)."""
    dist = np.abs(x[:, None] - x[None, :]) / unit
    to_median = np.abs(x - median) / unit
    # T = 1 when the challenger expects the issue to drift its way without a challenge.
    if settings.t_rule == "median_closer":
        t_own = (to_median[:, None] < dist).astype(np.float64)
    else:
        t_own = np.full_like(dist, 1.0 if settings.t_rule == "better" else 0.0)
    target_resists = settings.resist_salience == "target"
    own = expected_utility(
        dist,
        to_median[:, None],
        risk[:, None],
        prob,
        salience[None, :] if target_resists else salience[:, None],
        settings.q,
        t_own,
    )
    if settings.octant_view == "own":
        return own, own.T
    rival = expected_utility(
        dist,
        to_median[None, :],
        risk[:, None],
        prob.T,
        salience[:, None] if target_resists else salience[None, :],
        settings.q,
        t_own.T,
    )
    return own, rival


def risk_exponents(
    x: FloatArray,
    salience: FloatArray,
    prob: FloatArray,
    median: float,
    base: FloatArray,
    unit: float,
    settings: Settings,
) -> FloatArray:
    """r_i from how attractive a target i is: S_i = Σ_j≠i E(U_ji), scaled to R_i in [−1, 1]."""
    own = _expected_utilities(x, salience, prob, median, base, unit, settings)[0]
    np.fill_diagonal(own, 0.0)
    # "challenger": S_i = Σ_j E^j(U_ji) = column i of own; "target": S_i = Σ_j E^i(U_ji),
    # j's challenge of i valued with i's own risk exponent (the same thing when base is 1).
    if settings.security_view == "challenger":
        security = own.sum(axis=0)
    else:
        as_seen_by_target = _expected_utilities(
            x, salience, prob, median, base, unit, replace(settings, octant_view="perceived")
        )[1]
        np.fill_diagonal(as_seen_by_target, 0.0)
        security = as_seen_by_target.sum(axis=1)
    high, low = float(security.max()), float(security.min())
    if high - low <= 1e-12 * max(1.0, abs(high)):
        return np.ones_like(x)
    big_r = (2.0 * security - high - low) / (high - low)
    return np.asarray((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0), dtype=np.float64)


@dataclass(frozen=True)
class RoundResult:
    new_position: FloatArray
    moves: list[Move]


def bargaining_round(
    arrays: IssueArrays,
    x: FloatArray,
    unit: float,
    previous_risk: FloatArray,
    round_number: int,
    settings: Settings,
) -> tuple[RoundResult, FloatArray]:
    """One round: risk, expected utilities, offers, one accepted offer per actor."""
    weight, salience = arrays.weight, arrays.salience
    n = len(x)
    median = weighted_median(x, weight)
    prob = win_probabilities(x, weight)
    if settings.risk_exponents == "off":
        risk = np.ones(n)
    else:
        base = np.ones(n) if settings.risk_exponents == "fresh" else previous_risk
        risk = risk_exponents(x, salience, prob, median, base, unit, settings)
    own, rival = _expected_utilities(x, salience, prob, median, risk, unit, settings)
    differ = x[:, None] != x[None, :]
    challenge = (own > 0) & differ
    conflict = challenge & (rival > 0) & (own > rival)
    if settings.conflict == "no_move":
        conflict = np.zeros_like(conflict)
    compromise = challenge & (rival <= 0) & (own > -rival)
    capitulation = challenge & (rival < 0) & (-rival >= own)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(rival) / np.where(challenge, own, 1.0)
    if settings.compromise_shift == "signed":
        ratio = rival / np.where(challenge, own, 1.0)
    proposal = np.where(compromise, x[None, :] + (x[:, None] - x[None, :]) * ratio, x[:, None])
    proposal = np.clip(proposal, arrays.position.min(), arrays.position.max())
    offered = proposal
    if settings.red_lines == "floor":
        proposal = _within_red_lines(proposal, arrays)
    valid = (conflict | compromise | capitulation) & (proposal != x[None, :])
    shift = np.abs(proposal - x[None, :])
    # Rank offers per receiving actor j (column): primary key, then secondary, then sender id.
    primary, secondary = (shift, -own) if settings.offer_choice == "closest" else (-own, shift)
    primary = np.where(valid, primary, np.inf)
    best_primary = primary.min(axis=0)
    tied = valid & (primary <= best_primary[None, :] + 1e-12)
    chosen = np.argmin(np.where(tied, secondary, np.inf), axis=0)
    receivers = np.flatnonzero(valid.any(axis=0))
    new_x = x.copy()
    moves: list[Move] = []
    kind_code = np.select([conflict, compromise], [0, 1], 2)
    both_gain = challenge & (rival > 0) & (own > rival)
    moves.append(
        Move(
            round=round_number,
            kind="round",
            issue=arrays.issue,
            values={
                "median": median,
                "conflict_dyads": float(both_gain.sum()),
                "compromise_dyads": float(compromise.sum()),
                "capitulation_dyads": float(capitulation.sum()),
                "actors_moving": float(len(receivers)),
            },
            explanation=f"round {round_number}: median {median:.4g}; "
            f"{plural(int(both_gain.sum()), 'conflict')} "
            f"({'no move' if settings.conflict == 'no_move' else 'weaker side yields'}), "
            f"{int(compromise.sum())} compromise and {int(capitulation.sum())} capitulation "
            f"offers; {plural(len(receivers), 'actor')} "
            f"{'accepts' if len(receivers) == 1 else 'accept'} one",
        )
    )
    if settings.conflict == "no_move":
        moves.extend(_standoffs(arrays, x, own, rival, prob, risk, both_gain, round_number))
    for j in receivers:
        i = int(chosen[j])
        new_x[j] = proposal[i, j]
        kind = OFFER_KINDS[int(kind_code[i, j])]
        sender, target = arrays.actors[i], arrays.actors[j]
        before, after = x[j], proposal[i, j]
        stopped = after != offered[i, j]
        held = f"; it stops at its red line {after:.4g} (offered {offered[i, j]:.4g})"
        moves.append(
            Move(
                round=round_number,
                kind=kind,
                issue=arrays.issue,
                actor=sender,
                target=target,
                values={
                    **_challenge_values(i, int(j), own, rival, prob, risk),
                    "from": float(before),
                    "to": float(after),
                    "offers_received": float(valid[:, j].sum()),
                    "offered": float(offered[i, j]),
                },
                explanation=f"{sender} challenged {target} ({kind}): {sender} expects "
                f"{own[i, j]:+.3f} from the challenge, {target} {rival[i, j]:+.3f} from "
                f"challenging back; {target} moves {before:.4g} -> {after:.4g}"
                + (held if stopped else ""),
            )
        )
    return RoundResult(new_position=new_x, moves=moves), risk


def _within_red_lines(proposal: FloatArray, arrays: IssueArrays) -> FloatArray:
    """Offers cut back to each receiver's red line (column j is what j is offered): an actor
    accepts no outcome beyond it, so that is the farthest it moves."""
    red, start = arrays.red_line, arrays.position
    has = ~np.isnan(red)
    upper = np.where(has & (red >= start), red, np.inf)  # accepts outcomes up to the line
    lower = np.where(has & (red < start), red, -np.inf)  # accepts outcomes down to the line
    return np.asarray(np.clip(proposal, lower[None, :], upper[None, :]), dtype=np.float64)


def _challenge_values(
    i: int, j: int, own: FloatArray, rival: FloatArray, prob: FloatArray, risk: FloatArray
) -> dict[str, float]:
    """The numbers behind actor i's challenge of actor j, as every challenge move reports them."""
    return {
        "eu_challenger": float(own[i, j]),
        "eu_target_as_seen": float(rival[i, j]),
        "p_win": float(prob[i, j]),
        "risk": float(risk[i]),
    }


def _standoffs(
    arrays: IssueArrays,
    x: FloatArray,
    own: FloatArray,
    rival: FloatArray,
    prob: FloatArray,
    risk: FloatArray,
    both_gain: FloatArray,
    round_number: int,
) -> list[Move]:
    """For each actor in a conflict it stands to lose, the strongest such challenge (which
    moves nobody under ``conflict="no_move"``): at most one move per actor and round."""
    strength = np.where(both_gain, own, -np.inf)
    strongest = np.argmax(strength, axis=0)
    moves = []
    for j in np.flatnonzero(both_gain.any(axis=0)):
        i = int(strongest[j])
        sender, target = arrays.actors[i], arrays.actors[j]
        moves.append(
            Move(
                round=round_number,
                kind="conflict",
                issue=arrays.issue,
                actor=sender,
                target=target,
                values={
                    **_challenge_values(i, int(j), own, rival, prob, risk),
                    "from": float(x[j]),
                    "to": float(x[j]),
                    "challengers": float(both_gain[:, j].sum()),
                },
                explanation=f"{sender} challenged {target} (conflict): both expect to gain "
                f"({own[i, j]:+.3f} against {rival[i, j]:+.3f}); the outcome is uncertain, "
                f"so {target} stays at {x[j]:.4g}",
            )
        )
    return moves


def _statistic(x: FloatArray, weight: FloatArray, which: str) -> float:
    if which == "mean":
        return float((weight * x).sum() / weight.sum())  # not @: see compromise.run
    return weighted_median(x, weight)


def run_issue(arrays: IssueArrays, settings: Settings) -> IssueForecast:
    low, high = float(arrays.position.min()), float(arrays.position.max())
    if high - low <= 0:
        return IssueForecast(
            issue=arrays.issue,
            position=low,
            history=(low,),
            actor_history={a: (low,) for a in arrays.actors},
        )
    x = arrays.position.copy()
    weight = arrays.weight
    history = [_statistic(arrays.position, weight, settings.forecast)]
    trail = [x.copy()]
    moves: list[Move] = []
    risk = np.ones(len(x))
    for round_number in range(1, settings.max_rounds + 1):
        # Distances are measured in units of the initial or current spread, or the axis.
        if settings.distance_scale == "initial_range":
            unit = high - low
        elif settings.distance_scale == "current_range":
            unit = float(x.max() - x.min())
            if unit <= 0:
                break
        else:
            unit = 100.0
        result, risk = bargaining_round(arrays, x, unit, risk, round_number, settings)
        moved = float(np.max(np.abs(result.new_position - x)))
        x = result.new_position
        trail.append(x)
        history.append(_statistic(x, weight, settings.forecast))
        moves.extend(result.moves)
        if moved <= settings.tolerance:
            break
    stacked = np.vstack(trail)
    return IssueForecast(
        issue=arrays.issue,
        position=float(np.clip(history[-1], low, high)),
        history=tuple(history),
        actor_history={
            actor: tuple(float(v) for v in stacked[:, k]) for k, actor in enumerate(arrays.actors)
        },
        moves=tuple(moves),
    )


def run(scenario: Scenario, params: dict[str, ParamValue] | None, seed: int | None) -> Forecast:
    resolved = resolve_params(MODEL_ID, DEFAULTS, params)
    settings = _settings(resolved)
    issues = {a.issue: run_issue(a, settings) for a in issue_arrays(scenario)}
    return Forecast(model=MODEL_ID, params=resolved, seed=seed, issues=issues)
