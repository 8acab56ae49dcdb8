"""Shared test fixtures. Reference data and seed articles live beside the repository in
``../shared`` (never inside it); tests that need them skip cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# DETENTE_SHARED points elsewhere when the checkout is a worktree not beside ../shared.
SHARED_DIR = Path(os.environ.get("DETENTE_SHARED") or REPO_ROOT / ".." / "shared").resolve()
FLAGSHIP = REPO_ROOT / "examples" / "ukraine-2025" / "scenario.yaml"


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
