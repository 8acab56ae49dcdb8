"""The stance steps against each other on the gold sets outside the training corpus, in one run.

    .venv/bin/python benchmarks/eval_extractor.py [--stance stance.v3 ...]

Extracts the five seed articles (../shared/seeds, skipped when absent), the five demo briefs and
the six held-out briefs with the flagship scenario, once per stance step, and prints span-match
and (doc, party, issue, stance) tuple P/R/F1 against ``tests/fixtures/gold``. The training
corpus's own splits are scored by ``scripts/train_extractor.py`` (the blind test with
``--score-test``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from detente.corpus.ingest import ingest_paths
from detente.io import load_scenario
from detente.nlp.cross_encoder import STANCE_V3
from detente.nlp.evaluate import evaluate
from detente.nlp.stance_model import STANCE_V1, STANCE_V2
from detente.workflows.extract import extract, write_outputs

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "ukraine-2025" / "scenario.yaml"
GOLD = REPO / "tests" / "fixtures" / "gold"
SETS = {
    "seeds": (REPO.parent / "shared" / "seeds", GOLD / "seeds.claims.jsonl"),
    "briefs": (REPO / "examples" / "ukraine-2025" / "briefs", GOLD / "briefs.claims.jsonl"),
    "heldout": (REPO / "examples" / "ukraine-2025" / "heldout", GOLD / "heldout.claims.jsonl"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stance", action="append", help="stance step (repeatable; default v3, v2 and v1)"
    )
    steps = parser.parse_args().stance or [STANCE_V3, STANCE_V2, STANCE_V1]
    scenario = load_scenario(FLAGSHIP)
    results = []
    print(f"{'set':8} {'step':10} {'what':8} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (folder, gold) in SETS.items():
        if not folder.is_dir():
            print(f"{name}: {folder} is absent, skipped")
            continue
        documents = ingest_paths([folder]).documents
        for step in steps:
            with tempfile.TemporaryDirectory() as out:
                write_outputs(extract(documents, scenario, stance=step), Path(out), False)
                for score in evaluate([gold], Path(out)):
                    what = "tuples" if "stance)" in score.name else "spans"
                    print(
                        f"{name:8} {step:10} {what:8} {score.gold:5} {score.predicted:5} "
                        f"{score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
                    )
                    results.append(
                        {
                            "set": name,
                            "step": step,
                            "what": what,
                            "gold": score.gold,
                            "predicted": score.predicted,
                            "precision": round(score.precision, 3),
                            "recall": round(score.recall, 3),
                            "f1": round(score.f1, 3),
                        }
                    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
