"""Scoring events and dates against hand-annotated gold (``tests/fixtures/gold/events.jsonl``,
``*.facts.jsonl``). Gold lines hold offsets only; pure functions.

An event line is ``{"doc", "start", "end", "kind", "date", "participants"}``: the sentence that
reports it, at the date's own precision (2025-03-19, 2025-W12, 2025-03). A predicted event's
citation matches a gold line of the same document whose span it overlaps, with the same date
(the date score) and also the same kind (the (kind, date) score); each side is matched once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from detente.corpus.events import Event
from detente.domain.corpus import Fact
from detente.domain.scores import Score

Mention = tuple[str, int, int, str, str, tuple[str, ...]]  # doc, start, end, kind, date, parties


def mentions(found: Iterable[Event]) -> list[Mention]:
    """Every citation of every event, with the event's kind and date and the participants
    that citation names."""
    return [
        (c.doc, c.start, c.end, e.kind, e.date, c.participants) for e in found for c in e.citations
    ]


def _pairs(
    gold: Sequence[dict[str, Any]], predicted: Sequence[Mention], with_kind: bool
) -> list[tuple[int, int]]:
    """(gold index, predicted index) of the greedy one-to-one matches."""
    used: set[int] = set()
    pairs = []
    for g, line in enumerate(gold):
        for p, (doc, start, end, kind, date, _) in enumerate(predicted):
            if p in used or doc != line["doc"] or date != line["date"]:
                continue
            if (
                start < line["end"]
                and line["start"] < end
                and (not with_kind or kind == line["kind"])
            ):
                used.add(p)
                pairs.append((g, p))
                break
    return pairs


def score_events(
    name: str, gold: Sequence[dict[str, Any]], found: Sequence[Event]
) -> dict[str, Any]:
    """Mention-level (kind, date) and date scores, participants of the matched mentions, and
    distinct (kind, date) events across the set."""
    predicted = mentions(found)
    both = _pairs(gold, predicted, with_kind=True)
    dates = _pairs(gold, predicted, with_kind=False)
    exact = sum(set(gold[g]["participants"]) == set(predicted[p][5]) for g, p in both)
    distinct_gold = {(line["kind"], line["date"]) for line in gold}
    distinct_found = {(e.kind, e.date) for e in found}
    common = distinct_gold & distinct_found
    return {
        "set": name,
        "kind_date": Score("(kind, date)", len(gold), len(predicted), len(both), len(both)),
        "date": Score("date", len(gold), len(predicted), len(dates), len(dates)),
        "participants_exact": exact / len(both) if both else 0.0,
        "distinct": Score(
            "distinct (kind, date)",
            len(distinct_gold),
            len(distinct_found),
            len(common),
            len(common),
        ),
        "events": len(found),
        "citations": len(predicted),
    }


def score_dates(name: str, gold: Sequence[dict[str, Any]], facts: Sequence[Fact]) -> Score:
    """Date facts: a predicted date whose span overlaps a gold date's, with the same value."""
    wanted = [line for line in gold if line["kind"] == "date"]
    dated = [f for f in facts if f.kind == "date"]
    used: set[int] = set()
    matched = 0
    for line in wanted:
        for i, fact in enumerate(dated):
            if i in used or fact.doc != line["doc"] or fact.value != line["value"]:
                continue
            if fact.start < line["end"] and line["start"] < fact.end:
                used.add(i)
                matched += 1
                break
    return Score(f"{name} dates", len(wanted), len(dated), matched, matched)
