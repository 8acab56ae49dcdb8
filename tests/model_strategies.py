"""Scenario builders and hypothesis strategies shared by the model tests."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from detente.domain import Actor, Issue, Position, Scenario


def one_issue(
    positions: Sequence[float],
    saliences: Sequence[float],
    capabilities: Sequence[float] | None = None,
    red_lines: Sequence[float | None] | None = None,
    status_quo: float | None = None,
) -> Scenario:
    """Actors a0, a1, ... on one issue ``q``."""
    n = len(positions)
    caps = capabilities if capabilities is not None else [1.0] * n
    lines = red_lines if red_lines is not None else [None] * n
    return Scenario(
        title="test",
        actors=tuple(Actor(id=f"a{k}", name=f"A{k}", capability=caps[k]) for k in range(n)),
        issues=(Issue(id="q", name="Q", proposition="q", status_quo=status_quo),),
        positions=tuple(
            Position(
                actor=f"a{k}",
                issue="q",
                position=positions[k],
                salience=saliences[k],
                red_line=lines[k],
            )
            for k in range(n)
        ),
    )


# Positions at micro-point resolution: subnormal floats (1e-311) would only test rounding.
_position = st.one_of(
    st.sampled_from([0.0, 25.0, 50.0, 75.0, 100.0]),
    st.floats(0.0, 100.0, allow_nan=False).map(lambda v: round(v, 6)),
)
_salience = st.one_of(st.just(0.0), st.floats(1.0, 100.0))
_capability = st.floats(0.01, 1000.0)


@st.composite
def scenarios(draw: st.DrawFn, max_actors: int = 7, max_issues: int = 3) -> Scenario:
    """Random scenarios: some actors hold no position on some issues, some saliences are 0,
    some positions carry red lines, some issues a status quo; every issue has weight."""
    n = draw(st.integers(1, max_actors))
    m = draw(st.integers(1, max_issues))
    actors = tuple(Actor(id=f"a{k}", name=f"A{k}", capability=draw(_capability)) for k in range(n))
    issues = []
    positions = []
    for q in range(m):
        issues.append(
            Issue(
                id=f"q{q}",
                name=f"Q{q}",
                proposition="p",
                status_quo=draw(st.none() | _position),
            )
        )
        holders = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        saliences = [draw(_salience) for _ in holders]
        if not any(s > 0 for s in saliences):
            saliences[0] = draw(st.floats(1.0, 100.0))
        for k, salience in zip(holders, saliences, strict=True):
            positions.append(
                Position(
                    actor=f"a{k}",
                    issue=f"q{q}",
                    position=draw(_position),
                    salience=salience,
                    red_line=draw(st.none() | _position),
                )
            )
    return Scenario(
        title="generated", actors=actors, issues=tuple(issues), positions=tuple(positions)
    )
