"""Conflicts on the demo and held-out briefs against the gold list of true and false conflicts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.domain import Conflict
from detente.nlp.conflict_gold import score
from detente.nlp.conflicts import duration_words

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ukraine-2025"
GOLD = [
    json.loads(line)
    for line in (REPO / "tests" / "fixtures" / "gold" / "conflicts.jsonl").read_text().splitlines()
]


def _conflicts(folder: str, tmp: Path) -> list[Conflict]:
    out = tmp / folder
    args = ["extract", str(EXAMPLE / folder), "--scenario", str(EXAMPLE / "scenario.yaml")]
    args += ["--db", str(tmp / f"{folder}.db"), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = (out / "conflicts.jsonl").read_text().splitlines()
    return [Conflict.model_validate_json(line) for line in lines]


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Conflict]]:
    tmp = tmp_path_factory.mktemp("conflicts")
    return {"briefs": _conflicts("briefs", tmp), "heldout": _conflicts("heldout", tmp)}


@pytest.mark.parametrize("which", ["briefs", "heldout"])
def test_conflicts_match_the_gold_list(found: dict[str, list[Conflict]], which: str) -> None:
    gold = [e for e in GOLD if e["set"] == which]
    result = score(found[which], gold)
    assert result.recall == 1.0  # every true conflict in the gold list is reported
    assert result.precision == 1.0  # and none of the false alarms comes back


def test_no_conflict_shows_an_iso_duration(found: dict[str, list[Conflict]]) -> None:
    values = [s.value for cs in found.values() for c in cs for s in c.sides]
    assert not [v for v in values if re.fullmatch(r"P(T?\d+[YMWDHS])+", v)]


def test_durations_read_in_words() -> None:
    assert duration_words("P30D") == "30 days"
    assert duration_words("PT24H") == "24 hours"
    assert duration_words("P1D") == "1 day"
    assert duration_words("2025-03-18") == "2025-03-18"
