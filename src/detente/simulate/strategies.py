"""Concession strategies: the utility an agent asks for in each round.

Time-based tactics (Faratin, Sierra and Jennings 1998): the target falls from the agent's best
utility ``top`` to its floor as ``top − (top − floor) · (t / T)^(1/e)``, with e < 1 Boulware
(holds firm until late), e = 1 linear, e > 1 conceder (gives ground early).

Relative tit-for-tat: the agent lowers its target by as much utility as the others' last offers
gained it over their previous ones, and by at least half the linear rate, so that a session of
tit-for-tat agents, each waiting for the other to move first, still makes progress.
"""

from __future__ import annotations

STRATEGIES: dict[str, float | None] = {
    "boulware": 0.2,
    "linear": 1.0,
    "conceder": 2.0,
    "tit_for_tat": None,
}


def time_based_target(top: float, floor: float, progress: float, exponent: float) -> float:
    """The target utility at ``progress`` = t / T in [0, 1]."""
    progress = min(1.0, max(0.0, progress))
    return float(top - (top - floor) * progress ** (1.0 / exponent))


def tit_for_tat_target(
    previous: float, top: float, floor: float, observed_concession: float, rounds: int
) -> float:
    """Next target after the others conceded ``observed_concession`` (in this agent's utility)."""
    minimum_step = (top - floor) / (2.0 * max(1, rounds))
    step = max(observed_concession, minimum_step)
    return max(floor, previous - step)
