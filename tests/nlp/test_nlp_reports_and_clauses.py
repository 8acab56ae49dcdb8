"""Round-4 refinements of sentences.v1, issues.v1 and stance.v1, each on sentences written for
these tests: datelines, word forms in the thesaurus, participles, reported obligations,
refusals that last until a condition, talk towards a deal, clause contents and headings."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ClaimsOf
from detente.domain import Actor, Issue, Scenario
from detente.nlp.facts import find_facts
from detente.nlp.pipeline import Pipeline
from detente.nlp.sentences import split_sentences
from detente.nlp.stance import StanceHit, StanceReader
from detente.nlp.vocabulary import terms


def _stance_hits(pipeline: Pipeline, text: str) -> list[StanceHit]:
    """The stance reader's hits for one sentence, before issues are assigned."""
    parsed = pipeline.context.parse(text)
    mentions = pipeline.context.finder.find(parsed, 0)
    return StanceReader(parsed, mentions, 0).read(False, lambda: None)


@pytest.mark.parametrize(
    "text",
    [
        "RIYADH/MOSCOW \u2013 Russia will sign. It said so.",
        "KYIV, Ukraine (AP) \u2014 Russia will sign. It said so.",
        "WASHINGTON (Reuters) - Russia will sign. It said so.",
        "09:40 GMT \u2013 Russia will sign. It said so.",
        "10.15am: Russia will sign. It said so.",
    ],
)
def test_a_wire_dateline_or_a_time_stamp_is_a_unit_of_its_own(text: str) -> None:
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences[1:] == ["Russia will sign.", "It said so."]
    assert text.startswith(sentences[0])


@pytest.mark.parametrize(
    "text",
    [
        "US \u2013 Russia talks begin. Then more.",
        "NATO \u2013 the alliance said so.",
        "At 10:30 the talks began. Then more.",
    ],
)
def test_a_short_name_or_a_lower_case_follow_up_is_no_dateline(text: str) -> None:
    assert text[slice(*split_sentences(text)[0])].startswith(text.split(".")[0])


def test_plural_and_possessive_forms_reach_the_thesaurus() -> None:
    assert terms("the borders") == terms("a frontier") == ["border"]
    assert terms("Ukraine's army") == terms("Ukraine army")


