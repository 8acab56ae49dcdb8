"""Cheap regular-expression passes that decide which sentences are worth parsing.

Parsing is the expensive step. A sentence can only yield a claim if it names a party (or
refers back to one with a pronoun) and holds a stance cue, so only those are parsed; party
names in the other sentences are still found here, for facts and for pronoun resolution.
"""

from __future__ import annotations

import re

from detente.nlp.actors import Mention
from detente.nlp.gazetteer import COMMENTATOR_WORDS, Phrase
from detente.nlp.lexicon import (
    AGAINST_ADJECTIVES,
    AGAINST_NOUNS,
    AGAINST_VERBS,
    CUES,
    FOR_ADJECTIVES,
    FOR_NOUNS,
    FOR_VERBS,
    SPEECH_VERBS,
)

_CUES = CUES["prefilter"]
IRREGULAR: dict[str, str] = dict(_CUES["irregular"]["forms"])
PRONOUN_START = re.compile(r"^\W*(?:" + "|".join(_CUES["pronoun_start"]["words"].split()) + r")\b")
# "“We will never …,” he said": the speaker is a pronoun after the quote.
PRONOUN_SPEAKER = re.compile(
    r"[,”\"]\s*(?:"
    + "|".join(_CUES["pronoun_speaker"]["pronouns"].split())
    + r")\s+(?:"
    + "|".join(_CUES["pronoun_speaker"]["verbs"].split())
    + r")\b"
)


def _cue_words() -> list[str]:
    words: set[str] = set()
    for lemma in (
        FOR_VERBS | AGAINST_VERBS | SPEECH_VERBS | set(_CUES["extra_verbs"]["words"].split())
    ):
        if lemma in IRREGULAR:
            words.update(IRREGULAR[lemma].split())
            continue
        stem = lemma[:-1] if lemma.endswith(("e", "y")) and len(lemma) > 4 else lemma
        words.add(stem + r"\w*")
    words.update(FOR_ADJECTIVES | AGAINST_ADJECTIVES | FOR_NOUNS | AGAINST_NOUNS)
    words.update(entry["pattern"] for entry in _CUES["extra_patterns"]["patterns"])
    return sorted(words)


class Prefilter:
    def __init__(self, phrases: list[Phrase]) -> None:
        self.by_text = {p.text: p for p in phrases}
        alternatives = sorted((re.escape(p.text) for p in phrases), key=len, reverse=True)
        self.names = (
            re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?![\w])")
            if alternatives
            else None
        )
        # A commentator's introduction is parsed too: "he said" after it is the commentator.
        self.commentators = re.compile(
            r"\b(?:" + "|".join(sorted(map(re.escape, COMMENTATOR_WORDS))) + r")\b", re.IGNORECASE
        )
        self.cues = re.compile(r"\b(?:" + "|".join(_cue_words()) + r")\b", re.IGNORECASE)

    def mentions(self, text: str, offset: int) -> list[Mention]:
        if self.names is None:
            return []
        out = []
        for match in self.names.finditer(text):
            phrase = self.by_text[match.group()]
            out.append(
                Mention(
                    offset + match.start(),
                    offset + match.end(),
                    match.group(),
                    phrase.actor,
                    phrase.kind,
                    phrase.text,
                )
            )
        return out

    def worth_parsing(self, text: str, mentions: list[Mention]) -> bool:
        named = bool(mentions) or bool(
            PRONOUN_START.search(text)
            or PRONOUN_SPEAKER.search(text)
            or self.commentators.search(text)
        )
        return named and self.cues.search(text) is not None
