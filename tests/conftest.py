"""Shared test fixtures. Reference data and seed articles live beside the repository in
``../shared`` (never inside it); tests that need them skip cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from detente.domain import Scenario
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
def river() -> Scenario:
    """Two parties who can logroll, with a third party's red line on an issue not traded."""
    return load_scenario(DEAL_FIXTURES / "river.yaml")


@pytest.fixture(scope="session")
def river_blocked() -> Scenario:
    """The river case where no option of one issue meets every red line."""
    return load_scenario(DEAL_FIXTURES / "river-port.yaml")
