"""The event gold (tests/fixtures/gold/events.jsonl) is well formed and lies on the articles'
sentences, the scorer counts what it says, and the events of the demo and held-out briefs stay
above the figures the README quotes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from detente.corpus.event_gold import score_dates, score_events
from detente.corpus.events import Citation, Event
from detente.corpus.ingest import ingest_paths
from detente.corpus.timeline import cue_rules
from detente.domain.corpus import Fact
from detente.io import load_scenario
from detente.nlp.sentences import split_sentences
from detente.workflows.timeline import extract_events

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "fixtures" / "gold"
EXAMPLE = REPO / "examples" / "ukraine-2025"
KEYS = {"set", "doc", "start", "end", "kind", "date", "participants"}
DATE = re.compile(r"^\d{4}-(?:\d\d-\d\d|W\d\d|\d\d)$")


def _gold(name: str = "events.jsonl") -> list[dict[str, Any]]:
    text = (GOLD / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


def _texts(folder: Path) -> dict[str, str]:
    return {d.id: d.text for d in ingest_paths([folder]).documents}


def test_every_gold_event_is_well_formed_and_holds_no_text() -> None:
    actors = {a.id for a in load_scenario(EXAMPLE / "scenario.yaml").actors}
    kinds = {label for label, _ in cue_rules("event_cues.yaml")}
    for line in _gold():
        assert KEYS <= set(line) <= KEYS | {"planned"}, line
        assert line["set"] in {"briefs", "seeds", "heldout"}
        assert line["kind"] in kinds and DATE.match(line["date"]), line
        assert set(line["participants"]) <= actors, line


@pytest.mark.parametrize("name", ["briefs", "heldout"])
def test_brief_gold_spans_are_sentences_of_the_stored_text(name: str) -> None:
    texts = _texts(EXAMPLE / name)
    for line in (g for g in _gold() if g["set"] == name):
        assert (line["start"], line["end"]) in split_sentences(texts[line["doc"]]), line


def test_seed_gold_spans_are_sentences_of_the_seed_articles(seeds_dir: Path) -> None:
    texts = _texts(seeds_dir)
    for line in (g for g in _gold() if g["set"] == "seeds"):
        assert (line["start"], line["end"]) in split_sentences(texts[line["doc"]]), line


def test_the_scorer_matches_by_document_span_date_and_kind() -> None:
    gold = [
        {
            "doc": "a",
            "start": 0,
            "end": 50,
            "kind": "call",
            "date": "2025-03-18",
            "participants": ["us"],
        },
        {
            "doc": "a",
            "start": 60,
            "end": 90,
            "kind": "talks",
            "date": "2025-W12",
            "participants": [],
        },
    ]

    def event(kind: str, date: str, start: int) -> Event:
        cite = Citation("a", start, start + 20, "", None, ("us",))
        return Event(date, kind, ("us",), (), (cite,), False)

    found = [
        event("call", "2025-03-18", 10),
        event("agreement", "2025-W12", 65),
        event("call", "2025-03-18", 200),
    ]
    scored = score_events("t", gold, found)
    assert (scored["kind_date"].matched_gold, scored["kind_date"].predicted) == (1, 3)
    assert scored["date"].matched_gold == 2  # the agreement has the talks' date, not its kind
    assert scored["participants_exact"] == 1.0
    fact = Fact(doc="a", start=12, end=20, kind="date", value="2025-03-18", text="18 March")
    dates = score_dates("t", [{**gold[0], "kind": "date", "value": "2025-03-18"}], [fact])
    assert (dates.precision, dates.recall) == (1.0, 1.0)


@pytest.mark.parametrize(
    ("name", "precision", "recall"), [("briefs", 0.85, 0.6), ("heldout", 0.6, 0.45)]
)
def test_events_of_the_briefs_stay_above_the_quoted_figures(
    name: str, precision: float, recall: float
) -> None:
    documents = ingest_paths([EXAMPLE / name]).documents
    _, found = extract_events(documents, load_scenario(EXAMPLE / "scenario.yaml"))
    scored = score_events(name, [g for g in _gold() if g["set"] == name], found)["kind_date"]
    assert scored.precision >= precision and scored.recall >= recall, scored
