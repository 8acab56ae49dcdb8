"""The view model: what the sources disagree about, in the scenario's names."""

from __future__ import annotations

from pathlib import Path

from detente.domain.corpus import Conflict, ConflictSide
from detente.io import load_scenario
from detente.report.context import conflict_subject


def _conflict(kind: str, subject: str) -> Conflict:
    sides = (
        ConflictSide(value="against", sources=(("a.txt", 0, 10),)),
        ConflictSide(value="for", sources=(("a.txt", 20, 30),)),
    )
    return Conflict(kind=kind, subject=subject, sides=sides)  # type: ignore[arg-type]


def test_conflict_subjects_use_names_never_ids(flagship_path: Path) -> None:
    """The report once headed a disagreement "stance of russia on kursk_exchange"."""
    scenario = load_scenario(flagship_path)
    stance = _conflict("stance", "stance of europe on military_aid")
    assert conflict_subject(scenario, stance) == (
        "The European supporters of Ukraine (EU, UK, France) on Military aid to Ukraine: "
        "read as against and for"
    )
    count = _conflict("count", "number of regions (territory_recognition)")
    assert conflict_subject(scenario, count) == (
        "number of regions (Recognition of the annexed regions)"
    )
    assert conflict_subject(scenario, _conflict("spelling", "spelling of Coale")) == (
        "spelling of Coale"
    )
