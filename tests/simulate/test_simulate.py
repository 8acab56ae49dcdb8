"""Negotiation simulation: determinism, protocol rules and the mediator's end state."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from detente.deals import analyse, baseline_package
from detente.domain import Scenario
from detente.errors import DetenteError
from detente.simulate import STRATEGIES, alternating_offers, mediated_single_text, simulate

ScenarioFactory = Callable[..., Scenario]


@pytest.mark.parametrize("strategy", list(STRATEGIES))
def test_same_seed_same_transcript(make_scenario: ScenarioFactory, strategy: str) -> None:
    scenario = make_scenario(3, n_actors=3, n_issues=5)
    first = simulate(scenario, strategies=strategy, seed=42)
    again = simulate(scenario, strategies=strategy, seed=42)
    assert first.to_json() == again.to_json()
    assert first.history, "at least one offer is made"


def test_agreement_meets_the_rules(make_scenario: ScenarioFactory) -> None:
    for seed in range(6):
        scenario = make_scenario(seed, n_actors=3, n_issues=4, red_line_rate=0.3)
        deals = analyse(scenario)
        for strategy in STRATEGIES:
            result = simulate(scenario, strategies=strategy, seed=seed)
            if not result.agreement:
                continue
            assert result.package is not None and result.utilities is not None
            package = np.array(
                [
                    [
                        int(np.flatnonzero(deals.space.options[j] == result.package[issue])[0])
                        for j, issue in enumerate(deals.space.issues)
                    ]
                ]
            )
            # An agreed package meets every red line, and its utilities are the package's.
            assert deals.space.red_lines_met(package).all()
            np.testing.assert_allclose(
                deals.space.utilities(package)[0], list(result.utilities.values())
            )
            last = result.history[-1]
            assert last.round == result.round
            assert len(last.accepted_by) == len(deals.space.actors) - 1
            nash = deals.point("nash")
            assert nash is not None and result.distance_to_nash == pytest.approx(
                float(np.linalg.norm(deals.space.utilities(package)[0] - nash[1]))
            )


def test_boulware_holds_out_longer_than_conceder(make_scenario: ScenarioFactory) -> None:
    later = 0
    for seed in range(8):
        scenario = make_scenario(seed, n_actors=3, n_issues=5)
        boulware = simulate(scenario, strategies="boulware", seed=seed)
        conceder = simulate(scenario, strategies="conceder", seed=seed)
        assert boulware.agreement and conceder.agreement
        assert boulware.round is not None and conceder.round is not None
        assert boulware.round >= conceder.round
        later += boulware.round > conceder.round
    assert later > 0


def test_mixed_strategies_per_actor(make_scenario: ScenarioFactory) -> None:
    scenario = make_scenario(5, n_actors=3, n_issues=4)
    result = simulate(
        scenario, strategies={"*": "boulware", "actor1": "tit_for_tat"}, seed=1, rounds=50
    )
    assert result.strategies == {
        "actor0": "boulware",
        "actor1": "tit_for_tat",
        "actor2": "boulware",
    }
    with pytest.raises(DetenteError, match="DT604"):
        simulate(scenario, strategies="stubborn")
    with pytest.raises(DetenteError, match="DT604"):
        simulate(scenario, strategies={"nobody": "linear"})


def test_mediator_ends_where_no_one_or_two_issue_change_is_a_pareto_improvement(
    make_scenario: ScenarioFactory,
) -> None:
    for seed in range(5):
        scenario = make_scenario(seed, n_actors=4, n_issues=5)
        deals = analyse(scenario)
        space = deals.space
        start = baseline_package(space, scenario, within_red_lines=True)
        result = mediated_single_text(space, start, seed=seed, rounds=500)
        assert result.agreement and result.package is not None
        final = np.array(
            [
                int(np.flatnonzero(space.options[j] == result.package[issue])[0])
                for j, issue in enumerate(space.issues)
            ]
        )
        u = space.utilities(final[None, :])[0]
        # Each adopted revision made nobody worse off.
        previous = space.utilities(start[None, :])[0]
        for offer in result.history:
            now = np.array(list(offer.utilities.values()))
            assert (now >= previous - 1e-12).all() and (now > previous + 1e-12).any()
            previous = now
        for j in range(len(space.issues)):
            for o in range(space.options[j].size):
                variant = final.copy()
                variant[j] = o
                v = space.utilities(variant[None, :])[0]
                assert not ((v >= u - 1e-12).all() and (v > u + 1e-12).any())
        assert (
            mediated_single_text(space, start, seed=seed, rounds=500).to_json() == result.to_json()
        )


def test_candidates_and_rounds_are_checked(make_scenario: ScenarioFactory) -> None:
    deals = analyse(make_scenario(1))
    with pytest.raises(DetenteError, match="DT604"):
        alternating_offers(deals.space, deals.frontier.packages[:0], seed=0)
    with pytest.raises(DetenteError, match="DT604"):
        alternating_offers(deals.space, deals.frontier.packages, seed=0, rounds=0)


def test_no_agreement_without_a_zone_and_the_reason_is_given() -> None:
    from detente.domain import Actor, Issue, Position

    scenario = Scenario(
        title="deadlock",
        actors=(Actor(id="east", name="East"), Actor(id="west", name="West")),
        issues=(
            Issue(id="border", name="Border", proposition="the line moves west"),
            Issue(id="trade", name="Trade", proposition="tariffs are lifted"),
        ),
        positions=(
            Position(actor="east", issue="border", position=100, salience=80, red_line=60),
            Position(actor="west", issue="border", position=0, salience=80, red_line=40),
            Position(actor="east", issue="trade", position=100, salience=20),
            Position(actor="west", issue="trade", position=60, salience=20),
        ),
    )
    for strategy in STRATEGIES:
        result = simulate(scenario, strategies=strategy, seed=2)
        assert not result.agreement and result.zone_emptied_by == ("border",)
    mediated = simulate(scenario, mediator=True, seed=2)
    assert not mediated.agreement and mediated.zone_emptied_by == ("border",)
