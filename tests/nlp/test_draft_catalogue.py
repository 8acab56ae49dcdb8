"""The issue catalogue and the check that a claim's words speak of its issue."""

from __future__ import annotations

import re

from conftest import draft_claim
from detente.nlp.draft_catalogue import catalogue, catalogue_scenario, is_statement, supported


def test_catalogue_issues_are_propositions_with_labelled_axes_and_readable_names() -> None:
    entries = catalogue()
    assert len({e.id for e in entries}) == len(entries)
    for entry in entries:
        issue = entry.issue()
        assert issue.anchors[0.0] and issue.anchors[100.0], entry.id
        assert not re.search(r"[_{}]|\d", issue.name), issue.name
        assert issue.proposition.endswith("."), entry.id
    scenario = catalogue_scenario()
    assert {"us", "china", "nato"} <= {a.id for a in scenario.actors}


def test_catalogue_scenario_names_no_party_in_its_issues() -> None:
    """{target} is left out of what extraction matches, so a party's name is never a keyword."""
    for issue in catalogue_scenario().issues:
        assert "the country" not in issue.name and "{" not in issue.proposition


def test_headings_do_not_state_positions() -> None:
    assert not is_statement("What Ukraine wants")
    assert not is_statement("Russia's demands")
    assert is_statement("Moscow rejected the plan for a buffer zone on Monday.")


def test_a_claim_is_kept_only_where_the_words_speak_of_its_issue() -> None:
    on_tariffs = draft_claim("us", "tariff_cuts", "for", "Washington wants lower tariffs on cars.")
    off_topic = draft_claim(
        "us", "emissions_targets", "for", "Washington wants lower tariffs on cars and trucks."
    )
    limited = draft_claim(
        "us", "general_ceasefire", "for", "Washington wants a limited ceasefire at sea now."
    )
    assert supported([on_tariffs, off_topic, limited]) == [on_tariffs]
