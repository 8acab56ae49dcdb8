"""Wording rules shared by the report and the dashboard.

One place decides how a sentence about a party is worded, so that a reader can tell what a source
said from what the analyst or a model made of it:

- the scale's anchor labels are the analyst's words: they are paraphrased ("near the scale's
  mark for ..."), never put in quotation marks;
- only verbatim article text is ever enclosed in quotation marks (:func:`quoted` is the one way in,
  and :func:`unquoted_spans` is the check the tests run over every sentence);
- the hedge follows the evidence and the confidence: no evidence says so, a low confidence is the
  analyst's inference from the outlets, a middling one is "reportedly", a high one "according to";
- a red line is "stated" only when it rests on cited evidence with a confidence of at least
  :data:`STATED_CONFIDENCE`; otherwise it is marked as the analyst's inference;
- a party's name agrees with its verb ("the European supporters ... want").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from detente.domain import Issue, Position

NEAR_ANCHOR = 5.0  # axis points within which a position "is" at an anchor rather than between two
CONFIDENT = 0.8  # at or above: "according to <outlet>"
INFERRED_BELOW = 0.5  # below: "the analyst's inference from <outlet>"
STATED_CONFIDENCE = 0.6  # a red line on evidence at or above this confidence reads as stated
OPEN_QUOTE, CLOSE_QUOTE = "“", "”"
UNNAMED_SOURCE = "an unnamed source"

# Names that read as a noun phrase and take "the" in running text ("the United States wants").
_TAKES_ARTICLE = ("United ", "European ", "Netherlands", "Philippines", "Kremlin", "White House")
# Names ending in "s" that still take a singular verb.
_SINGULAR_S = ("United States", "Netherlands", "Philippines", "Bahamas", "United Nations")


def num(value: float) -> str:
    """A number as a reader wants it: at most one decimal, no trailing zero."""
    return f"{value:.1f}".removesuffix(".0")


def noun(name: str) -> str:
    return f"the {name}" if name.startswith(_TAKES_ARTICLE) else name


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_plural(name: str) -> bool:
    """Whether a party's name takes a plural verb: its head noun ends in -s ("supporters")."""
    if name.startswith(_SINGULAR_S):
        return False
    head = re.split(r" \(| of ", name, maxsplit=1)[0].split()
    word = head[-1] if head else ""
    return word.endswith("s") and not word.endswith("ss") and word[:1].islower()


def verb(name: str, singular: str, plural: str) -> str:
    return plural if is_plural(name) else singular


def quoted(verbatim: str) -> str:
    """Verbatim article text in quotation marks; nothing else may be passed here."""
    return f"{OPEN_QUOTE}{verbatim}{CLOSE_QUOTE}"


def source_name(outlet: str | None) -> str:
    """The outlet as prose names it; a file name never stands in for it."""
    return outlet or UNNAMED_SOURCE


def scale_point(issue: Issue, value: float) -> str:
    """Words for a point on the issue's axis, paraphrasing its anchor labels (never quoting)."""
    at = f"{num(value)}/100"
    anchors = sorted(issue.anchors.items())
    if not anchors:
        return f"{at} on a scale where 100 means the proposition is fully adopted"
    nearest_point, nearest_label = min(anchors, key=lambda a: abs(a[0] - value))
    if abs(nearest_point - value) <= NEAR_ANCHOR:
        return f"{at}, the scale's mark for {nearest_label}"
    below = [a for a in anchors if a[0] < value]
    above = [a for a in anchors if a[0] > value]
    if below and above:
        low, high = below[-1], above[0]
        between = (
            f"between the scale's marks for {low[1]} ({num(low[0])}) and {high[1]} ({num(high[0])})"
        )
        to_low, to_high = value - low[0], high[0] - value
        if abs(to_low - to_high) < 1e-9:
            return f"{at}, midway {between}"
        return f"{at}, {between}, nearer the {'first' if to_low < to_high else 'second'}"
    return f"{at}, beyond the scale's mark for {nearest_label}"


def evidence_hedge(outlets: Sequence[str | None], confidence: float | None) -> str:
    """How a sentence resting on ``outlets`` opens, given the analyst's confidence."""
    names = list(dict.fromkeys(source_name(o) for o in outlets))
    if not names:
        return "By the analyst's estimate, with no source cited,"
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    if confidence is not None and confidence < INFERRED_BELOW:
        return f"In the analyst's inference from {joined},"
    if confidence is None or confidence < CONFIDENT:
        return "Reportedly,"
    return f"According to {joined},"


def red_line_is_stated(pos: Position) -> bool:
    return bool(pos.evidence) and (pos.confidence is None or pos.confidence >= STATED_CONFIDENCE)


def red_line_sentence(issue: Issue, pos: Position) -> str | None:
    if pos.red_line is None:
        return None
    direction = "above" if pos.red_line >= pos.position else "below"
    limit = f"no outcome {direction} {scale_point(issue, pos.red_line)}"
    if red_line_is_stated(pos):
        return f"Its stated red line, as reported: {limit}."
    return f"Its red line is inferred by the analyst, not stated in the sources: {limit}."


def beyond_red_line(pos: Position, outcome: float) -> bool:
    return not pos.accepts(outcome)


# Quotation marks of every style that could enclose a span in prose.
_QUOTED = re.compile(r"“([^”]*)”|\"([^\"]*)\"|‘([^’]*)’|(?<![A-Za-z])'([^']*)'(?![A-Za-z])")


def quoted_spans(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(text)]


def _words(text: str) -> str:
    return " ".join(text.split())


def unquoted_spans(text: str, sources: Iterable[str]) -> list[str]:
    """The spans of ``text`` inside quotation marks that are not verbatim in any of ``sources``
    (line breaks and runs of spaces count as one space: a quote may be set on one line)."""
    pool = [_words(s) for s in sources]
    return [span for span in quoted_spans(text) if not any(_words(span) in s for s in pool)]
