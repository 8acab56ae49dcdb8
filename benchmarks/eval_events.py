"""Events and dates against the hand-annotated gold, on the demo briefs and the seed articles.

    .venv/bin/python benchmarks/eval_events.py [--json]

Runs the sentence and fact steps with the flagship scenario over the five demo briefs
(``examples/ukraine-2025/briefs``), the five seed articles (``../shared/seeds``, skipped when
absent) and the six held-out briefs (dates only: they have no event gold), builds the events
(:func:`detente.workflows.timeline.article_events`) and prints precision and recall of
(kind, date) and of the date per event mention, the share of matched mentions whose
participants are exactly the gold's, distinct (kind, date) events across each set, and date
facts against ``*.facts.jsonl``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from detente.corpus.event_gold import Score, score_dates, score_events
from detente.corpus.ingest import ingest_paths
from detente.io import load_scenario
from detente.workflows.timeline import extract_events

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "fixtures" / "gold"
EXAMPLE = REPO / "examples" / "ukraine-2025"
SETS = {
    "briefs": (EXAMPLE / "briefs", None),
    "seeds": (REPO.parent / "shared" / "seeds", GOLD / "seeds.facts.jsonl"),
    "heldout": (EXAMPLE / "heldout", GOLD / "heldout.facts.jsonl"),
}


def _read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _row(name: str, score: Score) -> dict[str, object]:
    return {
        "set": name,
        "what": score.name,
        "gold": score.gold,
        "predicted": score.predicted,
        "precision": round(score.precision, 3),
        "recall": round(score.recall, 3),
        "f1": round(score.f1, 3),
    }


def main() -> None:
    scenario = load_scenario(EXAMPLE / "scenario.yaml")
    events_gold = _read(GOLD / "events.jsonl")
    rows: list[dict[str, object]] = []
    extra: dict[str, object] = {}
    for name, (folder, facts_gold) in SETS.items():
        if not folder.is_dir():
            print(f"{name}: {folder} is absent, skipped", file=sys.stderr)
            continue
        facts, found = extract_events(ingest_paths([folder]).documents, scenario)
        gold = [line for line in events_gold if line["set"] == name]
        if gold:
            scored = score_events(name, gold, found)
            for key in ("kind_date", "date", "distinct"):
                rows.append(_row(name, scored[key]))
            extra[name] = {
                "participants_exact": round(scored["participants_exact"], 3),
                "events": scored["events"],
                "citations": scored["citations"],
            }
        if facts_gold is not None:
            rows.append(_row(name, score_dates(name, _read(facts_gold), facts)))
    if "--json" in sys.argv:
        print(json.dumps({"scores": rows, "events": extra}, indent=1))
        return
    print(f"{'set':8} {'what':22} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for row in rows:
        print(
            f"{row['set']:8} {row['what']:22} {row['gold']:5} {row['predicted']:5} "
            f"{row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}"
        )
    for name, info in extra.items():
        print(f"{name}: {info}")


if __name__ == "__main__":
    main()
