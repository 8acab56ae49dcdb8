"""Deal-space speed and memory: detente against NegMAS 0.16, ratios from one run.

    .venv/bin/python benchmarks/bench_deals.py            # full run (creates the NegMAS venv)
    .venv/bin/python benchmarks/bench_deals.py --quick    # skips the 10^7-package rows

1. 3 parties x 8 issues x 5 options (390,625 packages), random linear additive utilities drawn
   from a seed. NegMAS runs ``pareto_frontier`` and ``nash_points`` in its own virtual
   environment (created here with ``python -m venv`` and ``pip install negmas==0.16.*``; NegMAS is
   AGPL and never imported by detente), reading the same utility tables from .npy files.
   Checked: the two frontiers are the same set of utility vectors and the Nash points agree.
   This compares different work: NegMAS evaluates its utility-function objects outcome by
   outcome and filters all 390,625 points, detente merges issue by issue and never enumerates.
2. The same case, filter only: both get the same precomputed (390,625 x 3) utility matrix and
   return its undominated rows (NegMAS ``pareto_frontier_numpy``, detente ``nondominated``).
3. Whole processes on 3 parties x 9 issues x 5 options (1,953,125 packages): ``detente deals``
   on a scenario file (its whole output: frontier, four solutions, zones, logrolls) against a
   NegMAS script that loads the Genius export of the same file and runs ``pareto_frontier`` and
   ``nash_points``; wall time from start to exit, interpreter start-up and imports included,
   byte-code caches written by a first run of each (``PYTHONDONTWRITEBYTECODE`` dropped).
4. 10^6 (4^10) and 10^7 (5^10) packages, 3 parties: time and peak memory of detente's exact
   issue-wise merge and of its chunked exhaustive enumeration, each in a fresh subprocess
   (peak resident set size from ``resource``, peak numpy allocation from ``tracemalloc``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from detente.deals import (  # noqa: E402
    nash_point,
    nondominated,
    package_utilities,
    pareto_frontier,
    pareto_frontier_exhaustive,
)
from detente.deals.frontier import iter_packages  # noqa: E402

NEGMAS_VENV = Path(os.environ.get("NEGMAS_VENV", "/tmp/negmas-venv"))
NEGMAS_SPEC = "negmas==0.16.*"
SEED = 20250318

# Runs inside the NegMAS virtual environment: builds one linear additive utility function per
# party from the tables and times NegMAS's own frontier and Nash computations.
NEGMAS_WORKER = r"""
import json, sys, time
import numpy as np
import negmas
from negmas import nash_points, pareto_frontier
from negmas.outcomes import make_issue
from negmas.preferences import LinearAdditiveUtilityFunction, TableFun

values = np.load(sys.argv[1])   # (issues, options, parties)
weights = np.load(sys.argv[2])  # (parties, issues)
n_issues, n_options, n_parties = values.shape
labels = [str(k) for k in range(n_options)]
issues = [make_issue(values=labels, name=f"i{j}") for j in range(n_issues)]
ufuns = [
    LinearAdditiveUtilityFunction(
        values=[
            TableFun({str(k): float(values[j, k, p]) for k in range(n_options)})
            for j in range(n_issues)
        ],
        weights=[float(w) for w in weights[p]],
        issues=issues,
        reserved_value=0.0,
    )
    for p in range(n_parties)
]
start = time.perf_counter()
frontier, _ = pareto_frontier(ufuns, issues=issues)
mid = time.perf_counter()
nash = nash_points(ufuns, frontier, issues=issues)
end = time.perf_counter()
print(json.dumps({
    "version": negmas.__version__,
    "frontier_seconds": mid - start,
    "nash_seconds": end - mid,
    "frontier": [list(map(float, u)) for u in frontier],
    "nash": [list(map(float, u)) for u, _ in nash],
}))
"""


# Runs inside the NegMAS virtual environment: the undominated rows of a precomputed matrix.
NEGMAS_FILTER_WORKER = r"""
import json, sys, time
import numpy as np
from negmas.preferences.ops import pareto_frontier_numpy

points = np.load(sys.argv[1])
timings = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    frontier = pareto_frontier_numpy(points)
    timings.append(time.perf_counter() - start)
print(json.dumps({"seconds": min(timings), "frontier": len(frontier)}))
"""

# A whole NegMAS process: load the Genius export of a scenario, its frontier and Nash point.
NEGMAS_SCRIPT = r"""
import sys
from negmas import nash_points, pareto_frontier
from negmas.inout import load_genius_domain_from_folder

