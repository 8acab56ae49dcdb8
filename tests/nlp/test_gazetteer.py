"""Every gazetteer entry (``data/gazetteer.yaml``) resolves its example's phrase to its party,
through the prefilter and through the entity ruler over the real parse; the commentator words
make a quoted official a commentator."""

from __future__ import annotations

from typing import Any

import pytest

from detente.nlp.context import Context
from detente.nlp.datafiles import read_data

DATA = read_data("gazetteer.yaml")


@pytest.fixture(scope="module")
def context() -> Context:
    """No scenario: the gazetteer's keys are the parties."""
    return Context(None, use_embeddings=False)


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["key"]) for e in DATA["entries"]])
def test_each_entry_resolves_its_example(context: Context, entry: dict[str, Any]) -> None:
    text, phrase = entry["example"], entry["expect"]["phrase"]
    assert phrase in [*entry["places"], *entry["people"], *entry["demonyms"]]
    regex = {(m.text, m.actor) for m in context.prefilter.mentions(text, 0)}
    parsed = context.parse(text)
    ruler = {(m.text, m.actor) for m in context.finder.find(parsed, 0)}
    assert (phrase, entry["key"]) in regex & ruler


def test_commentator_words_make_a_quoted_official_a_commentator(context: Context) -> None:
    entry = DATA["commentators"]
    parsed = context.parse(entry["example"])
    kinds = {m.text: m.kind for m in context.finder.find(parsed, 0)}
    assert kinds[entry["expect"]["phrase"]] == entry["expect"]["kind"]


def test_keys_are_unique() -> None:
    keys = [e["key"] for e in DATA["entries"]]
    assert len(keys) == len(set(keys))
