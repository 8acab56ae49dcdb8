"""Actor mentions: who in a sentence stands for which party.

An entity ruler (spaCy) tags the scenario's actor names and aliases and the built-in
gazetteer's states, capitals, seats of power and leaders. A person the parser's NER finds but
no list knows is matched to a known person by a guarded fuzzy match (same first letter and
first name, at most one or two edits) and reported as a spelling variant. People quoted as
analysts, think-tank fellows or former officials are commentators, not parties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from spacy.language import Language
from spacy.tokens import Doc, Span

from detente.nlp.gazetteer import COMMENTATOR_WORDS, Phrase

ALGORITHM = "actors.v1"
RULER_NAME = "detente_actor_ruler"
LABEL = "ACTOR"


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into the document
    end: int
    text: str
    actor: str | None  # scenario actor id (or gazetteer key without a scenario)
    kind: str  # "alias", "place", "person", "demonym", "variant", "commentator", "other"
    canonical: str | None = None  # the known spelling a variant was matched to
    token: int = -1  # index of the mention's root token in its sentence doc


def make_ruler(nlp: Language, phrases: list[Phrase]) -> Callable[[Doc], Doc]:
    """An entity ruler that tags ``phrases`` in a parsed doc: the only source of ``doc.ents``
    (the statistical NER is not loaded, see ``context.load_spacy``).

    It is made from the shared spaCy model but not added to it, so every pipeline keeps its
    own scenario's names. Phrase patterns match on the words alone: only the tokenizer runs
    over them.
    """
    ruler = nlp.create_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True})
    patterns = [
        {"label": LABEL, "pattern": p.text, "id": f"{p.actor}|{p.kind}|{p.text}"} for p in phrases
    ]
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return ruler


def _known_people(phrases: list[Phrase]) -> dict[str, list[tuple[str, str, str]]]:
    """Surname -> [(first name or "", full name, actor)] for the fuzzy matcher."""
    people: dict[str, list[tuple[str, str, str]]] = {}
    for phrase in phrases:
        if phrase.kind not in ("person", "alias"):
            continue
        parts = phrase.text.split()
        if not parts or not parts[-1][:1].isupper():
            continue
        first = parts[0] if len(parts) > 1 else ""
        people.setdefault(parts[-1], []).append((first, phrase.text, phrase.actor))
    return people


class MentionFinder:
    def __init__(self, phrases: list[Phrase]) -> None:
        self.people = _known_people(phrases)
        self.surnames = sorted(self.people)

    def variant_of(self, name: str) -> tuple[str, str] | None:
        """(canonical spelling, actor) of a known person that ``name`` misspells, if any."""
        parts = name.replace("'s", "").split()
        if not parts:
            return None
        surname = parts[-1]
        first = parts[0] if len(parts) > 1 else ""
        if len(surname) < 4 or surname in self.people:
            return None
        limit = 1 if len(surname) <= 6 else 2
        for known in self.surnames:
            if known[0] != surname[0] or abs(len(known) - len(surname)) > limit:
                continue
            if Levenshtein.distance(known, surname) > limit:
                continue
            for known_first, full, actor in self.people[known]:
                if not first or not known_first or known_first == first:
                    return (full if first else known), actor
        return None

    def find(self, doc: Doc, offset: int) -> list[Mention]:
        """Mentions in one parsed sentence; ``offset`` is the sentence's start in its document."""
        mentions = []
        for ent in [*doc.ents, *proper_name_spans(doc)]:
            start, end = offset + ent.start_char, offset + ent.end_char
            if ent.label_ == LABEL:
                actor, kind, canonical = ent.ent_id_.split("|", 2)
                if kind in ("person", "alias") and is_commentator(ent):
                    kind = "commentator"
                mentions.append(Mention(start, end, ent.text, actor, kind, canonical, ent.root.i))
            elif ent.label_ == "PERSON":
                variant = self.variant_of(ent.text)
                if is_commentator(ent):
                    mentions.append(
                        Mention(start, end, ent.text, None, "commentator", None, ent.root.i)
                    )
                elif variant is not None:
                    mentions.append(
                        Mention(start, end, ent.text, variant[1], "variant", variant[0], ent.root.i)
                    )
                else:
                    mentions.append(Mention(start, end, ent.text, None, "other", None, ent.root.i))
        return mentions


def proper_name_spans(doc: Doc) -> list[Span]:
    """Runs of proper-noun tokens outside the ruler's entities, as PERSON candidates.

    Stands in for the statistical NER (not run, for speed): the ruler and the gazetteer name
    every party, so what is left to find is people the lists do not know, i.e. spelling
    variants of officials and quoted commentators.
    """
    covered = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    spans: list[Span] = []
    start = None
    for token in [*doc, None]:
        proper = (
            token is not None
            and token.i not in covered
            and token.tag_ in ("NNP", "NNPS")
            and token.text[:1].isupper()
        )
        if proper and start is None:
            assert token is not None
            start = token.i
        elif not proper and start is not None:
            end = token.i if token is not None else len(doc)
            # A name is its last two words: "Treasury Secretary Scott Bessant" -> the person.
            spans.append(Span(doc, max(start, end - 2), end, label="PERSON"))
            start = None
    return spans


def is_commentator(ent: Span) -> bool:
    """An analyst, a think-tank fellow, a former official: quoted, but not a party."""
    root = ent.root
    words = {t.lower_ for t in ent.doc[max(0, ent.start - 3) : ent.start]}
    for child in root.children:
        if child.dep_ in ("appos", "amod", "compound", "acl", "relcl"):
            words.update(t.lower_ for t in child.subtree)
    if root.dep_ in ("appos", "compound"):
        words.add(root.head.lower_)
    return bool(words & COMMENTATOR_WORDS)
