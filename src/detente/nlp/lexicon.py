"""Word lists the stance reader works from (lemmas, lower case)."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FOR_VERBS = _words(
    "accept advocate agree aim allow announce approve ask back call commit consider "
    "contribute demand deploy develop discuss draft endorse ensure exchange explore favor "
    "favour float focus free guarantee hand help hope impose insist intend let like need "
    "negotiate offer open permit plan pledge prefer prepare press pressure promise propose "
    "provide pursue push recommend release request require return seek send set sign study "
    "supply support swap threaten transfer urge vow want welcome"
)
AGAINST_VERBS = _words(
    "abandon balk block condemn criticise criticize decline deny dismiss exclude halt leave "
    "object oppose quit refuse reject resist rule scrap spurn suspend veto walk warn withdraw"
)
SPEECH_VERBS = _words(
    "acknowledge add announce argue assert believe claim confirm declare describe emphasise "
    "emphasize explain hint indicate insist maintain note predict reaffirm reiterate repeat "
    "reply respond say signal state stress suggest tell think underline underscore write"
)
WEAK_VERBS = _words(
    "announce consider contribute deploy develop discuss draft exchange explore float focus hand "
    "help like need negotiate open prepare provide release require return send set study supply"
)
# Talking about a topic takes no side; refusing to talk about it does ("will not discuss"),
# and so does talk aimed at a deal or an act ("discussing an agreement", "discussed expanding").
NEGATED_ONLY_VERBS = _words("discuss negotiate")
DEAL_NOUNS = _words(
    "accord agreement arrangement deal framework memorandum pact plan proposal settlement treaty"
)
# Adjectives that judge the thing ("a deal is possible", "membership is unacceptable"): the
# copula's subject is the content and the holder is whoever says so, not that subject.
EVALUATIVE_ADJECTIVES = _words(
    "acceptable crucial essential impossible indispensable necessary possible unacceptable "
    "unrealistic vital"
)
# Nouns that point back to a proposal named elsewhere ("rejected the idea").
POINTER_NOUNS = _words("idea initiative move offer option route step terms")
COGNITION_VERBS = _words("believe doubt expect think")
FOR_ADJECTIVES = _words(
    "acceptable committed crucial determined eager essential indispensable interested keen "
    "necessary open possible prepared ready vital willing"
)
AGAINST_ADJECTIVES = _words("impossible opposed reluctant unacceptable unrealistic unwilling")
FOR_NOUNS = _words(
    "aim call condition demand desire goal idea initiative insistence intention offer openness "
    "plan priority proposal push readiness request support willingness wish"
)
AGAINST_NOUNS = _words("objection opposition refusal rejection veto")
REVERSALS = _words(
    "abandon abolish ban breach break cap cease curb cut demilitarise demilitarize drop ease "
    "eased easing end exclude freeze halt lift limit moratorium pause reduce "
    "reduction relief relinquish removal remove renounce scrap stop suspend suspension undermine "
    "violate violating violation withdraw withdrawal without"
)
# Verb and particle that together undo something ("give up its ambition", "call off the talks").
PHRASAL_REVERSALS = frozenset(
    [("give", "up"), ("call", "off"), ("pull", "out"), ("back", "away"), ("roll", "back")]
)
HARMS = _words(
    "aggression attack attacks bombing fighting hostilities invasion killing offensive "
    "shelling strike strikes striking violence war"
)
CONDITION_MARKERS = ("if", "unless", "provided", "providing", "once")
CONDITION_PHRASES = (
    "only after",
    "only if",
    "only when",
    "on condition",
    "in exchange for",
    "in return for",
    "as long as",
    "subject to",
)
INTENT_AUXILIARIES = _words("will would 'll shall must should can could wo ca")
# Modals that say what ought or cannot happen: reported, they are a position whoever the
# subject is ("Kyiv says no vote can be held", "Moscow says sanctions must go").
DEONTIC_AUXILIARIES = _words("must should ought")
ABILITY_AUXILIARIES = _words("can could ca")
# Nouns for people who speak for an institution named after them ("officials in Moscow").
PEOPLE_NOUNS = _words(
    "adviser advisor aide delegate delegation diplomat envoy figure leader member minister "
    "negotiator official representative source spokesman spokesperson spokeswoman"
)
# Who speaks for a party when named through its owner ("his office", "its spokesman").
SPEAKER_NOUNS = PEOPLE_NOUNS | _words(
    "administration government ministry office presidency readout statement team"
)
SIDE_NOUNS = _words("side party government country capital camp")
PRONOUNS = _words("he i it she they we")
ADJECTIVAL_PASSIVES = _words("commit determine interest oppose prepare resolve")
PHRASAL_EXITS = _words("back break call pull push walk")
ENDING_VERBS = _words("abandon cease drop end quit stop")
