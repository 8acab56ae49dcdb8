"""Words as the issue matcher sees them: tokens, stop words, stems and a negotiation thesaurus.

News coverage names one thing many ways ("truce", "cease-fire", "ceasefire"; "peacekeepers",
"troops"; "rare earths", "minerals"), and the analyst who wrote the scenario picked one of
them. The thesaurus (``data/vocabulary.yaml``) maps each word family of the field (war,
ceasefires, territory, sanctions, elections, aid …) to one term, applied alike to the issue's
texts and to the sentence, so that keyword overlap follows meaning rather than wording. It is
general vocabulary of negotiations and armed conflict, not a list made for one case.
"""

from __future__ import annotations

import re

from detente.nlp.datafiles import read_data, words

_POSSESSIVE = re.compile(r"'s?$")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z']+)*|\d+(?:-[A-Za-z]+)?")

_DATA = read_data("vocabulary.yaml")
STOPWORDS = words(_DATA["stopwords"])


def stem(word: str) -> str:
    """A light English stemmer: enough to equate plural and verb forms of keywords."""
    word = word.lower().strip("'-")
    for suffix, repl in (
        ("ies", "y"),
        ("ing", ""),
        ("ers", ""),
        ("er", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + repl
    return word


def _thesaurus() -> dict[str, str]:
    """Word (and its stem) -> the term of the first thesaurus entry that lists it."""
    table: dict[str, str] = {}
    for entry in _DATA["thesaurus"]:
        head = entry["term"]
        for word in entry["words"].split():
            # Keyed by the stem too: "borders" stems to "bord" and must still reach "border".
            table.setdefault(word, head)
            table.setdefault(stem(word), head)
    return table


THESAURUS = _thesaurus()


def _normal(word: str) -> str:
    low = word.lower()
    return THESAURUS.get(low) or THESAURUS.get(stem(low)) or stem(low)


def terms(text: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Content terms of ``text``: stemmed, mapped through the thesaurus, stop words dropped.

    A hyphenated word counts whole when the thesaurus knows it ("cease-fire" as "ceasefire"),
    else by its parts ("energy-strike" as "energy" and "strike").
    """
    out = []
    for word in _WORD.findall(text):
        low = _POSSESSIVE.sub("", word.lower())
        pieces = [low]
        if "-" in low:
            joined = low.replace("-", "")
            whole = [w for w in (low, joined) if w in THESAURUS or stem(w) in THESAURUS]
            pieces = whole[:1] or low.split("-")
        for piece in pieces:
            if piece in STOPWORDS or piece in ignore or len(piece) < 3:
                continue
            out.append(_normal(piece))
    return out
