"""One API, three back-ends: in-process, a process pool, a Dask distributed cluster.

Seeds: ``SeedSequence(seed).spawn(chunks)`` gives chunk ``i`` the same stream on every back-end,
and the tallies are integer counts merged exactly, so one seed gives identical results anywhere.
Results are merged as chunks finish; at most the finished chunks' fixed-size tallies are held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.mc.chunk import ChunkTask, run_chunk
from detente.mc.summary import McResult

# Each draw of the flagship with the four models takes ~0.1-0.8 s, so 25 draws per chunk makes
# the Dask/pool overhead (a few ms per task) negligible while keeping the progress bar live.
DEFAULT_CHUNK = 25
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Backend:
    """``kind`` is "serial", "processes" or "dask"; ``workers`` for the last two; ``scheduler``
    the address of a running Dask scheduler (else a LocalCluster is started for the run)."""

    kind: str = "serial"
    workers: int = 2
    scheduler: str | None = None


def chunk_tasks(
    scenario: Scenario, models: Sequence[str], draws: int, seed: int, chunk: int
) -> list[ChunkTask]:
    if draws < 1 or chunk < 1:
        raise DetenteError(
            "DT605", f"draws and chunk size must be at least 1 (got {draws}, {chunk})"
        )
    sizes = [chunk] * (draws // chunk) + ([draws % chunk] if draws % chunk else [])
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    return [ChunkTask(scenario, tuple(models), s, n) for s, n in zip(seeds, sizes, strict=True)]


def _serial(tasks: list[ChunkTask]) -> Iterator[McResult]:
    for task in tasks:
        yield run_chunk(task)


def _processes(tasks: list[ChunkTask], workers: int) -> Iterator[McResult]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in as_completed([pool.submit(run_chunk, t) for t in tasks]):
            yield future.result()


def _dask(tasks: list[ChunkTask], workers: int, scheduler: str | None) -> Iterator[McResult]:
    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    try:
        with Client(cluster if cluster is not None else scheduler) as client:  # type: ignore[no-untyped-call]
            futures = [client.submit(run_chunk, t, pure=False) for t in tasks]
            for future in dask_completed(futures):  # type: ignore[no-untyped-call]
                yield future.result()
                future.release()
    finally:
        if cluster is not None:
            cluster.close()


def run_mc(
    scenario: Scenario,
    models: Sequence[str],
    *,
    draws: int,
    seed: int,
    backend: Backend | None = None,
    chunk: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> McResult:
    """``draws`` random variants of ``scenario`` through ``models``, tallied."""
    backend = backend or Backend()
    tasks = chunk_tasks(scenario, models, draws, seed, chunk)
    if backend.kind == "serial":
        stream = _serial(tasks)
    elif backend.kind == "processes":
        stream = _processes(tasks, backend.workers)
    elif backend.kind == "dask":
        stream = _dask(tasks, backend.workers, backend.scheduler)
    else:
        raise DetenteError("DT605", f"unknown back-end {backend.kind!r}")
    total = McResult()
    for part in stream:
        total.merge(part)
        if progress is not None:
            progress(part.draws)
    return total
