"""A small scenario built in Python and one shared pipeline (loading spaCy once per session)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from detente.corpus.ingest import sha256_text
from detente.domain import Actor, Claim, Document, Issue, Scenario
from detente.nlp.pipeline import Pipeline
from detente.nlp.stance_model import STANCE_V1

ClaimsOf = Callable[[Pipeline, str], set[tuple[str, str, str]]]


def _issue(issue_id: str, name: str, proposition: str, at_0: str, at_100: str) -> Issue:
    return Issue(id=issue_id, name=name, proposition=proposition, anchors={0: at_0, 100: at_100})


def mini_scenario() -> Scenario:
    return Scenario(
        title="test talks",
        actors=(
            Actor(id="russia", name="Russia", aliases=("Moscow", "Putin")),
            Actor(id="ukraine", name="Ukraine", aliases=("Kyiv", "Zelensky")),
            Actor(id="us", name="United States", aliases=("Washington", "Trump", "Scott Bessent")),
            Actor(id="europe", name="Europe", aliases=("EU", "France", "Britain")),
        ),
        issues=(
            _issue(
                "energy_truce",
                "Energy-strike moratorium",
                "Both sides stop striking energy infrastructure.",
                "strikes on power plants go on",
                "a kept moratorium",
            ),
            _issue(
                "peacekeepers",
                "Foreign troops in Ukraine",
                "A European peacekeeping force is deployed in Ukraine.",
                "no foreign troops",
                "a large Western force",
            ),
            _issue(
                "nato",
                "Ukraine's NATO membership",
                "Ukraine joins NATO.",
                "Ukraine renounces membership",
                "Ukraine joins",
            ),
            _issue(
                "elections",
                "Elections in Ukraine",
                "Ukraine holds a presidential election soon.",
                "no vote under martial law",
                "an early vote",
            ),
            _issue(
                "minerals",
                "Minerals agreement",
                "Ukraine and the US sign a deal on rare earth minerals.",
                "no deal",
                "a full deal",
            ),
        ),
    )


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return mini_scenario()


@pytest.fixture(scope="session")
def pipeline(scenario: Scenario) -> Pipeline:
    return Pipeline(scenario, stance=STANCE_V1)  # these tests read the rules (stance.v1)


@pytest.fixture(scope="session")
def claims_of() -> ClaimsOf:
    """(actor, issue, stance) of every claim a pipeline extracts from one dated text."""

    def extract(pipeline: Pipeline, text: str) -> set[tuple[str, str, str]]:
        doc = Document(id="d.txt", text=text, sha256=sha256_text(text), date=dt.date(2025, 3, 26))
        return {(c.actor, c.issue, c.stance) for c in pipeline.run([doc]).claims}

    return extract


def draft_claim(actor: str, issue: str, stance: str, sentence: str = "", **extra: object) -> Claim:
    """A claim for the drafting tests: one sentence of its own (or a stock one) in a.txt."""
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
