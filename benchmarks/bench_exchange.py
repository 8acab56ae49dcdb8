"""exchange.v1 against the peer decide-exchange-model's published time, and at larger sizes.

    .venv/bin/python benchmarks/bench_exchange.py [--repeats N]

Prints a Markdown table: case, actors x issues, rounds, seconds (best of N runs, moves and
history included), and for COP21 the ratio to the peer's figure: 61.6 s for COP21, 10 rounds,
1 repetition (``../shared/data/README.md``, 2-core machine, Python 3.11), or, with
``--peer-command``, the peer run in the same session: a command (run in the peer's own venv,
never imported into detente: the peer is GPL) that prints ``PEER_SECONDS <s>`` after 10
rounds on COP21. The peer's ``decide-cli`` 2025.3.1 cannot do that here (it stops before its
first round with "Cannot use uninitialized Proxy": its SQLite observer is used before the
database is opened), so the driver used for the README builds the model with the peer's own
``ModelFactory`` and ``ModelLoop`` and leaves the SQLite observer out (docs/models.md).
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from detente.domain import Actor, Issue, Position, Scenario
from detente.io import load_scenario
from detente.models import exchange

PEER_COP21_SECONDS = 61.6
COP21 = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "decide" / "inputs"


def random_scenario(n_actors: int, n_issues: int, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed)
    actors = tuple(
        Actor(id=f"a{k}", name=f"A{k}", capability=float(rng.uniform(0.1, 1.0)))
        for k in range(n_actors)
    )
    issues = tuple(Issue(id=f"q{q}", name=f"Q{q}", proposition="p") for q in range(n_issues))
    positions = tuple(
        Position(
            actor=f"a{k}",
            issue=f"q{q}",
            position=float(rng.integers(0, 101)),
            salience=float(rng.uniform(10, 100)),
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


def run_peer(command: str) -> float:
    done = subprocess.run(shlex.split(command), capture_output=True, text=True, check=False)
    found = re.search(r"PEER_SECONDS ([0-9.]+)", done.stdout)
    if found is None:
        raise SystemExit(f"peer printed no PEER_SECONDS:\n{done.stdout}\n{done.stderr}")
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=COP21, help="decide inputs folder")
    parser.add_argument("--peer-command", help="prints PEER_SECONDS <s> for COP21, 10 rounds")
    args = parser.parse_args()
    peer_seconds, peer_label = PEER_COP21_SECONDS, "(published)"
    if args.peer_command:
        peer_seconds, peer_label = run_peer(args.peer_command), "(same run)"
    cases: list[tuple[str, Scenario, str]] = []
    cop21 = args.shared / "cop21.csv"
    if cop21.is_file():
        cases.append(("COP21 (decide input)", load_scenario(cop21), "peer"))
    else:
        print(f"(skipping COP21: {cop21} is absent)")
    cases.append(("random", random_scenario(100, 30), "-"))
    print("| case | actors x issues | rounds | exchange.v1 s | peer s | ratio |")
    print("|---|---|---|---|---|---|")
    for name, scenario, peer in cases:
        seconds = best_of(args.repeats, lambda s=scenario: exchange.run(s, {"rounds": 10}, 0))
        size = f"{len(scenario.actors)} x {len(scenario.issues)}"
        if peer == "peer":
            ratio = f"{peer_seconds / seconds:,.0f}x"
            peer_cell = f"{peer_seconds:.1f} {peer_label}"
        else:
            ratio, peer_cell = "-", "(beyond the peer)"
        print(f"| {name} | {size} | 10 | {seconds:.3f} | {peer_cell} | {ratio} |")


if __name__ == "__main__":
    main()
