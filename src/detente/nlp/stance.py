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

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from detente.nlp import cue_syntax as syntax
from detente.nlp.actors import Mention
from detente.nlp.clauses import split_clauses
from detente.nlp.lexicon import (
    ADJECTIVAL_PASSIVES,
    AGAINST_VERBS,
    COGNITION_VERBS,
    CONFIDENCE_DELTAS,
    FOR_VERBS,
    PEOPLE_NOUNS,
    PRONOUNS,
    SPEECH_VERBS,
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
        if syntax.both_sides(token) and len(self.recent_parties) == 2:
            return list(self.recent_parties)
        for head in [token, *token.conjuncts]:
            mention = (
                self.by_token.get(head.i)
                or self._modifier_mention(head)
                or self._appositive_mention(head)
                or self._affiliation_mention(head)
            )
            if mention is not None:
                found.append(mention)
        return found

    def _modifier_mention(self, head: Token) -> Mention | None:
        """ "Trump's envoy" is the envoy, a US official; "Russian oil" has no speaker."""
        for child in head.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i in self.by_token:
                candidate = self.by_token[child.i]
                if candidate.kind in ("demonym", "place", "alias") or child.dep_ == "poss":
                    return candidate
        return None

    def _appositive_mention(self, head: Token) -> Mention | None:
        """ "the Kremlin's spokesman Dmitry Peskov": the last appositive that names a party."""
        mention = None
        for child in head.children:
            if child.dep_ == "appos" and child.i in self.by_token:
                mention = self.by_token[child.i]
        return mention

    def _affiliation_mention(self, head: Token) -> Mention | None:
        """ "senior figures in the Trump administration", "officials at the Kremlin"."""
        if head.lemma_.lower() not in PEOPLE_NOUNS:
            return None
        mention = None
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "from", "of"):
                for obj in prep.children:
                    party = self.by_token.get(obj.i)
                    if obj.dep_ == "pobj" and party and party.kind != "commentator":
                        mention = party
        return mention

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
        if cue.pos_ == "NOUN":
            return self._noun_holders(cue, resolve_pronoun)
        copula = syntax.copula_of(cue) if syntax.evaluative(cue) else None
        if copula is not None:
            # "NATO membership is unacceptable, Putin said": the subject is what is judged.
            return self._speaker_or_source(copula), False
        verb = self._predicate_verb(cue)
        found = self._subject_holders(verb, resolve_pronoun)
        if found is not None:
            return found
        return self._speaker_or_source(verb), False

    def _noun_holders(
        self, cue: Token, resolve_pronoun: Callable[[], Mention | None]
    ) -> tuple[list[Mention], bool]:
        """Holders of a noun cue: its owner, the subject of its light verb or copula, or the
        party a fronted "for X" names."""
        for child in cue.children:
            if child.dep_ in ("poss", "amod", "compound") and child.i in self.by_token:
                return [m for m in self._actors_of(child) if m.kind != "commentator"], False
        # "Kyiv expressed its willingness …", "Moscow signalled openness to …": the noun is the
        # object of a light verb whose subject holds it; "Moscow said one of its conditions is …".
        light_verb = cue.head if cue.dep_ in ("dobj", "attr") and cue.head.i != cue.i else None
        for verb in (light_verb, syntax.copula_of(cue)):
            if verb is not None:
                holders, via_pronoun = self.holders(verb, resolve_pronoun)
                if holders:
                    return holders, via_pronoun
        for token in self.doc:  # "For Washington, the priority is …"
            if token.lower_ == "for" and token.dep_ == "prep" and token.i < cue.i:
                for child in token.children:
                    if child.dep_ == "pobj" and child.i in self.by_token:
                        return [self.by_token[child.i]], False
        return [], False

    def _speaker_or_source(self, verb: Token) -> list[Mention]:
        """The party whose speech governs ``verb``, else the one an "according to" names."""
        governing = self._governing_speaker(verb)
        if governing:
            return governing
        source = self._according_to()
        if source is not None:
            return [m for m in self._actors_of(source) if m.kind != "commentator"]
        return []

    @staticmethod
    def _predicate_verb(cue: Token) -> Token:
        """The verb that carries a predicate cue's subject ("Putin is still opposed to …", "both
        appear willing to …", "… are an essential part of …"); the cue itself otherwise."""
        if cue.dep_ in ("acomp", "oprd", "prep") or (
            cue.pos_ == "ADJ" and cue.dep_ in ("amod", "attr")
        ):
            verb = cue.head
            if cue.dep_ == "amod" and verb.dep_ == "attr":
                return verb.head
            return verb
        return cue

    def _subject_holders(
        self, verb: Token, resolve_pronoun: Callable[[], Mention | None]
    ) -> tuple[list[Mention], bool] | None:
        """Holders from the subject of ``verb`` or of the verbs it hangs from (up to four
        steps through xcomp/conj/advcl); None when no subject settles it."""
        step = verb
        for _ in range(4):
            subject = self._subject(step)
            if subject is not None:
                if subject.lower_ in PRONOUNS or syntax.pronoun_owned(subject):
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
        return None

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
            cue = syntax.polarity(token)
            if cue is None or token.i in commentary:
                continue
            if syntax.inside_other_cue(token) and not self._own_holder(token):
                continue
            polarity, kind, confidence = cue
            holders, via_pronoun = self.holders(token, resolve_pronoun)
            if not holders:
                continue
            complement = syntax.complement(token)
            polarity = self._cue_polarity(token, polarity, holders)
            if polarity == 0:
                continue
            conditional = syntax.conditional(token)
            if via_pronoun:
                confidence += CONFIDENCE_DELTAS["via_pronoun"]
            for clause in split_clauses(complement):
                if kind == "speech":
                    # "said he would stop the strikes but would not agree to a truce": each
                    # reported clause keeps its own polarity.
                    polarity = self._reported_intent(token, holders, {t.i for t in clause})
                    if polarity == 0:
                        continue
                reversal = syntax.reversal(clause)
                sign = -polarity if (reversal is not None) != reverses_proposition else polarity
                stance = "for" if sign > 0 else "against"
                conf = confidence
                if conditional and (stance == "for" or kind == "speech"):
                    stance = "conditional"
                    conf += CONFIDENCE_DELTAS["conditional"]
                scope, content = syntax.scope(token, clause)
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

    def _cue_polarity(self, token: Token, polarity: int, holders: list[Mention]) -> int:
        """The cue's polarity after negation and ending; 0 for a report that states no intent.

        A bare report ("X said it will never …") counts only when the party speaks about its
        own intent: the reported clause's subject is the party or a pronoun.
        """
        if polarity == 0:
            polarity = self._reported_intent(token, holders)
            if polarity == 0:
                return 0
        elif (syntax.negated(token) and not syntax.held_until(token)) or syntax.negated_belief(
            token
        ):
            polarity = -polarity
        if syntax.ended(token):  # "stopped objecting to …", "dropped its demand for …"
            polarity = -polarity
        return polarity

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
                if (same and syntax.intent(verb)) or syntax.deontic(verb):
                    return -1 if syntax.negated(verb) and not syntax.held_until(verb) else 1
        return 0
