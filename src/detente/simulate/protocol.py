"""Negotiation simulations over a deal space: alternating offers, or a single-text mediator.

Both are pure functions of the space, a set of candidate packages, the parties' strategies and
a seed; the same inputs give the same transcript.

Alternating offers (multilateral stacked alternating offers): in round t one party, in an order
drawn from the seed, proposes a package; the others accept or reject; the offer is agreed when
every other party accepts. Parties offer efficient packages (the candidates are the Pareto
frontier of the whole space and of the acceptable packages, a complete-information
simplification) that meet their own red lines, choosing the one whose utility to them is
closest above their current target (ties drawn from the seed). A party accepts an offer that
meets its red lines and gives it at least its current target and its reservation utility.

Single negotiating text: a mediator circulates one package (starting from the baseline:
status quo, else the mean of the positions on each issue, moved to the nearest option
every red line allows) and proposes revisions that
change one or two issues, in an order drawn from the seed. Each party only answers whether it
prefers the revision, is indifferent, or finds it worse (meeting its own red lines first, then
utility); the mediator adopts a revision no party finds worse and at least one prefers. It stops
when no revision is adopted (the text is then Pareto-optimal against one- and two-issue changes)
or after the round limit; the text is agreed if it meets every red line and reservation utility.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from detente.deals.frontier import FloatArray, IndexArray
from detente.deals.space import DealSpace
from detente.errors import DetenteError
from detente.simulate.strategies import STRATEGIES, time_based_target, tit_for_tat_target

ALGORITHM_ID = "simulate.v1"
_TIE = 1e-12


@dataclass(frozen=True)
class Offer:
    round: int
    proposer: str
    package: dict[str, float]
    utilities: dict[str, float]
    accepted_by: tuple[str, ...]


@dataclass(frozen=True)
class SimulationResult:
    protocol: str
    strategies: dict[str, str]
    seed: int
    max_rounds: int
    agreement: bool
    round: int | None  # round of the agreement (mediator: number of adopted revisions)
    package: dict[str, float] | None
    utilities: dict[str, float] | None
    nash_utilities: dict[str, float] | None
    distance_to_nash: float | None  # Euclidean, in utility space
    history: tuple[Offer, ...] = field(default=())
    zone_emptied_by: tuple[str, ...] = ()  # why no package is acceptable to all, when none is

    def to_json(self) -> dict[str, object]:
        return {
            "protocol": self.protocol,
            "algorithm": ALGORITHM_ID,
            "strategies": self.strategies,
            "seed": self.seed,
            "max_rounds": self.max_rounds,
            "agreement": self.agreement,
            "round": self.round,
            "package": self.package,
            "utilities": self.utilities,
            "nash_utilities": self.nash_utilities,
            "distance_to_nash": self.distance_to_nash,
            "zone_emptied_by": list(self.zone_emptied_by),
            "history": [
                {
                    "round": o.round,
                    "proposer": o.proposer,
                    "package": o.package,
                    "utilities": o.utilities,
                    "accepted_by": list(o.accepted_by),
                }
                for o in self.history
            ],
        }


def resolve_strategies(space: DealSpace, spec: Mapping[str, str] | str) -> dict[str, str]:
    """One strategy per actor from a name for all, or a mapping actor -> name ("*" for the rest)."""
    table = {"*": spec} if isinstance(spec, str) else dict(spec)
    default = table.pop("*", "linear")
    unknown_actors = [a for a in table if a not in space.actors]
    if unknown_actors:
        raise DetenteError(
            "DT604",
            f"strategy for unknown actor(s): {', '.join(unknown_actors)}",
            hint=f"actors in the deal space: {', '.join(space.actors)}",
        )
    chosen = {a: table.get(a, default) for a in space.actors}
    bad = sorted({s for s in chosen.values() if s not in STRATEGIES})
    if bad:
        raise DetenteError(
            "DT604", f"unknown strategy {bad[0]!r}", hint=f"choose one of {', '.join(STRATEGIES)}"
        )
    return chosen


def _checked_rng(seed: int, rounds: int) -> np.random.Generator:
    """The random generator of one run, after the settings both protocols share are checked."""
    if rounds < 1:
        raise DetenteError("DT604", f"rounds must be at least 1, got {rounds}")
    # numpy rejects negative seeds with a bare ValueError; say it as a coded error instead.
    if seed < 0:
        raise DetenteError("DT604", f"seed must not be negative, got {seed}")
    return np.random.default_rng(seed)


def _finish(
    space: DealSpace,
    protocol: str,
    strategies: dict[str, str],
    seed: int,
    rounds: int,
    agreed: tuple[int, IndexArray, FloatArray] | None,
    nash: FloatArray | None,
    history: list[Offer],
) -> SimulationResult:
    nash_dict = None if nash is None else space.utility_dict(nash)
    if agreed is None:
        return SimulationResult(
            protocol,
            strategies,
            seed,
            rounds,
            False,
            None,
            None,
            None,
            nash_dict,
            None,
            tuple(history),
        )
    at, package, utilities = agreed
    distance = None if nash is None else float(np.linalg.norm(utilities - nash))
    return SimulationResult(
        protocol,
        strategies,
        seed,
        rounds,
        True,
        at,
        space.package_dict(package),
        space.utility_dict(utilities),
        nash_dict,
        distance,
        tuple(history),
    )


def alternating_offers(
    space: DealSpace,
    candidates: IndexArray,
    strategies: Mapping[str, str] | str = "linear",
    *,
    seed: int,
    rounds: int = 100,
    nash: FloatArray | None = None,
) -> SimulationResult:
    """Run the alternating-offers protocol over ``candidates`` (packages as option indices)."""
    rng = _checked_rng(seed, rounds)
    if candidates.shape[0] == 0:
        raise DetenteError("DT604", "no candidate packages to offer")
    chosen = resolve_strategies(space, strategies)
    n = len(space.actors)
    utilities = space.utilities(candidates)
    own_ok = space.red_lines_met(candidates)  # (candidates, actors)
    top = np.array(
        [utilities[own_ok[:, i], i].max() if own_ok[:, i].any() else 0.0 for i in range(n)]
    )
    floor = np.array(
        [
            max(space.reservation[i], utilities[own_ok[:, i], i].min())
            if own_ok[:, i].any()
            else 1.0
            for i in range(n)
        ]
    )
    floor = np.minimum(floor, top)
    order = rng.permutation(n)
    target = top.copy()
    last_offer: list[int | None] = [None] * n
    previous_offer: list[int | None] = [None] * n
    history: list[Offer] = []
    for t in range(rounds):
        progress = t / max(1, rounds - 1)
        for i, actor in enumerate(space.actors):
            exponent = STRATEGIES[chosen[actor]]
            if exponent is not None:
                target[i] = time_based_target(top[i], floor[i], progress, exponent)
            elif t > 0:
                gains = [
                    utilities[last_offer[k], i] - utilities[previous_offer[k], i]
                    for k in range(n)
                    if k != i and last_offer[k] is not None and previous_offer[k] is not None
                ]
                observed = max(0.0, float(np.mean(gains))) if gains else 0.0
                target[i] = tit_for_tat_target(target[i], top[i], floor[i], observed, rounds)
        proposer = int(order[t % n])
        mine = own_ok[:, proposer] & (utilities[:, proposer] >= target[proposer] - _TIE)
        if not mine.any():
            continue  # nothing meets this party's own red lines: it passes
        rows = np.flatnonzero(mine)
        lowest = utilities[rows, proposer].min()
        tied = rows[utilities[rows, proposer] <= lowest + _TIE]
        offer = int(tied[rng.integers(tied.size)]) if tied.size > 1 else int(tied[0])
        previous_offer[proposer], last_offer[proposer] = last_offer[proposer], offer
        accepted_by = tuple(
            space.actors[k]
            for k in range(n)
            if k != proposer
            and own_ok[offer, k]
            and utilities[offer, k] >= max(target[k], space.reservation[k]) - _TIE
        )
        history.append(
            Offer(
                t,
                space.actors[proposer],
                space.package_dict(candidates[offer]),
                space.utility_dict(utilities[offer]),
                accepted_by,
            )
        )
        if len(accepted_by) == n - 1 and utilities[offer, proposer] >= space.reservation[proposer]:
            return _finish(
                space,
                "alternating_offers",
                chosen,
                seed,
                rounds,
                (t, candidates[offer], utilities[offer]),
                nash,
                history,
            )
    return _finish(space, "alternating_offers", chosen, seed, rounds, None, nash, history)


def _moves(space: DealSpace) -> tuple[IndexArray, IndexArray]:
    """Every change of one issue, and of two issues at once.

    Returns the single changes as (issue, option) rows and every move as a pair of rows of
    that table (a single change is paired with itself).
    """
    single = np.array(
        [(j, o) for j, opts in enumerate(space.options) for o in range(opts.size)], dtype=np.intp
    )
    rows = np.arange(single.shape[0])
    first, second = np.triu_indices(rows.size, k=1)
    different_issue = single[first, 0] != single[second, 0]
    pairs = np.concatenate(
        [np.stack([rows, rows], axis=1), np.stack([first, second], axis=1)[different_issue]]
    )
    return single, pairs


def mediated_single_text(
    space: DealSpace,
    start: IndexArray,
    *,
    seed: int,
    rounds: int = 100,
    nash: FloatArray | None = None,
) -> SimulationResult:
    """Run the single-negotiating-text mediator from package ``start`` (see module docstring)."""
    rng = _checked_rng(seed, rounds)
    single, pairs = _moves(space)
    text = start.copy()
    history: list[Offer] = []
    revisions = 0
    for _ in range(rounds):
        current_u = space.utilities(text[None, :])[0]
        current_breaches = (~space.red_lines_met_each(text)).sum(axis=0)
        # What each single change does to every party's utility and count of red-line breaches.
        delta_u = np.stack(
            [space.contributions[j][o] - space.contributions[j][text[j]] for j, o in single]
        )
        delta_b = np.stack(
            [
                space.accepts[j][text[j]].astype(np.intp) - space.accepts[j][o].astype(np.intp)
                for j, o in single
            ]
        )
        same = pairs[:, 0] == pairs[:, 1]
        variant_u = (
            current_u + delta_u[pairs[:, 0]] + np.where(same[:, None], 0.0, delta_u[pairs[:, 1]])
        )
        variant_b = (
            current_breaches
            + delta_b[pairs[:, 0]]
            + np.where(same[:, None], 0, delta_b[pairs[:, 1]])
        )
        variant_ok, current_ok = variant_b == 0, current_breaches == 0
        # Red lines first: no party trades a breach of its own red line for utility.
        better = (variant_ok & ~current_ok) | (
            (variant_ok == current_ok) & (variant_u > current_u + _TIE)
        )
        worse = (~variant_ok & current_ok) | (
            (variant_ok == current_ok) & (variant_u < current_u - _TIE)
        )
        adoptable = better.any(axis=1) & ~worse.any(axis=1)
        order = rng.permutation(pairs.shape[0])
        hits = np.flatnonzero(adoptable[order])
        if hits.size == 0:
            break
        move = pairs[order[hits[0]]]
        for row in set(move.tolist()):
            text[single[row, 0]] = single[row, 1]
        revisions += 1
        history.append(
            Offer(
                revisions,
                "mediator",
                space.package_dict(text),
                space.utility_dict(space.utilities(text[None, :])[0]),
                space.actors,
            )
        )
    final_u = space.utilities(text[None, :])[0]
    agreed = bool(
        space.red_lines_met(text[None, :])[0].all() and (final_u >= space.reservation).all()
    )
    return _finish(
        space,
        "single_negotiating_text",
        dict.fromkeys(space.actors, "mediated"),
        seed,
        rounds,
        (revisions, text, final_u) if agreed else None,
        nash,
        history,
    )
