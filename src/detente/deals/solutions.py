"""Bargaining solutions picked among frontier points (rows of a utility matrix).

All four pick a row of ``utilities`` (points x actors); ``disagreement`` is each actor's
utility without a deal (its reservation utility). Ties go to the larger utilitarian welfare,
then to the earlier row, so the choice is deterministic.
"""

from __future__ import annotations

import numpy as np

from detente.deals.frontier import FloatArray

SOLUTION_IDS: tuple[str, ...] = ("nash", "kalai_smorodinsky", "utilitarian", "egalitarian")
# Utilities are sums of a few dozen float terms; differences below this are rounding noise.
_TIE = 1e-12


def _best(score: FloatArray, utilities: FloatArray) -> int | None:
    valid = np.isfinite(score)
    if not valid.any():
        return None
    top = np.max(score[valid])
    tied = np.flatnonzero(valid & (score >= top - _TIE * max(1.0, abs(top))))
    welfare = utilities[tied].sum(axis=1)
    return int(tied[np.argmax(welfare)])


def nash_point(utilities: FloatArray, disagreement: FloatArray) -> int | None:
    """Maximises Π (U_i − d_i) over points where every actor gains; None when none does."""
    gains = utilities - disagreement[None, :]
    positive = (gains > 0).all(axis=1)
    score = np.full(utilities.shape[0], -np.inf)
    # Sum of logs: the product of many small gains underflows.
    score[positive] = np.log(gains[positive]).sum(axis=1)
    return _best(np.where(positive, score, np.nan), utilities)


def kalai_smorodinsky_point(utilities: FloatArray, disagreement: FloatArray) -> int | None:
    """Maximises the smallest share of each actor's attainable gain, min_i (U_i − d_i)/(I_i − d_i).

    I_i is actor i's best utility among the points: the discrete counterpart of the point where
    the line from d to the ideal point I meets the frontier.
    """
    if utilities.shape[0] == 0:
        return None
    ideal = utilities.max(axis=0)
    span = ideal - disagreement
    share = np.where(
        span[None, :] > 0, (utilities - disagreement[None, :]) / np.where(span > 0, span, 1.0), 1.0
    )
    score = share.min(axis=1)
    return _best(np.where(score >= 0, score, np.nan), utilities)


def utilitarian_point(utilities: FloatArray) -> int | None:
    """Maximises the sum of utilities."""
    if utilities.shape[0] == 0:
        return None
    return _best(utilities.sum(axis=1), utilities)


def egalitarian_point(utilities: FloatArray, disagreement: FloatArray) -> int | None:
    """Maximises the smallest gain over the disagreement point, min_i (U_i − d_i)."""
    if utilities.shape[0] == 0:
        return None
    return _best((utilities - disagreement[None, :]).min(axis=1), utilities)


def solution_points(utilities: FloatArray, disagreement: FloatArray) -> dict[str, int | None]:
    return {
        "nash": nash_point(utilities, disagreement),
        "kalai_smorodinsky": kalai_smorodinsky_point(utilities, disagreement),
        "utilitarian": utilitarian_point(utilities),
        "egalitarian": egalitarian_point(utilities, disagreement),
    }
