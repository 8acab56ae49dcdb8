"""Stance: which party is for, against, or conditionally for an issue's proposition.

Read from the dependency parse of one sentence. A *cue* is a verb, adjective or noun that
expresses a stance ("wants", "rejected", "ready", "Kiev's demand"); its *holder* is the
cue's subject (each conjunct of a joint subject), the subject of the speech verb that reports
it ("Putin has said he wants …"), or the source of an "according to" phrase. The polarity of
the cue is flipped by negation and by a complement that reverses the proposition ("abandon
its NATO ambitions"), unless the proposition itself is phrased as a reversal ("sanctions are
eased"). Conditions ("only after", "if", "in exchange for") make a supportive stance
conditional.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Token

from detente.nlp.actors import Mention
from detente.nlp.clauses import split_clauses
from detente.nlp.lexicon import (
    ABILITY_AUXILIARIES,
    ADJECTIVAL_PASSIVES,
    AGAINST_VERBS,
    COGNITION_VERBS,
    CONDITION_MARKERS,
    CONDITION_PHRASES,
    CONFIDENCE_DELTAS,
    DEAL_NOUNS,
    DEONTIC_AUXILIARIES,
    ENDING_VERBS,
    EVALUATIVE_ADJECTIVES,
    FOR_VERBS,
    HARMS,
    INTENT_AUXILIARIES,
    PEOPLE_NOUNS,
    PHRASAL_REVERSALS,
    POINTER_NOUNS,
    PRONOUNS,
    REVERSALS,
    SIDE_NOUNS,
    SPEAKER_NOUNS,
    SPEECH_VERBS,
    first_rule,
)

ALGORITHM = "stance.v1"


@dataclass(frozen=True)
class StanceHit:
    actor: str
    speaker: str
    stance: str  # "for" | "against" | "conditional"
    confidence: float
    cue: str
    scope: tuple[int, int]  # character span, within the sentence, of what the stance is about
    content: str  # the words of that span the stance is about (its clause and shared material)
    # The word that reversed the stance ("lift" in "wants sanctions lifted"): an issue whose
    # name is that very thing ("Energy-strike moratorium") takes the reversal back.
    reversal: str | None = None
    # The cue holds under a stated condition ("only if …", "not … until …"): a stance the
    # pipeline turns from against to for becomes conditional.
    conditional: bool = False


def _polarity(token: Token) -> tuple[int, str, float] | None:
    """(polarity, kind, base confidence) of a cue token; None when it is no cue.

    The first cue rule of ``data/cues.yaml`` that the token meets decides.
    """
    rule = first_rule(token, CHECKS)
    if rule is None or rule.cue is None:
        return None
    return (rule.cue.polarity, rule.cue.kind, rule.cue.confidence)


def _accuses_of_stance(accuse: Token) -> bool:
    """Whether "accuse … of <act>" names a stance cue as the act ("of pushing", "of seeking")."""
    for prep in accuse.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for act in prep.children:
                if act.dep_ in ("pcomp", "pobj"):
                    found = _polarity(act)
                    return found is not None and found[1] in ("verb", "noun")
    return False


def _ended(cue: Token) -> bool:
    """Whether the cue is the object of a verb that ends it ("stopped objecting")."""
    head = cue.head
    return (
        cue.dep_ in ("xcomp", "dobj")
        and head.i != cue.i
        and head.lemma_.lower() in ENDING_VERBS
        and not _negated(head)  # "has not dropped the goal" keeps it
    )


def _both_sides(token: Token) -> bool:
    """ "both sides", "the two sides", "each side", "both governments" …"""
    if token.lemma_.lower() not in SIDE_NOUNS:
        return False
    return any(
        c.lower_ in ("both", "two", "each")
        for c in token.children
        if c.dep_ in ("det", "nummod", "preconj")
    )


def _intent(verb: Token) -> bool:
    """A reported clause states intent when it looks ahead or refuses ("it will never …"),
    not when it narrates ("he and Trump had discussed …")."""
    return _negated(verb) or any(
        c.dep_ == "aux" and c.lower_ in INTENT_AUXILIARIES for c in verb.children
    )


def _deontic(verb: Token) -> bool:
    """ "sanctions must be lifted", "no vote can be held", "it can only work with …": the
    clause says what ought to or cannot happen, a position whoever its subject is."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & DEONTIC_AUXILIARIES:
        return True
    limited = _negated(verb) or any(c.lower_ == "only" for c in verb.children)
    return bool(auxiliaries & ABILITY_AUXILIARIES) and limited


