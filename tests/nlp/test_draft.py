"""Drafting a scenario from nothing (nlp/draft*.py, workflows/init.py).

The corpus is tests/fixtures/trade: three short articles written for these tests (a made-up
round of US–China trade talks with the EU and Britain, and a climate side deal with India).
The pure functions are also checked on claims built by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import draft_claim
from detente.corpus.ingest import ingest_paths
from detente.io.scenario_yaml import parse_yaml_text, validate_document
from detente.nlp.draft import draft_position, salience
from detente.workflows.init import DraftRun, draft_from_documents, states_limit

TRADE = Path(__file__).resolve().parents[1] / "fixtures" / "trade"


@pytest.fixture(scope="module")
def trade_documents() -> list:
    return ingest_paths(sorted(TRADE.glob("*.md"))).documents


@pytest.fixture(scope="module")
def trade_draft(trade_documents: list) -> DraftRun:
    return draft_from_documents(trade_documents)


# -------------------------------------------------------------------------------- positions


def test_salience_grows_with_the_claims_and_never_reaches_100() -> None:
    values = [salience(w) for w in (0.8, 1.5, 3.0, 6.0, 50.0)]
    assert values == sorted(values) and values[-1] < 100
    assert values[0] < 40 and values[1] < 50  # one claim, even an emphatic one


def test_claims_on_both_sides_are_flagged_not_averaged() -> None:
    claims = [
        draft_claim("us", "elections", "for", doc="a.txt"),
        draft_claim("us", "elections", "for", doc="b.txt", start=5, end=40),
        draft_claim("us", "elections", "against", doc="c.txt"),
    ]
    drafted = draft_position("us", "elections", claims, {}, lambda s: False)
    assert drafted.mixed and drafted.position.position == 100.0
    assert drafted.split == {"against": 1, "for": 2}
    assert "MIXED" in (drafted.position.note or "")
    even = draft_position("us", "elections", claims[1:], {}, lambda s: False)
    assert even.mixed and even.position.position == 50.0
    one_side = draft_position("us", "elections", claims[:2], {}, lambda s: False)
    assert not one_side.mixed and one_side.position.red_line is None


def test_a_red_line_only_where_a_sentence_states_a_limit() -> None:
    plain = draft_claim("china", "trade_quotas", "against", "Beijing rejected the steel quotas.")
    limit = draft_claim(
        "china", "trade_quotas", "against", "Beijing will never accept quotas on its steel."
    )
    assert draft_position("china", "trade_quotas", [plain], {}, states_limit).red_line_claim is None
    drafted = draft_position("china", "trade_quotas", [plain, limit], {}, states_limit)
    assert drafted.red_line_claim == limit and drafted.position.red_line is not None


# ------------------------------------------------------------- a draft from the trade corpus


def test_trade_draft_groups_parties_as_an_analyst_would(trade_draft: DraftRun) -> None:
    draft = trade_draft.draft
    parties = {a.id: a for a in draft.scenario.actors}
    assert {"us", "china", "europe"} <= set(parties)
    europe = next(g for g in draft.parties if g.id == "europe")
    assert {"eu", "uk"} <= set(europe.members)  # the EU and Britain back the same cuts
    assert "Trump" in parties["us"].aliases  # an official resolved to his state
    left_out = {n.actor: n for n in draft.non_parties}
    assert {"un", "turkey"} <= set(left_out)  # a host and a venue, no positions
    assert not {"un", "turkey"} & set(parties)


def test_trade_draft_issues_are_readable_propositions_kept_apart(trade_draft: DraftRun) -> None:
    issues = {i.id: i for i in trade_draft.draft.scenario.issues}
    assert {"tariff_cuts", "trade_quotas", "emissions_targets"} <= set(issues)
    for issue in issues.values():
        assert not re.search(r"_|\d", issue.name), issue.name
        assert 0.0 in issue.anchors and 100.0 in issue.anchors
    claims_of = {d.issue.id: d.claims for d in trade_draft.draft.issues}
    # Each claim sits on the issue its sentence speaks of: quotas and tariffs stay apart.
    assert all("quota" in c.sentence.lower() for c in claims_of["trade_quotas"])
    assert all("emission" in c.sentence.lower() for c in claims_of["emissions_targets"])


def test_trade_draft_positions_follow_the_claims(trade_draft: DraftRun) -> None:
    scenario = trade_draft.draft.scenario
    quotas = {p.actor: p for p in scenario.positions_on("trade_quotas")}
    assert quotas["china"].position == 0.0 and quotas["us"].position == 100.0
    for position in scenario.positions:
        assert position.salience < 100 and position.evidence
        claims = [
            c
            for c in trade_draft.draft.claims
            if (c.actor, c.issue) == (position.actor, position.issue)
        ]
        if len(claims) == 1:
            assert position.salience < 50
        states = any(states_limit(c.sentence) for c in claims)
        assert (position.red_line is not None) == states


def test_trade_draft_yaml_says_draft_lists_the_review_and_validates(trade_draft: DraftRun) -> None:
    text = trade_draft.text
    assert text.startswith("# DRAFT")
    for item in trade_draft.review:
        assert f"# - {item.line()}" in text
    kinds = {item.kind for item in trade_draft.review}
    assert {"draft", "party", "non-party", "issue", "capability", "red line"} <= kinds
    assert text.count("REVIEW: not drafted") == len(trade_draft.draft.scenario.actors)
    scenario = validate_document(parse_yaml_text(text, "draft"), "draft")
    assert scenario == trade_draft.draft.scenario
    assert scenario.as_of == dt.date(2025, 4, 15)
