"""Where sources disagree: spellings, numbers, dates, stances, counts of the same set.

Every conflict lists, for each side, the spans that state it. Syndicated copies (exact or near
duplicates) are one source: a copy cannot disagree with its original, nor outvote it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz.distance import Levenshtein

from detente.domain import Claim, Conflict, ConflictSide, Document, Fact
from detente.nlp.records import MentionRow

ALGORITHM = "conflicts.v2"

Ref = tuple[str, int, int]


def _sides(groups: dict[str, list[Ref]]) -> tuple[ConflictSide, ...]:
    return tuple(
        ConflictSide(value=value, sources=tuple(sorted(set(refs))))
        for value, refs in sorted(groups.items())
    )


def _root(doc_id: str, documents: dict[str, Document]) -> str:
    doc = documents.get(doc_id)
    if doc is None:
        return doc_id
    return doc.duplicate_of or doc.near_duplicate_of or doc.id


def _inflection(a: str, b: str) -> bool:
    return a != b and (a.startswith(b) or b.startswith(a))


# A duration followed by one of these measures the time between two events ("one day after
# the US team met"), not the length of anything: it cannot disagree with a truce's 30 days.
_INTERVAL_AFTER = re.compile(r"\s*(after|before|earlier|later|ago|since)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
_DATE_LINKS = {"on", "from", "of", "by", "since", "until", "in", "at", "last", "this", "the"}
_ISO_DURATION = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$"
)
_DURATION_UNITS = ("year", "month", "week", "day", "hour", "minute")


def duration_words(value: str) -> str:
    """``P30D`` -> ``30 days``, ``PT24H`` -> ``24 hours``; other values unchanged."""
    match = _ISO_DURATION.match(value)
    if not match or not any(match.groups()):
        return value
    parts = [
        f"{int(n)} {unit}{'s' * (int(n) != 1)}"
        for n, unit in zip(match.groups(), _DURATION_UNITS, strict=True)
        if n is not None
    ]
    return ", ".join(parts)


def _is_interval(fact: Fact, documents: dict[str, Document]) -> bool:
    doc = documents.get(fact.doc)
    return doc is not None and bool(_INTERVAL_AFTER.match(doc.text, fact.end))


def _date_event(fact: Fact, documents: dict[str, Document]) -> str | None:
    """The event word a date is attached to: the nearest word before it that is not a link
    ("started on March 18" -> "start"). Dates of different events never conflict."""
    doc = documents.get(fact.doc)
    if doc is None:
        return None
    words = _WORD.findall(doc.text[max(0, fact.start - 60) : fact.start])
    for word in reversed(words):
        if word.lower() not in _DATE_LINKS:
            return re.sub(r"(ed|d|s)$", "", word.lower())
    return None


_OF_WHAT = re.compile(r"\s+(?:of|in)\s+(?:the\s+|its\s+|their\s+)?([A-Za-z]+(?:\s+[a-z]+)?)")


def _measured(fact: Fact, documents: dict[str, Document]) -> str | None:
    """What a share or an amount measures, from the words after it ("20% of its exports");
    None when the text does not say, so that it is compared with nothing."""
    doc = documents.get(fact.doc)
    match = _OF_WHAT.match(doc.text, fact.end) if doc is not None else None
    if match is None:
        return None
    return f" ({fact.unit or ''}) of {match.group(1).lower()}"


def spelling_conflicts(mentions: list[MentionRow]) -> list[Conflict]:
    """Variants matched to a known person, and close spellings of unknown people's surnames."""
    by_canonical: dict[str, dict[str, list[Ref]]] = defaultdict(lambda: defaultdict(list))
    surname_refs: dict[str, list[Ref]] = defaultdict(list)
    for doc, start, end, text, _actor, kind, canonical in mentions:
        name = text.removesuffix("'s").removesuffix("’s")
        if kind == "variant" and canonical:
            if _inflection(name.split()[-1], canonical.split()[-1]):
                continue  # "State" (of Secretary of State) is no spelling of "States"
            by_canonical[canonical.split()[-1]][name.split()[-1]].append((doc, start, end))
        elif kind in ("person", "alias", "other", "commentator"):
            surname = name.split()[-1] if name.split() else name
            if len(surname) >= 4 and surname[:1].isupper():
                surname_refs[surname].append((doc, start, end))
    for canonical, groups in by_canonical.items():
        if canonical in surname_refs:
            groups[canonical] += surname_refs[canonical]
    names = sorted(surname_refs)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if a[0] != b[0] or abs(len(a) - len(b)) > 1 or Levenshtein.distance(a, b) != 1:
                continue
            if _inflection(a, b):
                continue  # an inflection (Russia/Russian, Ukrainian/Ukrainians), not a spelling
            key = a if len(surname_refs[a]) >= len(surname_refs[b]) else b
            groups = by_canonical[key]
            groups.setdefault(a, list(surname_refs[a]))
            groups.setdefault(b, list(surname_refs[b]))
    return [
        Conflict(kind="spelling", subject=f"spelling of {canonical}", sides=_sides(groups))
        for canonical, groups in sorted(by_canonical.items())
        if len(groups) >= 2
    ]


