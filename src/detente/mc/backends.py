"""One API, three back-ends: in-process, a process pool, a Dask distributed cluster.

Seeds: ``SeedSequence(seed).spawn(blocks)`` gives block ``i`` (draws 25i to 25i + 24) the same
stream on every back-end and for every chunk size, and the tallies are integer counts merged
exactly, so one seed gives identical results anywhere. Results are merged as chunks finish; at
most the finished chunks' fixed-size tallies are held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as np

from detente.domain import Scenario
from detente.errors import DetenteError
from detente.mc.chunk import DRAW_BLOCK, ChunkTask, run_chunk
from detente.mc.deals import DealPlan, nash_package
from detente.mc.summary import McResult
from detente.models.registry import get_model

# Draws per chunk when every model has a batch kernel: ~1-2 s of work a chunk on the flagship,
# so scheduling costs nothing and the progress bar still moves every second or two. Models
# that run per draw (exchange, smp: up to 3 s a draw) keep one block per chunk.
BATCH_CHUNK = 250
BACKENDS = ("serial", "processes", "dask")
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Backend:
    """``kind`` is "serial", "processes" or "dask"; ``workers`` for the last two; ``scheduler``
    the address of a running Dask scheduler (else a LocalCluster is started for the run)."""

    kind: str = "serial"
    workers: int = 2
    scheduler: str | None = None


def default_chunk(models: Sequence[str], draws: int, backend: Backend) -> int:
    """Draws per chunk: large when every model runs on whole chunks, one block otherwise; on a
    pool or cluster also small enough for about four chunks per worker."""
    batched = all(get_model(m).run_batch is not None for m in models)
    size = BATCH_CHUNK if batched else DRAW_BLOCK
    if backend.kind == "serial":
        return size
    return max(1, min(size, -(-draws // (4 * max(1, backend.workers)))))


def chunk_tasks(
    scenario: Scenario,
    models: Sequence[str],
    draws: int,
    seed: int,
    chunk: int,
    deals: DealPlan | None = None,
) -> list[ChunkTask]:
    """Blocks of :data:`DRAW_BLOCK` draws, one spawned seed each, cut into tasks of ``chunk``
    draws: the draws depend on ``seed`` only, not on ``chunk``."""
    if draws < 1 or chunk < 1:
        raise DetenteError(
            "DT605", f"draws and chunk size must be at least 1 (got {draws}, {chunk})"
        )
    blocks = -(-draws // DRAW_BLOCK)
    sizes = [min(DRAW_BLOCK, draws - b * DRAW_BLOCK) for b in range(blocks)]
    seeds = np.random.SeedSequence(seed).spawn(blocks)
    plan = deals or DealPlan(1, 0, None)
    tasks = []
    for start in range(0, draws, chunk):
        stop = min(start + chunk, draws)
        first, last = start // DRAW_BLOCK, (stop - 1) // DRAW_BLOCK + 1
        tasks.append(
            ChunkTask(
                scenario,
                tuple(models),
                tuple(seeds[first:last]),
                tuple(sizes[first:last]),
                start,
                stop - start,
                start - first * DRAW_BLOCK,
                plan,
            )
        )
    return tasks


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
        client = Client(cluster)  # type: ignore[no-untyped-call]
    else:
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise DetenteError(
                "DT605", f"cannot reach the Dask scheduler {scheduler}: {exc}"
            ) from None
    try:
        with client:
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
    chunk: int | None = None,
    progress: Progress | None = None,
    deal_draws: int = 0,
) -> McResult:
    """``draws`` random variants of ``scenario`` through ``models``, tallied; ``deal_draws`` of
    them (spread evenly) also get the full deal analysis for the Nash package's stability."""
    backend = backend or Backend()
    if deal_draws < 0:
        raise DetenteError("DT605", f"deal draws must be 0 or more (got {deal_draws})")
    base = nash_package(scenario) if deal_draws else None
    plan = DealPlan.spread(draws, deal_draws, base)
    size = default_chunk(models, draws, backend) if chunk is None else chunk
    tasks = chunk_tasks(scenario, models, draws, seed, size, plan)
    if backend.kind == "serial":
        stream = _serial(tasks)
    elif backend.kind == "processes":
        stream = _processes(tasks, backend.workers)
    elif backend.kind == "dask":
        stream = _dask(tasks, backend.workers, backend.scheduler)
    else:
        raise DetenteError(
            "DT605", f"unknown back-end {backend.kind!r}", hint=f"one of {', '.join(BACKENDS)}"
        )
    total = McResult(nash_base=base)
    for part in stream:
        total.merge(part)
        if progress is not None:
            progress(part.draws)
    return total