def _held_until(verb: Token) -> bool:
    """ "will not implement it until sanctions are lifted": a refusal that lasts only until a
    condition is met is a conditional yes, not a no."""
    if not _negated(verb):
        return False
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("until", "before"):
            return True
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in ("until", "before") for m in child.children
        ):
            return True
    return False


def _talks_towards(token: Token) -> bool:
    """ "discussing an agreement", "discussed expanding the truce": talk aimed at an outcome."""
    for child in token.children:
        if child.dep_ in ("dobj", "xcomp") and (
            child.tag_ == "VBG" or child.lemma_.lower() in DEAL_NOUNS
        ):
            return True
    return False


def _negated(token: Token) -> bool:
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


def _reversal(tokens: list[Token]) -> str | None:
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


def _conditional(cue: Token) -> bool:
    scope = cue.head if cue.dep_ in ("xcomp", "acomp") else cue
    tokens = list(scope.subtree)
    for token in tokens:
        if token.dep_ == "mark" and token.lower_ in CONDITION_MARKERS:
            return True
        if _held_until(token):
            return True
    text = " ".join(t.lower_ for t in tokens)
    return any(phrase in text for phrase in CONDITION_PHRASES)


def _complement(cue: Token) -> list[Token]:
    """What the cue is about, without its conditions ("only after sanctions are lifted")."""
    out: list[Token] = []
    stack = [c for c in cue.children if c.dep_ in _COMPLEMENT_DEPS]
    relative = _first_conjunct(cue)
    if relative.dep_ == "relcl":  # "relief, which Moscow seeks": the antecedent is the content
        out += [
            t for t in relative.head.subtree if t.i < relative.i and t.i not in _relcl_ids(relative)
        ]
    if cue.dep_ == "acomp":  # "opposed to Ukraine joining NATO": the gerund hangs off "is"
        stack += [c for c in cue.head.children if c.i > cue.i and _bare_gerund(c)]
    participle = relative if relative.dep_ == "acl" else None
    if participle is not None:  # "a full ceasefire proposed by the US": the noun is the content
        own = {t.i for t in participle.subtree}
        out += [t for t in participle.head.subtree if t.i not in own]
    copula = _copula_of(cue)
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
        if token.dep_ == "advcl" and not _bare_gerund(token):
            continue
        if token.dep_ == "prep" and token.lower_ in ("after", "until"):
            continue
        if token.dep_ == "conj" and token.pos_ == "VERB" and _polarity(token) is not None:
            continue  # "… eased and wants Ukraine to hold …": a cue of its own, read on its own
        out.append(token)
        stack.extend(token.children)
    return out


def _first_conjunct(cue: Token) -> Token:
    """The first of the verbs ``cue`` is coordinated with (itself when it stands alone).

    "a ceasefire proposed by the US and backed by Ukraine", "the truce that Washington proposed
    and Kyiv accepted": every conjunct of a modifier is about the modified noun.
    """
    step = cue
    while step.dep_ == "conj" and step.head is not step:
        step = step.head
    return step


def _pronoun_owned(noun: Token) -> bool:
    """ "His office said", "its spokesman added": a speaker named through a pronoun."""
    return noun.lemma_.lower() in SPEAKER_NOUNS and any(
        c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their") for c in noun.children
    )


def _evaluative(cue: Token) -> bool:
    return cue.pos_ == "ADJ" and cue.lemma_.lower() in EVALUATIVE_ADJECTIVES


def _copula_of(cue: Token) -> Token | None:
    """The "be" whose subject holds the noun cue, or whose predicate noun the cue modifies."""
    if cue.pos_ == "ADJ" and cue.dep_ == "amod" and cue.head.dep_ == "attr":
        head = cue.head.head
        return head if head.lemma_ == "be" else None
    if _evaluative(cue) and cue.dep_ == "acomp":  # "a deal is possible"
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


def _relcl_ids(relcl: Token) -> set[int]:
    return {t.i for t in relcl.subtree}


def _bare_gerund(token: Token) -> bool:
    """An adverbial clause that is really content: a gerund without a subordinator."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ == "mark" for c in token.children)
    )


_COMPLEMENT_DEPS = frozenset(
    ["xcomp", "ccomp", "dobj", "prep", "attr", "acomp", "oprd", "pobj", "dative"]
)


def _inside_other_cue(token: Token) -> bool:
    """ "wants Ukraine to abandon …": the inner verb is the outer cue's content, not a cue."""
    step = token
    for _ in range(3):
        if step.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "pcomp") or step.head is step:
            return False
        step = step.head
        outer = _polarity(step)
        if (
            outer is not None
            and outer[1] != "speech"
            and step.lemma_.lower() not in COGNITION_VERBS
        ):
            return True
    return False


