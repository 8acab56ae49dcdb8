"""The Dask cluster a distributed run works on: the one at a scheduler's address, or a local one
started for the run (``distributed`` is imported only here, and only when a run asks for it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from detente.errors import DetenteError


@contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, else of a local cluster of ``workers``
    single-threaded processes, closed (with the local cluster) on leaving. An unreachable
    scheduler is a DT416."""
    import dask
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise DetenteError(
                "DT416", f"cannot reach the Dask scheduler {scheduler}: {exc}"
            ) from None
    else:
        # Workers that are not daemons may start processes: a document longer than the
        # extraction's PARALLEL_FROM sentences alone in its partition makes spaCy start two.
        with dask.config.set({"distributed.worker.daemon": False}):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        with client:
            yield client
    finally:
        if cluster is not None:
            cluster.close()


def worker_count(client: Any) -> int:
    return max(1, len(client.scheduler_info()["workers"]))
