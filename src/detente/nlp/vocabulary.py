"""Words as the issue matcher sees them: tokens, stop words, stems and a negotiation thesaurus.

News coverage names one thing many ways ("truce", "cease-fire", "ceasefire"; "peacekeepers",
"troops"; "rare earths", "minerals"), and the analyst who wrote the scenario picked one of
them. The thesaurus maps each word family of the field (war, ceasefires, territory, sanctions,
elections, aid …) to one term, applied alike to the issue's texts and to the sentence, so that
keyword overlap follows meaning rather than wording. It is general vocabulary of negotiations
and armed conflict, not a list made for one case.
"""

from __future__ import annotations

import re


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_POSSESSIVE = re.compile(r"'s?$")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z']+)*|\d+(?:-[A-Za-z]+)?")

STOPWORDS = _word_set(
    """a an the of and or to in on for with by at from as is are be been being was were will
    would could should may might can shall not no nor any all some its it this that these those
    their there they them he she his her we our you your which who whom whose what when where
    why how than then so such into onto over under about after before between during without
    within more most less least very also only just other same each both either neither own
    has have had do does did per via up down out off again further once fully party parties
    side sides issue issues agree agreed agreement deal position positions say said says
    make made take taken"""
)

# Each line: the canonical term, then the words that mean it (as written, or as `stem` gives
# them: "peacekeep" stands for "peacekeepers").
_THESAURUS = """
ceasefire: ceasefire truce armistice cessation moratorium
full: full complete comprehensive whole blanket unconditional
partial: partial limited narrow narrower narrowest
troops: troop soldier peacekeep peacekeeper peacekeeping contingent deployment
guarantee: guarantee assurance backstop
election: election elect vote ballot
prisoner: prisoner pow captive detainee
swap: swap exchange exchang
sanction: sanction embargo
tariff: tariff levy
mineral: mineral rare lithium titanium uranium deposit resource
aid: aid assistance weapon arms armament munition ammunition missile defence defense
territory: territory territori land region province oblast
recognise: recognise recognize recognis recogniz recognition
annex: annex annexation
border: border frontier boundary
regain: regain retake reclaim recover recapture liberate liberation
nuclear: nuclear atomic
plant: plant station reactor
ship: ship shipp shipping maritime naval vessel port
ease: ease eased eases easing relief lift loosen
membership: membership member accession
nato: nato alliance
army: army armed
infrastructure: infrastructure infrastructur facility facilitie grid
energy: energy electricity
"""


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
    table: dict[str, str] = {}
    for line in _THESAURUS.strip().splitlines():
        head, words = line.split(":", 1)
        for word in words.split():
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
