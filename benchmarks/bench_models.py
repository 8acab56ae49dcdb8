"""How the forecast models' run time grows with actors and issues.

    .venv/bin/python benchmarks/bench_models.py [--quick]

Prints Markdown tables: (1) seconds per model run for 10 → 1,000 actors on one issue and for
1 → 100 issues with 50 actors; (2) seconds per BDM round, set beside a peer run in the same
process: the per-dyad pure-Python reading of the vote probabilities (O(n³)), the step the
vectorised model replaces with prefix sums. Timings are the best of a few repeats.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from detente.domain import Actor, Issue, Position, Scenario
from detente.models import MODELS, bdm


def random_scenario(n_actors: int, n_issues: int, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed)
    actors = tuple(
        Actor(id=f"a{k}", name=f"A{k}", capability=float(rng.uniform(0.1, 10)))
        for k in range(n_actors)
    )
    issues = tuple(Issue(id=f"q{q}", name=f"Q{q}", proposition="p") for q in range(n_issues))
    positions = tuple(
        Position(
            actor=f"a{k}",
            issue=f"q{q}",
            position=round(float(rng.uniform(0, 100)), 2),
            salience=float(rng.uniform(5, 100)),
        )
        for q in range(n_issues)
        for k in range(n_actors)
    )
    return Scenario(title="bench", actors=actors, issues=issues, positions=positions)


def best_of(repeats: int, task: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def naive_probabilities(x: list[float], w: list[float]) -> list[list[float]]:
    n = len(x)
    prob = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if x[i] == x[j]:
                continue
            votes_for, total = 0.0, 0.0
            for k in range(n):
                v = w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i]))
                votes_for += max(v, 0.0)
                total += abs(v)
            prob[i][j] = votes_for / total if total else 0.5
    return prob


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one repeat")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    actor_sizes = [10, 100, 300] if args.quick else [10, 30, 100, 300, 1000]
    issue_sizes = [1, 10] if args.quick else [1, 10, 100]
    one_round = {"max_rounds": 1, "tolerance": -1.0}

    print("### Seconds per run (BDM: 10 rounds at most)\n")
    print(
        "| model | "
        + " | ".join(f"{n} actors" for n in actor_sizes)
        + " | "
        + " | ".join(f"{m} issues × 50" for m in issue_sizes)
        + " |"
    )
    print("|---" * (1 + len(actor_sizes) + len(issue_sizes)) + "|")
    cases = [random_scenario(n, 1) for n in actor_sizes] + [
        random_scenario(50, m) for m in issue_sizes
    ]
    for model_id, spec in MODELS.items():
        cells = [
            f"{best_of(repeats, lambda s=s, spec=spec: spec.run(s, None, 0)):.4f}" for s in cases
        ]
        print(f"| {model_id} | " + " | ".join(cells) + " |")

    print("\n### BDM: seconds per round, and the O(n³) per-dyad vote step as a peer\n")
    print("| actors | bdm.v1 round | per-dyad Python P step | ratio |")
    print("|---|---|---|---|")
    for n in actor_sizes:
        scenario = random_scenario(n, 1)
        per_round = best_of(repeats, lambda s=scenario: bdm.run(s, one_round, 0))
        if n <= 100:
            x = [p.position for p in scenario.positions]
            w = [scenario.actor(p.actor).capability * p.salience for p in scenario.positions]
            peer = best_of(1, lambda x=x, w=w: naive_probabilities(x, w))
            print(f"| {n} | {per_round:.4f} | {peer:.4f} | {peer / per_round:.1f}× |")
        else:
            print(f"| {n} | {per_round:.4f} | (not run: n³ = {n**3:.0e}) | – |")


if __name__ == "__main__":
    main()
