"""Check the extraction training corpus and build its offset gold and its splits.

    python scripts/build_extraction_corpus.py --check     # report problems, write nothing
    python scripts/build_extraction_corpus.py             # write gold.claims.jsonl and splits.json

The corpus lives in ``training/extraction/`` (see ``docs/annotation-guide.md``):
``negotiations/<id>.yaml`` (scenarios without positions), ``articles/<negotiation>/<id>.md`` and
``annotations/<prefix>.jsonl``, whose lines quote their sentence. The build turns each quoted
sentence into ``[start, end)`` offsets of the stored article text and assigns every article to
train, dev or test once: an article keeps its split from then on, and a new article goes by a
seeded hash of its id, so the split does not depend on what else is in the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from detente.corpus.ingest import read_file
from detente.errors import DetenteError
from detente.io import load_scenario

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training" / "extraction"
FLAGSHIP = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
SPLIT_SEED = "detente-extraction-splits-v1"
TEST_SHARE, DEV_SHARE = 0.20, 0.10
STANCES = {"for", "against", "conditional"}


def negotiations(corpus: Path) -> dict[str, tuple[set[str], set[str]]]:
    """Actor and issue ids of every negotiation, by negotiation id."""
    files = {"ukraine_2025": FLAGSHIP}
    files.update({p.stem: p for p in sorted((corpus / "negotiations").glob("*.yaml"))})
    known = {}
    for negotiation_id, path in files.items():
        scenario = load_scenario(path)
        known[negotiation_id] = ({a.id for a in scenario.actors}, {i.id for i in scenario.issues})
    return known


def articles(corpus: Path, problems: list[str]) -> dict[str, tuple[str, str]]:
    """(negotiation id, stored text) of every article, by document id."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted((corpus / "articles").glob("*/*.md")):
        result = read_file(path)
        for error in result.errors:
            problems.append(f"{_shown(path)}: {error}")
        for document in result.documents:
            if document.id in found:
                problems.append(f"{_shown(path)}: duplicate id {document.id}")
            found[document.id] = (path.parent.name, document.text)
    return found


def locate(text: str, sentence: str, occurrence: int) -> int | None:
    start = -1
    for _ in range(occurrence):
        start = text.find(sentence, start + 1)
        if start < 0:
            return None
    return start


def gold_lines(
    corpus: Path, docs: dict[str, tuple[str, str]], problems: list[str]
) -> list[dict[str, object]]:
    known = negotiations(corpus)
    lines: list[dict[str, object]] = []
    first_seen: dict[tuple[object, ...], str] = {}
    for path in sorted((corpus / "annotations").glob("*.jsonl")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            where = f"{_shown(path)}:{number}"
            try:
                row = json.loads(raw)
                doc, sentence = row["doc"], row["sentence"]
                actor, issue, stance = row["actor"], row["issue"], row["stance"]
            except (ValueError, KeyError, TypeError) as error:
                problems.append(f"{where}: not a claim line ({error})")
                continue
            # A repeated line would count one claim twice in the gold (a writer's script did it
            # once); the same sentence may still carry two stances of one party on one issue.
            key = (doc, sentence, str(row.get("occurrence", 1)), actor, issue, stance)
            if key in first_seen:
                problems.append(f"{where}: repeats {first_seen[key]}")
                continue
            first_seen[key] = where
            if doc not in docs:
                problems.append(f"{where}: no article with id {doc!r}")
                continue
            negotiation, text = docs[doc]
            actors, issues = known.get(negotiation, (set(), set()))
            if negotiation not in known:
                problems.append(f"{where}: no negotiation file for {negotiation!r}")
            elif actor not in actors:
                problems.append(f"{where}: actor {actor!r} is not in {negotiation}")
            elif issue not in issues:
                problems.append(f"{where}: issue {issue!r} is not in {negotiation}")
            if stance not in STANCES:
                problems.append(f"{where}: stance {stance!r} is not one of {sorted(STANCES)}")
            start = locate(text, sentence, int(row.get("occurrence", 1)))
            if start is None:
                problems.append(f"{where}: sentence not found verbatim in {doc}")
                continue
            lines.append(
                {
                    "doc": doc,
                    "start": start,
                    "end": start + len(sentence),
                    "actor": actor,
                    "issue": issue,
                    "stance": stance,
                }
            )
    return lines


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def splits(docs: dict[str, tuple[str, str]], previous: dict[str, str]) -> dict[str, str]:
    """train / dev / test per document. An article keeps the split it was given when first
    built (``previous``, the committed splits.json), so a blind article never moves; a new one
    goes by a seeded hash of its id (20% test, 10% dev), whatever else is in the corpus."""
    assigned = {}
    for doc_id in docs:
        if doc_id in previous:
            assigned[doc_id] = previous[doc_id]
            continue
        digest = hashlib.sha256(f"{SPLIT_SEED}:{doc_id}".encode()).digest()
        share = int.from_bytes(digest[:8], "big") / 2**64
        if share < TEST_SHARE:
            assigned[doc_id] = "test"
        else:
            assigned[doc_id] = "dev" if share < TEST_SHARE + DEV_SHARE else "train"
    return dict(sorted(assigned.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report problems, write nothing")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    problems: list[str] = []
    try:
        docs = articles(args.corpus, problems)
        lines = gold_lines(args.corpus, docs, problems)
    except DetenteError as error:
        print(error, file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(docs)} articles, {len(lines)} claims, {len(problems)} problems")
    if problems or args.check:
        return 1 if problems else 0
    with (args.corpus / "gold.claims.jsonl").open("w", encoding="utf-8") as out:
        for line in sorted(lines, key=lambda r: (r["doc"], r["start"], r["actor"], r["issue"])):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    split_file = args.corpus / "splits.json"
    previous = json.loads(split_file.read_text()) if split_file.exists() else {}
    split_file.write_text(json.dumps(splits(docs, previous), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
