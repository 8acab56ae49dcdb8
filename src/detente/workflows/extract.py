"""Extract claims, facts and conflicts from documents; store them and write the JSONL outputs."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from detente.corpus.store import Store
from detente.domain import Claim, Document, Scenario
from detente.errors import DetenteError
from detente.io import save_scenario
from detente.io.atomic import write_atomic
from detente.nlp.evaluate import evaluate as evaluate  # re-exported for the CLI
from detente.nlp.evaluate import read_jsonl
from detente.nlp.pipeline import ExtractionResult, Pipeline, Progress
from detente.nlp.step_registry import DEFAULT_STANCE

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
    "steps",
)


def check_settings(scenario: Scenario | Path | None, *, use_embeddings: bool) -> None:
    """DT410 for keywords only without a scenario: discovering the actors and issues of
    unknown coverage clusters sentence embeddings, so without them nothing could be found."""
    if scenario is None and not use_embeddings:
        raise DetenteError(
            "DT410",
            "--no-embeddings needs --scenario: without a scenario, actors and issues are "
            "discovered by clustering embeddings",
            hint="give --scenario FILE for keyword matching, or leave out --no-embeddings",
        )


def extract(
    documents: list[Document],
    scenario: Scenario | None,
    *,
    db: Path | None = None,
    progress: Progress | None = None,
    use_embeddings: bool = True,
    stance: str = DEFAULT_STANCE,
    workers: int | None = None,
    scheduler: str | None = None,
) -> ExtractionResult:
    """Serial, or over Dask (``scheduler``, or a local cluster when ``workers`` > 1) with the
    same result (:mod:`detente.workflows.extract_dask`); the store is written here either way."""
    check_settings(scenario, use_embeddings=use_embeddings)
    if scheduler is not None or (workers or 1) > 1:
        from detente.workflows.extract_dask import extract_distributed

        result = extract_distributed(
            documents,
            scenario,
            workers=workers or 2,
            scheduler=scheduler,
            progress=progress,
            use_embeddings=use_embeddings,
            stance=stance,
        )
    else:
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
