"""What single tokens of a parse say: which are stance cues (the cue rules of
``data/cues.yaml``) and what changes a cue: negation, conditions, reversals, the complement it
governs and the scope of words it is about. The stance reader (:mod:`detente.nlp.stance`)
builds its hits from these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from spacy.tokens import Token

from detente.nlp.lexicon import (
    ABILITY_AUXILIARIES,
    COGNITION_VERBS,
    CONDITION_MARKERS,
    CONDITION_PHRASES,
    DEAL_NOUNS,
    DEONTIC_AUXILIARIES,
    ENDING_VERBS,
    EVALUATIVE_ADJECTIVES,
    HARMS,
    INTENT_AUXILIARIES,
    PHRASAL_REVERSALS,
    POINTER_NOUNS,
    REVERSALS,
    SIDE_NOUNS,
    SPEAKER_NOUNS,
    first_rule,
)


def polarity(token: Token) -> tuple[int, str, float] | None:
    """(polarity, kind, base confidence) of a cue token; None when it is no cue.

    The first cue rule of ``data/cues.yaml`` that the token meets decides.
    """
    rule = first_rule(token, CHECKS)
    if rule is None or rule.cue is None:
        return None
    return (rule.cue.polarity, rule.cue.kind, rule.cue.confidence)


def accuses_of_stance(accuse: Token) -> bool:
    """Whether "accuse … of <act>" names a stance cue as the act ("of pushing", "of seeking")."""
    for prep in accuse.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for act in prep.children:
                if act.dep_ in ("pcomp", "pobj"):
                    found = polarity(act)
                    return found is not None and found[1] in ("verb", "noun")
    return False


def ended(cue: Token) -> bool:
    """Whether the cue is the object of a verb that ends it ("stopped objecting")."""
    head = cue.head
    return (
        cue.dep_ in ("xcomp", "dobj")
        and head.i != cue.i
        and head.lemma_.lower() in ENDING_VERBS
        and not negated(head)  # "has not dropped the goal" keeps it
    )


def both_sides(token: Token) -> bool:
    """ "both sides", "the two sides", "each side", "both governments" …"""
    if token.lemma_.lower() not in SIDE_NOUNS:
        return False
    return any(
        c.lower_ in ("both", "two", "each")
        for c in token.children
        if c.dep_ in ("det", "nummod", "preconj")
    )


def intent(verb: Token) -> bool:
    """A reported clause states intent when it looks ahead or refuses ("it will never …"),
    not when it narrates ("he and Trump had discussed …")."""
    return negated(verb) or any(
        c.dep_ == "aux" and c.lower_ in INTENT_AUXILIARIES for c in verb.children
    )


def deontic(verb: Token) -> bool:
    """ "sanctions must be lifted", "no vote can be held", "it can only work with …": the
    clause says what ought to or cannot happen, a position whoever its subject is."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & DEONTIC_AUXILIARIES:
        return True
    limited = negated(verb) or any(c.lower_ == "only" for c in verb.children)
    return bool(auxiliaries & ABILITY_AUXILIARIES) and limited


def held_until(verb: Token) -> bool:
    """ "will not implement it until sanctions are lifted": a refusal that lasts only until a
    condition is met is a conditional yes, not a no."""
    if not negated(verb):
        return False
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("until", "before"):
            return True
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("until", "before") for m in child.children
        ):
            return True
    return False


def talks_towards(token: Token) -> bool:
    """ "discussing an agreement", "discussed expanding the truce": talk aimed at an outcome."""
    for child in token.children:
        if child.dep_ in ("dobj", "xcomp") and (
            child.tag_ == "VBG" or child.lemma_.lower() in DEAL_NOUNS
        ):
            return True
    return False


def negated(token: Token) -> bool:
    heads = [token]
    if token.dep_ in ("acomp", "attr", "prep") or token.pos_ == "ADJ":
        heads.append(token.head)
    for head in heads:
        for child in head.children:
            if child.dep_ == "neg" or child.lower_ in ("never", "no"):
                return True
            # "no vote is possible", "no troops can be allowed": the negation sits on the subject
            if child.dep_ in ("nsubj", "nsubjpass") and any(
                d.lower_ == "no" for d in child.children
            ):
                return True
    return False


