"""Sentence splitting with character offsets into the stored text.

A rule splitter (paragraph breaks, then sentence-final punctuation followed by a capital, a
quote or a digit, minus common abbreviations and initials). It is much faster than the
parser's segmentation and never merges two paragraphs, which headline-heavy news text needs.
"""

from __future__ import annotations

import re

ALGORITHM = "sentences.v1"
_PARAGRAPH = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(r"""[.!?]+["”’')\]]*(?=\s+["“‘(\[]?[A-Z0-9])""")
# A wire dateline or a live blog's time stamp opening a paragraph ("KYIV, Ukraine (AP) —",
# "RIYADH/MOSCOW –", "09:40 GMT –", "10.15am:") is a unit of its own: parsed as the
# sentence's start it derails the subject of the sentence.
_DATELINE = re.compile(
    r"(?:[A-Z]{3,}(?:[A-Z'./ ]*[A-Z])?(?:,[ A-Za-z.]+)?"  # place, state or country
    r"(?: \([^)\n]{1,30}\))?"  # agency
    r" +[-–—]{1,2}"
    r"|\d{1,2}[:.]\d{2} ?(?:[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,4})? *(?:[-–—]{1,2}|:))"  # time
    r" +(?=[\"“A-Z])"
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LOOKBACK = 40  # longer than any abbreviation, so the window never changes the answer
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "maj",
        "sgt",
        "capt",
        "adm",
        "prof",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "approx",
        "est",
    ]
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for paragraph in _PARAGRAPH.finditer(text):
        base, chunk = paragraph.start(), paragraph.group()
        start = 0
        dateline = _DATELINE.match(chunk)
        if dateline is not None:
            _append(spans, chunk, base, 0, dateline.end())
            start = dateline.end()
        for match in _BOUNDARY.finditer(chunk):
            end = match.end()
            if _is_abbreviation(chunk, match.start()):
                continue
            _append(spans, chunk, base, start, end)
            start = end
        _append(spans, chunk, base, start, len(chunk))
    return spans


def _is_abbreviation(chunk: str, dot: int) -> bool:
    if chunk[dot] != ".":
        return False
    # Only the word before the dot matters; looking back a bounded window keeps a long
    # paragraph linear (searching all of chunk[:dot] at every boundary was quadratic).
    word = _WORD_BEFORE.search(chunk, max(0, dot - _LOOKBACK), dot)
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    # A single capital letter is an initial ("George W. Bush"); dotted forms are "U.S."-like.
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _append(spans: list[tuple[int, int]], chunk: str, base: int, start: int, end: int) -> None:
    piece = chunk[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append((base + start + lead, base + start + lead + len(stripped)))
