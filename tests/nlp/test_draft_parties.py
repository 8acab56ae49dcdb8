"""Grouping parties for a draft: blocs, organisations, mentions, ``--parties``."""

from __future__ import annotations

import pytest

from conftest import draft_claim
from detente.errors import DetenteError
from detente.nlp.draft_parties import group_parties


def test_european_members_on_one_side_form_one_bloc_with_the_evidence() -> None:
    claims = [
        draft_claim("france", "foreign_troops", "for"),
        draft_claim("uk", "foreign_troops", "for"),
        draft_claim("uk", "military_aid", "for"),
        draft_claim("russia", "foreign_troops", "against"),
        draft_claim("russia", "military_aid", "against"),
    ]
    groups, _ = group_parties(claims)
    europe = next(g for g in groups if g.id == "europe")
    assert set(europe.members) == {"france", "uk"}
    assert any("foreign_troops" in line for line in europe.evidence)


def test_a_member_on_the_other_side_is_kept_apart_and_the_review_says_why() -> None:
    claims = [
        draft_claim("france", "sanctions_relief", "against"),
        draft_claim("germany", "sanctions_relief", "against"),
        draft_claim("hungary", "sanctions_relief", "for"),
        draft_claim("hungary", "military_aid", "against"),
    ]
    groups, _ = group_parties(claims)
    by_id = {g.id: g for g in groups}
    assert set(by_id["europe"].members) == {"france", "germany"}
    assert "opposite side" in by_id["hungary"].evidence[0]


def test_organisations_are_parties_only_when_they_take_positions_on_enough_issues() -> None:
    few = [draft_claim("nato", "membership", "for"), draft_claim("us", "membership", "against")]
    groups, non_parties = group_parties(few, mentioned={"un": 3})
    assert "nato" not in {g.id for g in groups}
    reasons = {n.actor: n.reason for n in non_parties}
    assert "organisation" in reasons["nato"] and "states no position" in reasons["un"]
    many = few + [
        draft_claim("nato", issue, "for")
        for issue in ("foreign_troops", "military_aid", "monitoring")
    ]
    assert "nato" in {g.id for g in group_parties(many)[0]}


def test_parties_option_steers_the_grouping_and_rejects_unknown_names() -> None:
    claims = [
        draft_claim("uk", "foreign_troops", "for"),
        draft_claim("france", "foreign_troops", "for"),
        draft_claim("turkey", "foreign_troops", "for"),
    ]
    groups, non_parties = group_parties(claims, ["Britain", "france", "Ankara"])
    assert [g.id for g in groups] == ["uk", "france", "turkey"]
    assert not non_parties
    groups, non_parties = group_parties(claims, ["europe"])
    assert groups[0].members == ("uk", "france") or set(groups[0].members) >= {"uk", "france"}
    assert [n.actor for n in non_parties] == ["turkey"]
    with pytest.raises(DetenteError) as caught:
        group_parties(claims, ["atlantis"])
    assert caught.value.code == "DT408"
