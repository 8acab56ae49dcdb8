"""Streaming reduction of Monte Carlo results into fixed-size tallies.

Memory does not grow with the number of draws: each (model, issue) keeps a fixed-bin histogram
of the forecast (400 bins of 0.25 points over 0-100) and integer counts. Quantiles are read off
the histogram by linear interpolation inside a bin, so they are within 0.25 points of the exact
sample quantile, which is far below the spread the draws themselves carry. Integer counts merge
exactly and in any order, which is what makes every back-end give identical results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from detente.mc.deals import NashTally, Package

BINS = 400
EDGES = np.linspace(0.0, 100.0, BINS + 1)
IntArray = npt.NDArray[np.int64]
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
# Robust when at least this share of draws lands on the base forecast's side of 50 and the 90%
# interval is at most ROBUST_WIDTH points wide; fragile otherwise.
ROBUST_SIDE_SHARE = 0.9
ROBUST_WIDTH = 20.0


@dataclass
class Tally:
    """Counts for one (model, issue)."""

    histogram: IntArray = field(default_factory=lambda: np.zeros(BINS, dtype=np.int64))
    above_50: int = 0
    below_50: int = 0
    # actor -> draws the forecast meets its red line (every party with one, zeros included)
    inside: dict[str, int] = field(default_factory=dict)

    def add(self, values: npt.NDArray[np.float64]) -> None:
        idx = np.clip(np.searchsorted(EDGES, values, side="right") - 1, 0, BINS - 1)
        self.histogram += np.bincount(idx, minlength=BINS)
        self.above_50 += int((values > 50).sum())
        self.below_50 += int((values < 50).sum())

    def merge(self, other: Tally) -> None:
        self.histogram += other.histogram
        self.above_50 += other.above_50
        self.below_50 += other.below_50
        for actor, count in other.inside.items():
            self.inside[actor] = self.inside.get(actor, 0) + count

    @property
    def n(self) -> int:
        return int(self.histogram.sum())

    def quantile(self, q: float) -> float:
        cumulative = np.cumsum(self.histogram)
        target = q * cumulative[-1]
        b = int(np.searchsorted(cumulative, target, side="left"))
        before = cumulative[b - 1] if b else 0
        inside_bin = (target - before) / self.histogram[b] if self.histogram[b] else 0.0
        return float(EDGES[b] + inside_bin * (EDGES[1] - EDGES[0]))

    def summary(self, base: float | None) -> dict[str, object]:
        n = self.n
        quantiles = {f"q{int(q * 100):02d}": round(self.quantile(q), 3) for q in QUANTILES}
        p_above, p_below = self.above_50 / n, self.below_50 / n
        width = quantiles["q95"] - quantiles["q05"]
        side_share = p_above if (base or 0) > 50 else p_below if (base or 0) < 50 else 0.0
        robust = side_share >= ROBUST_SIDE_SHARE and width <= ROBUST_WIDTH
        return {
            "draws": n,
            "base": base,
            "quantiles": quantiles,
            "p_above_50": p_above,
            "p_below_50": p_below,
            "p_inside_red_line": {a: c / n for a, c in sorted(self.inside.items())},
            "label": "robust" if robust else "fragile",
            "histogram": {"edges_step": float(EDGES[1]), "counts": self.histogram.tolist()},
        }


def _add(counts: dict[str, int], other: dict[str, int]) -> None:
    for key, count in other.items():
        counts[key] = counts.get(key, 0) + count


@dataclass
class McResult:
    """Every tally of a run; merges chunk results exactly."""

    forecasts: dict[str, dict[str, Tally]] = field(default_factory=dict)  # model -> issue
    draws: int = 0
    zone_empty: int = 0
    emptied_by: dict[str, int] = field(default_factory=dict)  # draws the issue's zone is empty
    emptied_only_by: dict[str, int] = field(default_factory=dict)  # ... and no other issue's is
    nash: NashTally = field(default_factory=NashTally)  # over the draws given the deal analysis
    nash_base: Package | None = None

    def tally(self, model: str, issue: str) -> Tally:
        return self.forecasts.setdefault(model, {}).setdefault(issue, Tally())

    def add_zones(self, issues: tuple[str, ...], empty: npt.NDArray[np.bool_]) -> None:
        """``empty[draw, j]``: issue ``issues[j]`` leaves no outcome in that draw."""
        per_draw = empty.sum(axis=1)
        self.zone_empty += int((per_draw > 0).sum())
        for j, issue in enumerate(issues):
            count, alone = int(empty[:, j].sum()), int((empty[:, j] & (per_draw == 1)).sum())
            if count:
                self.emptied_by[issue] = self.emptied_by.get(issue, 0) + count
            if alone:
                self.emptied_only_by[issue] = self.emptied_only_by.get(issue, 0) + alone

    def merge(self, other: McResult) -> None:
        self.draws += other.draws
        self.zone_empty += other.zone_empty
        _add(self.emptied_by, other.emptied_by)
        _add(self.emptied_only_by, other.emptied_only_by)
        self.nash.merge(other.nash)
        for model, issues in other.forecasts.items():
            for issue, t in issues.items():
                self.tally(model, issue).merge(t)

    def deals_json(self) -> dict[str, object]:
        n = max(1, self.draws)
        deals: dict[str, object] = {
            "p_zone_empty": self.zone_empty / n,
            "emptied_by": {i: c / n for i, c in sorted(self.emptied_by.items())},
            "emptied_only_by": {i: c / n for i, c in sorted(self.emptied_only_by.items())},
        }
        if self.nash.draws:
            deals["nash_package"] = self.nash.summary(self.nash_base)
        return deals

    def to_json(self, base: dict[str, dict[str, float]]) -> dict[str, object]:
        return {
            "draws": self.draws,
            "forecasts": {
                model: {
                    issue: t.summary(base.get(model, {}).get(issue))
                    for issue, t in sorted(issues.items())
                }
                for model, issues in sorted(self.forecasts.items())
            },
            "deals": self.deals_json(),
        }
