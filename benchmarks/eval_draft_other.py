"""How a draft from nothing does on negotiations the issue catalogue was not written for.

    .venv/bin/python benchmarks/eval_draft_other.py [--split dev] [--show] [--only trade]

For each of the eight non-Ukraine negotiations of ``training/extraction`` (their own parties,
issues and gold claims), drafts a scenario (``detente init``, no scenario given) from the
articles of ``--split`` (``dev+train`` by default: dev alone holds 2 to 4 articles per
negotiation; the ``test`` split is the blind set and is refused) and scores it with
:mod:`detente.nlp.draft_eval` against the negotiation's gold issues: a drafted issue matches a
gold issue when more than half of its claims fall on sentences annotated with it, one-to-one;
junk matches none. Every drafted issue is scored (``--top``, default all). The extraction runs
once per negotiation; the draft is made twice, *before* (catalogue issues only) and *after*
(with the issues clustered from the sentences no catalogue issue holds, ``draft_novel``).
Parties: how many gold actors a drafted party stands for (its id, name or an alias is one of
the actor's names). The learned stance step (stance.v2) was trained on the train articles, so
extraction is at its best there; the catalogue and the clustering never saw these articles.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from detente.corpus.ingest import ingest_paths
from detente.domain import Scenario
from detente.io import load_scenario
from detente.nlp.draft_eval import DraftScore, reference_spans, score_draft
from detente.nlp.evaluate import read_jsonl
from detente.workflows.init import DraftRun, draft_from_extraction, extract_for_draft

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "training" / "extraction"
OTHER = (
    "us_china_trade_2025",
    "ila_usmx_ports_2024",
    "iran_nuclear_2025",
    "cop29_climate_finance_2024",
    "gaza_ceasefire_2025",
    "armenia_azerbaijan_2025",
    "eu_uk_reset_2025",
    "plastics_treaty_2024",
)


def articles(negotiation: str, splits: set[str], split_of: dict[str, str]) -> list[Path]:
    folder = CORPUS / "articles" / negotiation
    return sorted(p for p in folder.glob("*.md") if split_of.get(p.stem) in splits)


def parties_found(run: DraftRun, gold: Scenario) -> tuple[int, list[str]]:
    """Gold actors some drafted party stands for, and the drafted parties that match none."""
    names = {a.id: {n.lower() for n in (a.id, a.name, *a.aliases)} for a in gold.actors}
    found: set[str] = set()
    unmatched = []
    for actor in run.draft.scenario.actors:
        own = {n.lower() for n in (actor.id, actor.name, *actor.aliases)}
        hits = [g for g, known in names.items() if own & known]
        found.update(hits)
        if not hits:
            unmatched.append(actor.id)
    return len(found), unmatched


def score(run: DraftRun, spans: dict, gold: Scenario, top: int | None) -> DraftScore:
    order = [i.issue.id for i in run.draft.issues]
    reference_ids = [i.id for i in gold.issues]
    return score_draft(order, run.draft.claims, spans, reference_ids, top=top or len(order))


def row(name: str, label: str, run: DraftRun, result: DraftScore, gold: Scenario) -> dict:
    found_parties, other_parties = parties_found(run, gold)
    novel = {d.issue.id for d in run.draft.issues if d.origin == "not in the catalogue"}
    return {
        "negotiation": name,
        "draft": label,
        "drafted": len(run.draft.issues),
        "novel": len(novel),
        "found": len(result.found),
        "gold": result.reference_issues,
        "found_by_novel": sorted(
            m.reference for m in result.matches if m.drafted in novel and m.reference
        ),
        "duplicates": len(result.duplicates),
        "junk": len(result.junk),
        "junk_novel": sum(m.drafted in novel for m in result.junk),
        "parties": len(run.draft.scenario.actors),
        "gold_actors": len(gold.actors),
        "gold_actors_found": found_parties,
        "parties_matching_no_actor": other_parties,
    }


def show(run: DraftRun, result: DraftScore) -> None:
    for match, drafted in zip(result.matches, run.draft.issues, strict=False):
        tag = "*" if drafted.origin == "not in the catalogue" else " "
        print(
            f"  {tag}{match.drafted:28} {drafted.issue.name[:46]:46} {match.claims:3} "
            f"-> {match.reference or '-':24} best {match.best} {match.share:.2f}"
        )
    print(f"   missed: {', '.join(result.missed)}")
    print(f"   parties: {', '.join(a.id for a in run.draft.scenario.actors)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev+train")
    parser.add_argument("--top", type=int, default=None)
    parser.add_argument("--only", default=None, help="one negotiation (a substring of its id)")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    splits = set(args.split.split("+"))
    if "test" in splits:
        parser.error("the test split is the blind set: never drafted here")
    split_of = json.loads((CORPUS / "splits.json").read_text(encoding="utf-8"))
    gold_rows = read_jsonl(CORPUS / "gold.claims.jsonl", "DT401")
    rows = []
    header = f"{'negotiation':28} {'draft':6} {'arts':>4} {'issues':>6} {'novel':>5} "
    print(header + f"{'found':>5} {'of':>3} {'dup':>3} {'junk':>4} {'parties':>7} {'actors':>9}")
    for name in OTHER:
        if args.only and args.only not in name:
            continue
        gold = load_scenario(CORPUS / "negotiations" / f"{name}.yaml")
        paths = articles(name, splits, split_of)
        documents = ingest_paths(paths).documents
        ids = {d.id for d in documents}
        spans = reference_spans(None, [r for r in gold_rows if r["doc"] in ids])
        extraction, claims = extract_for_draft(documents)
        for label, novel in (("before", False), ("after", True)):
            run = draft_from_extraction(documents, extraction, claims, novel_issues=novel)
            result = score(run, spans, gold, args.top)
            entry = row(name, label, run, result, gold)
            rows.append(entry)
            print(
                f"{name:28} {label:6} {len(documents):4} {entry['drafted']:6} {entry['novel']:5} "
                f"{entry['found']:5} {entry['gold']:3} {entry['duplicates']:3} "
                f"{entry['junk']:4} {entry['parties']:7} "
                f"{entry['gold_actors_found']:>4} of {entry['gold_actors']:<2}"
            )
            if args.show:
                show(run, result)
    for label in ("before", "after"):
        chosen = [r for r in rows if r["draft"] == label]
        print(
            f"{'all':28} {label:6} found {sum(r['found'] for r in chosen)} of "
            f"{sum(r['gold'] for r in chosen)}, junk {sum(r['junk'] for r in chosen)}, "
            f"duplicates {sum(r['duplicates'] for r in chosen)}"
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
