"""``bdm.v1`` over many lanes at once: the Monte Carlo kernel of :mod:`detente.models.bdm`.

Every step of :func:`detente.models.bdm.run_issue` on arrays shaped (lanes, actors) or
(lanes, senders, receivers) instead of (actors,) and (senders, receivers), with the same
operations in the same order, so each lane gives the per-draw forecast to the last bit (tested
draw by draw; ties and octants are decided on identical numbers). Only the forecast is kept:
no moves, no history. A lane stops when the per-draw run would (tolerance, or a collapsed range
under ``distance_scale="current_range"``); the others go on.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from detente.domain.forecast import ParamValue
from detente.models._common import FloatArray, resolve_params
from detente.models.batch import BoolArray, IntArray, Lanes, ScenarioBatch, weighted_mean
from detente.models.batch import weighted_median_rows as median_rows
from detente.models.bdm import DEFAULTS, MODEL_ID, Settings, _settings, expected_utility

# Up to this many distinct positions a lane's midpoints are counted by one broadcast
# comparison (lanes x n^3 booleans); above it, by one searchsorted per lane.
BROADCAST_COUNT_UP_TO = 12
# Lanes x actors x actors per pass: a round holds about twenty such arrays, so 2^20 elements
# (8 MB each) keeps a pass near 200 MB whatever the number of actors (100 actors: 104 lanes).
PAIRS_PER_PASS = 2**20


def _diagonal_zero(a: FloatArray) -> None:
    idx = np.arange(a.shape[1])
    a[:, idx, idx] = 0.0


def _count_below(values: FloatArray, queries: FloatArray) -> IntArray:
    """Per lane, how many of the sorted ``values`` lie strictly below each query
    (``searchsorted(side="left")``); padding in ``values`` is +inf and never counts."""
    n = values.shape[1]
    if n <= BROADCAST_COUNT_UP_TO:
        below = values[:, None, None, :] < queries[..., None]
        return np.asarray(below.sum(axis=-1), dtype=np.int64)
    out = np.empty(queries.shape, dtype=np.int64)
    for lane in range(values.shape[0]):
        out[lane] = np.searchsorted(values[lane], queries[lane], side="left")
    return out


def win_probabilities_rows(x: FloatArray, weight: FloatArray) -> FloatArray:
    """:func:`detente.models.bdm.win_probabilities` per lane: equal positions pooled (weights
    summed in actor order, as ``bincount`` does), prefix sums over the distinct positions."""
    lanes, n = x.shape
    rows = np.arange(lanes)
    order = np.argsort(x, axis=1, kind="stable")
    xs_all = np.take_along_axis(x, order, axis=1)
    ws_all = np.take_along_axis(weight, order, axis=1)
    fresh = np.ones((lanes, n), dtype=bool)
    fresh[:, 1:] = xs_all[:, 1:] != xs_all[:, :-1]
    group = np.cumsum(fresh, axis=1) - 1  # distinct rank of each sorted actor
    distinct = group[:, -1] + 1
    pooled = np.zeros((lanes, n))
    for p in range(n):  # in sorted order, stable: equal positions add up in actor order
        pooled[rows, group[:, p]] += ws_all[:, p]
    values = np.repeat(xs_all[:, -1:], n, axis=1)  # padding: the largest value, weight 0
    values[rows[:, None], group] = xs_all
    padded = np.arange(n)[None, :] >= distinct[:, None]
    prob = _distinct_rows(values, pooled, np.where(padded, np.inf, values), distinct)
    inverse = np.empty_like(group)
    np.put_along_axis(inverse, order, group, axis=1)
    return np.asarray(prob[rows[:, None, None], inverse[:, :, None], inverse[:, None, :]])


def _distinct_rows(
    xs: FloatArray, ws: FloatArray, counted: FloatArray, distinct: IntArray
) -> FloatArray:
    """:func:`detente.models.bdm._distinct_win_probabilities` per lane; entries at or past
    ``distinct`` are padding whose results are never read."""
    lanes, n = xs.shape
    zero = np.zeros((lanes, 1))
    cum_w = np.concatenate((zero, np.cumsum(ws, axis=1)), axis=1)
    cum_wx = np.concatenate((zero, np.cumsum(ws * xs, axis=1)), axis=1)
    total_w = cum_w[np.arange(lanes), distinct]  # cum_w[-1] of the unpadded lane
    rank = np.arange(n)
    lo_rank = np.minimum(rank[:, None], rank[None, :])
    hi_rank = np.maximum(rank[:, None], rank[None, :])
    lo, hi = xs[:, lo_rank], xs[:, hi_rank]
    both = lo + hi
    at_lo = lo_rank + 1
    below_hi = hi_rank
    below_mid = _count_below(counted, both / 2.0)

    def at(table: FloatArray, index: IntArray) -> FloatArray:
        return np.take_along_axis(table, index.reshape(lanes, -1), axis=1).reshape(lanes, n, n)

    w_at_lo, wx_at_lo = cum_w[:, at_lo], cum_wx[:, at_lo]
    w_mid, wx_mid = at(cum_w, below_mid), at(cum_wx, below_mid)
    w_hi, wx_hi = cum_w[:, below_hi], cum_wx[:, below_hi]
    w_mid_lo = w_mid - w_at_lo
    w_hi_mid = w_hi - w_mid
    wx_mid_lo = wx_mid - wx_at_lo
    wx_hi_mid = wx_hi - wx_mid
    gap = hi - lo
    for_lo = gap * w_at_lo + both * w_mid_lo - 2.0 * wx_mid_lo
    for_hi = gap * (total_w[:, None, None] - w_hi) + 2.0 * wx_hi_mid - both * w_hi_mid
    total = for_lo + for_hi
    votes_for_i = np.where((rank[:, None] < rank[None, :])[None], for_lo, for_hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        prob = np.where(total > 0, votes_for_i / np.where(total > 0, total, 1.0), 0.5)
    prob = np.clip(prob, 0.0, 1.0)
    _diagonal_zero(prob)
    return np.asarray(prob, dtype=np.float64)


def _expected_utilities(
    x: FloatArray,
    salience: FloatArray,
    prob: FloatArray,
    median: FloatArray,
    risk: FloatArray,
    unit: FloatArray,
    settings: Settings,
) -> tuple[FloatArray, FloatArray]:
    """``bdm._expected_utilities`` per lane: (own, rival), each (lanes, i, j)."""
    dist = np.abs(x[:, :, None] - x[:, None, :]) / unit[:, None, None]
    to_median = np.abs(x - median[:, None]) / unit[:, None]
    if settings.t_rule == "median_closer":
        t_own = (to_median[:, :, None] < dist).astype(np.float64)
    else:
        t_own = np.full_like(dist, 1.0 if settings.t_rule == "better" else 0.0)
    target_resists = settings.resist_salience == "target"
    own = expected_utility(
        dist,
        to_median[:, :, None],
        risk[:, :, None],
        prob,
        salience[:, None, :] if target_resists else salience[:, :, None],
        settings.q,
        t_own,
    )
    if settings.octant_view == "own":
        return own, own.transpose(0, 2, 1)
    rival = expected_utility(
        dist,
        to_median[:, None, :],
        risk[:, :, None],
        prob.transpose(0, 2, 1),
        salience[:, :, None] if target_resists else salience[:, None, :],
        settings.q,
        t_own.transpose(0, 2, 1),
    )
    return own, rival


def _risk_exponents(
    x: FloatArray,
    salience: FloatArray,
    prob: FloatArray,
    median: FloatArray,
    base: FloatArray,
    unit: FloatArray,
    settings: Settings,
) -> FloatArray:
    """``bdm.risk_exponents`` per lane."""
    if settings.security_view == "challenger":
        own = _expected_utilities(x, salience, prob, median, base, unit, settings)[0]
        own = np.array(own)  # a fresh array: the diagonal is overwritten
        _diagonal_zero(own)
        security = own.sum(axis=1)
    else:
        perceived = replace(settings, octant_view="perceived")
        seen = np.array(_expected_utilities(x, salience, prob, median, base, unit, perceived)[1])
        _diagonal_zero(seen)
        security = seen.sum(axis=2)
    high, low = security.max(axis=1), security.min(axis=1)
    flat = high - low <= 1e-12 * np.maximum(1.0, np.abs(high))
    with np.errstate(divide="ignore", invalid="ignore"):
        big_r = (2.0 * security - high[:, None] - low[:, None]) / (high - low)[:, None]
        risk = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
    return np.asarray(np.where(flat[:, None], 1.0, risk), dtype=np.float64)


def _within_red_lines(proposal: FloatArray, red: FloatArray, start: FloatArray) -> FloatArray:
    has = ~np.isnan(red)
    upper = np.where(has & (red >= start), red, np.inf)
    lower = np.where(has & (red < start), red, -np.inf)
    return np.asarray(np.clip(proposal, lower[:, None, :], upper[:, None, :]), dtype=np.float64)


def _round(
    lanes: Lanes, x: FloatArray, unit: FloatArray, previous_risk: FloatArray, settings: Settings
) -> tuple[FloatArray, FloatArray]:
    """``bdm.bargaining_round`` per lane: the new positions and the risk exponents used."""
    weight, salience = lanes.weight, lanes.salience
    median = median_rows(x, weight)
    prob = win_probabilities_rows(x, weight)
    if settings.risk_exponents == "off":
        risk = np.ones_like(x)
    else:
        base = np.ones_like(x) if settings.risk_exponents == "fresh" else previous_risk
        risk = _risk_exponents(x, salience, prob, median, base, unit, settings)
    own, rival = _expected_utilities(x, salience, prob, median, risk, unit, settings)
    sender, receiver = x[:, :, None], x[:, None, :]
    differ = sender != receiver
    challenge = (own > 0) & differ
    conflict: BoolArray = challenge & (rival > 0) & (own > rival)
    if settings.conflict == "no_move":
        conflict = np.zeros_like(conflict)
    compromise = challenge & (rival <= 0) & (own > -rival)
    capitulation = challenge & (rival < 0) & (-rival >= own)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(rival) / np.where(challenge, own, 1.0)
    if settings.compromise_shift == "signed":
        ratio = rival / np.where(challenge, own, 1.0)
    proposal = np.where(compromise, receiver + (sender - receiver) * ratio, sender)
    low = lanes.position.min(axis=1)[:, None, None]
    high = lanes.position.max(axis=1)[:, None, None]
    proposal = np.clip(proposal, low, high)
    if settings.red_lines == "floor":
        proposal = _within_red_lines(proposal, lanes.red_line, lanes.position)
    valid = (conflict | compromise | capitulation) & (proposal != receiver)
    shift = np.abs(proposal - receiver)
    primary, secondary = (shift, -own) if settings.offer_choice == "closest" else (-own, shift)
    primary = np.where(valid, primary, np.inf)
    best_primary = primary.min(axis=1)
    tied = valid & (primary <= best_primary[:, None, :] + 1e-12)
    chosen = np.argmin(np.where(tied, secondary, np.inf), axis=1)
    offer = np.take_along_axis(proposal, chosen[:, None, :], axis=1)[:, 0, :]
    return np.where(valid.any(axis=1), offer, x), risk


def _statistic(x: FloatArray, weight: FloatArray, which: str) -> FloatArray:
    return weighted_mean(x, weight) if which == "mean" else median_rows(x, weight)


def lane_forecasts(lanes: Lanes, settings: Settings) -> FloatArray:
    """The bdm.v1 forecast of every lane (``run_issue(...).position``), in passes of at most
    :data:`PAIRS_PER_PASS` actor pairs (lanes are independent, so passes change nothing)."""
    total, n = lanes.position.shape
    step = max(1, PAIRS_PER_PASS // (n * n))
    if total <= step:
        return _forecasts(lanes, settings)
    parts = [
        _forecasts(lanes.take(np.arange(b, min(b + step, total))), settings)
        for b in range(0, total, step)
    ]
    return np.concatenate(parts)


def _forecasts(lanes: Lanes, settings: Settings) -> FloatArray:
    low, high = lanes.position.min(axis=1), lanes.position.max(axis=1)
    x = lanes.position.copy()
    risk = np.ones_like(x)
    live = np.flatnonzero(high - low > 0)
    for _ in range(settings.max_rounds):
        if not live.size:
            break
        xl = x[live]
        if settings.distance_scale == "initial_range":
            unit = (high - low)[live]
        elif settings.distance_scale == "current_range":
            unit = xl.max(axis=1) - xl.min(axis=1)
            keep = ~(unit <= 0)
            live, xl, unit = live[keep], xl[keep], unit[keep]
            if not live.size:
                break
        else:
            unit = np.full(live.size, 100.0)
        new_x, new_risk = _round(lanes.take(live), xl, unit, risk[live], settings)
        moved = np.max(np.abs(new_x - xl), axis=1)
        x[live], risk[live] = new_x, new_risk
        live = live[~(moved <= settings.tolerance)]
    final = _statistic(x, lanes.weight, settings.forecast)
    return np.asarray(np.where(high - low > 0, np.clip(final, low, high), low), dtype=np.float64)


def run_batch(batch: ScenarioBatch, params: dict[str, ParamValue] | None) -> FloatArray:
    """The bdm.v1 forecast of every draw and issue, equal to ``bdm.run`` draw by draw."""
    settings = _settings(resolve_params(MODEL_ID, DEFAULTS, params))
    return batch.collect(lambda lanes: lane_forecasts(lanes, settings))
