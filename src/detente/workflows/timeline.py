"""Positions over time, what changed since a date, and dated events, from a corpus store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from detente.corpus.events import Event, events
from detente.corpus.store import Store
from detente.corpus.timeline import Change, Point, changes_since, positions_over_time
from detente.domain import Scenario
from detente.domain.corpus import Claim, Document, Fact
from detente.errors import DetenteError
from detente.nlp.gazetteer import build_phrases
from detente.nlp.sentences import split_sentences


@dataclass(frozen=True)
class Timeline:
    points: list[Point]
    changes: list[Change]
    events: list[Event]
    since: dt.date | None
    undated_docs: int


def article_events(
    facts: list[Fact], documents: dict[str, Document], scenario: Scenario | None = None
) -> list[Event]:
    """The events of the articles, their participants named as the scenario's parties (or, with
    no scenario, as the gazetteer's states and blocs)."""
    names = {p.text: p.actor for p in build_phrases(scenario)}
    spans = {doc_id: split_sentences(doc.text) for doc_id, doc in documents.items()}
    return events(facts, documents, spans, names)


def extract_events(
    documents: list[Document], scenario: Scenario | None = None
) -> tuple[list[Fact], list[Event]]:
    """Date facts and events of documents not in a store (the gold scoring reads these): only
    the sentence and fact steps run. Undated documents take their date from the scenario's
    sources, as the fact step does."""
    from detente.nlp.pipeline import Pipeline

    known = {s.id: s.date for s in scenario.sources} if scenario else {}
    dated = {
        d.id: d if d.date or d.id not in known else d.model_copy(update={"date": known[d.id]})
        for d in documents
    }
    run = Pipeline(scenario, steps=["segment.v1", "facts.v1"], use_embeddings=False).run(
        list(dated.values())
    )
    return run.facts, article_events(run.facts, dated, scenario)


def store_events(store: Store, scenario: Scenario | None = None) -> list[Event]:
    documents = {d.id: d for d in store.documents() if d.duplicate_of is None}
    return article_events(store.facts(), documents, scenario)


def timeline_of_store(
    db: Path,
    *,
    since: dt.date | None = None,
    issue: str | None = None,
    scenario: Scenario | None = None,
) -> Timeline:
    if not db.exists():
        raise DetenteError(
            "DT309",
            "no corpus store here",
            location=str(db),
            hint="run `detente extract ... --db` first",
        )
    with Store(db) as store:
        documents = {d.id: d for d in store.documents()}
        claims = [c for c in store.claims() if issue is None or c.issue == issue]
        found = store_events(store, scenario)
    dates = {doc_id: doc.date for doc_id, doc in documents.items()}
    points = positions_over_time(claims, dates)
    changes = changes_since(points, since) if since is not None else []
    return Timeline(
        points=points,
        changes=changes,
        events=[e for e in found if issue is None or issue in e.issues],
        since=since,
        undated_docs=sum(1 for d in documents.values() if d.date is None),
    )


def claim_ref(claim: Claim) -> dict[str, object]:
    return {"doc": claim.doc, "start": claim.start, "end": claim.end, "stance": claim.stance}


def event_json(event: Event) -> dict[str, object]:
    """An event as plain data: the first citation's place (``doc``, ``start``, ``end``) and
    every citation, each with the words that date it (null: the article's date)."""
    return {
        "date": event.date,
        "kind": event.kind,
        "participants": list(event.participants),
        "issues": list(event.issues),
        "planned": event.planned,
        "doc": event.doc,
        "start": event.start,
        "end": event.end,
        "citations": [
            {"doc": c.doc, "start": c.start, "end": c.end, "dated_by": c.dated_by}
            for c in event.citations
        ],
    }


def timeline_json(timeline: Timeline) -> dict[str, object]:
    return {
        "since": timeline.since.isoformat() if timeline.since else None,
        "points": [
            {
                "issue": p.issue,
                "actor": p.actor,
                "date": p.date.isoformat(),
                "position": round(p.position, 1),
                "claims": [claim_ref(c) for c in p.claims],
            }
            for p in timeline.points
        ],
        "changes": [
            {
                "kind": c.kind,
                "issue": c.issue,
                "actor": c.actor,
                "date": c.date.isoformat(),
                "before": c.before,
                "after": round(c.after, 1),
                "claim": claim_ref(c.claim),
            }
            for c in timeline.changes
        ],
        "events": [event_json(e) for e in timeline.events],
        "undated_documents": timeline.undated_docs,
    }
