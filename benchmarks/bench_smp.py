"""smp.v1 speed against KTAB's ``smpc``: ratios to the peer's published timings.

    .venv/bin/python benchmarks/bench_smp.py            # all rows
    .venv/bin/python benchmarks/bench_smp.py --quick    # skips 1,000 actors x 1 issue

1,000 actors x 1 issue takes about a minute per turn on the shared 2-core machine and does not
settle within a few turns, so only the first ``--big-turns`` (3) are timed.

KTAB (C++, Qt/SQLite build) is not built here, so the peer column is the published wall-clock
figure from ../shared/data/README.md (optimised -O2 build, 2-core machine), not a run side by
side. detente's column is the best of ``--repeat`` wall-clock runs of the whole model
(``detente.models.smp.simulate``: all turns until KTAB's stopping rule), in this process.
Rows: KTAB's own inputs dummyData-a040/a080/a160 and 6Dim, then synthetic scenarios drawn from
a seed (1,000 actors x 1 issue; 30 actors x 10 issues) that KTAB has no figure for.
Each KTAB row also reports whether the final positions equal KTAB's printed ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from detente.domain import Scenario  # noqa: E402
from detente.io.ktab import load_ktab  # noqa: E402
from detente.models.smp import simulate  # noqa: E402

KTAB = Path(os.environ.get("DETENTE_SHARED", ROOT / ".." / "shared")).resolve() / "data" / "ktab"
SEED = 20170530
# smpc wall-clock seconds from ../shared/data/README.md ("Peer timings of smpc")
PEER_SECONDS = {
    "dummyData_6Dim": 7.7,
    "dummyData-a040": 16.2,
    "dummyData-a080": 165.0,
    "dummyData-a160": None,  # "did not finish in 5 min"
}


def synthetic(n_actors: int, n_issues: int, seed: int) -> Scenario:
    rng = np.random.default_rng(seed)
    salience = rng.uniform(5.0, 100.0, (n_actors, n_issues))
    salience = salience / np.maximum(salience.sum(axis=1, keepdims=True) / 100.0, 1.0)
    return Scenario.model_validate(
        {
            "title": f"synthetic {n_actors}x{n_issues}",
            "actors": [
                {"id": f"a{k:04d}", "name": f"A{k}", "capability": float(rng.uniform(10, 200))}
                for k in range(n_actors)
            ],
            "issues": [
                {"id": f"q{q}", "name": f"Q{q}", "proposition": "p"} for q in range(n_issues)
            ],
            "positions": [
                {
                    "actor": f"a{k:04d}",
                    "issue": f"q{q}",
                    "position": float(rng.uniform(0, 100)),
                    "salience": float(min(100.0, salience[k, q])),
                }
                for k in range(n_actors)
                for q in range(n_issues)
            ],
        }
    )


def best_of(scenario: Scenario, repeat: int, max_turns: int = 100) -> tuple[float, int, np.ndarray]:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        sim = simulate(scenario, {"max_turns": max_turns})
        best = min(best, time.perf_counter() - start)
    return best, len(sim.result.turns), sim.result.positions[-1]


def matches_ktab(case: str, scenario: Scenario, final: np.ndarray) -> str:
    history = KTAB / "outputs" / f"{case}.history.txt"
    if not history.is_file():
        return "-"
    printed: dict[str, list[float]] = {}
    for line in history.read_text().splitlines():
        if line.startswith("History of actors' winning"):
            break
        if ":" in line and "," in line:
            name = line.split(",")[0].strip()
            printed.setdefault(name, []).append(float(line.split()[-1]))
    names = sorted((a.id, a.name) for a in scenario.actors)
    worst = max(
        float(np.max(np.abs(100 * final[row] - np.array(printed[name]))))
        for row, (_, name) in enumerate(names)
    )
    return "yes" if worst <= 0.0501 else f"no (max diff {worst:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big-turns", type=int, default=3, help="turns timed at 1,000 actors")
    args = parser.parse_args()
    rows = []
    for case, peer in PEER_SECONDS.items():
        path = KTAB / "inputs" / f"{case}.csv"
        if not path.is_file():
            print(f"skip {case}: {path} absent")
            continue
        scenario = load_ktab(path)
        repeat = args.repeat if case != "dummyData-a160" else 1
        seconds, turns, final = best_of(scenario, repeat)
        rows.append(
            (
                case,
                f"{len(scenario.actors)} x {len(scenario.issues)}",
                turns,
                seconds,
                peer,
                matches_ktab(case, scenario, final),
            )
        )
    sizes = [(30, 10)] if args.quick else [(30, 10), (1000, 1)]
    for n, m in sizes:
        # 1,000 actors: about a minute per turn here, so only the first few turns are timed
        big = n >= 1000
        scenario = synthetic(n, m, SEED)
        seconds, turns, _ = best_of(
            scenario, 1 if big else args.repeat, args.big_turns if big else 100
        )
        label = f"synthetic (seed {SEED})" + (f", first {turns} turns only" if big else "")
        rows.append((label, f"{n} x {m}", turns, seconds, None, "-"))
        print(f"synthetic {n} x {m}: {seconds:.3f} s, {turns} turns", file=sys.stderr, flush=True)
    print(
        "| input | actors x issues | turns | detente s | smpc s (published) | ratio | same finals |"
    )
    print("|---|---|---|---|---|---|---|")
    for case, size, turns, seconds, peer, same in rows:
        peer_text = f"{peer:g}" if peer else ("> 300" if case.endswith("a160") else "-")
        ratio = (
            f"{peer / seconds:.0f}x"
            if peer
            else ("> " + f"{300 / seconds:.0f}x" if case.endswith("a160") else "-")
        )
        print(f"| {case} | {size} | {turns} | {seconds:.3f} | {peer_text} | {ratio} | {same} |")


if __name__ == "__main__":
    main()
