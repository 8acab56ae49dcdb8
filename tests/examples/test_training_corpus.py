"""The extraction training corpus is consistent: every quoted sentence found, splits as stated."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "training" / "extraction"


def test_every_annotation_is_found_verbatim_and_uses_its_negotiation_ids() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_extraction_corpus.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("0 problems")


def test_gold_offsets_match_the_annotations_and_the_blind_split_is_large_enough() -> None:
    annotations = [
        json.loads(line)
        for path in sorted((CORPUS / "annotations").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    gold = [json.loads(line) for line in (CORPUS / "gold.claims.jsonl").read_text().splitlines()]
    assert len(gold) == len(annotations) >= 2000
    assert all("sentence" not in row for row in gold)  # offsets only
    splits = json.loads((CORPUS / "splits.json").read_text())
    assert Counter(splits.values())["test"] >= 60
    negotiations = {path.parent.name for path in (CORPUS / "articles").glob("*/*.md")}
    assert len(negotiations) >= 6 and "ukraine_2025" in negotiations


def test_the_check_reports_a_repeated_annotation_line_and_where(tmp_path: Path) -> None:
    corpus = tmp_path / "extraction"
    negotiation = "armenia_azerbaijan_2025"
    (corpus / "negotiations").mkdir(parents=True)
    (corpus / "articles" / negotiation).mkdir(parents=True)
    (corpus / "annotations").mkdir()
    (corpus / "negotiations" / f"{negotiation}.yaml").write_bytes(
        (CORPUS / "negotiations" / f"{negotiation}.yaml").read_bytes()
    )
    article = CORPUS / "articles" / negotiation / "caucasus-001.md"
    (corpus / "articles" / negotiation / article.name).write_bytes(article.read_bytes())
    lines = [
        line
        for line in (CORPUS / "annotations" / "caucasus.jsonl").read_text().splitlines()
        if json.loads(line)["doc"] == "caucasus-001"
    ]
    repeated = [lines[0], *lines[1:], lines[0]]
    (corpus / "annotations" / "caucasus.jsonl").write_text("\n".join(repeated) + "\n")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_extraction_corpus.py"),
            "--check",
            "--corpus",
            str(corpus),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"caucasus.jsonl:{len(repeated)}: repeats " in done.stderr
    assert done.stderr.rstrip().endswith("caucasus.jsonl:1")
    assert done.stdout.strip().endswith(f"{len(lines)} claims, 1 problems")
    assert not (corpus / "gold.claims.jsonl").exists()