scenario = load_genius_domain_from_folder(sys.argv[1])
issues = scenario.outcome_space.issues
frontier, _ = pareto_frontier(scenario.ufuns, issues=issues)
nash = nash_points(scenario.ufuns, frontier, issues=issues)
print(f"{len(frontier)} frontier points; Nash {nash[0][0] if nash else None}")
"""

# Runs inside the NegMAS virtual environment: loads a Genius export and prints the utility of
# each listed package (option labels per issue) for each profile, in file-name order.
GENIUS_WORKER = r"""
import json, sys
from negmas.inout import load_genius_domain_from_folder
scenario = load_genius_domain_from_folder(sys.argv[1])
names = [i.name for i in scenario.outcome_space.issues]
packages = json.loads(open(sys.argv[2]).read())
out = []
for ufun in scenario.ufuns:
    row = []
    for package in packages:
        outcome = []
        for name, issue in zip(names, scenario.outcome_space.issues):
            label = package[name]
            matches = [v for v in issue.all if str(v) == label]
            outcome.append(matches[0])
        row.append(float(ufun(tuple(outcome))))
    out.append(row)
print(json.dumps(out))
"""


def check_genius_export(python: Path) -> str:
    """Export the flagship, load it with NegMAS, compare utilities with U / c on 200 packages."""
    flagship = ROOT / "examples" / "ukraine-2025" / "scenario.yaml"
    if not flagship.is_file():
        return "skipped (no flagship scenario)"
    from detente.deals import build_space
    from detente.deals.genius import profile_scale
    from detente.io import load_scenario
    from detente.workflows.deals import export_genius

    space = build_space(load_scenario(flagship))
    rng = np.random.default_rng(SEED)
    packages = np.stack([rng.integers(0, o.size, 200) for o in space.options], axis=1)
    labels = [
        {issue: f"{space.options[j][row[j]]:g}" for j, issue in enumerate(space.issues)}
        for row in packages
    ]
    expected = space.utilities(packages) / profile_scale(space)
    with tempfile.TemporaryDirectory() as tmp:
        export_genius(space, Path(tmp) / "genius")
        (Path(tmp) / "packages.json").write_text(json.dumps(labels))
        worker = Path(tmp) / "genius_worker.py"
        worker.write_text(GENIUS_WORKER)
        done = subprocess.run(
            [str(python), str(worker), str(Path(tmp) / "genius"), str(Path(tmp) / "packages.json")],
            capture_output=True,
            text=True,
            check=True,
        )
    loaded = np.array(json.loads(done.stdout.strip().splitlines()[-1])).T  # (packages, profiles)
    # NegMAS reads the profiles in file-name order: profile-<actor>.xml sorted by actor id.
    order = np.argsort(np.array(space.actors))
    error = float(np.abs(loaded - expected[:, order]).max())
    return f"NegMAS loads the flagship export; largest utility difference {error:.1e}"


def random_linear_case(
    n_parties: int, n_issues: int, n_options: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per-option values in [0, 1) and per-party issue weights summing to 1."""
    rng = np.random.default_rng(seed)
    values = rng.random((n_issues, n_options, n_parties))
    weights = rng.dirichlet(np.ones(n_issues), size=n_parties)
    return values, weights


def contributions(values: np.ndarray, weights: np.ndarray) -> list[np.ndarray]:
    return [values[j] * weights[:, j][None, :] for j in range(values.shape[0])]


def ensure_negmas() -> Path:
    python = NEGMAS_VENV / "bin" / "python"
    probe = [str(python), "-c", "import negmas; print(negmas.__version__)"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"creating {NEGMAS_VENV} and installing {NEGMAS_SPEC} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(NEGMAS_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", NEGMAS_SPEC], check=True)
    return python


def vector_set(rows: np.ndarray | list[list[float]]) -> set[tuple[float, ...]]:
    # NegMAS and detente add the same terms; rounding absorbs any last-bit difference.
    return {tuple(np.round(np.asarray(r, dtype=float), 9)) for r in rows}


