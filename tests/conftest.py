"""Shared test fixtures. Reference data and seed articles live beside the repository in
``../shared`` (never inside it); tests that need them skip cleanly when it is absent."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from detente.domain import Actor, Issue, Position, Scenario
from detente.io import load_scenario

REPO_ROOT = Path(__file__).resolve().parents[1]
# DETENTE_SHARED points elsewhere when the checkout is a worktree not beside ../shared.
SHARED_DIR = Path(os.environ.get("DETENTE_SHARED") or REPO_ROOT / ".." / "shared").resolve()
FLAGSHIP = REPO_ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
DEAL_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "deals"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"reference data not available: {SHARED_DIR} is absent")
    return SHARED_DIR


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    seeds = shared_dir / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed articles not available: {seeds} is absent")
    return seeds


@pytest.fixture(scope="session")
def flagship_path() -> Path:
    return FLAGSHIP


@pytest.fixture(scope="session")
def flagship_report(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flagship's offline report with the default options (Monte Carlo included), written
    once per session: the size and browser tests read the same file."""
    from detente.workflows.report import make_report

    return make_report(
        FLAGSHIP, tmp_path_factory.mktemp("flagship") / "report.html", docs=[seeds_dir]
    )


# Generated scenarios for the deal-space and simulation tests (built in Python, no file format).
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


@pytest.fixture(scope="session")
def river() -> Scenario:
    """Two parties who can logroll, with a third party's red line on an issue not traded."""
    return load_scenario(DEAL_FIXTURES / "river.yaml")


@pytest.fixture(scope="session")
def river_blocked() -> Scenario:
    """The river case where no option of one issue meets every red line."""
    return load_scenario(DEAL_FIXTURES / "river-port.yaml")
