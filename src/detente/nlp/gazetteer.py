"""Built-in gazetteer: states and blocs, their capitals and seats of power, their leaders.

Each entry lists the names that stand for one party (``data/gazetteer.yaml``). Scenario actors
are linked to an entry when any of their own names or aliases appears in it, so "the Kremlin"
finds a scenario actor called ``russia`` with no alias for the Kremlin. Officials' names are as
of 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
