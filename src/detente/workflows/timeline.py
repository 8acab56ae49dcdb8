"""Positions over time, what changed since a date, and dated events, from a corpus store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from detente.corpus.store import Store
from detente.corpus.timeline import Change, Event, Point, changes_since, events, positions_over_time
from detente.domain.corpus import Claim
from detente.errors import DetenteError


@dataclass(frozen=True)
class Timeline:
    points: list[Point]
    changes: list[Change]
    events: list[Event]
    since: dt.date | None
    undated_docs: int


def timeline_of_store(
    db: Path, *, since: dt.date | None = None, issue: str | None = None
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
        facts = store.facts()
    dates = {doc_id: doc.date for doc_id, doc in documents.items()}
    points = positions_over_time(claims, dates)
    changes = changes_since(points, since) if since is not None else []
    return Timeline(
        points=points,
        changes=changes,
        events=events(facts, documents),
        since=since,
        undated_docs=sum(1 for d in documents.values() if d.date is None),
    )


def claim_ref(claim: Claim) -> dict[str, object]:
    return {"doc": claim.doc, "start": claim.start, "end": claim.end, "stance": claim.stance}


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
        "events": [
            {"date": e.date, "kind": e.kind, "doc": e.doc, "start": e.start, "end": e.end}
            for e in timeline.events
        ],
        "undated_documents": timeline.undated_docs,
    }
