"""Every list, cue rule, confidence adjustment and prefilter entry of ``data/cues.yaml`` shows
its effect on its own example sentence, read by the real parser and stance reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from detente.corpus.ingest import sha256_text
from detente.domain import Document
from detente.nlp.cue_syntax import CHECKS
from detente.nlp.datafiles import read_data
from detente.nlp.lexicon import CUE_RULES, first_rule
from detente.nlp.pipeline import Pipeline
from detente.nlp.stance import StanceHit

CUES = read_data("cues.yaml")
# Through the rule reader only: segment, parse, party mentions, stance cues.
READ_STEPS = ["segment.v1", "parse.v1", "actors.v1", "cues.v1"]


def _entries(section: str) -> list[Any]:
    entries = CUES[section]
    rows = entries if isinstance(entries, list) else [{"id": k, **v} for k, v in entries.items()]
    return [pytest.param(row, id=row["id"]) for row in rows]


@pytest.fixture(scope="module")
def reader() -> Pipeline:
    """No scenario: the gazetteer's keys are the parties."""
    return Pipeline(None, use_embeddings=False, steps=READ_STEPS)


def _hits(pipeline: Pipeline, text: str) -> list[tuple[StanceHit, str]]:
    doc = Document(id="example.txt", text=text, sha256=sha256_text(text), date=dt.date(2025, 3, 26))
    return [(hit, r.text) for r in pipeline.process([doc]).records() for hit in r.stances]


def _shows(expect: dict[str, Any], hit: StanceHit, sentence: str, actor: str) -> bool:
    """Whether ``hit`` is the one ``expect`` describes, for ``actor``."""
    checks = {
        "cue": hit.cue == expect["cue"],
        "actor": hit.actor == actor,
        "stance": hit.stance == expect["stance"],
        "confidence": hit.confidence == expect.get("confidence"),
        "reversal": hit.reversal == expect.get("reversal"),
        "conditional": hit.conditional == expect.get("conditional"),
        "points_back": (hit.scope[1] - hit.scope[0] >= len(sentence.rstrip()))
        == expect.get("points_back"),
    }
    return all(holds for name, holds in checks.items() if name in expect)


def _check_effect(pipeline: Pipeline, entry: dict[str, Any]) -> None:
    expect = entry["expect"]
    hits = _hits(pipeline, entry["example"])
    found = [f"{h.actor} {h.stance} {h.cue} {h.confidence} {h.reversal}" for h, _ in hits]
    if expect["stance"] == "none":
        assert all(h.cue != expect["cue"] for h, _ in hits), found
        return
    actors = expect["actor"] if isinstance(expect["actor"], list) else [expect["actor"]]
    for actor in actors:
        assert any(_shows(expect, h, s, actor) for h, s in hits), (actor, found)


@pytest.mark.parametrize("entry", _entries("lists"))
def test_each_word_list_acts_on_its_example(reader: Pipeline, entry: dict[str, Any]) -> None:
    _check_effect(reader, entry)


@pytest.mark.parametrize("entry", _entries("rules"))
def test_each_cue_rule_fires_on_its_example(reader: Pipeline, entry: dict[str, Any]) -> None:
    parsed = reader.context.parse(entry["example"])
    token = next(t for t in parsed if t.text == entry["expect"]["cue"])
    rule = first_rule(token, CHECKS)
    assert rule is not None and rule.id == entry["id"]
    _check_effect(reader, entry)


@pytest.mark.parametrize("entry", _entries("adjustments"))
def test_each_confidence_adjustment_shows_on_its_example(
    reader: Pipeline, entry: dict[str, Any]
) -> None:
    _check_effect(reader, entry)


def _prefilter_entries() -> list[Any]:
    section = CUES["prefilter"]
    rows = [{"id": name, **entry} for name, entry in section.items() if "example" in entry]
    rows += [
        {"id": f"extra_patterns {p['pattern']}", **p} for p in section["extra_patterns"]["patterns"]
    ]
    return [pytest.param(row, id=row["id"]) for row in rows]


@pytest.mark.parametrize("entry", _prefilter_entries())
def test_each_prefilter_cue_makes_its_example_worth_parsing(
    reader: Pipeline, entry: dict[str, Any]
) -> None:
    prefilter = reader.context.prefilter
    text = entry["example"]
    mentions = prefilter.mentions(text, 0)
    assert prefilter.worth_parsing(text, mentions)
    assert entry["expect"]["cue"] in [m.group() for m in prefilter.cues.finditer(text)]
    if entry["id"].startswith("pronoun"):
        assert not mentions  # the pronoun, not a name, makes it worth parsing


def test_rule_ids_are_unique_and_every_rule_has_an_example() -> None:
    ids = [rule.id for rule in CUE_RULES]
    assert len(ids) == len(set(ids)) == len(CUES["rules"])
    assert all(entry.get("example") for entry in CUES["rules"])
