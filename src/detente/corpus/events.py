"""Events of a negotiation (calls, talks, proposals, agreements, violations), from dated
sentences of the articles. Pure functions over plain data.

A sentence is an event when its words say what kind (``data/event_cues.yaml``) and it is dated:
by a resolved date fact in the sentence (the fact step normalises "on Tuesday", "last week",
"March 18" or "on the 25th" against the article's date), or, for a sentence of the article's
lead that reports an act and names no date ("Moscow agreed to the pause, the Kremlin said"), by
the article's date itself. The kind is that of the cue nearest the date, unless a speech word
is nearer ("said on Friday that ..." dates the saying). Participants are the parties whose
names (``names``: phrase -> party, from the scenario and the gazetteer) the date's clause holds
(a sentence with several dates is cut between them), plus the party the fact step tied the date
to; issues are those the fact step gave the sentence. An event dated after its article's date
is ``planned``.

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
    participants: tuple[str, ...] = ()  # the parties this sentence names for the event


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
class _Rules:
    lead_sentences: int
    lead_min_words: int
    hedges: re.Pattern[str]
    speech: re.Pattern[str]
    max_cue_distance: int


@cache
def _rules() -> _Rules:
    text = resources.files("detente.corpus").joinpath("data", CUES).read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    lead = data["lead"]
    return _Rules(
        int(lead["sentences"]),
        int(lead["min_words"]),
        re.compile(r"\b(?:" + "|".join(lead["hedges"]) + r")\b", re.I),
        re.compile(r"\b(?:" + "|".join(data["speech"]["words"]) + r")\b", re.I),
        int(data["max_cue_distance"]),
    )


# Dates at a day's, a week's or a month's precision place an event; a bare year does not.
_PLACEABLE = re.compile(r"^\d{4}-(?:\d\d-\d\d|W\d\d|\d\d)$")


def _distance(match: re.Match[str], start: int, end: int) -> int:
    return max(0, match.start() - end, start - match.end())


def _nearest_kind(sentence: str, start: int, end: int) -> str | None:
    """The kind of the cue nearest the date at ``[start, end)`` of the sentence (rule order
    breaks ties); None when a speech word is nearer still: the date is the day of saying."""
    best: tuple[int, int, str] | None = None
    for order, (label, pattern) in enumerate(cue_rules(CUES)):
        for match in pattern.finditer(sentence):
            distance = _distance(match, start, end)
            if best is None or (distance, order) < best[:2]:
                best = (distance, order, label)
    if best is None or best[0] > _rules().max_cue_distance:
        return None
    said = [_distance(m, start, end) for m in _rules().speech.finditer(sentence)]
    return None if said and min(said) < best[0] else best[2]


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


def ends_after(value: str, since: dt.date) -> bool:
    """Whether the day, week or month ``value`` reaches past ``since``."""
    first = _day(value)
    if first is None:
        return False
    if "-W" in value:
        return first + dt.timedelta(days=6) > since
    if len(value) == 7:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1) > since
    return first > since


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
    sentence: str,
    pattern: re.Pattern[str] | None,
    names: Mapping[str, str],
    within: Span | None = None,
    tied: str | None = None,
) -> tuple[str, ...]:
    """The parties the sentence names (within its clause ``within``, when that names any),
    with the party the fact step tied the date to."""
    found = [(m.start(), names[m.group()]) for m in pattern.finditer(sentence)] if pattern else []
    if within is not None and any(within[0] <= at < within[1] for at, _ in found):
        found = [(at, party) for at, party in found if within[0] <= at < within[1]]
    return tuple(sorted({party for _, party in found} | ({tied} if tied else set())))


def _clauses(dates: Sequence[Span], length: int) -> list[Span]:
    """Each date's share of a sentence that holds several: from the end of the date before
    it to its own end (the last one to the sentence's end)."""
    bounds = [0, *(end for _, end in dates[:-1]), length]
    return [(bounds[i], bounds[i + 1]) for i in range(len(dates))]


def _dated_events(
    document: Document,
    facts: Sequence[Fact],
    spans: Sequence[Span],
    pattern: re.Pattern[str] | None,
    names: Mapping[str, str],
) -> list[Event]:
    by_sentence: dict[Span, list[Fact]] = defaultdict(list)
    for fact in facts:
        span = _sentence_of(spans, fact.start)
        if span is not None:
            by_sentence[span].append(fact)
    out: list[Event] = []
    for span, held in by_sentence.items():
        sentence = document.text[span[0] : span[1]]
        issues = tuple(sorted({f.issue for f in held if f.issue}))
        placed = sorted(
            (f for f in held if f.resolved and _PLACEABLE.match(f.value)), key=lambda f: f.start
        )
        local = [(f.start - span[0], f.end - span[0]) for f in placed]
        seen: set[str] = set()
        for fact, at, clause in zip(placed, local, _clauses(local, len(sentence)), strict=True):
            kind = _nearest_kind(sentence, *at)
            if kind is None or fact.value in seen:
                continue
            seen.add(fact.value)
            parties = _participants(sentence, pattern, names, clause, fact.actor)
            citation = Citation(document.id, span[0], span[1], sentence, fact.text, parties)
            planned = _planned(fact.value, document.date)
            out.append(Event(fact.value, kind, parties, issues, (citation,), planned))
    return out


def _lead_events(
    document: Document,
    spans: Sequence[Span],
    taken: set[Span],
    pattern: re.Pattern[str] | None,
    names: Mapping[str, str],
) -> list[Event]:
    """Events of the lead's sentences that name a party and a cue but no date and do not hedge:
    the article's date."""
    if document.date is None:
        return []
    rules = _rules()
    out: list[Event] = []
    lead = [s for s in spans if _is_prose(document.text[s[0] : s[1]], rules.lead_min_words)]
    for span in lead[: rules.lead_sentences]:
        sentence = document.text[span[0] : span[1]]
        kind = cue_label(sentence, CUES)
        if span in taken or kind is None or _hedged(sentence, rules.hedges):
            continue
        parties = _participants(sentence, pattern, names)
        if not parties:  # an act needs an actor: "talks would call for patience" is none
            continue
        citation = Citation(document.id, span[0], span[1], sentence, None, parties)
        out.append(Event(document.date.isoformat(), kind, parties, (), (citation,), False))
    return out


def _hedged(sentence: str, hedges: re.Pattern[str]) -> bool:
    """Whether a hedge comes before the sentence's first cue ("possible future talks")."""
    first = min(
        (m.start() for _, pattern in cue_rules(CUES) if (m := pattern.search(sentence))),
        default=len(sentence),
    )
    return hedges.search(sentence, 0, first) is not None


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
