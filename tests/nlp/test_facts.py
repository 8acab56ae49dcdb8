"""Every word list of ``data/facts.yaml`` yields its example's fact, read on the file's date."""

from __future__ import annotations

from typing import Any

import pytest

from detente.nlp.datafiles import read_data
from detente.nlp.facts import find_facts

DATA = read_data("facts.yaml")
LISTS = [pytest.param(entry, id=name) for name, entry in DATA.items() if isinstance(entry, dict)]


@pytest.mark.parametrize("entry", LISTS)
def test_each_fact_list_reads_its_example(entry: dict[str, Any]) -> None:
    expect = entry["expect"]
    found = [(f.kind, f.value, f.unit) for f in find_facts(entry["example"], DATA["article_date"])]
    assert any(
        (kind, value) == (expect["kind"], expect["value"])
        and ("unit" not in expect or unit == expect["unit"])
        for kind, value, unit in found
    ), found
