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


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("A summit that was scheduled to open in August never met.", "2024-08"),
        ("Talks are scheduled to resume in August.", "2025-08"),
        ("Kyiv accepted the plan earlier in the month.", "2025-03"),
        ("Trump raised the idea after a call this week: ownership of the plants.", "2025-W13"),
        ("The envoys met last Wednesday.", "2025-03-19"),  # read on a Wednesday: a week back
        ("A deal was concluded on the 21st of March.", "2025-03-21"),
    ],
)
def test_dates_read_against_the_files_article_date(sentence: str, value: str) -> None:
    assert [f.value for f in find_facts(sentence, DATA["article_date"]) if f.kind == "date"] == [
        value
    ]
