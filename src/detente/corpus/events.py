"""Events of a negotiation (calls, talks, proposals, agreements, violations), from dated
sentences of the articles. Pure functions over plain data.

A sentence is an event when its words say what kind (``data/event_cues.yaml``) and it is dated:
by a resolved date fact in the sentence (the fact step normalises "on Tuesday", "last week",
"March 18" or "on the 25th" against the article's date), or, for a sentence of the article's
lead that reports an act and names no date ("Moscow agreed to the pause, the Kremlin said"), by
the article's date itself. The kind is that of the cue nearest the date. Participants are the
parties whose names (``names``: phrase -> party, from the scenario and the gazetteer) the
sentence holds, plus the party the fact step tied the date to; issues are those the fact step
gave the sentence. An event dated after its article's date is ``planned``.

The same event reported by several sentences (of one article or of several) is one event with
every citation: same kind, same date, overlapping participants.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from detente.corpus.timeline import cue_label, cue_rules
from detente.domain.corpus import Document, Fact

CUES = "event_cues.yaml"
Span = tuple[int, int]


@dataclass(frozen=True)
class Citation:
    """One sentence that reports the event; ``dated_by`` the words that date it, or None when
    the article's date does (a lead sentence with no date of its own)."""

    doc: str
    start: int
    end: int
    sentence: str
    dated_by: str | None


@dataclass(frozen=True)
class Event:
    date: str  # ISO day, ISO week (2025-W12) or month (2025-03), as the date was written
    kind: str
    participants: tuple[str, ...]
    issues: tuple[str, ...]
    citations: tuple[Citation, ...]
    planned: bool  # dated after the article that reports it: announced, not yet held

    @property
    def doc(self) -> str:
        return self.citations[0].doc

    @property
    def start(self) -> int:
        return self.citations[0].start

    @property
    def end(self) -> int:
        return self.citations[0].end

    @property
    def sentence(self) -> str:
        return self.citations[0].sentence


@dataclass(frozen=True)
class _Lead:
    sentences: int
    min_words: int
    reported: re.Pattern[str]


@cache
def _lead_rule() -> _Lead:
    text = resources.files("detente.corpus").joinpath("data", CUES).read_text(encoding="utf-8")
    lead = YAML(typ="safe").load(text)["lead"]
    words = "|".join(lead["reported"])
    return _Lead(int(lead["sentences"]), int(lead["min_words"]), re.compile(rf"\b(?:{words})\b"))


# Dates at a day's, a week's or a month's precision place an event; a bare year does not.
_PLACEABLE = re.compile(r"^\d{4}-(?:\d\d-\d\d|W\d\d|\d\d)$")


def _nearest_kind(sentence: str, at: int) -> str | None:
    """The kind of the cue nearest position ``at`` of the sentence (rule order breaks ties)."""
    best: tuple[int, int, str] | None = None
    for order, (label, pattern) in enumerate(cue_rules(CUES)):
        for match in pattern.finditer(sentence):
            distance = min(abs(match.start() - at), abs(match.end() - at))
            if best is None or (distance, order) < best[:2]:
                best = (distance, order, label)
    return best[2] if best else None


def _party_pattern(names: Mapping[str, str]) -> re.Pattern[str] | None:
    alternatives = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)") if names else None


def _sentence_of(spans: Sequence[Span], start: int) -> Span | None:
    for span in spans:
        if span[0] <= start < span[1]:
            return span
    return None


def _day(value: str) -> dt.date | None:
    """The first day a date value covers, for comparing it with the article's date."""
    try:
        if "-W" in value:
            return dt.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:]), 1)
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _planned(value: str, article: dt.date | None) -> bool:
    day = _day(value)
    if day is None or article is None:
        return False
    if "-W" in value:
        return day > article - dt.timedelta(days=article.weekday())
    if len(value) == 7:
        return (day.year, day.month) > (article.year, article.month)
    return day > article


def events(
    facts: Iterable[Fact],
    documents: Mapping[str, Document],
    sentences: Mapping[str, Sequence[Span]],
    names: Mapping[str, str] | None = None,
) -> list[Event]:
    """The events of the articles, merged across the sentences that report the same one.

    ``sentences``: each document's sentence spans (the extractor's splitter); ``names``: the
    phrases that name a party, with the party's id."""
    pattern = _party_pattern(names or {})
    by_doc: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.kind == "date" and fact.doc in documents:
            by_doc[fact.doc].append(fact)
    found: list[Event] = []
    for doc_id, document in documents.items():
        spans = sentences.get(doc_id, ())
        dated = _dated_events(document, by_doc.get(doc_id, []), spans, pattern, names or {})
        found += dated
        taken = {(e.start, e.end) for e in dated} | {
            span for f in by_doc.get(doc_id, []) if (span := _sentence_of(spans, f.start))
        }
        found += _lead_events(document, spans, taken, pattern, names or {})
    return merge(found)