def test_a_conjoined_participle_is_about_the_same_noun(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    text = "Moscow opposes the energy moratorium drafted by Washington and endorsed by Kyiv."
    hits = _stance_hits(pipeline, text)
    endorsed = next(h for h in hits if h.cue == "endorsed")
    assert endorsed.actor == "ukraine"
    assert "the energy moratorium" in endorsed.content
    assert "opposes" not in endorsed.content  # the noun, not the whole sentence
    claims = claims_of(pipeline, text)
    assert {("us", "energy_truce", "for"), ("ukraine", "energy_truce", "for")} <= claims
    assert ("russia", "energy_truce", "against") in claims


def test_being_interested_in_a_deal_is_for_it(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    claims = claims_of(pipeline, "Trump is interested in a minerals deal with Kyiv.")
    assert ("us", "minerals", "for") in claims


def test_negotiating_counts_when_it_is_aimed_at_a_deal(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    deal = claims_of(pipeline, "Washington and Kyiv are negotiating a minerals agreement.")
    assert {("us", "minerals", "for"), ("ukraine", "minerals", "for")} <= deal
    assert not claims_of(pipeline, "Putin and Trump negotiated about NATO membership.")


def test_a_reported_obligation_is_a_position_whoever_its_subject(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    no_vote = claims_of(pipeline, "Kyiv says no vote can be held while martial law is in force.")
    assert ("ukraine", "elections", "against") in no_vote
    must = claims_of(pipeline, "Trump says Ukraine must hold a presidential election soon.")
    assert ("us", "elections", "for") in must
    # A narrated fact about someone else is no position of the speaker.
    assert not claims_of(pipeline, "Trump says Ukraine held a presidential election in 2019.")


def test_a_refusal_until_a_condition_is_a_conditional_yes(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    claims = claims_of(
        pipeline, "Putin will not agree to the energy moratorium until Kyiv stops its attacks."
    )
    assert ("russia", "energy_truce", "conditional") in claims
    assert ("russia", "energy_truce", "against") not in claims
    refused = claims_of(pipeline, "Putin will not agree to the energy moratorium.")
    assert ("russia", "energy_truce", "against") in refused


def test_each_clause_reads_its_own_words_not_its_neighbours(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    text = "Putin wants Ukraine to renounce NATO membership and to hold a presidential election."
    hits = _stance_hits(pipeline, text)
    contents = sorted(h.content for h in hits)
    assert len(contents) == 2
    election = next(h for h in hits if "election" in h.content)
    assert "NATO" not in election.content
    # The span it covers still runs over the first clause: the words are what count.
    assert "NATO" in text[slice(*election.scope)]
    assert claims_of(pipeline, text) == {
        ("russia", "nato", "against"),
        ("russia", "elections", "for"),
    }
    assert all(word in text for c in contents for word in c.split())


def _sea_and_front() -> Scenario:
    def issue(issue_id: str, name: str, proposition: str) -> Issue:
        return Issue(
            id=issue_id, name=name, proposition=proposition, anchors={0: "none", 100: "full"}
        )

    return Scenario(
        title="two ceasefires",
        actors=(
            Actor(id="russia", name="Russia", aliases=("Moscow", "Putin")),
            Actor(id="ukraine", name="Ukraine", aliases=("Kyiv",)),
        ),
        issues=(
            issue("sea", "Ceasefire at sea", "A ceasefire holds at sea."),
            issue("front", "Ceasefire on the front", "A ceasefire holds on the front."),
        ),
    )


def test_a_section_heading_settles_words_two_issues_share(claims_of: ClaimsOf) -> None:
    pipeline = Pipeline(_sea_and_front(), use_embeddings=False)
    sentence = "Moscow says it will accept the ceasefire."
    alone = {issue for _, issue, _ in claims_of(pipeline, sentence)}
    assert alone == {"sea", "front"}  # the words alone cannot tell the two apart
    under_heading = claims_of(pipeline, f"What each side wants at sea\n\n{sentence}")
    assert {issue for _, issue, _ in under_heading} == {"sea"}


def test_each_reported_clause_keeps_its_own_polarity(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    claims = claims_of(
        pipeline,
        "Putin told Trump that he would stop strikes on power plants but would not accept "
        "foreign troops.",
    )
    assert ("russia", "energy_truce", "for") in claims
    assert ("russia", "peacekeepers", "against") in claims
    assert ("russia", "energy_truce", "against") not in claims


def test_a_kept_goal_and_a_given_up_ambition(pipeline: Pipeline, claims_of: ClaimsOf) -> None:
    kept = claims_of(pipeline, "Kyiv has not dropped its goal of NATO membership.")
    assert ("ukraine", "nato", "for") in kept
    dropped = claims_of(pipeline, "Kyiv has dropped its goal of NATO membership.")
    assert ("ukraine", "nato", "against") in dropped
    given_up = claims_of(pipeline, "Moscow wants Kyiv to give up its NATO membership bid.")
    assert ("russia", "nato", "against") in given_up


def test_a_reversal_word_that_names_the_issue_in_other_words_is_taken_back(
    claims_of: ClaimsOf,
) -> None:
    scenario = _sea_and_front()
    pipeline = Pipeline(scenario, use_embeddings=False)
    # "moratorium" is the thesaurus's ceasefire, the word both issue names use.
    claims = claims_of(pipeline, "Kyiv wants the moratorium at sea widened.")
    assert ("ukraine", "sea", "for") in claims


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Kremlin said on Tuesday that the talks were useful.", "2025-03-25"),  # the day
        ("The delegations met on Monday in Riyadh.", "2025-03-24"),  # the past Monday
        ("Talks will resume on Friday in Riyadh.", "2025-03-28"),  # the coming Friday
        ("He said on Friday that talks will go on.", "2025-03-21"),  # said: the past Friday
    ],
)
def test_a_bare_weekday_is_read_against_the_article_day_and_tense(
    sentence: str, expected: str
) -> None:
    tuesday = dt.date(2025, 3, 25)
    (hit,) = [h for h in find_facts(sentence, tuesday) if h.kind == "date"]
    assert hit.value == expected


def test_officials_in_a_capital_speak_for_it_and_a_clause_keeps_its_own_holder(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    claims = claims_of(
        pipeline,
        "Moscow wants Ukraine to renounce NATO membership, and senior officials in Washington "
        "have called membership unrealistic.",
    )
    assert ("us", "nato", "against") in claims
    assert ("russia", "nato", "against") in claims
    assert ("russia", "nato", "for") not in claims  # "called" is no act of Moscow's
    # "called … unrealistic" judges membership; it is no call for it.
    assert ("us", "nato", "for") not in claims


def test_a_speaker_named_through_a_pronoun_speaks_for_its_owner(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    text = (
        "The Kremlin issued a statement on Monday. "
        "Its spokesman rejected NATO membership for Kyiv outright."
    )
    assert ("russia", "nato", "against") in claims_of(pipeline, text)
    # "our" is the quoted speaker's own side, not the last party named.
    quoted = "The Kremlin issued a statement. Our office rejected NATO membership for Kyiv."
    assert not claims_of(pipeline, quoted)


def test_we_in_a_quote_is_the_party_that_he_or_she_stands_for(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    text = (
        "Zelensky spoke to reporters in Kyiv on Tuesday.\n\n"
        "\u201cWe are ready to sign the minerals agreement,\u201d he said."
    )
    assert ("ukraine", "minerals", "for") in claims_of(pipeline, text)
    after_analyst = (
        "Mark Doe, an analyst at a think tank, spoke on Tuesday.\n\n"
        "\u201cWe are ready to sign the minerals agreement,\u201d he said."
    )
    assert not claims_of(pipeline, after_analyst)


def test_a_relative_clauses_conjunct_is_about_the_antecedent(pipeline: Pipeline) -> None:
    text = "Putin rejected the energy moratorium, which Washington drafted and Kyiv endorsed."
    hits = _stance_hits(pipeline, text)
    endorsed = next(h for h in hits if h.cue == "endorsed")
    assert endorsed.actor == "ukraine"
    assert "the energy moratorium" in endorsed.content
    assert "rejected" not in endorsed.content


def test_being_left_without_something_is_no_exit_nor_preparing_an_attack_support(
    pipeline: Pipeline, claims_of: ClaimsOf
) -> None:
    text = (
        "Kyiv warns that Moscow could use any pause to rearm and prepare a new attack, "
        "especially if Ukraine is left without a European peacekeeping force."
    )
    claims = claims_of(pipeline, text)
    assert ("russia", "peacekeepers", "conditional") not in claims
    # Preparing an attack is an act of war, not support for anything.
    assert not {c for c in claims if c[0] == "russia"}
