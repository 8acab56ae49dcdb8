"""Built-in gazetteer: states and blocs, their capitals and seats of power, their leaders.

Each entry lists the names that stand for one party (``data/gazetteer.yaml``). Scenario actors
are linked to an entry when any of their own names or aliases appears in it, so "the Kremlin"
finds a scenario actor called ``russia`` with no alias for the Kremlin. Officials' names are as
of 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from detente.domain import Scenario
from detente.nlp.datafiles import read_data, words


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    places: tuple[str, ...]
    people: tuple[str, ...]
    demonyms: tuple[str, ...] = ()


def _entry(row: dict[str, Any]) -> Entry:
    return Entry(
        row["key"],
        row["name"],
        tuple(row["places"]),
        tuple(row["people"]),
        tuple(row.get("demonyms", ())),
    )


_DATA = read_data("gazetteer.yaml")
GAZETTEER: tuple[Entry, ...] = tuple(_entry(row) for row in _DATA["entries"])
# Words that make a quoted person a commentator (an analyst, a former official), not a party.
COMMENTATOR_WORDS = words(_DATA["commentators"]["words"])


@dataclass(frozen=True)
class Phrase:
    text: str
    actor: str
    kind: str


def _entry_names(entry: Entry) -> set[str]:
    return {n.lower() for n in (entry.name, entry.key, *entry.places, *entry.people)}


def build_phrases(scenario: Scenario | None) -> list[Phrase]:
    """Every phrase that names a party, with the actor it stands for.

    With a scenario, gazetteer entries are linked to the scenario actor that shares a name
    with them and unlinked entries are dropped; without one, gazetteer keys are the actors.
    """
    phrases: list[Phrase] = []
    linked: dict[str, str] = {}
    if scenario is not None:
        for actor in scenario.actors:
            own = {actor.id.lower(), actor.name.lower(), *(a.lower() for a in actor.aliases)}
            for alias in (actor.name, *actor.aliases):
                phrases.append(Phrase(alias, actor.id, "alias"))
            for entry in GAZETTEER:
                if entry.key not in linked and own & _entry_names(entry):
                    linked[entry.key] = actor.id
    else:
        linked = {entry.key: entry.key for entry in GAZETTEER}
    for entry in GAZETTEER:
        actor_id = linked.get(entry.key)
        if actor_id is None:
            continue
        phrases += [Phrase(p, actor_id, "place") for p in (entry.name, *entry.places)]
        phrases += [Phrase(p, actor_id, "person") for p in entry.people]
        phrases += [Phrase(p, actor_id, "demonym") for p in entry.demonyms]
    seen: set[str] = set()
    unique = []
    for phrase in phrases:  # scenario aliases come first and win
        if phrase.text not in seen:
            seen.add(phrase.text)
            unique.append(phrase)
    return unique
