"""Extraction throughput: serial against a 2-worker Dask ``LocalCluster``, in the same run.

The flagship's briefs (examples/ukraine-2025/briefs) repeated to N documents (each copy its own
id), extracted with the flagship scenario (MiniLM embeddings, stance.v2) by the serial pipeline
and by :func:`detente.workflows.extract_dask.extract_distributed`; the claims, facts and
conflicts are asserted identical. The cluster is started before timing and warmed on one
partition (each worker loads spaCy and MiniLM once); its cold start is reported on its own.

Usage: python benchmarks/bench_extract_dask.py [--documents 200]. Prints a Markdown table and
the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detente.domain import Document
from detente.io import load_scenario
from detente.nlp.pipeline import Pipeline
from detente.workflows import extract_dask
from detente.workflows.ingest import ingest_to_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ukraine-2025"


def repeated(count: int) -> list[Document]:
    briefs = ingest_to_store(sorted((EXAMPLE / "briefs").glob("brief-*.md")), None)
    base = briefs.result.documents
    return [
        base[k % len(base)].model_copy(update={"id": f"{base[k % len(base)].id}-{k:05d}"})
        for k in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    scenario = load_scenario(EXAMPLE / "scenario.yaml")
    documents = repeated(args.documents)
    pipeline = Pipeline(scenario)
    pipeline.run(documents[:2])  # load spaCy and MiniLM before timing
    start = time.perf_counter()
    serial = pipeline.run(documents)
    serial_s = time.perf_counter() - start

    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    # Warm both workers: one small partition each loads the models.
    warm = [extract_dask.PartTask(documents[:1], scenario, True, "stance.v2")] * 2
    client.gather([client.submit(extract_dask.extract_part, t, pure=False) for t in warm])
    cold_s = time.perf_counter() - start
    start = time.perf_counter()
    distributed = extract_dask.extract_distributed(
        documents, scenario, scheduler=cluster.scheduler_address
    )
    dask_s = time.perf_counter() - start
    client.close()
    cluster.close()
    assert distributed.claims == serial.claims
    assert distributed.facts == serial.facts
    assert distributed.conflicts == serial.conflicts
    n = len(documents)
    print("| documents | serial docs/s | 2 Dask workers docs/s | Dask / serial | claims |")
    print("|---|---|---|---|---|")
    print(
        f"| {n:,} | {n / serial_s:.1f} | {n / dask_s:.1f} | {serial_s / dask_s:.2f} | "
        f"{len(serial.claims):,} (identical) |"
    )
    print(f"\nLocalCluster cold start (2 workers, loading spaCy and MiniLM): {cold_s:.1f} s")
    print(
        json.dumps(
            {
                "documents": n,
                "serial_s": serial_s,
                "dask_s": dask_s,
                "cold_start_s": cold_s,
                "claims": len(serial.claims),
            }
        )
    )


if __name__ == "__main__":
    main()
