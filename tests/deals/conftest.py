"""Scenario generators for the deal-space tests (built in Python, no file format involved)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from detente.domain import Actor, Issue, Position, Scenario

ScenarioFactory = Callable[..., Scenario]


def generate_scenario(
    seed: int,
    n_actors: int = 3,
    n_issues: int = 4,
    *,
    coverage: float = 0.8,
    red_line_rate: float = 0.0,
    options: int | None = None,
) -> Scenario:
    """A random scenario: integer positions and saliences, optional red lines and options."""
    rng = np.random.default_rng(seed)
    actors = tuple(Actor(id=f"actor{i}", name=f"Party {i}") for i in range(n_actors))
    issues = []
    for j in range(n_issues):
        opts = None
        if options is not None:
            opts = tuple(float(v) for v in sorted(rng.choice(101, size=options, replace=False)))
        issues.append(
            Issue(
                id=f"issue{j}",
                name=f"Question {j}",
                proposition=f"measure {j} is adopted",
                anchors={0.0: f"no measure {j}", 100.0: f"measure {j} in full"},
                options=opts,
            )
        )
    positions = []
    for actor in actors:
        for issue in issues:
            if rng.random() >= coverage:
                continue
            position = float(rng.integers(0, 101))
            red_line = None
            if rng.random() < red_line_rate:
                red_line = float(
                    np.clip(position + rng.choice([-1, 1]) * rng.integers(10, 60), 0, 100)
                )
            positions.append(
                Position(
                    actor=actor.id,
                    issue=issue.id,
                    position=position,
                    salience=float(rng.integers(1, 101)),
                    red_line=red_line,
                )
            )
    return Scenario(
        title=f"generated {seed}", actors=actors, issues=tuple(issues), positions=tuple(positions)
    )


@pytest.fixture(scope="session")
def make_scenario() -> ScenarioFactory:
    return generate_scenario