def reversal(tokens: list[Token]) -> str | None:
    """The word by which the complement undoes something ("lift", "withdraw"), if any.

    Undoing a harm ("stop attacks") does not count.
    """
    for token in tokens:
        phrasal = any(
            (token.lemma_.lower(), c.lower_) in PHRASAL_REVERSALS
            for c in token.children
            if c.dep_ == "prt"
        )
        if token.lemma_.lower() not in REVERSALS and token.lower_ not in REVERSALS and not phrasal:
            continue
        following = token.nbor() if token.i + 1 < len(token.doc) else None
        if token.tag_ == "VBN" and following is not None and following.lower_ == "to":
            continue  # "a truce limited to energy" restricts, it does not undo
        window = token.doc[token.i + 1 : token.i + 4]
        if not any(t.lemma_.lower() in HARMS or t.lower_ in HARMS for t in window):
            return token.lower_
    return None


def proposition_reverses(proposition: str) -> bool:
    words = [w.strip(".,;:()").lower() for w in proposition.split()]
    for i, word in enumerate(words):
        if word in REVERSALS and not set(words[i + 1 : i + 4]) & HARMS:
            return True
    return False


def conditional(cue: Token) -> bool:
    scope = cue.head if cue.dep_ in ("xcomp", "acomp") else cue
    tokens = list(scope.subtree)
    for token in tokens:
        if token.dep_ == "mark" and token.lower_ in CONDITION_MARKERS:
            return True
        if held_until(token):
            return True
    text = " ".join(t.lower_ for t in tokens)
    return any(phrase in text for phrase in CONDITION_PHRASES)


def complement(cue: Token) -> list[Token]:
    """What the cue is about, without its conditions ("only after sanctions are lifted")."""
    out: list[Token] = []
    stack = [c for c in cue.children if c.dep_ in _COMPLEMENT_DEPS]
    relative = first_conjunct(cue)
    if relative.dep_ == "relcl":  # "relief, which Moscow seeks": the antecedent is the content
        out += [
            t for t in relative.head.subtree if t.i < relative.i and t.i not in relcl_ids(relative)
        ]
    if cue.dep_ == "acomp":  # "opposed to Ukraine joining NATO": the gerund hangs off "is"
        stack += [c for c in cue.head.children if c.i > cue.i and bare_gerund(c)]
    participle = relative if relative.dep_ == "acl" else None
    if participle is not None:  # "a full ceasefire proposed by the US": the noun is the content
        own = {t.i for t in participle.subtree}
        out += [t for t in participle.head.subtree if t.i not in own]
    copula = copula_of(cue)
    if copula is not None:
        # "one of the conditions is the reduction of …": the other side of "is" is the content;
        # "guarantees are an essential part of …": so is the subject of an adjective's noun.
        wanted = ("nsubj",) if cue.pos_ == "ADJ" else ("attr", "acomp")
        for child in copula.children:
            if child.dep_ in wanted and cue not in child.subtree:
                out += list(child.subtree)
    while stack:
        token = stack.pop()
        if token.dep_ == "advcl" and token.head.i == cue.i:
            continue  # the cue's own adverbial clause is a condition or a circumstance
        if token.dep_ == "advcl" and not bare_gerund(token):
            continue
        if token.dep_ == "prep" and token.lower_ in ("after", "until"):
            continue
        if token.dep_ == "conj" and token.pos_ == "VERB" and polarity(token) is not None:
            continue  # "… eased and wants Ukraine to hold …": a cue of its own, read on its own
        out.append(token)
        stack.extend(token.children)
    return out


def first_conjunct(cue: Token) -> Token:
    """The first of the verbs ``cue`` is coordinated with (itself when it stands alone).

    "a ceasefire proposed by the US and backed by Ukraine", "the truce that Washington proposed
    and Kyiv accepted": every conjunct of a modifier is about the modified noun.
    """
    step = cue
    while step.dep_ == "conj" and step.head is not step:
        step = step.head
    return step