def fact_conflicts(facts: list[Fact], documents: dict[str, Document]) -> list[Conflict]:
    """Different values for one fact across sources, each source stating one value."""
    keyed: dict[tuple[str, str], dict[str, dict[str, list[Ref]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for fact in facts:
        if not fact.resolved:
            continue
        if fact.kind == "count" and fact.unit and fact.unit != "exchange":
            key = ("count", f"number of {fact.unit}" + (f" ({fact.issue})" if fact.issue else ""))
        elif fact.kind in ("duration", "money", "percent") and fact.issue:
            if fact.kind == "duration" and _is_interval(fact, documents):
                continue
            # Money and shares are only comparable in the same unit and of the same subject.
            subject = "" if fact.kind == "duration" else _measured(fact, documents)
            if subject is None:
                continue
            key = ("number", f"{fact.kind}{subject} on {fact.issue}")
        elif fact.kind == "count" and fact.issue:
            key = ("count", f"exchange on {fact.issue}")
        elif fact.kind == "date" and fact.issue and len(fact.value) == 10:
            event = _date_event(fact, documents)
            if event is None:
                continue
            key = ("date", f"date when {event} on {fact.issue}")
        else:
            continue
        root = _root(fact.doc, documents)
        keyed[key][root][fact.value].append((fact.doc, fact.start, fact.end))
    conflicts = []
    for (kind, subject), per_source in sorted(keyed.items()):
        single = {src: values for src, values in per_source.items() if len(values) == 1}
        groups: dict[str, list[Ref]] = defaultdict(list)
        for values in single.values():
            for value, refs in values.items():
                groups[duration_words(value) if kind == "number" else value] += refs
        if len(groups) >= 2:
            conflicts.append(Conflict(kind=kind, subject=subject, sides=_sides(groups)))
    return conflicts


def stance_conflicts(claims: list[Claim], documents: dict[str, Document]) -> list[Conflict]:
    """One party reported both for and against one issue."""
    grouped: dict[tuple[str, str], dict[str, list[Ref]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        grouped[(claim.actor, claim.issue)][claim.stance].append(
            (claim.doc, claim.start, claim.end)
        )
    return [
        Conflict(kind="stance", subject=f"stance of {actor} on {issue}", sides=_sides(groups))
        for (actor, issue), groups in sorted(grouped.items())
        if "for" in groups and "against" in groups
    ]


def find_conflicts(
    documents: list[Document],
    mentions: list[MentionRow],
    facts: list[Fact],
    claims: list[Claim],
) -> list[Conflict]:
    by_id = {d.id: d for d in documents}
    return (
        spelling_conflicts(mentions)
        + fact_conflicts(facts, by_id)
        + stance_conflicts(claims, by_id)
    )
