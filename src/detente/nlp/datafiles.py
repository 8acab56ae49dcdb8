"""The package's data files (``src/detente/nlp/data/``): word lists, cue rules, gazetteer,
thesaurus and fact vocabulary, each with the example sentences its tests read."""

from __future__ import annotations

from importlib import resources
from typing import Any

from ruamel.yaml import YAML


def read_data(name: str) -> dict[str, Any]:
    """One YAML data file of ``detente.nlp``, as plain dicts and lists."""
    text = resources.files("detente.nlp").joinpath("data", name).read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    assert isinstance(data, dict), name
    return data


def words(text: str) -> frozenset[str]:
    """A data file's space-separated word list."""
    return frozenset(text.split())
