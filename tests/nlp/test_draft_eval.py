"""Scoring a draft against an analyst's scenario (nlp/draft_eval.py), and the seed figures.

The seed test drafts from ../shared/seeds (skipped when absent) and checks the README's claim
for the five seeds: at least 15 of the flagship's 20 issues found.
"""

from __future__ import annotations

from pathlib import Path

from detente.corpus.ingest import ingest_paths
from detente.domain import Claim
from detente.io import load_scenario
from detente.nlp.draft_eval import reference_spans, score_draft
from detente.nlp.evaluate import read_jsonl
from detente.workflows.init import draft_from_documents

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "gold"


def _claim(issue: str, start: int, doc: str = "a.txt") -> Claim:
    return Claim(
        doc=doc,
        start=start,
        end=start + 10,
        sentence="x" * 10,
        actor="us",
        issue=issue,
        stance="for",
        confidence=0.9,
        cue="said",
    )


SPANS = {"a": [(0, 30, "truce"), (40, 60, "truce"), (100, 130, "sanctions")]}


def test_an_issue_matches_when_most_of_its_claims_fall_on_the_reference_issue() -> None:
    claims = [
        _claim("d_truce", 0),
        _claim("d_truce", 45),
        _claim("d_truce", 200),  # 2 of 3 on truce spans
        _claim("d_copy", 10),
        _claim("d_copy", 50),  # 2 of 2: the larger share takes truce, the other is a duplicate
        _claim("d_junk", 300),
        _claim("d_junk", 105),  # half is not most: junk
    ]
    score = score_draft(
        ["d_truce", "d_copy", "d_junk"], claims, SPANS, ["truce", "sanctions", "vote"]
    )
    matched = {m.drafted: m.reference for m in score.matches}
    assert score.found == ("truce",)
    assert set(score.missed) == {"sanctions", "vote"}
    assert matched == {"d_truce": None, "d_copy": "truce", "d_junk": None}
    assert [m.drafted for m in score.duplicates] == ["d_truce"]
    assert [m.drafted for m in score.junk] == ["d_junk"]


def test_only_the_top_issues_are_scored_and_documents_match_without_suffix() -> None:
    claims = [_claim("first", 0, "a.md"), _claim("second", 100, "a.md")]
    score = score_draft(["first", "second"], claims, SPANS, ["truce", "sanctions"], top=1)
    assert score.top == 1 and score.found == ("truce",)


def test_reference_spans_join_the_scenario_evidence_and_the_gold_claims(flagship_path) -> None:
    flagship = load_scenario(flagship_path)
    gold = read_jsonl(GOLD / "seeds.claims.jsonl")
    spans = reference_spans(flagship, gold)
    evidence = sum(len(p.evidence) for p in flagship.positions)
    assert sum(len(v) for v in spans.values()) == evidence + len(gold)
    assert all(not key.endswith(".txt") for key in spans)


def test_a_draft_from_the_five_seeds_finds_most_flagship_issues(
    seeds_dir: Path, flagship_path: Path
) -> None:
    flagship = load_scenario(flagship_path)
    run = draft_from_documents(ingest_paths([seeds_dir]).documents)
    spans = reference_spans(flagship, read_jsonl(GOLD / "seeds.claims.jsonl"))
    order = [d.issue.id for d in run.draft.issues]
    score = score_draft(order, run.draft.claims, spans, [i.id for i in flagship.issues])
    assert len(score.found) >= 15, score.missed
    assert not score.junk, [m.drafted for m in score.junk]
    parties = {a.id for a in run.draft.scenario.actors}
    assert {"us", "russia", "ukraine", "europe"} <= parties
    assert not {"nato", "un", "turkey", "france", "uk", "eu"} & parties