def compare_with_negmas(repeats: int) -> dict[str, object]:
    values, weights = random_linear_case(3, 8, 5, SEED)
    tables = contributions(values, weights)
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        frontier = pareto_frontier(tables)
        # NegMAS's disagreement point: the larger of the reserved value (0) and each party's
        # lowest utility over all packages, which is the sum of its lowest per-issue terms.
        worst = np.maximum(0.0, np.sum([t.min(axis=0) for t in tables], axis=0))
        nash = nash_point(frontier.utilities, worst)
        timings.append(time.perf_counter() - start)
    assert nash is not None
    python = ensure_negmas()
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "values.npy", values)
        np.save(Path(tmp) / "weights.npy", weights)
        worker = Path(tmp) / "negmas_worker.py"
        worker.write_text(NEGMAS_WORKER)
        done = subprocess.run(
            [
                str(python),
                str(worker),
                str(Path(tmp) / "values.npy"),
                str(Path(tmp) / "weights.npy"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    peer = json.loads(done.stdout.strip().splitlines()[-1])
    peer_seconds = peer["frontier_seconds"] + peer["nash_seconds"]
    ours = min(timings)
    same_frontier = vector_set(frontier.utilities) == vector_set(peer["frontier"])
    same_nash = vector_set([frontier.utilities[nash]]) <= vector_set(peer["nash"])
    return {
        "packages": 5**8,
        "frontier_points": len(frontier),
        "negmas_version": peer["version"],
        "negmas_seconds": peer_seconds,
        "detente_seconds": ours,
        "ratio": peer_seconds / ours,
        "same_frontier": same_frontier,
        "same_nash": same_nash,
    }


def filter_only(repeats: int) -> dict[str, object]:
    """Case 2: the same (390,625 x 3) utility matrix filtered by both."""
    values, weights = random_linear_case(3, 8, 5, SEED)
    tables = contributions(values, weights)
    points = package_utilities(tables, next(iter_packages([5] * 8, chunk_rows=5**8)))
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        ours = nondominated(points)
        timings.append(time.perf_counter() - start)
    python = ensure_negmas()
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "points.npy", points)
        worker = Path(tmp) / "negmas_filter.py"
        worker.write_text(NEGMAS_FILTER_WORKER)
        done = subprocess.run(
            [str(python), str(worker), str(Path(tmp) / "points.npy"), str(repeats)],
            capture_output=True,
            text=True,
            check=True,
        )
    peer = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "detente_seconds": min(timings),
        "negmas_seconds": peer["seconds"],
        "ratio": peer["seconds"] / min(timings),
        "detente_frontier": len(ours),
        "negmas_frontier": peer["frontier"],
    }


def whole_case_yaml(n_parties: int, n_issues: int, seed: int) -> str:
    """A scenario file: integer positions and saliences, no red lines, default 5-point grid."""
    rng = np.random.default_rng(seed)
    lines = ["title: Whole-process benchmark", "actors:"]
    lines += [f"  - {{id: p{k}, name: Party {k}}}" for k in range(n_parties)]
    lines.append("issues:")
    lines += [
        f"  - {{id: i{j}, name: Issue {j}, proposition: Measure {j}}}" for j in range(n_issues)
    ]
    lines.append("positions:")
    for k in range(n_parties):
        for j in range(n_issues):
            position, salience = rng.integers(0, 101), rng.integers(1, 101)
            lines.append(
                f"  - {{actor: p{k}, issue: i{j}, position: {position}, salience: {salience}}}"
            )
    return "\n".join(lines) + "\n"


def _wall(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system of the child) and stdout of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def whole_processes(repeats: int) -> dict[str, object]:
    """Case 3: ``detente deals FILE`` against a NegMAS script, as processes, median wall time."""
    python = ensure_negmas()
    detente = str(Path(sys.executable).with_name("detente"))
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "whole.yaml"
        scenario.write_text(whole_case_yaml(3, 9, SEED))
        subprocess.run(
            [detente, "export-genius", str(scenario), str(Path(tmp) / "genius")],
            capture_output=True,
            check=True,
        )
        script = Path(tmp) / "negmas_deals.py"
        script.write_text(NEGMAS_SCRIPT)
        ours_cmd = [detente, "deals", str(scenario)]
        peer_cmd = [str(python), str(script), str(Path(tmp) / "genius")]
        ours_runs, peer_runs = [], []
        _wall(ours_cmd)  # warm the file cache and write the byte-code caches
        _wall(peer_cmd)
        for _ in range(repeats):
            *timing, ours_out = _wall(ours_cmd)
            ours_runs.append(timing)
            *timing, peer_out = _wall(peer_cmd)
            peer_runs.append(timing)
        startup = [_wall([sys.executable, "-c", "pass"])[0] for _ in range(repeats)]
    ours_s, ours_cpu = (float(v) for v in np.median(np.array(ours_runs), axis=0))
    peer_s, peer_cpu = (float(v) for v in np.median(np.array(peer_runs), axis=0))
    frontier = next(
        (
            line.split("Pareto frontier: ")[1].split(" ")[0]
            for line in ours_out.splitlines()
            if "Pareto frontier: " in line
        ),
        "?",
    )
    return {
        "detente_seconds": ours_s,
        "negmas_seconds": peer_s,
        "python_seconds": float(np.median(startup)),
        "ratio": peer_s / ours_s,
        "detente_cpu": ours_cpu,
        "negmas_cpu": peer_cpu,
        "cpu_ratio": peer_cpu / ours_cpu,
        "detente_frontier": frontier,
        "negmas_frontier": peer_out.strip().split(" ")[0],
    }


def measure(method: str, n_issues: int, n_options: int, n_parties: int) -> dict[str, float]:
    """One measurement in this (fresh) process: seconds, peak RSS and peak traced allocation."""
    values, weights = random_linear_case(n_parties, n_issues, n_options, SEED)
    tables = contributions(values, weights)
    run = pareto_frontier if method == "merge" else pareto_frontier_exhaustive
    start = time.perf_counter()
    frontier = run(tables)
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    run(tables)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "peak_rss_mb": rss_mb,
        "peak_traced_mb": traced_peak / 2**20,
        "frontier_points": float(len(frontier)),
    }


