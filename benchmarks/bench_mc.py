"""Monte Carlo throughput: serial against two local workers, measured in the same run.

For each case, draws/s on the serial back-end, on a pool of 2 processes (``Backend("processes")``,
started per run as ``detente mc --backend processes`` does) and on a 2-worker Dask
``LocalCluster`` started once before timing (warm: workers have imported detente and compiled
smp's kernels; the cold start of a cluster is timed on its own line). Every case asserts that the
three back-ends give identical results. Cases:

* the flagship (4 parties x 20 issues) with all registered models (exchange and smp run per
  draw: no batch kernel);
* the flagship with the four models that have batch kernels (compromise, median, Nash, BDM);
* 10,000 draws of the flagship with those four, wall time (the target: under a minute);
* a generated, seeded scenario of 100 actors x 50 issues with the four.

Usage: python benchmarks/bench_mc.py [--all-draws 20] [--fast-draws 2000] [--big-draws 25]
[--full 10000]. Prints a Markdown table, then the figures as JSON. Each ratio column is a
two-worker back-end's draws/s divided by the serial (one process) draws/s of the same case.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from detente.domain import Scenario
from detente.io import load_scenario
from detente.mc import Backend, McResult, run_mc
from detente.models import MODELS, run_models

FLAGSHIP = Path(__file__).resolve().parents[1] / "examples" / "ukraine-2025" / "scenario.yaml"
FAST = ["compromise.v1", "median.v1", "nash.v1", "bdm.v1"]


def synthetic(actors: int, issues: int, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed)
    return Scenario.model_validate(
        {
            "title": f"synthetic {actors}x{issues}",
            "actors": [
                {"id": f"a{i}", "name": f"A{i}", "capability": float(rng.uniform(1, 100))}
                for i in range(actors)
            ],
            "issues": [
                {"id": f"i{j}", "name": f"I{j}", "proposition": f"P{j}"} for j in range(issues)
            ],
            "positions": [
                {
                    "actor": f"a{i}",
                    "issue": f"i{j}",
                    "position": float(rng.uniform(0, 100)),
                    "salience": float(rng.uniform(10, 100)),
                }
                for i in range(actors)
                for j in range(issues)
            ],
        }
    )


def timed(
    scenario: Scenario, models: list[str], draws: int, backend: Backend
) -> tuple[float, McResult]:
    start = time.perf_counter()
    out = run_mc(scenario, models, draws=draws, seed=1, backend=backend)
    return time.perf_counter() - start, out


def warm_worker(path: str) -> None:
    """Run every model once in a Dask worker (imports, numba compilation)."""
    run_models(load_scenario(Path(path)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--all-draws", type=int, default=20)
    parser.add_argument("--fast-draws", type=int, default=2000)
    parser.add_argument("--big-draws", type=int, default=25)
    parser.add_argument("--full", type=int, default=10_000)
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    flagship = load_scenario(FLAGSHIP)
    run_models(flagship)  # imports and numba compilation before anything is timed
    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    client.run(warm_worker, str(FLAGSHIP))
    cold = time.perf_counter() - start
    backends = {
        "serial": Backend("serial"),
        "processes": Backend("processes", workers=2),
        "dask": Backend("dask", scheduler=cluster.scheduler_address),
    }
    cases = [
        ("flagship 4x20", flagship, list(MODELS), args.all_draws),
        ("flagship 4x20", flagship, FAST, args.fast_draws),
        ("flagship 4x20, full run", flagship, FAST, args.full),
        ("synthetic 100x50", synthetic(100, 50), FAST, args.big_draws),
    ]
    print(
        "| scenario | models | draws | serial (1 process) draws/s | 2 processes draws/s | "
        "2 Dask workers draws/s | 2 processes ÷ serial | 2 Dask workers ÷ serial | wall s "
        "(serial, processes, Dask) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    figures = []
    for name, scenario, models, draws in cases:
        seconds, results = {}, {}
        for kind, backend in backends.items():
            seconds[kind], out = timed(scenario, models, draws, backend)
            results[kind] = out.to_json({})
        assert results["serial"] == results["processes"] == results["dask"], name
        rate = {k: draws / s for k, s in seconds.items()}
        label = "all 6" if len(models) == len(MODELS) else "compromise, median, nash, bdm"
        print(
            f"| {name} | {label} | {draws:,} | {rate['serial']:.1f} | {rate['processes']:.1f} | "
            f"{rate['dask']:.1f} | {rate['processes'] / rate['serial']:.2f} | "
            f"{rate['dask'] / rate['serial']:.2f} | {seconds['serial']:.1f}, "
            f"{seconds['processes']:.1f}, {seconds['dask']:.1f} |",
            flush=True,
        )
        figures.append({"case": name, "models": models, "draws": draws, "seconds": seconds})
    print(f"\nLocalCluster cold start (2 workers, imports and smp compilation): {cold:.1f} s")
    print("identical results on the three back-ends for every case: yes (asserted)")
    print(json.dumps({"cold_start_s": cold, "cases": figures}))
    client.close()
    cluster.close()


if __name__ == "__main__":
    main()
