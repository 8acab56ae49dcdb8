"""Discourse structure of a news article: headings, questions and paragraphs.

A news article's short section headings ("Russia's demands", "What Kyiv wants") label the
paragraphs beneath them; a question ("What does Moscow want?") asks, it does not state a
position. Neither carries a stance of its own, but a heading names the topic the paragraphs
under it are about, and a paragraph keeps the topic of its previous sentence. These are
cues to structure, independent of the scenario.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALGORITHM = "discourse.v1"
HEADING_MAX_WORDS = 12
_FINAL = re.compile(r"""[.!?:;,]["”’')\]]*\s*$""")
_QUESTION = re.compile(r"""\?["”’')\]]*\s*$""")


@dataclass(frozen=True)
class Segment:
    """Where a sentence sits: its role and which paragraph of its document holds it."""

    role: str  # "heading" | "question" | "body"
    paragraph: int


def _whole_line(text: str, start: int, end: int) -> bool:
    before = text[text.rfind("\n", 0, start) + 1 : start]
    newline = text.find("\n", end)
    after = text[end : newline if newline >= 0 else len(text)]
    return not before.strip() and not after.strip()


def is_heading(text: str, start: int, end: int) -> bool:
    """A line of its own, short, without final punctuation: a section heading or headline."""
    sentence = text[start:end]
    return (
        _whole_line(text, start, end)
        and not _FINAL.search(sentence)
        and len(sentence.split()) <= HEADING_MAX_WORDS
    )


def segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """Role and paragraph number of each sentence span of ``text``, in order."""
    out: list[Segment] = []
    paragraph = 0
    previous_end = 0
    for start, end in spans:
        if out and "\n" in text[previous_end:start]:
            paragraph += 1
        if is_heading(text, start, end):
            role = "heading"
        elif _QUESTION.search(text[start:end]):
            role = "question"
        else:
            role = "body"
        out.append(Segment(role, paragraph))
        previous_end = end
    return out
