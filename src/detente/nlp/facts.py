"""Facts: numbers, money, percentages, durations, counts and dates, normalised.

The words they are read with (months, number words, scales, currencies, units, counted nouns)
are ``data/facts.yaml``; the patterns that combine them are below.

Dates are resolved against the article's date ("last week", "on March 21", "Tuesday"); in an
undated article a relative date stays unresolved and says so. Each fact is later tied to the
nearest actor and the sentence's issue by the pipeline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from detente.nlp.datafiles import read_data, words

ALGORITHM = "facts.v1"

_DATA = read_data("facts.yaml")
MONTHS = {
    form: number for number, forms in enumerate(_DATA["months"]["forms"], 1) for form in forms
}
WEEKDAYS: list[str] = _DATA["weekdays"]["words"].split()
NUMBER_WORDS: dict[str, int] = dict(_DATA["number_words"]["values"])
SCALE_WORDS: dict[str, float] = dict(_DATA["scales"]["words"])
SCALES = SCALE_WORDS | dict(_DATA["scales"]["letters"])
CURRENCY_SYMBOLS: dict[str, str] = dict(_DATA["currencies"]["symbols"])
CURRENCY_WORDS: dict[str, str] = dict(_DATA["currencies"]["words"])
CURRENCIES = CURRENCY_SYMBOLS | CURRENCY_WORDS
DURATIONS: dict[str, str] = dict(_DATA["durations"]["units"])  # unit -> ISO template


def _alternatives(items: list[str]) -> str:
    return "(?:" + "|".join(items) + ")"


_NUM = r"\d+(?:[.,]\d+)*"
_WORDNUM = _alternatives(sorted(NUMBER_WORDS, key=len, reverse=True))
# Longest form first, so "Sept" is not read as "Sep" and a stray "t".
_MONTH = _alternatives(sorted((f.capitalize() for f in MONTHS), key=len, reverse=True)) + r"\.?"
_SCALE = _alternatives(list(SCALE_WORDS))
_SCALE_LETTER = "[" + "".join(_DATA["scales"]["letters"]) + "]n?"
_CURRENCY = _alternatives(sorted(CURRENCY_WORDS, key=len, reverse=True))
_SYMBOL = "[" + "".join(CURRENCY_SYMBOLS) + "]"
_UNIT = _alternatives(list(DURATIONS))
_WEEKDAY = _alternatives([w.capitalize() for w in WEEKDAYS])
_COUNTED = _alternatives(_DATA["counted_nouns"]["words"].split())
_QUALIFIER = _alternatives(_DATA["month_qualifiers"]["words"].split())
_ORDINAL = _alternatives(_DATA["ordinal_days"]["suffixes"].split())
AGO_UNITS: dict[str, str] = dict(_DATA["ago"]["units"])
_AGO_UNIT = _alternatives(sorted(AGO_UNITS, key=len, reverse=True))
# How far ahead of the article date a day or month named without a year may lie, with no word
# putting it ahead, before it is read as last year's.
SOON = dt.timedelta(days=31)

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "money",
        re.compile(
            rf"(?P<cur>{_SYMBOL})\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}|{_SCALE_LETTER})\b)?"
        ),
    ),
    (
        "money",
        re.compile(
            rf"\b(?P<num>{_NUM})\s?(?P<scale>{_SCALE})?\s?(?P<cur>{_CURRENCY})\b",
            re.I,
        ),
    ),
    ("percent", re.compile(rf"\b(?P<num>{_NUM})\s?(?:%|percent\b|per cent\b)", re.I)),
    ("count", re.compile(rf"\b(?P<a>{_NUM})[- ]for[- ](?P<b>{_NUM})\b")),
    (
        "date",
        re.compile(
            rf"\b(?P<agonum>\d{{1,2}}|{_WORDNUM}|a|an)\s(?P<agounit>{_AGO_UNIT})\sago\b", re.I
        ),
    ),
    (
        "duration",
        re.compile(
            rf"\b(?P<num>{_NUM}|{_WORDNUM})(?P<half> and a half)?[- ](?P<unit>{_UNIT})s?\b(?!-old)",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?P<month>{_MONTH})\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s(?P<year>\d{{4}}))?\b"
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s(?:of\s)?(?P<month>{_MONTH})(?:,?\s(?P<year>\d{{4}}))?\b"
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?:in|since|of|until|by|from)\s(?P<body>(?P<month>{_MONTH})?\s?(?P<year>(?:19|20)\d\d))\b"
        ),
    ),
    (
        "date",
        re.compile(rf"\b(?:(?i:{_QUALIFIER})[\s-])+(?P<body>(?P<month>{_MONTH}))(?!\s?\d)\b(?!-)"),
    ),
    (
        "date",
        re.compile(
            rf"\b(?i:on|by|until|since|from|before|after)\sthe\s(?P<ordday>[1-3]?\d)(?:{_ORDINAL})\b"
            r"(?!\s(?:[A-Z]|century|anniversary|round|time|day|floor|hour|minute|year))"
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(?P<rel>today|yesterday|tomorrow|(?:last|next|this) (?:week|month|year)|"
            r"(?:earlier|later) in the (?:week|month|year)|"
            rf"(?:on |last |next )?{_WEEKDAY})\b",
            re.I,
        ),
    ),
    (
        "count",
        re.compile(rf"\b(?P<num>{_NUM}|{_WORDNUM})\s(?P<noun>(?:[a-z]+\s)?{_COUNTED})\b"),
    ),
    ("number", re.compile(rf"\b(?P<num>\d{{2,}}(?:[.,]\d+)*)(?:\s(?P<scale>{_SCALE}))?\b")),
]
_CLOCK_AFTER = re.compile(r":\d")  # "13:09", not "this week: …"
_DATELINE = re.compile(rf"\b(?P<month>{_MONTH})\s(?P<day>\d{{1,2}}),?\s(?P<year>20\d\d)\b")
_ISO = re.compile(r"\b(?P<year>20\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")


@dataclass(frozen=True)
class FactHit:
    start: int  # offsets within the text given to find_facts
    end: int
    kind: str
    value: str
    unit: str | None
    resolved: bool = True


def _number(text: str) -> float | None:
    low = text.lower()
    if low in NUMBER_WORDS:
        return float(NUMBER_WORDS[low])
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def guess_article_date(text: str) -> dt.date | None:
    """A dateline near the top ("Mar 24, 2025 13:09"), for documents without a date."""
    head = text[:800]
    for pattern in (_ISO, _DATELINE):
        match = pattern.search(head)
        if match:
            month = match.group("month")
            month_number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            try:
                return dt.date(int(match.group("year")), month_number or 0, int(match.group("day")))
            except ValueError:
                continue
    return None


def _resolve_relative(rel: str, today: dt.date | None, ahead: bool = False) -> tuple[str, bool]:
    """``ahead``: the sentence speaks of the future, so a bare weekday is the coming one."""
    rel = rel.lower().removeprefix("on ").strip()
    if today is None:
        return f"unresolved:{rel}", False
    if rel == "today":
        return today.isoformat(), True
    if rel == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat(), True
    if rel == "tomorrow":
        return (today + dt.timedelta(days=1)).isoformat(), True
    words = rel.split()
    if words[-1] in WEEKDAYS:
        target = WEEKDAYS.index(words[-1])
        if words[0] == "next":
            delta = (target - today.weekday()) % 7 or 7
            return (today + dt.timedelta(days=delta)).isoformat(), True
        if ahead:  # "talks will resume on Monday"
            delta = (target - today.weekday()) % 7
            return (today + dt.timedelta(days=delta)).isoformat(), True
        # A bare weekday in news is the past one, or the day itself ("said on Tuesday" in a
        # Tuesday report).
        delta = (today.weekday() - target) % 7
        if words[0] == "last":  # "last Monday" in a Monday report is a week ago
            delta = delta or 7
        return (today - dt.timedelta(days=delta)).isoformat(), True
    direction = {"last": -1, "next": 1}.get(words[0], 0)  # this, earlier/later in the
    if words[-1] == "week":
        monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=direction)
        return f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}", True
    if words[-1] == "month":
        month_index = today.year * 12 + today.month - 1 + direction
        return f"{month_index // 12}-{month_index % 12 + 1:02d}", True
    return str(today.year + direction), True


def find_facts(text: str, article_date: dt.date | None) -> list[FactHit]:
    """Facts in one sentence, longest match first, no overlaps."""
    hits: list[FactHit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("body") if "body" in pattern.groupindex else match.span()
            if (start > 0 and text[start - 1] in ":.") or _CLOCK_AFTER.match(text, end):
                continue  # a clock time or a dotted number, not a fact
            if kind == "number" and match.group("num").isdigit() and len(match.group("num")) == 4:
                continue  # a bare year-like number; years are dates when introduced as such
            if any(s < end and start < e for s, e in taken):
                continue
            hit = _normalise(kind, match, article_date, _speaks_ahead(text[:start]))
            if hit is None:
                continue
            taken.append((start, end))
            hits.append(FactHit(start, end, *hit))
    return sorted(hits, key=lambda h: h.start)


def _speaks_ahead(before: str) -> bool:
    """Whether the words just before a date put it in the future ("talks will resume on …",
    not "said on … they will")."""
    words = before.lower().split()[-8:]
    recent = " ".join(words)
    markers = list(_FUTURE.finditer(recent))
    if not markers or any(w in _PAST_SPEECH for w in words):
        return False
    # "a summit that was scheduled to open in August": a plan of the past
    return recent[: markers[-1].start()].split()[-1:] not in (["was"], ["were"], ["had"])


_FUTURE = re.compile(r"\b" + _alternatives(_DATA["future_markers"]["patterns"]) + r"\b")
_PAST_SPEECH = words(_DATA["past_speech"]["words"])


Normalised = tuple[str, str, str | None, bool]  # kind, value, unit, resolved


def _normalise(
    kind: str, match: re.Match[str], today: dt.date | None, ahead: bool = False
) -> Normalised | None:
    groups = match.groupdict()
    if kind == "date":
        return _normalise_date(groups, today, ahead)
    if kind == "count" and groups.get("a"):
        return kind, _fmt(_number(groups["a"]) or 0), "exchange", True
    number = _number(groups["num"])
    if number is None:
        return None
    if kind == "money":
        scale = SCALES.get((groups.get("scale") or "").lower(), 1.0)
        currency = CURRENCIES.get(groups["cur"].lower(), groups["cur"].upper())
        return kind, _fmt(number * scale), currency, True
    if kind == "percent":
        return kind, _fmt(number), "%", True
    if kind == "count":
        if groups["num"].lower() in ("a", "an"):
            return None
        return kind, _fmt(number), groups["noun"].split()[-1], True
    if kind == "duration":
        if groups.get("half"):
            number += 0.5
        unit = groups["unit"].lower()
        return kind, DURATIONS[unit].format(n=_fmt(number)), unit, True
    scale = SCALES.get((groups.get("scale") or "").lower(), 1.0)
    return kind, _fmt(number * scale), None, True


def _normalise_date(
    groups: dict[str, str | None], today: dt.date | None, ahead: bool
) -> Normalised | None:
    """An ISO date (or year-month, or year) of a date match; relative ones against ``today``."""
    if groups.get("rel"):
        value, resolved = _resolve_relative(groups["rel"] or "", today, ahead)
        return "date", value, None, resolved
    if groups.get("agounit") or groups.get("ordday"):
        return _count_back(groups, today, ahead)
    month_name = groups.get("month")
    month = MONTHS.get(month_name.lower().rstrip(".")) if month_name else None
    year_text = groups.get("year")
    day_text = groups.get("day")
    if year_text is None and today is None:
        if month and day_text:
            return "date", f"unresolved:--{month:02d}-{int(day_text):02d}", None, False
        return None
    if year_text is None and month and today is not None:
        year = _nearest_year(today, month, int(day_text) if day_text else 1, ahead)
    else:
        year = int(year_text) if year_text else today.year if today else 0
    if month and day_text:
        try:
            return "date", dt.date(year, month, int(day_text)).isoformat(), None, True
        except ValueError:
            return None
    if month:
        return "date", f"{year}-{month:02d}", None, True
    return "date", str(year), None, True


def _nearest_year(today: dt.date, month: int, day: int, ahead: bool) -> int:
    """The year of a day or month named without one: the coming one when the sentence speaks
    ahead, else the last one, unless it is at most a month away ("talks in Paris on 27 March"
    in a 22 March article need no "will")."""
    try:
        candidate = dt.date(today.year, month, min(day, 28))
    except ValueError:
        return today.year
    if ahead:
        return today.year + 1 if today - candidate > SOON else today.year
    return today.year - 1 if candidate - today > SOON else today.year


def _count_back(
    groups: dict[str, str | None], today: dt.date | None, ahead: bool
) -> Normalised | None:
    """ "three days ago" and "on the 25th", against the article date."""
    if groups.get("ordday"):
        day = int(groups["ordday"] or 0)
        if not 1 <= day <= 31:
            return None
        if today is None:
            return "date", f"unresolved:the {day}th", None, False
        month_index = today.year * 12 + today.month - 1
        if ahead and day < today.day:
            month_index += 1
        elif not ahead and day > today.day:
            month_index -= 1
        try:
            found = dt.date(month_index // 12, month_index % 12 + 1, day)
        except ValueError:
            return None
        return "date", found.isoformat(), None, True
    unit = AGO_UNITS[(groups["agounit"] or "").lower()]
    raw = (groups["agonum"] or "").lower()
    count = 1 if raw in ("a", "an") else int(_number(raw) or 0)
    if today is None:
        return "date", f"unresolved:{count} {unit} ago", None, False
    if unit == "day":
        return "date", (today - dt.timedelta(days=count)).isoformat(), None, True
    if unit == "week":
        week = (today - dt.timedelta(weeks=count)).isocalendar()
        return "date", f"{week.year}-W{week.week:02d}", None, True
    month_index = today.year * 12 + today.month - 1 - count
    return "date", f"{month_index // 12}-{month_index % 12 + 1:02d}", None, True
