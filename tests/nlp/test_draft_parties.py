"""Grouping parties for a draft: blocs, organisations, mentions, ``--parties``."""

from __future__ import annotations

import pytest

from detente.domain import Claim
from detente.errors import DetenteError
from detente.nlp.draft_parties import group_parties


def _claim(actor: str, issue: str, stance: str, sentence: str = "", **extra: object) -> Claim:
    text = sentence or f"{actor} spoke about {issue} at the talks on Monday."
    values: dict[str, object] = {
        "doc": "a.txt",
        "start": 0,
        "end": len(text),
        "sentence": text,
        "actor": actor,
        "issue": issue,
        "stance": stance,
        "confidence": 0.8,
        "cue": "said",
    }
    values.update(extra)
    return Claim.model_validate(values)


def test_european_members_on_one_side_form_one_bloc_with_the_evidence() -> None:
    claims = [
        _claim("france", "foreign_troops", "for"),
        _claim("uk", "foreign_troops", "for"),
        _claim("uk", "military_aid", "for"),
        _claim("russia", "foreign_troops", "against"),
        _claim("russia", "military_aid", "against"),
    ]
    groups, _ = group_parties(claims)
    europe = next(g for g in groups if g.id == "europe")
    assert set(europe.members) == {"france", "uk"}
    assert any("foreign_troops" in line for line in europe.evidence)


def test_a_member_on_the_other_side_is_kept_apart_and_the_review_says_why() -> None:
    claims = [
        _claim("france", "sanctions_relief", "against"),
        _claim("germany", "sanctions_relief", "against"),
        _claim("hungary", "sanctions_relief", "for"),
        _claim("hungary", "military_aid", "against"),
    ]
    groups, _ = group_parties(claims)
    by_id = {g.id: g for g in groups}
    assert set(by_id["europe"].members) == {"france", "germany"}
    assert "opposite side" in by_id["hungary"].evidence[0]


def test_organisations_are_parties_only_when_they_take_positions_on_enough_issues() -> None:
    few = [_claim("nato", "membership", "for"), _claim("us", "membership", "against")]
    groups, non_parties = group_parties(few, mentioned={"un": 3})
    assert "nato" not in {g.id for g in groups}
    reasons = {n.actor: n.reason for n in non_parties}
    assert "organisation" in reasons["nato"] and "states no position" in reasons["un"]
    many = few + [
        _claim("nato", issue, "for") for issue in ("foreign_troops", "military_aid", "monitoring")
    ]
    assert "nato" in {g.id for g in group_parties(many)[0]}


def test_parties_option_steers_the_grouping_and_rejects_unknown_names() -> None:
    claims = [
        _claim("uk", "foreign_troops", "for"),
        _claim("france", "foreign_troops", "for"),
        _claim("turkey", "foreign_troops", "for"),
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
