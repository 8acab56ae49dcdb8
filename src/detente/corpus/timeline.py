"""Positions over time and events, from the claims and facts of dated articles. Pure functions.

A claim is placed at its article's date. Per (issue, party, date) the points of the claims of
that day are averaged: ``for`` is 100 (the issue's proposition adopted), ``against`` 0,
``conditional`` 50, each weighted by the claim's confidence; the point keeps every claim behind
it. "What changed since D" compares each party's last point on or before D with its points
after D: a first point after D is a new position, a point on the other side of 50 from the
previous one is a reversal, and a claim whose sentence states a limit ("red line", "never",
"will not accept", see ``data/red_line_cues.yaml``) is a new red line.

Events (calls, talks, proposals, agreements, violations) are :mod:`detente.corpus.events`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ruamel.yaml import YAML

from detente.domain.corpus import Claim

STANCE_POINT = {"for": 100.0, "against": 0.0, "conditional": 50.0}


@dataclass(frozen=True)
class Point:
    """One party's position on one issue on one article date, with the claims behind it."""

    issue: str
    actor: str
    date: dt.date
    position: float
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Change:
    kind: str  # "new position", "reversal" or "new red line"
    issue: str
    actor: str
    date: dt.date
    before: float | None
    after: float
    claim: Claim


@cache
def cue_rules(name: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, pattern) rules of a data file; each rule also has an example a test checks."""
    text = resources.files("detente.corpus").joinpath("data", name).read_text(encoding="utf-8")
    rules = YAML(typ="safe").load(text)["rules"]
    return tuple(
        (rule["label"], re.compile(r"\b(?:" + "|".join(rule["patterns"]) + r")\b", re.I))
        for rule in rules
    )


def cue_label(sentence: str, name: str) -> str | None:
    """The label of the first rule of data file ``name`` whose pattern the sentence contains."""
    for label, pattern in cue_rules(name):
        if pattern.search(sentence):
            return label
    return None


def positions_over_time(
    claims: Iterable[Claim], dates: Mapping[str, dt.date | None]
) -> list[Point]:
    """A point per (issue, party, article date); claims of undated articles are left out."""
    grouped: dict[tuple[str, str, dt.date], list[Claim]] = defaultdict(list)
    for claim in claims:
        day = dates.get(claim.doc)
        if day is not None:
            grouped[(claim.issue, claim.actor, day)].append(claim)
    points = []
    for (issue, actor, day), group in sorted(grouped.items()):
        weights = [max(c.confidence, 1e-6) for c in group]
        value = sum(STANCE_POINT[c.stance] * w for c, w in zip(group, weights, strict=True))
        points.append(Point(issue, actor, day, value / sum(weights), tuple(group)))
    return points


def changes_since(points: Sequence[Point], since: dt.date) -> list[Change]:
    """New positions, reversals and new red lines after ``since``, in date order."""
    by_line: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for point in points:
        by_line[(point.issue, point.actor)].append(point)
    changes: list[Change] = []
    for (issue, actor), line in by_line.items():
        line.sort(key=lambda p: p.date)
        previous = next((p for p in reversed(line) if p.date <= since), None)
        for point in (p for p in line if p.date > since):
            before = previous.position if previous else None
            first = point.claims[0]
            if previous is None:
                changes.append(
                    Change("new position", issue, actor, point.date, None, point.position, first)
                )
            elif (previous.position - 50) * (point.position - 50) < 0:
                changes.append(
                    Change("reversal", issue, actor, point.date, before, point.position, first)
                )
            for claim in point.claims:
                if cue_label(claim.sentence, "red_line_cues.yaml"):
                    changes.append(
                        Change(
                            "new red line", issue, actor, point.date, before, point.position, claim
                        )
                    )
            previous = point
    return sorted(changes, key=lambda c: (c.date, c.issue, c.actor, c.kind))
