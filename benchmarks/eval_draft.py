"""How many flagship issues a draft from nothing finds, and how many drafted issues are junk.

    .venv/bin/python benchmarks/eval_draft.py [--top 20] [--show]

Drafts a scenario (``detente init``, no scenario given) from the five seed articles
(../shared/seeds, skipped when absent), the five demo briefs and the six held-out briefs, and
scores its first ``--top`` issues against the flagship's twenty (examples/ukraine-2025) with
:mod:`detente.nlp.draft_eval`: a drafted issue matches a flagship issue when more than half of
its claims fall on sentences the analyst tied to that issue (the flagship positions' evidence
spans, and the gold claims of tests/fixtures/gold), one-to-one; junk matches none. ``--show``
lists every drafted issue with its best flagship issue and share.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from detente.corpus.ingest import ingest_paths
from detente.io import load_scenario
from detente.nlp.draft_eval import reference_spans, score_draft
from detente.nlp.evaluate import read_jsonl
from detente.workflows.init import draft_from_documents

REPO = Path(__file__).resolve().parents[1]
FLAGSHIP = REPO / "examples" / "ukraine-2025" / "scenario.yaml"
GOLD = REPO / "tests" / "fixtures" / "gold"
SETS = {
    # name: (folder, gold claims, whether the flagship's evidence spans point into it)
    "seeds": (REPO.parent / "shared" / "seeds", GOLD / "seeds.claims.jsonl", True),
    "briefs": (REPO / "examples" / "ukraine-2025" / "briefs", GOLD / "briefs.claims.jsonl", False),
    "heldout": (
        REPO / "examples" / "ukraine-2025" / "heldout",
        GOLD / "heldout.claims.jsonl",
        False,
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    flagship = load_scenario(FLAGSHIP)
    reference_ids = [i.id for i in flagship.issues]
    results = []
    print(f"{'set':8} {'drafted':>7} {'scored':>6} {'found':>5} {'of':>3} {'dup':>4} {'junk':>4}")
    for name, (folder, gold, with_evidence) in SETS.items():
        if not folder.is_dir():
            print(f"{name}: {folder} is absent, skipped")
            continue
        documents = ingest_paths([folder]).documents
        run = draft_from_documents(documents)
        spans = reference_spans(flagship if with_evidence else None, read_jsonl(gold, "DT401"))
        order = [i.issue.id for i in run.draft.issues]
        score = score_draft(order, run.draft.claims, spans, reference_ids, top=args.top)
        print(
            f"{name:8} {len(order):7} {score.top:6} {len(score.found):5} "
            f"{score.reference_issues:3} {len(score.duplicates):4} {len(score.junk):4}"
        )
        if args.show:
            for match, drafted in zip(score.matches, run.draft.issues, strict=False):
                print(
                    f"   {match.drafted:26} {drafted.issue.name[:40]:40} {match.claims:3} "
                    f"-> {match.reference or '-':26} best {match.best} {match.share:.2f}"
                )
            print(f"   missed: {', '.join(score.missed)}")
            print(f"   parties: {', '.join(a.id for a in run.draft.scenario.actors)}")
        results.append(
            {
                "set": name,
                "drafted": len(order),
                "scored": score.top,
                "found": len(score.found),
                "reference": score.reference_issues,
                "duplicates": len(score.duplicates),
                "junk": len(score.junk),
                "missed": list(score.missed),
                "junk_issues": [m.drafted for m in score.junk],
            }
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