def pronoun_owned(noun: Token) -> bool:
    """ "His office said", "its spokesman added": a speaker named through a pronoun."""
    return noun.lemma_.lower() in SPEAKER_NOUNS and any(
        c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their") for c in noun.children
    )


def evaluative(cue: Token) -> bool:
    return cue.pos_ == "ADJ" and cue.lemma_.lower() in EVALUATIVE_ADJECTIVES


def copula_of(cue: Token) -> Token | None:
    """The "be" whose subject holds the noun cue, or whose predicate noun the cue modifies."""
    if cue.pos_ == "ADJ" and cue.dep_ == "amod" and cue.head.dep_ == "attr":
        head = cue.head.head
        return head if head.lemma_ == "be" else None
    if evaluative(cue) and cue.dep_ == "acomp":  # "a deal is possible"
        return cue.head if cue.head.lemma_ == "be" else None
    if cue.pos_ != "NOUN":
        return None
    step = cue
    for _ in range(3):  # "conditions" in "one of the conditions … is"
        if step.dep_ == "nsubj":
            return step.head if step.head.lemma_ == "be" else None
        if step.dep_ not in ("pobj", "prep") or step.head is step:
            return None
        step = step.head
    return None


def relcl_ids(relcl: Token) -> set[int]:
    return {t.i for t in relcl.subtree}


def bare_gerund(token: Token) -> bool:
    """An adverbial clause that is really content: a gerund without a subordinator."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ == "mark" for c in token.children)
    )


_COMPLEMENT_DEPS = frozenset(
    ["xcomp", "ccomp", "dobj", "prep", "attr", "acomp", "oprd", "pobj", "dative"]
)


def inside_other_cue(token: Token) -> bool:
    """ "wants Ukraine to abandon …": the inner verb is the outer cue's content, not a cue."""
    step = token
    for _ in range(3):
        if step.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "pcomp") or step.head is step:
            return False
        step = step.head
        outer = polarity(step)
        if (
            outer is not None
            and outer[1] != "speech"
            and step.lemma_.lower() not in COGNITION_VERBS
        ):
            return True
    return False


def negated_belief(cue: Token) -> bool:
    """ "He did not believe Russia would allow …": a negated belief above the cue flips it."""
    step = cue
    for _ in range(3):
        if step.dep_ not in ("ccomp", "xcomp") or step.head is step:
            return False
        step = step.head
        if step.lemma_.lower() in COGNITION_VERBS:
            return negated(step) or step.lemma_.lower() == "doubt"
    return False


def scope(cue: Token, complement: list[Token]) -> tuple[tuple[int, int], str]:
    """What the stance is about: the cue and its complement, else the sentence.

    Returned as the sentence span it covers and its own words. The words skip what lies
    between a clause and the material it shares ("insist that A, that B and that C": the
    clause C reads "insist … that C"), so neighbouring clauses do not lend it their issues.
    """
    tokens = [cue, *complement]
    # "rejected the offer", "dismissed the new idea" point back: a word for a proposal is
    # not content of its own.
    content = [
        t
        for t in complement
        if t.is_alpha and not t.is_stop and t.lemma_.lower() not in DEAL_NOUNS | POINTER_NOUNS
    ]
    if len(content) < 2:
        tokens = list(cue.doc)  # the doc is one sentence
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    words = []
    for token, following in zip(ordered, [*ordered[1:], None], strict=True):
        adjacent = following is not None and following.i == token.i + 1
        words.append(token.text_with_ws if adjacent else token.text + " ")
    last = ordered[-1]
    return (ordered[0].idx, last.idx + len(last.text)), "".join(words).strip()


# The checks cue rules name in ``if`` and ``unless`` (data/cues.yaml).
CHECKS: Mapping[str, Callable[[Token], bool]] = MappingProxyType(
    {
        "negated": negated,
        "talks_towards": talks_towards,
        "accuses_of_stance": accuses_of_stance,
    }
)
