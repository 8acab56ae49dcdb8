"""The score breakdown over the corpus' real gold tuples (no model involved)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from detente.nlp.stance_train import Tuple, breakdown

CORPUS = Path(__file__).resolve().parents[2] / "training" / "extraction"


@pytest.fixture(scope="module")
def dev_gold() -> tuple[set[Tuple], dict[str, str], dict[str, str]]:
    gold_file, splits_file = CORPUS / "gold.claims.jsonl", CORPUS / "splits.json"
    if not gold_file.is_file() or not splits_file.is_file():
        pytest.skip("the corpus gold or splits are not there")
    splits = json.loads(splits_file.read_text(encoding="utf-8"))
    negotiation, style = {}, {}
    for article in (CORPUS / "articles").glob("*/*.md"):
        negotiation[article.stem] = article.parent.name
        found = re.search(r"^style:\s*(\S+)", article.read_text(encoding="utf-8"), re.M)
        style[article.stem] = found.group(1) if found else "unknown"
    gold = set()
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if splits.get(row["doc"]) == "dev":
            gold.add((row["doc"], row["actor"], row["issue"], row["stance"]))
    return gold, negotiation, style


def test_every_gold_tuple_is_counted_once_per_grouping(dev_gold) -> None:  # type: ignore[no-untyped-def]
    gold, negotiation, style = dev_gold
    report = breakdown(gold, gold, negotiation, style)
    assert set(report) == {"per_negotiation", "per_style", "per_issue", "per_stance"}
    for groups in report.values():
        assert sum(int(g["gold"]) for g in groups.values()) == len(gold)
        assert all(g["f1"] == 1.0 for g in groups.values())
    assert set(report["per_stance"]) <= {"for", "against", "conditional"}
    assert all(":" in key for key in report["per_issue"])


def test_a_flipped_stance_costs_its_issue_and_both_classes(dev_gold) -> None:  # type: ignore[no-untyped-def]
    gold, negotiation, style = dev_gold
    wrong = next(t for t in sorted(gold) if t[3] == "for")
    flipped = (wrong[0], wrong[1], wrong[2], "against")
    if flipped in gold:
        pytest.skip("the dev split holds both stances for this tuple")
    report = breakdown(gold, (gold - {wrong}) | {flipped}, negotiation, style)
    issue = f"{negotiation[wrong[0]]}:{wrong[2]}"
    assert report["per_issue"][issue]["f1"] < 1.0
    assert report["per_stance"]["for"]["recall"] < 1.0
    assert report["per_stance"]["against"]["precision"] < 1.0
    untouched = [k for k in report["per_issue"] if k != issue]
    assert all(report["per_issue"][k]["f1"] == 1.0 for k in untouched)
