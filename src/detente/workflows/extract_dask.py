"""Extraction over a Dask cluster: documents partitioned across workers, one writer.

Every step of the pipeline before conflicts reads one document at a time (sentences, facts,
mentions, issues and stances never look across documents), so each worker runs the ordinary
:class:`detente.nlp.pipeline.Pipeline` on its partition, and the client concatenates the
partitions in document order and finds the cross-source conflicts over all of them, as a serial
run does at its end. Only the client writes the store. Discovery (no scenario) clusters all
sentences at once, so it stays serial (DT415).

Partitions are whole documents in input order: about four per worker (so a slow one does not
hold up the run, and progress moves), at most ``MAX_PARTITION_DOCS`` documents and fewer than
the pipeline's ``PARALLEL_FROM`` sentences each, so a worker never starts spaCy processes of
its own (a Dask worker is a daemon process, which may not have children).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from detente.domain import Document, Scenario
from detente.errors import DetenteError
from detente.nlp.conflicts import find_conflicts
from detente.nlp.pipeline import ExtractionResult, Pipeline, Progress
from detente.nlp.sentences import split_sentences
from detente.nlp.step_registry import DEFAULT_STANCE
from detente.nlp.steps import PARALLEL_FROM
from detente.workflows.dask_cluster import dask_client, worker_count

MAX_PARTITION_DOCS = 40
PARTITIONS_PER_WORKER = 4


@dataclass(frozen=True)
class PartTask:
    documents: list[Document]
    scenario: Scenario
    use_embeddings: bool
    stance: str


# One pipeline per worker process and scenario: loading spaCy and MiniLM takes seconds.
_PIPELINES: dict[tuple[str, bool, str], Pipeline] = {}


def _pipeline(task: PartTask) -> Pipeline:
    key = (task.scenario.model_dump_json(), task.use_embeddings, task.stance)
    if key not in _PIPELINES:
        _PIPELINES.clear()
        _PIPELINES[key] = Pipeline(
            task.scenario, use_embeddings=task.use_embeddings, stance=task.stance
        )
    return _PIPELINES[key]


def extract_part(task: PartTask) -> ExtractionResult:
    """What one worker does: the pipeline on one partition."""
    return _pipeline(task).run(task.documents)


def partitions(documents: list[Document], max_docs: int) -> list[list[Document]]:
    """Consecutive runs of documents, each under ``max_docs`` and ``PARALLEL_FROM`` sentences."""
    parts: list[list[Document]] = []
    current: list[Document] = []
    sentences = 0
    for doc in documents:
        count = len(split_sentences(doc.text))
        if current and (len(current) >= max_docs or sentences + count >= PARALLEL_FROM):
            parts.append(current)
            current, sentences = [], 0
        current.append(doc)
        sentences += count
    if current:
        parts.append(current)
    return parts


def merge(
    documents: list[Document], scenario: Scenario, parts: list[ExtractionResult]
) -> ExtractionResult:
    """Partition results (in partition order) as one run: conflicts found over all of them."""
    result = ExtractionResult(scenario, documents)
    for part in parts:
        result.sentences += part.sentences
        result.mentions += part.mentions
        result.claims += part.claims
        result.facts += part.facts
    result.conflicts = find_conflicts(documents, result.mentions, result.facts, result.claims)
    return result


def _results(client: Any, tasks: list[PartTask]) -> Iterator[tuple[int, ExtractionResult]]:
    from distributed import as_completed

    futures = {client.submit(extract_part, t, pure=False): i for i, t in enumerate(tasks)}
    for future in as_completed(list(futures)):  # type: ignore[no-untyped-call]
        yield futures[future], future.result()
        future.release()


def extract_distributed(
    documents: list[Document],
    scenario: Scenario | None,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    progress: Progress | None = None,
    use_embeddings: bool = True,
    stance: str = DEFAULT_STANCE,
    max_docs: int | None = None,
) -> ExtractionResult:
    """The result a serial :class:`Pipeline` run gives, computed on a Dask cluster (the one at
    ``scheduler``, else a local cluster of ``workers`` processes started for the run)."""
    if scenario is None:
        raise DetenteError(
            "DT415",
            "extraction over Dask needs a scenario: discovery clusters all sentences at once",
            hint="pass --scenario, or run without --workers/--scheduler",
        )
    if not documents:
        raise DetenteError("DT403", "no documents to extract from", hint="ingest some first")
    if workers < 1 or (max_docs is not None and max_docs < 1):
        raise DetenteError("DT415", f"--workers must be at least 1 (got {workers})")
    done: dict[int, ExtractionResult] = {}
    with dask_client(workers, scheduler) as client:
        size = max_docs or _partition_size(len(documents), worker_count(client))
        tasks = [
            PartTask(part, scenario, use_embeddings, stance) for part in partitions(documents, size)
        ]
        for index, part in _results(client, tasks):
            done[index] = part
            if progress is not None:
                progress(len(tasks[index].documents))
    return merge(documents, scenario, [done[i] for i in range(len(tasks))])


def _partition_size(documents: int, workers: int) -> int:
    wanted = max(1, workers) * PARTITIONS_PER_WORKER
    return max(1, min(MAX_PARTITION_DOCS, -(-documents // wanted)))