def measure_in_subprocess(method: str, n_issues: int, n_options: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", method, str(n_issues), str(n_options)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10^7-package rows")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--whole-repeats", type=int, default=3)
    parser.add_argument("--measure", nargs=3, metavar=("METHOD", "ISSUES", "OPTIONS"))
    args = parser.parse_args()
    if args.measure:
        method, n_issues, n_options = args.measure
        print(json.dumps(measure(method, int(n_issues), int(n_options), 3)))
        return
    peer = compare_with_negmas(args.repeats)
    filtered = filter_only(args.repeats)
    whole = whole_processes(args.whole_repeats)
    print("| case | packages | frontier | method | seconds | peak RSS MB | peak numpy MB |")
    print("|---|---:|---:|---|---:|---:|---:|")
    print(
        f"| 3 parties x 8 issues x 5 options | {peer['packages']:,} | {peer['frontier_points']} "
        f"| NegMAS {peer['negmas_version']} pareto_frontier + nash_points | "
        f"{peer['negmas_seconds']:.2f} | | |"
    )
    print(
        f"| same | {peer['packages']:,} | {peer['frontier_points']} | detente merge + Nash | "
        f"{peer['detente_seconds']:.4f} | | |"
    )
    print(
        f"| same, filter only (precomputed 390,625 x 3 utilities) | 390,625 | "
        f"{filtered['negmas_frontier']} | NegMAS pareto_frontier_numpy | "
        f"{filtered['negmas_seconds']:.3f} | | |"
    )
    print(
        f"| same, filter only | 390,625 | {filtered['detente_frontier']} | detente nondominated | "
        f"{filtered['detente_seconds']:.3f} | | |"
    )
    print(
        f"| 3 parties x 9 issues x 5 options, whole process | 1,953,125 | "
        f"{whole['negmas_frontier']} | NegMAS script: Genius export, pareto_frontier + "
        f"nash_points | {whole['negmas_seconds']:.2f} | | |"
    )
    print(
        f"| same, whole process | 1,953,125 | {whole['detente_frontier']} | `detente deals FILE` | "
        f"{whole['detente_seconds']:.2f} | | |"
    )
    sizes = [(10, 4, "10^6")] + ([] if args.quick else [(10, 5, "10^7")])
    for n_issues, n_options, label in sizes:
        for method in ("merge", "exhaustive"):
            row = measure_in_subprocess(method, n_issues, n_options)
            print(
                f"| 3 parties x {n_issues} issues x {n_options} options ({label}) | "
                f"{n_options**n_issues:,} | {int(row['frontier_points'])} | detente {method} | "
                f"{row['seconds']:.2f} | {row['peak_rss_mb']:.0f} | {row['peak_traced_mb']:.0f} |"
            )
    print()
    print(
        f"detente / NegMAS on 390,625 packages: {peer['ratio']:.0f}x faster (different work: "
        f"issue-wise merge against ufun evaluation of every outcome); "
        f"same frontier: {peer['same_frontier']}; same Nash point: {peer['same_nash']}"
    )
    print(
        f"filter only, same precomputed utilities: {filtered['ratio']:.1f}x "
        f"(NegMAS pareto_frontier_numpy {filtered['negmas_seconds']:.3f} s, detente "
        f"nondominated {filtered['detente_seconds']:.3f} s)"
    )
    print(
        f"whole processes, 3 x 9 x 5: {whole['ratio']:.0f}x (NegMAS script "
        f"{whole['negmas_seconds']:.2f} s, detente deals {whole['detente_seconds']:.2f} s, of "
        f"which python -c pass {whole['python_seconds']:.2f} s; median of {args.whole_repeats}); "
        f"CPU time {whole['cpu_ratio']:.0f}x ({whole['negmas_cpu']:.2f} s against "
        f"{whole['detente_cpu']:.2f} s)"
    )
    print(f"Genius export: {check_genius_export(ensure_negmas())}")
    if not (peer["same_frontier"] and peer["same_nash"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
