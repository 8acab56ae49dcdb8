"""Sensitivity cost on the flagship, as ratios measured in the same run (CPU seconds, so other jobs
on a shared machine do not distort them).

- One-at-a-time sweeps with every registered model: the sweeps as ``detente sensitivity`` and the
  report run them (a model declared ``per_issue`` re-run on the swept issue alone) against a full
  re-run of every model for every swept input; the two give the same numbers (checked here and in
  tests/mc/test_sensitivity.py).
- Sobol indices: model runs per CPU second with compromise and median, so N x (factors + 2) runs
  can be budgeted.

Usage: python benchmarks/bench_sensitivity.py [--draws N]. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from detente.io import load_scenario
from detente.mc import sensitivity
from detente.mc.sensitivity import scenario_factors, sobol, tornado
from detente.models.registry import MODELS

FLAGSHIP = Path(__file__).resolve().parents[1] / "examples" / "ukraine-2025" / "scenario.yaml"


def cpu(work: object) -> tuple[float, object]:
    start = time.process_time()
    result = work()  # type: ignore[operator]
    return time.process_time() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=64, help="Sobol rows per sample")
    args = parser.parse_args()
    scenario = load_scenario(FLAGSHIP)
    models = list(MODELS)
    fast, shortcut = cpu(lambda: tornado(scenario, models, top=100))
    original = sensitivity._swept

    def full_rerun(sc, chosen, base, assignment):  # type: ignore[no-untyped-def]
        return sensitivity._positions(sensitivity.apply_set(sc, assignment), chosen)

    sensitivity._swept = full_rerun  # the sweeps before the per-issue shortcut
    try:
        slow, rerun = cpu(lambda: tornado(scenario, models, top=100))
    finally:
        sensitivity._swept = original
    assert shortcut == rerun, "the shortcut changed a number"
    sobol_models = ["compromise.v1", "median.v1"]
    runs = args.draws * (len(scenario_factors(scenario)) + 2)
    spent, _ = cpu(lambda: sobol(scenario, sobol_models, draws=args.draws, seed=0))
    print("| what (flagship 4 parties x 20 issues) | CPU s | ratio |")
    print("|---|---|---|")
    print(f"| sweeps, all {len(models)} models, full re-run per input | {slow:.2f} | 1 |")
    ratio = slow / fast
    print(f"| sweeps, per-issue models on the swept issue alone | {fast:.2f} | {ratio:.1f}x |")
    print(
        f"| Sobol, {' + '.join(sobol_models)}, N={args.draws} ({runs} runs) | {spent:.2f} | "
        f"{runs / spent:.0f} runs/s |"
    )


if __name__ == "__main__":
    main()
