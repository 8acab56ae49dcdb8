"""A small scenario built in Python and one shared pipeline (loading spaCy once per session)."""

from __future__ import annotations

import pytest

from detente.domain import Actor, Issue, Scenario
from detente.nlp.pipeline import Pipeline


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
            Issue(
                id="energy_truce",
                name="Energy-strike moratorium",
                proposition="Both sides stop striking energy infrastructure.",
                anchors={0: "strikes on power plants go on", 100: "a kept moratorium"},
            ),
            Issue(
                id="peacekeepers",
                name="Foreign troops in Ukraine",
                proposition="A European peacekeeping force is deployed in Ukraine.",
                anchors={0: "no foreign troops", 100: "a large Western force"},
            ),
            Issue(
                id="nato",
                name="Ukraine's NATO membership",
                proposition="Ukraine joins NATO.",
                anchors={0: "Ukraine renounces membership", 100: "Ukraine joins"},
            ),
            Issue(
                id="elections",
                name="Elections in Ukraine",
                proposition="Ukraine holds a presidential election soon.",
                anchors={0: "no vote under martial law", 100: "an early vote"},
            ),
            Issue(
                id="minerals",
                name="Minerals agreement",
                proposition="Ukraine and the US sign a deal on rare earth minerals.",
                anchors={0: "no deal", 100: "a full deal"},
            ),
        ),
    )


@pytest.fixture(scope="session")
def scenario() -> Scenario:
    return mini_scenario()


@pytest.fixture(scope="session")
def pipeline(scenario: Scenario) -> Pipeline:
    return Pipeline(scenario)
