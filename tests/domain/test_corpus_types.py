"""Corpus types: spans are ordered, stances and fact kinds are closed sets."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from detente.domain import Claim, Conflict, ConflictSide, Document, Fact


def _claim(**overrides: object) -> Claim:
    fields: dict[str, object] = {
        "doc": "a.txt",
        "start": 0,
        "end": 20,
        "sentence": "North wants a truce.",
        "actor": "north",
        "issue": "truce",
        "stance": "for",
        "confidence": 0.8,
        "cue": "wants",
    }
    fields.update(overrides)
    return Claim(**fields)  # type: ignore[arg-type]


def test_claim_defaults_to_the_rule_extractor_and_checks_its_span() -> None:
    assert _claim().extractor == "stance.v1"
    with pytest.raises(ValidationError, match="greater than start"):
        _claim(start=20, end=20)


@pytest.mark.parametrize("bad", [{"stance": "neutral"}, {"confidence": 1.5}, {"doc": ""}])
def test_claim_refuses_values_outside_its_sets(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _claim(**bad)


def test_document_needs_a_sha256_digest() -> None:
    text = "North and South met."
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert Document(id="a.txt", text=text, sha256=digest).sha256 == digest
    with pytest.raises(ValidationError):
        Document(id="a.txt", text=text, sha256="not-a-digest")


def test_fact_kind_is_a_closed_set() -> None:
    fact = Fact(doc="a.txt", start=0, end=7, kind="duration", value="30 days", text="30 days")
    assert fact.resolved
    with pytest.raises(ValidationError):
        Fact(doc="a.txt", start=0, end=7, kind="weight", value="3", text="3 kg")


def test_a_conflict_needs_two_sides() -> None:
    side = ConflictSide(value="Luhansk", sources=(("a.txt", 0, 7),))
    other = ConflictSide(value="Lugansk", sources=(("b.txt", 4, 11),))
    assert len(Conflict(kind="spelling", subject="place", sides=(side, other)).sides) == 2
    with pytest.raises(ValidationError):
        Conflict(kind="spelling", subject="place", sides=(side,))