def _negated_belief(cue: Token) -> bool:
    """ "He did not believe Russia would allow …": a negated belief above the cue flips it."""
    step = cue
    for _ in range(3):
        if step.dep_ not in ("ccomp", "xcomp") or step.head is step:
            return False
        step = step.head
        if step.lemma_.lower() in COGNITION_VERBS:
            return _negated(step) or step.lemma_.lower() == "doubt"
    return False


def _scope(cue: Token, complement: list[Token]) -> tuple[tuple[int, int], str]:
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
        "negated": _negated,
        "talks_towards": _talks_towards,
        "accuses_of_stance": _accuses_of_stance,
    }
)
VARIANT_DELTA = CONFIDENCE_DELTAS["variant_mention"]


class StanceReader:
    def __init__(
        self,
        doc: Doc,
        mentions: list[Mention],
        offset: int,
        recent_parties: tuple[Mention, ...] = (),
    ) -> None:
        self.doc = doc
        # The two parties named last before this sentence: who "both sides" are.
        self.recent_parties = recent_parties
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            for token in doc:
                start = offset + token.idx
                if mention.start <= start < mention.end:
                    self.by_token[token.i] = mention

    def _actors_of(self, token: Token) -> list[Mention]:
        """Party mentions a subject token stands for (itself, its conjuncts, its modifiers)."""
        found: list[Mention] = []
        if _both_sides(token) and len(self.recent_parties) == 2:
            return list(self.recent_parties)
        for head in [token, *token.conjuncts]:
            mention = self.by_token.get(head.i)
            if mention is None:
                for child in head.children:
                    if (
                        child.dep_ in ("compound", "amod", "poss", "nmod")
                        and child.i in self.by_token
                    ):
                        candidate = self.by_token[child.i]
                        # "Trump's envoy" is the envoy, a US official; "Russian oil" no speaker.
                        if candidate.kind in ("demonym", "place", "alias") or child.dep_ == "poss":
                            mention = candidate
                            break
            if mention is None:
                for child in head.children:  # "the Kremlin's spokesman Dmitry Peskov"
                    if child.dep_ == "appos" and child.i in self.by_token:
                        mention = self.by_token[child.i]
            if mention is None and head.lemma_.lower() in PEOPLE_NOUNS:
                # "senior figures in the Trump administration", "officials at the Kremlin"
                for prep in head.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "from", "of"):
                        for obj in prep.children:
                            party = self.by_token.get(obj.i)
                            if obj.dep_ == "pobj" and party and party.kind != "commentator":
                                mention = party
            if mention is not None:
                found.append(mention)
        return found

    def _own_holder(self, noun: Token) -> bool:
        """ "called Trump's idea constructive": a possessed noun cue speaks for its owner."""
        return noun.pos_ == "NOUN" and any(
            c.dep_ == "poss" and c.i in self.by_token for c in noun.children
        )

    def _subject(self, verb: Token) -> Token | None:
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
            # "Putin is opposed to …": an adjectival passive's subject holds the stance.
            if child.dep_ == "nsubjpass" and verb.lemma_.lower() in ADJECTIVAL_PASSIVES:
                return child
        for child in verb.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        return None

    def _antecedent(self, pronoun: Token) -> Mention | None:
        """The last party named as a subject earlier in the sentence ("Trump … as he seeks")."""
        found = None
        for index, mention in sorted(self.by_token.items()):
            token = self.doc[index]
            if index >= pronoun.i:
                break
            if token.dep_ in ("nsubj", "nsubjpass") and mention.kind != "commentator":
                found = mention
        return found

    def _according_to(self) -> Token | None:
        for token in self.doc:
            if token.lower_ == "according" and token.i + 2 < len(self.doc):
                nxt = self.doc[token.i + 1]
                if nxt.lower_ == "to":
                    for child in nxt.children:
                        if child.dep_ == "pobj":
                            return child
        return None

    def holders(
        self, cue: Token, resolve_pronoun: Callable[[], Mention | None]
    ) -> tuple[list[Mention], bool]:
        """The parties holding the stance of ``cue``, and whether a pronoun was resolved."""
        verb = cue
        if cue.pos_ == "NOUN":
            for child in cue.children:
                if child.dep_ in ("poss", "amod", "compound") and child.i in self.by_token:
                    return [m for m in self._actors_of(child) if m.kind != "commentator"], False
            if cue.dep_ in ("dobj", "attr") and cue.head.i != cue.i:
                # "Kyiv expressed its willingness …", "Moscow signalled openness to …": the
                # noun is the object of a light verb whose subject holds it.
                holders, via_pronoun = self.holders(cue.head, resolve_pronoun)
                if holders:
                    return holders, via_pronoun
            copula = _copula_of(cue)
            if copula is not None:  # "Moscow said one of its conditions is …"
                holders, via_pronoun = self.holders(copula, resolve_pronoun)
                if holders:
                    return holders, via_pronoun
            for token in self.doc:  # "For Washington, the priority is …"
                if token.lower_ == "for" and token.dep_ == "prep" and token.i < cue.i:
                    for child in token.children:
                        if child.dep_ == "pobj" and child.i in self.by_token:
                            return [self.by_token[child.i]], False
            return [], False
        copula = _copula_of(cue) if _evaluative(cue) else None
        if copula is not None:
            # "NATO membership is unacceptable, Putin said": the subject is what is judged.
            governing = self._governing_speaker(copula)
            source = self._according_to()
            if governing:
                return governing, False
            if source is not None:
                return [m for m in self._actors_of(source) if m.kind != "commentator"], False
            return [], False
        if cue.dep_ in ("acomp", "oprd", "prep") or (
            cue.pos_ == "ADJ" and cue.dep_ in ("amod", "attr")
        ):
            # "Putin is still opposed to …", "both appear willing to …": the predicate's
            # verb carries the subject.
            verb = cue.head
            if cue.dep_ == "amod" and verb.dep_ == "attr":  # "… are an essential part of …"
                verb = verb.head
        step = verb
        for _ in range(4):
            subject = self._subject(step)
            if subject is not None:
                if subject.lower_ in PRONOUNS or _pronoun_owned(subject):
                    governing = self._governing_speaker(step)
                    if governing:
                        return governing, True
                    # "I"/"we" in a quote are the quoted speaker, not the last party named:
                    # known only when "he" or "she" says it ("“We will …,” he said").
                    speaker = self._governing_subject(step)
                    quoted = subject.lower_ in ("i", "we")
                    resolved = (
                        None
                        if quoted and (speaker is None or speaker.lower_ not in ("he", "she"))
                        else self._antecedent(subject) or resolve_pronoun()
                    )
                    return ([resolved] if resolved else []), True
                actors = self._actors_of(subject)
                if actors:
                    return [m for m in actors if m.kind != "commentator"], False
                if step.dep_ not in ("xcomp",):
                    break
            if step.dep_ in ("xcomp", "conj", "advcl") and step.head is not step:
                step = step.head
            else:
                break
        governing = self._governing_speaker(verb)
        if governing:
            return governing, False
        source = self._according_to()
        if source is not None:
            return [m for m in self._actors_of(source) if m.kind != "commentator"], False
        return [], False

    def _governing_speaker(self, verb: Token) -> list[Mention]:
        subject = self._governing_subject(verb)
        if subject is None or subject.lower_ in PRONOUNS:
            return []
        return [m for m in self._actors_of(subject) if m.kind != "commentator"]

    def _governing_subject(self, verb: Token) -> Token | None:
        """The subject of the speech (or stance) verb whose clause ``verb`` is in, if any."""
        if verb.dep_ == "conj" and self._subject(verb) is not None:
            return None  # "Moscow wants …, and officials called …": a clause of its own
        step = verb
        for _ in range(4):
            if step.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "relcl") or step.head is step:
                return None
            step = step.head
            if step.lemma_.lower() in SPEECH_VERBS | FOR_VERBS | AGAINST_VERBS:
                subject = self._subject(step)
                if subject is None and step.dep_ in ("advcl", "conj", "xcomp"):
                    # "…, saying that …": a participle speaks for its head's subject.
                    subject = self._subject(step.head)
                if subject is not None:
                    return subject
        return None

    def commentary(self, pronoun_is_commentator: bool) -> set[int]:
        """Tokens a commentator says ("“…,” said an analyst"; "“…,” he added" after one).

        A commentator's words about a party are an assessment, not the party's stance.
        """
        said: set[int] = set()
        for token in self.doc:
            if token.lemma_.lower() not in SPEECH_VERBS:
                continue
            subject = self._subject(token)
            if subject is None:
                continue
            mention = self.by_token.get(subject.i)
            if (mention is not None and mention.kind == "commentator") or (
                pronoun_is_commentator and subject.lower_ in ("he", "she")
            ):
                said |= {t.i for t in token.subtree} - {t.i for t in subject.subtree}
        return said

    def read(
        self,
        reverses_proposition: bool,
        resolve_pronoun: Callable[[], Mention | None],
        pronoun_is_commentator: bool = False,
    ) -> list[StanceHit]:
        """Stance hits of the sentence; a bare report only where no stronger cue spoke."""
        hits: dict[tuple[str, str], StanceHit] = {}
        reports: list[tuple[StanceHit, set[int]]] = []  # with the reported clause's tokens
        cues: dict[str, set[int]] = {}  # tokens of each party's own cues
        commentary = self.commentary(pronoun_is_commentator)
        for token in self.doc:
            cue = _polarity(token)
            if cue is None or token.i in commentary:
                continue
            if _inside_other_cue(token) and not self._own_holder(token):
                continue
            polarity, kind, confidence = cue
            holders, via_pronoun = self.holders(token, resolve_pronoun)
            if not holders:
                continue
            complement = _complement(token)
            if polarity == 0:
                # A bare report ("X said it will never …") counts only when the party speaks
                # about its own intent: the reported clause's subject is the party or a pronoun.
                polarity = self._reported_intent(token, holders)
                if polarity == 0:
                    continue
            elif (_negated(token) and not _held_until(token)) or _negated_belief(token):
                polarity = -polarity
            if _ended(token):  # "stopped objecting to …", "dropped its demand for …"
                polarity = -polarity
            conditional = _conditional(token)
            if via_pronoun:
                confidence += CONFIDENCE_DELTAS["via_pronoun"]
            for clause in split_clauses(complement):
                if kind == "speech":
                    # "said he would stop the strikes but would not agree to a truce": each
                    # reported clause keeps its own polarity.
                    polarity = self._reported_intent(token, holders, {t.i for t in clause})
                    if polarity == 0:
                        continue
                reversal = _reversal(clause)
                sign = -polarity if (reversal is not None) != reverses_proposition else polarity
                stance = "for" if sign > 0 else "against"
                conf = confidence
                if conditional and (stance == "for" or kind == "speech"):
                    stance = "conditional"
                    conf += CONFIDENCE_DELTAS["conditional"]
                scope, content = _scope(token, clause)
                for mention in holders:
                    if mention.actor is None:
                        continue
                    value = conf + (VARIANT_DELTA if mention.kind == "variant" else 0.0)
                    hit = StanceHit(
                        mention.actor,
                        mention.text,
                        stance,
                        round(value, 2),
                        token.text,
                        scope,
                        content,
                        reversal,
                        conditional,
                    )
                    if kind == "speech":
                        reports.append((hit, {t.i for t in clause}))
                        continue
                    cues.setdefault(mention.actor, set()).add(token.i)
                    previous = hits.get((mention.actor, content))
                    if previous is None or hit.confidence > previous.confidence:
                        hits[(mention.actor, content)] = hit
        # A reported clause that holds a cue of the same party is read through that cue.
        return list(hits.values()) + [
            hit for hit, clause in reports if not cues.get(hit.actor, set()) & clause
        ]

    def _reported_intent(
        self, speech: Token, holders: list[Mention], within: set[int] | None = None
    ) -> int:
        """+1 or -1 when a clause reported by ``speech`` states the holder's intent or an
        obligation, else 0. ``within``: only reported verbs among these tokens count."""
        own = {m.actor for m in holders}
        for child in speech.children:
            if child.dep_ != "ccomp" or child.lemma_.lower() in COGNITION_VERBS:
                continue
            # The reported verb and the verbs coordinated with it ("would stop … but would not
            # agree …"); a conjunct without a subject of its own shares the first one's.
            verbs = [child, *(c for c in child.conjuncts if c.pos_ in ("VERB", "AUX"))]
            for verb in verbs:
                if within is not None and verb.i not in within:
                    continue
                subject = self._subject(verb) or self._subject(child)
                same = subject is not None and (
                    subject.lower_ in PRONOUNS
                    or bool({m.actor for m in self._actors_of(subject)} & own)
                )
                if (same and _intent(verb)) or _deontic(verb):
                    return -1 if _negated(verb) and not _held_until(verb) else 1
        return 0
