"""Library entry points behind the CLI: ingest into a store, extract, propose, write outputs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from detente.corpus.ingest import IngestResult, ingest_paths
from detente.corpus.store import Store
from detente.domain import Claim, Document, Scenario
from detente.io import load_scenario, save_scenario
from detente.io.atomic import write_atomic
from detente.io.scenario_yaml import (
    load_document,
    save_document,
    scenario_to_document,
)
from detente.nlp.evaluate import read_jsonl
from detente.nlp.pipeline import ExtractionResult, Pipeline, Progress
from detente.nlp.propose import ChangeReport, merge_into_document, propose_positions
from detente.nlp.stance_model import STANCE_V2

CLAIM_FIELDS = (
    "doc",
    "start",
    "end",
    "sentence",
    "actor",
    "speaker",
    "issue",
    "stance",
    "confidence",
    "cue",
    "extractor",
)


@dataclass
class IngestSummary:
    result: IngestResult
    counts: dict[str, int]


def ingest_to_store(paths: Iterable[str | Path], db: Path | None, **defaults: Any) -> IngestSummary:
    result = ingest_paths(paths, defaults=defaults or None)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    if db is not None and result.documents:
        with Store(db) as store:
            counts = store.add_documents(result.documents)
    return IngestSummary(result, counts)


def extract(
    documents: list[Document],
    scenario: Scenario | None,
    *,
    db: Path | None = None,
    progress: Progress | None = None,
    use_embeddings: bool = True,
    stance: str = STANCE_V2,
) -> ExtractionResult:
    result = Pipeline(scenario, use_embeddings=use_embeddings, stance=stance).run(
        documents, progress
    )
    if db is not None:
        with Store(db) as store:
            store.add_documents(documents)
            store.replace_extraction(
                [d.id for d in documents],
                result.sentences,
                result.mentions,
                result.claims,
                result.facts,
                result.conflicts,
            )
    return result


def _jsonl(items: Iterable[BaseModel], fields: tuple[str, ...] | None = None) -> str:
    lines = []
    for item in items:
        data = item.model_dump(mode="json")
        if fields is not None:
            data = {k: data[k] for k in fields}
        lines.append(json.dumps(data, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def write_outputs(result: ExtractionResult, out: Path, proposed_scenario: bool) -> list[Path]:
    """claims.jsonl, facts.jsonl, conflicts.jsonl (and the proposed scenario when discovered)."""
    written = [
        write_atomic(out / "claims.jsonl", _jsonl(result.claims, CLAIM_FIELDS)),
        write_atomic(out / "facts.jsonl", _jsonl(result.facts)),
        write_atomic(out / "conflicts.jsonl", _jsonl(result.conflicts)),
    ]
    if proposed_scenario and result.scenario is not None:
        written.append(save_scenario(result.scenario, out / "scenario.proposed.yaml"))
    return written


def summary(result: ExtractionResult) -> dict[str, Any]:
    return {
        "documents": len(result.documents),
        "sentences": len(result.sentences),
        "mentions": len(result.mentions),
        "claims": len(result.claims),
        "facts": len(result.facts),
        "conflicts": len(result.conflicts),
        "claims_by_stance": dict(sorted(Counter(c.stance for c in result.claims).items())),
        "facts_by_kind": dict(sorted(Counter(f.kind for f in result.facts).items())),
        "conflicts_by_kind": dict(sorted(Counter(c.kind for c in result.conflicts).items())),
        "actors": sorted({c.actor for c in result.claims}),
        "issues": len({c.issue for c in result.claims}),
    }


def read_claims(folder: Path) -> list[Claim]:
    return [
        Claim.model_validate({k: v for k, v in row.items() if k != "_where"})
        for row in read_jsonl(folder / "claims.jsonl", "DT402")
    ]


def propose(
    scenario_path: Path,
    claims: list[Claim],
    documents: list[Document],
    out: Path | None,
    dry_run: bool,
) -> ChangeReport:
    """Merge proposed positions into the scenario file's round-trip document.

    Returns the change report; writes the merged scenario to ``out`` unless ``dry_run``.
    """
    if scenario_path.suffix.lower() in (".yaml", ".yml"):
        data, scenario = load_document(scenario_path)
    else:
        scenario = load_scenario(scenario_path)
        data = scenario_to_document(scenario)
    proposals = propose_positions(scenario, claims, documents)
    report = merge_into_document(data, scenario, proposals, documents)
    if out is not None and not dry_run:
        save_document(data, out)
    return report
