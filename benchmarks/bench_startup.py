"""Start-up of the ``detente`` command as whole processes, against ``python -c pass``.

    .venv/bin/python benchmarks/bench_startup.py            # 15 runs of each
    .venv/bin/python benchmarks/bench_startup.py --runs 31

Runs ``detente --help``, ``detente --version`` and ``detente validate`` of a small scenario
(3 actors, 2 issues) and ``python -c pass`` in turn, round-robin so that every command sees the
same load, and prints the median wall time and the median CPU time (user + system of the child)
of each. The ratio column divides by ``python -c pass`` measured in the same run: the start-up
of the interpreter itself, which no change to detente can remove. On a loaded machine wall
times grow with the load while CPU times and ratios move less; report both.

The commands run as on a user's machine after their first run: with byte-code caches. The
environment's ``PYTHONDONTWRITEBYTECODE`` is dropped for them, so the warm-up run writes the
``__pycache__`` files (uv installs without them); with it set, every run compiles each module
again and start-up is two to three times longer.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SMALL = """\
title: Harbour talks
actors:
  - {id: port, name: Port authority, capability: 40}
  - {id: union, name: Dockers' union, capability: 30}
  - {id: city, name: City council}
issues:
  - {id: wages, name: Wages, proposition: Wages rise by ten percent}
  - {id: hours, name: Hours, proposition: The week shortens to 35 hours}
positions:
  - {actor: port, issue: wages, position: 20, salience: 70}
  - {actor: union, issue: wages, position: 100, salience: 90}
  - {actor: city, issue: hours, position: 60, salience: 30}
"""


# As a user's machine runs them: byte-code caches written on the first run and used after.
CACHING = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=CACHING
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    detente = str(Path(sys.executable).with_name("detente"))
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.yaml"
        small.write_text(SMALL, encoding="utf-8")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "detente --help": [detente, "--help"],
            "detente --version": [detente, "--version"],
            "detente validate small.yaml": [detente, "validate", str(small)],
        }
        for command in commands.values():  # warm the file cache and the bytecode
            timed(command)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(timed(command))
    wall = {n: statistics.median(w for w, _ in s) for n, s in samples.items()}
    cpu = {n: statistics.median(c for _, c in s) for n, s in samples.items()}
    base_wall, base_cpu = wall["python -c pass"], cpu["python -c pass"]
    print(f"median of {args.runs} runs each, round-robin")
    print("| command | wall s | CPU s | wall / python -c pass | CPU / python -c pass |")
    print("|---|---:|---:|---:|---:|")
    for name in commands:
        print(
            f"| `{name}` | {wall[name]:.3f} | {cpu[name]:.3f} | "
            f"{wall[name] / base_wall:.1f} | {cpu[name] / max(base_cpu, 1e-3):.1f} |"
        )


if __name__ == "__main__":
    main()
