"""Word lists and cue rules the stance reader works from, read from ``data/cues.yaml``.

The lists are lemmas in lower case. The cue rules say which tokens are stance cues, with
their polarity, kind and base confidence; :func:`first_rule` applies them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

from detente.nlp.datafiles import read_data, words

CUES = read_data("cues.yaml")
_LISTS: dict[str, Any] = CUES["lists"]


def _list(name: str) -> frozenset[str]:
    return words(_LISTS[name]["words"])


FOR_VERBS = _list("for_verbs")
AGAINST_VERBS = _list("against_verbs")
SPEECH_VERBS = _list("speech_verbs")
WEAK_VERBS = _list("weak_verbs")
NEGATED_ONLY_VERBS = _list("negated_only_verbs")
DEAL_NOUNS = _list("deal_nouns")
EVALUATIVE_ADJECTIVES = _list("evaluative_adjectives")
POINTER_NOUNS = _list("pointer_nouns")
COGNITION_VERBS = _list("cognition_verbs")
FOR_ADJECTIVES = _list("for_adjectives")
AGAINST_ADJECTIVES = _list("against_adjectives")
FOR_NOUNS = _list("for_nouns")
AGAINST_NOUNS = _list("against_nouns")
REVERSALS = _list("reversals")
PHRASAL_REVERSALS = frozenset(
    (verb, particle) for verb, particle in _LISTS["phrasal_reversals"]["pairs"]
)
HARMS = _list("harms")
CONDITION_MARKERS = _list("condition_markers")
CONDITION_PHRASES = tuple(_LISTS["condition_phrases"]["phrases"])
INTENT_AUXILIARIES = _list("intent_auxiliaries")
DEONTIC_AUXILIARIES = _list("deontic_auxiliaries")
ABILITY_AUXILIARIES = _list("ability_auxiliaries")
PEOPLE_NOUNS = _list("people_nouns")
SPEAKER_NOUNS = PEOPLE_NOUNS | _list("speaker_nouns")
SIDE_NOUNS = _list("side_nouns")
PRONOUNS = _list("pronouns")
ADJECTIVAL_PASSIVES = _list("adjectival_passives")
PHRASAL_EXITS = _list("phrasal_exits")
ENDING_VERBS = _list("ending_verbs")
CONFIDENCE_DELTAS: dict[str, float] = {
    name: float(entry["delta"]) for name, entry in CUES["adjustments"].items()
}


@dataclass(frozen=True)
class ChildTest:
    """A child of the token with all of these (an empty field asks nothing)."""

    deps: frozenset[str] = frozenset()
    lowers: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()

    def holds(self, token: Token) -> bool:
        return any(
            (not self.deps or child.dep_ in self.deps)
            and (not self.lowers or child.lower_ in self.lowers)
            and (not self.lemmas or child.lemma_.lower() in self.lemmas)
            for child in token.children
        )


@dataclass(frozen=True)
class Cue:
    polarity: int  # +1 for, -1 against, 0 a report whose reported clause decides
    kind: str  # "verb", "adjective", "noun", "speech", "accusation"
    confidence: float


@dataclass(frozen=True)
class CueRule:
    """One entry of ``rules`` in ``data/cues.yaml``: conditions, then the cue (or none)."""

    id: str
    cue: Cue | None
    pos: str | None = None
    lemmas: frozenset[str] | None = None
    lowers: frozenset[str] | None = None
    head_lemmas: frozenset[str] | None = None
    with_child: ChildTest | None = None
    without_child: ChildTest | None = None
    checks: tuple[str, ...] = ()  # named checks that must all hold
    vetoes: tuple[str, ...] = ()  # named checks none of which may hold

    def matches(self, token: Token, checks: Mapping[str, Callable[[Token], bool]]) -> bool:
        return (
            (self.pos is None or _pos_is(token, self.pos))
            and (self.lemmas is None or token.lemma_.lower() in self.lemmas)
            and (self.lowers is None or token.lower_ in self.lowers)
            and (self.head_lemmas is None or token.head.lemma_ in self.head_lemmas)
            and (self.with_child is None or self.with_child.holds(token))
            and (self.without_child is None or not self.without_child.holds(token))
            and all(checks[name](token) for name in self.checks)
            and not any(checks[name](token) for name in self.vetoes)
        )


def _pos_is(token: Token, pos: str) -> bool:
    if pos == "verb":
        return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
    return token.pos_ == {"adjective": "ADJ", "noun": "NOUN"}[pos]


def _lemma_set(entry: dict[str, Any]) -> frozenset[str] | None:
    if "lemma_in" in entry:
        return _list(entry["lemma_in"])
    return frozenset(entry["lemma"]) if "lemma" in entry else None


def _child_test(entry: dict[str, Any] | None) -> ChildTest | None:
    if entry is None:
        return None
    return ChildTest(
        frozenset(entry.get("dep", ())),
        frozenset(entry.get("lower", ())),
        _lemma_set(entry) or frozenset(),
    )


def _rule(entry: dict[str, Any]) -> CueRule:
    cue = entry["cue"]
    return CueRule(
        id=entry["id"],
        cue=None if cue == "none" else Cue(cue["polarity"], cue["kind"], cue["confidence"]),
        pos=entry.get("pos"),
        lemmas=_lemma_set(entry),
        lowers=frozenset(entry["word"]) if "word" in entry else None,
        head_lemmas=frozenset(entry["head_lemma"]) if "head_lemma" in entry else None,
        with_child=_child_test(entry.get("with_child")),
        without_child=_child_test(entry.get("without_child")),
        checks=tuple(entry.get("if", ())),
        vetoes=tuple(entry.get("unless", ())),
    )


CUE_RULES: tuple[CueRule, ...] = tuple(_rule(entry) for entry in CUES["rules"])


def first_rule(
    token: Token,
    checks: Mapping[str, Callable[[Token], bool]],
    rules: tuple[CueRule, ...] = CUE_RULES,
) -> CueRule | None:
    """The first rule whose conditions ``token`` meets, if any."""
    return next((rule for rule in rules if rule.matches(token, checks)), None)
