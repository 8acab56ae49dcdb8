"""The report's and the dashboard's list of events: date, kind, parties and the sentences that
report each one, quoted verbatim from the stored text with their outlet and date.

A plain list, no chart: the events come from :mod:`detente.corpus.events` and the quotes from
the evidence resolver, so nothing here is written by the tool but the labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from detente.corpus.events import Event
from detente.domain import EvidenceRef, Scenario
from detente.report.evidence import EvidenceResolver, Quote

MAX_QUOTES = 3  # an event reported more often lists the other outlets by name only
KIND_LABEL = {
    "call": "call",
    "talks": "talks",
    "proposal": "proposal",
    "agreement": "agreement",
    "violation": "violation",
}


@dataclass(frozen=True)
class EventView:
    date: str
    kind: str
    parties: tuple[str, ...]  # the parties' names, in the scenario's order
    issues: tuple[str, ...]  # the issues' names
    planned: bool
    quotes: tuple[Quote, ...]  # the first reports, quoted
    more: tuple[str, ...]  # the outlets of the other reports


def event_views(
    scenario: Scenario, found: Sequence[Event], resolver: EvidenceResolver
) -> list[EventView]:
    names = {a.id: a.name for a in scenario.actors}
    order = {a.id: i for i, a in enumerate(scenario.actors)}
    issue_names = {i.id: i.name for i in scenario.issues}
    views = []
    for event in found:
        quotes = tuple(
            resolver.quote(EvidenceRef(doc=c.doc, start=c.start, end=c.end))
            for c in event.citations
        )
        parties = sorted(event.participants, key=lambda p: (order.get(p, len(order)), p))
        views.append(
            EventView(
                date=event.date,
                kind=KIND_LABEL.get(event.kind, event.kind),
                parties=tuple(names.get(p, p) for p in parties),
                issues=tuple(issue_names.get(i, i) for i in event.issues),
                planned=event.planned,
                quotes=quotes[:MAX_QUOTES],
                more=tuple(q.outlet or q.doc for q in quotes[MAX_QUOTES:]),
            )
        )
    return views
