"""Monte Carlo throughput: draws/s per model on the flagship, serial vs a 2-worker local Dask
cluster, and on a synthetic 100 actors x 50 issues scenario. Usage: python benchmarks/bench_mc.py
[--draws N]. Prints a Markdown table; 10,000-draw times are extrapolated from the measured rate."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from detente.domain import Scenario
from detente.io import load_scenario
from detente.mc import Backend, run_mc

FLAGSHIP = Path(__file__).resolve().parents[1] / "examples" / "ukraine-2025" / "scenario.yaml"


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


def rate(scenario: Scenario, models: list[str], draws: int, backend: Backend, chunk: int) -> float:
    start = time.perf_counter()
    run_mc(scenario, models, draws=draws, seed=1, backend=backend, chunk=chunk)
    return draws / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=40)
    args = parser.parse_args()
    flagship = load_scenario(FLAGSHIP)
    cases = [
        ("flagship 4x20", flagship, ["compromise.v1"], args.draws * 5),
        ("flagship 4x20", flagship, ["median.v1"], args.draws * 5),
        ("flagship 4x20", flagship, ["bdm.v1"], args.draws),
        ("flagship 4x20", flagship, ["nash.v1"], args.draws // 2),
        (
            "flagship 4x20",
            flagship,
            ["compromise.v1", "median.v1", "nash.v1", "bdm.v1"],
            args.draws // 2,
        ),
        ("synthetic 100x50", synthetic(100, 50), ["compromise.v1", "median.v1"], args.draws // 4),
    ]
    print(
        "| scenario | models | draws | serial draws/s | 2 workers draws/s | 1->2 speed-up "
        "| 10,000 draws serial (s) | 10,000 draws 2 workers (s) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, scenario, models, draws in cases:
        chunk = max(1, draws // 8)
        serial = rate(scenario, models, draws, Backend("serial"), chunk)
        dask = rate(scenario, models, draws, Backend("dask", workers=2), chunk)
        print(
            f"| {name} | {', '.join(models)} | {draws} | {serial:.1f} | {dask:.1f} | "
            f"{dask / serial:.2f} | {10_000 / serial:.0f} | {10_000 / dask:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
