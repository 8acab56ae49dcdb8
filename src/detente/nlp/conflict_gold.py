"""Precision and recall of conflicts against a hand-labelled list of true and false conflicts.

A predicted conflict matches a gold entry when the kind is the same and one of the gold spans
lies in one of its sides. Stance conflicts are left out (they are scored as claims). A predicted
conflict the gold list does not know counts as a false alarm: the score errs on the strict side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detente.domain import Conflict

SCORED_KINDS = ("spelling", "count", "number", "date")


@dataclass(frozen=True)
class ConflictScore:
    predicted: int
    correct: int
    gold_true: int
    found: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold_true if self.gold_true else 1.0


def _matches(conflict: Conflict, entry: Mapping[str, Any]) -> bool:
    if conflict.kind != entry["kind"]:
        return False
    spans = {tuple(s) for side in conflict.sides for s in side.sources}
    return any(tuple(span) in spans for span in entry["spans"])


def score(conflicts: Iterable[Conflict], gold: Sequence[Mapping[str, Any]]) -> ConflictScore:
    scored = [c for c in conflicts if c.kind in SCORED_KINDS]
    correct = sum(1 for c in scored if any(e["true"] and _matches(c, e) for e in gold))
    true_entries = [e for e in gold if e["true"]]
    found = sum(1 for e in true_entries if any(_matches(c, e) for c in scored))
    return ConflictScore(len(scored), correct, len(true_entries), found)