def _participants(
    sentence: str, pattern: re.Pattern[str] | None, names: Mapping[str, str], *tied: str | None
) -> tuple[str, ...]:
    named = {names[m.group()] for m in pattern.finditer(sentence)} if pattern else set()
    return tuple(sorted(named | {t for t in tied if t}))


def _dated_events(
    document: Document,
    facts: Sequence[Fact],
    spans: Sequence[Span],
    pattern: re.Pattern[str] | None,
    names: Mapping[str, str],
) -> list[Event]:
    out: list[Event] = []
    seen: set[tuple[str, int]] = set()
    issues_of: dict[Span, set[str]] = defaultdict(set)
    for fact in facts:
        span = _sentence_of(spans, fact.start)
        if span is not None and fact.issue:
            issues_of[span].add(fact.issue)
    for fact in facts:
        span = _sentence_of(spans, fact.start)
        if span is None or not fact.resolved or not _PLACEABLE.match(fact.value):
            continue
        if (fact.value, span[0]) in seen:
            continue
        sentence = document.text[span[0] : span[1]]
        kind = _nearest_kind(sentence, fact.start - span[0])
        if kind is None:
            continue
        seen.add((fact.value, span[0]))
        citation = Citation(document.id, span[0], span[1], sentence, fact.text)
        out.append(
            Event(
                fact.value,
                kind,
                _participants(sentence, pattern, names, fact.actor),
                tuple(sorted(issues_of[span])),
                (citation,),
                _planned(fact.value, document.date),
            )
        )
    return out


def _lead_events(
    document: Document,
    spans: Sequence[Span],
    taken: set[Span],
    pattern: re.Pattern[str] | None,
    names: Mapping[str, str],
) -> list[Event]:
    """Events of the lead's sentences that report an act and name no date: the article's."""
    if document.date is None:
        return []
    rule = _lead_rule()
    out: list[Event] = []
    lead = [s for s in spans if _is_prose(document.text[s[0] : s[1]], rule.min_words)]
    for span in lead[: rule.sentences]:
        sentence = document.text[span[0] : span[1]]
        if span in taken or not rule.reported.search(sentence):
            continue
        kind = cue_label(sentence, CUES)
        if kind is None:
            continue
        out.append(
            Event(
                document.date.isoformat(),
                kind,
                _participants(sentence, pattern, names),
                (),
                (Citation(document.id, span[0], span[1], sentence, None),),
                False,
            )
        )
    return out


def _is_prose(sentence: str, min_words: int) -> bool:
    """A sentence of the body, not a headline, a dateline or page furniture."""
    return len(sentence.split()) >= min_words and sentence.rstrip("”\"')’").endswith((".", "!"))


def merge(found: Iterable[Event]) -> list[Event]:
    """One event per (kind, date) and group of overlapping participants, with every citation.

    Events with no participant are merged with nothing: "talks" on one day with no party named
    may be any talks."""
    groups: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in found:
        groups[(event.date, event.kind)].append(event)
    merged: list[Event] = []
    for group in groups.values():
        merged += _settle(group)
    return sorted(merged, key=lambda e: (e.date, e.kind, e.doc, e.start))


def _settle(pending: list[Event]) -> list[Event]:
    """Join events of one (date, kind) until no two share a participant (a third may bridge
    two)."""
    changed = True
    while changed:
        changed = False
        for i in range(len(pending)):
            for j in range(i + 1, len(pending)):
                if set(pending[i].participants) & set(pending[j].participants):
                    pending[i] = _joined(pending[i], pending.pop(j))
                    changed = True
                    break
            if changed:
                break
    return pending


def _joined(a: Event, b: Event) -> Event:
    citations = tuple(sorted({*a.citations, *b.citations}, key=lambda c: (c.doc, c.start)))
    return replace(
        a,
        participants=tuple(sorted({*a.participants, *b.participants})),
        issues=tuple(sorted({*a.issues, *b.issues})),
        citations=citations,
        planned=a.planned and b.planned,
    )
