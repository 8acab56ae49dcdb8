"""Plain summaries of a scenario for display: counts and the actor x issue grid."""

from __future__ import annotations

from dataclasses import dataclass

from detente.domain import Scenario
from detente.domain.wording import plural
from detente.io.formats import FORMATS


@dataclass(frozen=True)
class Counts:
    actors: int
    issues: int
    positions: int
    evidence: int
    sources: int

    def line(self) -> str:
        return ", ".join(
            (
                plural(self.actors, "actor"),
                plural(self.issues, "issue"),
                plural(self.positions, "position"),
                plural(self.evidence, "evidence reference"),
                plural(self.sources, "source"),
            )
        )


def counts(scenario: Scenario) -> Counts:
    return Counts(
        actors=len(scenario.actors),
        issues=len(scenario.issues),
        positions=len(scenario.positions),
        evidence=sum(len(p.evidence) for p in scenario.positions),
        sources=len(scenario.sources),
    )


def dropped_in(scenario: Scenario, fmt: str) -> dict[str, int]:
    """What writing ``scenario`` as ``fmt`` leaves out, as non-zero counts ({} when nothing).

    A lossy format (``Format.lossy``: KTAB, decide) keeps actors, issues, positions (value,
    salience, capability) and names; these it has no place for."""
    entry = FORMATS.get(fmt)
    if entry is None or not entry.lossy:
        return {}
    found = {
        "evidence references": sum(len(p.evidence) for p in scenario.positions),
        "notes": sum(1 for p in scenario.positions if p.note),
        "sources": len(scenario.sources),
        "red lines": sum(1 for p in scenario.positions if p.red_line is not None),
        "confidences": sum(1 for p in scenario.positions if p.confidence is not None),
    }
    return {what: n for what, n in found.items() if n}


def _fmt(value: float) -> str:
    return f"{value:g}" if abs(value - round(value)) > 1e-9 else str(round(value))


def grid_cell(scenario: Scenario, actor_id: str, issue_id: str) -> tuple[str, str | None]:
    """``("0 (90)", "10")``: position (salience) and the red line if any; ``("", None)`` if none."""
    position = scenario.position(actor_id, issue_id)
    if position is None:
        return "", None
    red = None if position.red_line is None else _fmt(position.red_line)
    return f"{_fmt(position.position)} ({_fmt(position.salience)})", red
