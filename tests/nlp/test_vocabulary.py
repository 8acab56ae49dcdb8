"""Every thesaurus entry (``data/vocabulary.yaml``) maps its example's wording to its term."""

from __future__ import annotations

from typing import Any

import pytest

from detente.nlp.datafiles import read_data
from detente.nlp.vocabulary import STOPWORDS, terms

DATA = read_data("vocabulary.yaml")


@pytest.mark.parametrize("entry", [pytest.param(e, id=e["term"]) for e in DATA["thesaurus"]])
def test_each_thesaurus_entry_gives_its_example_its_term(entry: dict[str, Any]) -> None:
    assert entry["term"] in terms(entry["example"])
    # The example says it in other words: the term comes from the thesaurus, not verbatim.
    assert entry["term"] not in entry["example"].lower().split()


def test_stop_words_are_no_terms() -> None:
    assert "the" in STOPWORDS and terms("The parties agreed on the issue.") == []
