"""Round-3 refinements of issues.v1 and stance.v1, each on sentences written for these tests:
the negotiation thesaurus, commentators' words, intent in reported speech, predicate and
copula structures, possessed noun cues, "both sides" and act verbs."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc

from conftest import ClaimsOf
from detente.domain import Issue, Scenario
from detente.nlp.issues import IssueIndex
from detente.nlp.pipeline import Pipeline, load_spacy
from detente.nlp.stance_model import STANCE_V1
from detente.nlp.vocabulary import terms


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("cease-fire", "truce"),
        ("ceasefire", "moratorium"),
        ("peacekeepers", "troops"),
        ("annexed regions", "annex territory"),
        ("sanctions lifted", "sanction relief"),
        ("recognizes", "recognition"),
    ],
)
def test_thesaurus_gives_word_families_one_term(one: str, other: str) -> None:
    assert set(terms(one)) == set(terms(other))


def test_hyphenated_words_count_whole_or_by_their_parts() -> None:
    assert terms("a cease-fire") == ["ceasefire"]
    assert terms("Energy-strike moratorium") == ["energy", "strike", "ceasefire"]


def test_paraphrase_of_an_issue_scores_by_meaning_not_wording(scenario: Scenario) -> None:
    index = IssueIndex(scenario.issues)
    scores = dict(
        zip(
            [i.id for i in scenario.issues],
            index.lexical_scores("a truce covering the grid"),
            strict=True,
        )
    )
    assert max(scores, key=lambda k: scores[k]) == "energy_truce"
    assert scores["energy_truce"] > 0.5


def test_a_commentators_words_are_no_partys_stance(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    said_by_analyst = (
        "Moscow will never accept NATO membership for Kyiv, said Mark Doe, a senior fellow at "
        "a think tank."
    )
    assert not {c for c in claims_of(pipeline, said_by_analyst) if c[0] == "russia"}
    said_by_party = "Moscow will never accept NATO membership for Kyiv, Putin said."
    assert ("russia", "nato", "against") in claims_of(pipeline, said_by_party)


def test_he_after_a_commentator_is_the_commentator(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    text = (
        "Mark Doe, an analyst at a think tank, said on Monday that talks were slow.\n\n"
        "\u201cPutin wants Ukraine to abandon its NATO bid,\u201d he said."
    )
    assert not claims_of(pipeline, text)


def test_talk_takes_a_side_only_when_refused_or_aimed_at_a_deal(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    assert not claims_of(pipeline, "Putin and Trump discussed NATO membership for Ukraine.")
    refused = claims_of(pipeline, "Putin will not discuss NATO membership for Ukraine.")
    assert ("russia", "nato", "against") in refused
    deal = claims_of(pipeline, "Kyiv and Washington are discussing a minerals agreement.")
    assert {("ukraine", "minerals", "for"), ("us", "minerals", "for")} <= deal


def test_a_bare_report_counts_when_it_states_intent_not_narration(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    assert not claims_of(pipeline, "Zelensky said he had talked about elections with Trump.")
    intent = claims_of(pipeline, "Zelensky said he would hold a presidential election soon.")
    assert ("ukraine", "elections", "for") in intent


def test_a_predicate_cue_takes_the_verbs_subject(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    opposed = claims_of(pipeline, "Putin is still opposed to Ukraine joining NATO.")
    assert ("russia", "nato", "against") in opposed
    willing = claims_of(
        pipeline, "Both Kyiv and Moscow appear willing to accept a moratorium on energy strikes."
    )
    assert {("russia", "energy_truce", "for"), ("ukraine", "energy_truce", "for")} <= willing


def test_a_participle_cue_is_about_the_noun_it_modifies(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    claims = claims_of(pipeline, "Putin rejected a European peacekeeping force proposed by France.")
    assert {("russia", "peacekeepers", "against"), ("europe", "peacekeepers", "for")} <= claims


def test_a_noun_cue_under_a_copula_is_about_the_other_side(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    condition = claims_of(
        pipeline,
        "Moscow has said that one of its conditions is an early presidential election in Ukraine.",
    )
    assert ("russia", "elections", "for") in condition
    essential = claims_of(
        pipeline,
        "Zelensky said that a European peacekeeping force is an essential part of any peace.",
    )
    assert ("ukraine", "peacekeepers", "for") in essential


def test_a_possessed_noun_cue_speaks_for_its_owner(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    claims = claims_of(
        pipeline, "Putin called Trump's proposal of an energy moratorium a constructive idea."
    )
    assert ("us", "energy_truce", "for") in claims


def test_both_sides_are_the_two_parties_named_last(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    text = (
        "Kyiv and Moscow sent delegations to Riyadh on Monday. Both sides agreed to halt "
        "strikes on energy infrastructure, an aide to Putin said."
    )
    claims = claims_of(pipeline, text)
    assert {("russia", "energy_truce", "for"), ("ukraine", "energy_truce", "for")} <= claims


def test_pushing_back_is_opposition_and_sending_troops_is_support(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    pushed = claims_of(pipeline, "France pushed back against NATO membership for Ukraine.")
    assert ("europe", "nato", "against") in pushed
    sent = claims_of(pipeline, "France will send a peacekeeping force to Ukraine.")
    assert ("europe", "peacekeepers", "for") in sent


def test_a_prediction_of_a_signature_is_the_predictors_support(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    claims = claims_of(pipeline, "Trump predicted that the minerals deal would be signed soon.")
    assert ("us", "minerals", "for") in claims


def test_coordinated_cue_verbs_are_read_each_on_its_own(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    claims = claims_of(
        pipeline,
        "Putin wants NATO membership for Ukraine renounced and wants Ukraine to hold a "
        "presidential election.",
    )
    assert {("russia", "nato", "against"), ("russia", "elections", "for")} <= claims
    assert ("russia", "nato", "for") not in claims


def test_no_on_a_passive_subject_negates_the_cue(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    claims = claims_of(
        pipeline, "Putin said that no foreign peacekeeping troops can be allowed in Ukraine."
    )
    assert ("russia", "peacekeepers", "against") in claims


def test_a_demand_as_part_of_a_deal_is_support_not_a_condition(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    claims = claims_of(
        pipeline, "Zelensky wants a European peacekeeping force as part of a peace deal."
    )
    assert ("ukraine", "peacekeepers", "for") in claims


def test_a_stance_pointing_back_takes_the_issue_from_context(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    text = "Kyiv proposed a moratorium on energy strikes.\nMoscow rejected the Ukrainian offer."
    assert ("russia", "energy_truce", "against") in claims_of(pipeline, text)


def test_a_stance_with_content_of_its_own_borrows_no_issue(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    text = (
        "Kyiv proposed an early presidential election.\n"
        "Trump stepped up his push for a summit with world leaders."
    )
    assert not {c for c in claims_of(pipeline, text) if c[0] == "us"}


def test_two_pipelines_each_keep_their_own_actors(scenario: Scenario, claims_of: ClaimsOf) -> None:
    renamed = scenario.model_copy(
        update={
            "actors": tuple(
                a.model_copy(update={"aliases": (*a.aliases, "Zorgland")})
                if a.id == "europe"
                else a
                for a in scenario.actors
            )
        }
    )
    first, second = Pipeline(renamed, stance=STANCE_V1), Pipeline(scenario, stance=STANCE_V1)
    text = "Zorgland rejected a moratorium on energy strikes."
    assert ("europe", "energy_truce", "against") in claims_of(first, text)
    assert not claims_of(second, text)
    assert ("europe", "energy_truce", "against") in claims_of(first, text)


def test_docs_still_round_trip_through_bytes_after_the_msgpack_freeze() -> None:
    # Parses from a second process come back as bytes; the frozen plug-in snapshot must still
    # hold numpy's decoder, or arrays in a Doc would not come back.
    nlp = load_spacy()
    doc = nlp("Kyiv rejected the offer.")
    doc.user_data["vector"] = np.arange(3.0)
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [t.dep_ for t in back] == [t.dep_ for t in doc]
    assert np.array_equal(back.user_data["vector"], np.arange(3.0))


def test_the_paragraphs_topic_settles_words_that_fit_two_issues(
    scenario: Scenario, claims_of: ClaimsOf
) -> None:
    with_eu = scenario.model_copy(
        update={
            "issues": (
                *scenario.issues,
                Issue(
                    id="eu",
                    name="EU membership for Ukraine",
                    proposition="Ukraine joins the European Union.",
                ),
            )
        }
    )
    pipeline = Pipeline(with_eu, stance=STANCE_V1)
    text = "Kyiv wants to join NATO soon. Washington dismissed membership as no solution."
    claims = claims_of(pipeline, text)
    assert ("us", "nato", "against") in claims
    assert ("us", "eu", "against") not in claims
