"""What a reader types into a search box, as an SQLite FTS5 query, and the words to highlight.

FTS5 reads ``cease-fire`` as the column filter ``cease - fire:`` ("no such column: fire"), and
``U.S.`` or ``30-day`` fail the same way. Bare words with punctuation inside are therefore quoted
as phrases (``"cease fire"``, which FTS5 tokenises as the two words in a row), and a hyphenated
word also matches its closed spelling (``ceasefire``). FTS5's own syntax still works: "a phrase",
OR, AND, NOT, parentheses, ``prefix*``; a malformed query stays an FTS5 error (a coded 400).

Spelling variants are searched together: a word that is one of a group's variants (the names
and aliases of one scenario party whose spellings are close, e.g. Kyiv and Kiev, Luhansk and
Lugansk) is searched as any of them, so each variant finds the same sentences.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_WORD = re.compile(r"\w+\*?")
_PARTS = re.compile(r"\w+")
SIMILAR = 0.7  # difflib ratio from which two names of one party are spellings of one word


@dataclass(frozen=True)
class Query:
    fts: str  # the FTS5 MATCH expression
    terms: tuple[tuple[str, ...], ...]  # words of each term to highlight ("cease", "fire")
    variants: tuple[str, ...] = ()  # spellings searched besides those typed


def spelling_groups(names: Iterable[Sequence[str]]) -> list[list[str]]:
    """Within each party's names, the sets of close spellings (linked transitively, so every
    variant of a set expands to the whole set); single spellings are left out."""
    groups: list[list[str]] = []
    for party in names:
        groups.extend(s for s in _clusters(list(dict.fromkeys(n for n in party if n.strip()))))
    return [g for g in groups if len(g) > 1]


def _clusters(words: list[str]) -> list[list[str]]:
    """``words`` split into sets linked by close spelling (union-find over all pairs)."""
    parent = list(range(len(words)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            if _close(a, words[j]):
                parent[root(j)] = root(i)
    sets: dict[int, list[str]] = {}
    for i, word in enumerate(words):
        sets.setdefault(root(i), []).append(word)
    return list(sets.values())


def _close(a: str, b: str) -> bool:
    """Spellings of one name: as many words, each pair of words close (Scott Bessant, Scott
    Bessent), so that two people sharing a first name are not taken for one."""
    words_a, words_b = a.casefold().split(), b.casefold().split()
    return len(words_a) == len(words_b) and all(
        difflib.SequenceMatcher(None, x, y).ratio() >= SIMILAR
        for x, y in zip(words_a, words_b, strict=True)
    )


def _phrase(words: Sequence[str]) -> str:
    return '"' + " ".join(words) + '"'


def _term(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else _phrase(parts)


def build_query(text: str, groups: Sequence[Sequence[str]] = ()) -> Query:
    """The FTS5 query for ``text``, with each bare word's spelling variants OR-ed in."""
    variants_of: dict[str, list[str]] = {}
    for group in groups:
        for name in group:
            variants_of[name.casefold()] = list(group)
    out: list[str] = []
    terms: list[tuple[str, ...]] = []
    extra: list[str] = []
    negated = False
    for token in _TOKEN.findall(text):
        if token in OPERATORS or token in "()" or token.startswith('"'):
            out.append(token)
            if token.startswith('"') and not negated:
                terms.append(tuple(_PARTS.findall(token)))
            negated = token == "NOT"
            continue
        parts = _PARTS.findall(token)
        if _WORD.fullmatch(token) or not parts:
            expression = token  # a plain word or prefix*, or pure punctuation (left to FTS5)
        elif "-" in token and len(parts) > 1:
            expression = f"({_phrase(parts)} OR {''.join(parts)})"
            terms.append(("".join(parts),))
        else:
            expression = _phrase(parts)
        spellings = [
            v for v in variants_of.get(token.casefold(), []) if v.casefold() != token.casefold()
        ]
        if spellings:
            expression = (
                "("
                + " OR ".join([expression, *(_term(_PARTS.findall(v)) for v in spellings)])
                + ")"
            )
            extra += spellings
        out.append(expression)
        if not negated and parts:
            terms.append(tuple(parts) if not token.endswith("*") else (parts[0] + "*",))
            terms.extend(tuple(_PARTS.findall(v)) for v in spellings)
        negated = False
    return Query(" ".join(out), tuple(t for t in terms if t), tuple(dict.fromkeys(extra)))


def _pattern(term: Sequence[str]) -> str:
    words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in term]
    return r"\b" + r"[\W_]*".join(words) + r"(?!\w)"


def highlight(text: str, terms: Sequence[Sequence[str]]) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each marked True where it matches one of ``terms`` (case and
    the punctuation between a term's words ignored, as FTS5 ignores them)."""
    if not terms:
        return [(text, False)]
    pattern = re.compile("|".join(_pattern(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        if match.start() > at:
            pieces.append((text[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces
