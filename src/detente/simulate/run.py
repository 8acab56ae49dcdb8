"""Simulate a scenario: build its deal space and frontier, then run one protocol."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from detente.deals.analysis import analyse
from detente.deals.logroll import baseline_package
from detente.deals.space import SpaceSettings
from detente.domain import Scenario
from detente.simulate.protocol import SimulationResult, alternating_offers, mediated_single_text


def simulate(
    scenario: Scenario,
    settings: SpaceSettings | None = None,
    *,
    strategies: Mapping[str, str] | str = "linear",
    mediator: bool = False,
    seed: int = 0,
    rounds: int = 100,
) -> SimulationResult:
    """Negotiate over the deal space ``settings`` describes, with one protocol."""
    deals = analyse(scenario, settings, top_logrolls=0)
    nash = deals.point("nash")
    nash_u = None if nash is None else nash[1]
    if mediator:
        start = baseline_package(deals.space, scenario, within_red_lines=True)
        result = mediated_single_text(deals.space, start, seed=seed, rounds=rounds, nash=nash_u)
    else:
        candidates = np.unique(
            np.concatenate([deals.frontier.packages, deals.acceptable.packages]), axis=0
        )
        result = alternating_offers(
            deals.space, candidates, strategies, seed=seed, rounds=rounds, nash=nash_u
        )
    return replace(result, zone_emptied_by=deals.emptied_by)
