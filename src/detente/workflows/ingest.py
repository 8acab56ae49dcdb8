"""Ingest files into the corpus store (no NLP is loaded), serially or over a Dask cluster.

Over Dask (``workers`` > 1 or a ``scheduler``), the client lists the input files, cuts them into
consecutive partitions, and each worker reads and parses its partition
(:func:`detente.corpus.ingest.read_files`, every file on its own); the client puts the
partitions back in file order and does what needs every document at once (defaults, unique ids,
duplicate links, :func:`detente.corpus.ingest.finish_ingest`), as a serial ingest does, so the
documents are the same. Only the client writes the store. The workers open the files at the
paths the client names: on a cluster of other machines, give paths they all see.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.corpus.ingest import SUFFIXES as SUFFIXES  # re-exported for the CLI
from detente.corpus.ingest import (
    IngestResult,
    finish_ingest,
    ingest_paths,
    iter_input_files,
    read_files,
)
from detente.corpus.store import Store
from detente.errors import DetenteError
from detente.workflows.dask_cluster import dask_client, worker_count

Progress = Callable[[int], None]
# About four partitions per worker (a slow one does not hold the run up, progress moves), at
# most this many files each: a file takes milliseconds to parse, a task about as much to send.
PARTITIONS_PER_WORKER = 4
MAX_PARTITION_FILES = 500


@dataclass
class IngestSummary:
    result: IngestResult
    counts: dict[str, int]


def ingest_to_store(
    paths: Iterable[str | Path],
    db: Path | None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    **defaults: Any,
) -> IngestSummary:
    """Read ``paths`` (over Dask when ``scheduler`` is given or ``workers`` > 1) and, with a
    ``db``, add the documents to the store. ``progress`` is told of each file read."""
    if workers is not None and workers < 1:
        raise DetenteError("DT317", f"--workers must be at least 1 (got {workers})")
    if scheduler is not None or (workers or 1) > 1:
        result = ingest_distributed(
            paths, workers=workers or 2, scheduler=scheduler, progress=progress, **defaults
        )
    else:
        result = ingest_paths(paths, defaults=defaults or None, progress=progress)
    counts = {"added": 0, "replaced": 0, "unchanged": 0}
    if db is not None and result.documents:
        with Store(db) as store:
            counts = store.add_documents(result.documents)
    return IngestSummary(result, counts)


def ingest_distributed(
    paths: Iterable[str | Path],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    progress: Progress | None = None,
    max_files: int | None = None,
    **defaults: Any,
) -> IngestResult:
    """The result :func:`detente.corpus.ingest.ingest_paths` gives, the files read on a Dask
    cluster (the one at ``scheduler``, else a local one of ``workers`` processes)."""
    result = IngestResult()
    files = list(iter_input_files(paths, result.skipped))
    if not files:
        return result
    with dask_client(workers, scheduler) as client:
        size = max_files or _partition_size(len(files), worker_count(client))
        parts = [files[i : i + size] for i in range(0, len(files), size)]
        done = dict(_results(client, parts, progress))
    for index in range(len(parts)):
        result.documents += done[index].documents
        result.errors += done[index].errors
    return finish_ingest(result, defaults=defaults or None)


def _results(
    client: Any, parts: list[list[Path]], progress: Progress | None
) -> Iterator[tuple[int, IngestResult]]:
    from distributed import as_completed

    futures = {client.submit(read_files, part, pure=False): i for i, part in enumerate(parts)}
    for future in as_completed(list(futures)):  # type: ignore[no-untyped-call]
        index = futures[future]
        yield index, future.result()
        future.release()
        if progress is not None:
            progress(len(parts[index]))


def _partition_size(files: int, workers: int) -> int:
    wanted = workers * PARTITIONS_PER_WORKER
    return max(1, min(MAX_PARTITION_FILES, -(-files // wanted)))
