"""The exact Pareto frontier of a package space with additively separable utilities.

A package picks one option per issue and every actor's utility is a sum of per-issue
contributions, so the utility vectors of all packages form the Minkowski sum of the per-issue
contribution sets. Two facts make the frontier cheap and exact:

* ``ND(A ⊕ B) = ND(ND(A) ⊕ ND(B))``: if ``a + b`` is undominated then ``a`` is undominated in
  ``A`` (otherwise ``a' + b`` dominates ``a + b``), and likewise ``b``. Issues are therefore
  merged one at a time, pruning dominated partial packages after each merge (``pareto_frontier``).
* Pruning within one issue is the special case ``A = {0}``: an option whose contribution
  vector is dominated on its issue can never be part of a frontier package.

Each merge streams its candidate sums in blocks of at most ``chunk_rows`` rows, so memory is
bounded by the block size and the frontier, not by the number of packages.
``pareto_frontier_exhaustive`` enumerates every package in chunks instead; it is the
cross-check used by the tests and the benchmark.

The frontier is a set of distinct utility vectors, each with one representative package (the
first in enumeration order among the merge survivors); packages whose utility vectors are
equal for every actor are interchangeable for every solution concept here.

Dominance is decided in exact integer arithmetic, never on float sums: two packages whose
utilities are equal in exact arithmetic can differ in the last bit of their float sums, and a
float comparison then keeps a point that only ties its dominator (``integer_tables``). Each
actor's column is first multiplied by a positive ``scale`` (dominance does not change under a
positive per-actor factor; the deal space passes each actor's salience total, which turns
salience-weighted values back into value x salience) and by the smallest power of ten that
makes every entry an integer. Only when no power up to 10^8 does (irrational values, e.g. the
``risk`` utility shape) are entries rounded to multiples of 2^-40 of the scaled value, so ties
are then judged to that grid; float sums of a few hundred terms err by less than 2^-44.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
# Dominance runs on integer tables (exact) and on float arrays (callers' own points).
Points = NDArray[Any]
IndexArray = NDArray[np.intp]
BoolArray = NDArray[np.bool_]

ALGORITHM_ID = "frontier.v1"
# Above this many pairwise comparisons the dominance tests split the data instead of comparing
# every pair; below it a vectorised all-pairs test is faster than recursion in Python.
_PAIRWISE_LIMIT = 1 << 20
DEFAULT_CHUNK_ROWS = 1 << 20
_MAX_DECIMALS = 8
_INTEGRAL_TOLERANCE = 1e-6  # of one unit of the scaled table; float noise is ~1e-12 of a unit
_FALLBACK_GRID = float(2**40)
IntArray = NDArray[np.int64]


class FrontierTooLarge(ValueError):
    """The search would pass a limit: ``points`` frontier points or ``work`` comparisons.

    Raised before the expensive step, so refusing costs at most the merges already done.
    """

    def __init__(self, issues_merged: int, points: int, work: int) -> None:
        super().__init__(f"{points} partial frontier points after {issues_merged} issues")
        self.issues_merged, self.points, self.work = issues_merged, points, work


@dataclass(frozen=True)
class Frontier:
    """Distinct undominated utility vectors and one package (option indices) for each."""

    utilities: FloatArray  # (n, actors)
    packages: IndexArray  # (n, issues): index into each issue's options

    def __len__(self) -> int:
        return int(self.utilities.shape[0])


def _covered(above: Points, below: Points, dims: tuple[int, ...]) -> BoolArray:
    """For each row b of ``below``: is there a row a of ``above`` with a[k] >= b[k] for k in dims.

    Divide and conquer on one coordinate at a time (Bentley's multidimensional divide and
    conquer); two remaining coordinates are answered by a sorted sweep with a prefix maximum.
    """
    n_below = below.shape[0]
    if n_below == 0 or above.shape[0] == 0:
        return np.zeros(n_below, dtype=bool)
    if not dims:
        return np.ones(n_below, dtype=bool)
    if len(dims) == 1:
        k = dims[0]
        return np.asarray(above[:, k].max() >= below[:, k])
    if len(dims) == 2:
        x, y = dims
        order = np.argsort(-above[:, x], kind="stable")
        neg_x = -above[order, x]  # ascending
        best_y = np.maximum.accumulate(above[order, y])
        count = np.searchsorted(neg_x, -below[:, x], side="right")
        out = np.zeros(n_below, dtype=bool)
        has = count > 0
        out[has] = best_y[count[has] - 1] >= below[has, y]
        return out
    if above.shape[0] * n_below <= _PAIRWISE_LIMIT:
        hit = np.ones((n_below, above.shape[0]), dtype=bool)
        for k in dims:
            hit &= above[None, :, k] >= below[:, None, k]
        return np.asarray(hit.any(axis=1))
    k = dims[0]
    values = np.unique(np.concatenate([above[:, k], below[:, k]]))
    if values.size == 1:
        return _covered(above, below, dims[1:])
    split = values[values.size // 2]  # both sides non-empty: some value lies below ``split``
    above_hi = above[:, k] >= split
    below_hi = below[:, k] >= split
    out = np.zeros(n_below, dtype=bool)
    # A high row can only be covered by a high row; a low row by any high row on the remaining
    # coordinates (coordinate k is then satisfied) or by a low row on all of them.
    out[below_hi] = _covered(above[above_hi], below[below_hi], dims)
    low_rows = below[~below_hi]
    low_hit = _covered(above[above_hi], low_rows, dims[1:])
    rest = ~low_hit
    if rest.any():
        low_hit[rest] = _covered(above[~above_hi], low_rows[rest], dims)
    out[~below_hi] = low_hit
    return out


def _undominated_sorted(points: Points) -> BoolArray:
    """Mask of undominated rows of distinct points sorted in descending lexicographic order.

    In that order a dominating point always comes first, so a row is undominated exactly when
    no earlier row is >= it in every coordinate (Kung, Luccio and Preparata's recursion).
    """
    n, d = points.shape
    if d <= 2:
        # Two parties (the deal explorer): every earlier row has a first coordinate >= this
        # one's, and distinct rows with an equal first coordinate come in descending second, so
        # a row is dominated exactly when an earlier row's last coordinate is >= its own.
        last = points[:, -1]
        before = np.maximum.accumulate(np.concatenate([[last.min() - 1], last[:-1]]))
        return np.asarray(last > before) if d == 2 else np.arange(n) == 0
    if n * n <= _PAIRWISE_LIMIT or n <= 64:
        hit = np.ones((n, n), dtype=bool)
        for k in range(d):
            hit &= points[None, :, k] >= points[:, None, k]
        hit &= np.tri(n, k=-1, dtype=bool)
        return np.asarray(~hit.any(axis=1))
    half = n // 2
    top = _undominated_sorted(points[:half])
    bottom = _undominated_sorted(points[half:])
    rows = np.flatnonzero(bottom)
    # The first coordinate of every top row is >= that of every bottom row already.
    beaten = _covered(points[:half][top], points[half:][rows], tuple(range(1, d)))
    bottom[rows[beaten]] = False
    return np.concatenate([top, bottom])


def nondominated(utilities: Points) -> IndexArray:
    """Indices of the distinct undominated rows (first occurrence of each), best sum first.

    A row is dominated when another row is >= in every column and > in at least one.
    """
    if utilities.ndim != 2:
        raise ValueError("utilities must be a 2-D array (points x actors)")
    if utilities.shape[0] == 0:
        return np.zeros(0, dtype=np.intp)
    distinct, first = np.unique(utilities, axis=0, return_index=True)
    d = distinct.shape[1]
    order = np.lexsort([-distinct[:, k] for k in range(d - 1, -1, -1)])
    keep = _undominated_sorted(distinct[order])
    chosen = first[order][keep]
    welfare = utilities[chosen].sum(axis=1)
    return np.asarray(chosen[np.argsort(-welfare, kind="stable")], dtype=np.intp)


def integer_tables(
    contributions: Sequence[FloatArray], scale: FloatArray | None = None
) -> list[IntArray]:
    """Integer tables with the same dominance order as ``contributions`` (module docstring)."""
    n_actors = contributions[0].shape[1]
    factor = np.ones(n_actors) if scale is None else np.asarray(scale, dtype=np.float64)
    if factor.shape != (n_actors,) or not (factor > 0).all():
        raise ValueError("scale must hold one positive factor per actor")
    scaled = [np.asarray(table, dtype=np.float64) * factor[None, :] for table in contributions]
    peak = max(float(np.abs(t).max(initial=0.0)) for t in scaled)
    for decimals in range(_MAX_DECIMALS + 1):
        unit = 10.0**decimals
        if peak * unit * len(scaled) >= 2.0**62:
            break
        if all(
            np.abs(t * unit - np.round(t * unit)).max(initial=0.0) <= _INTEGRAL_TOLERANCE
            for t in scaled
        ):
            return [np.round(t * unit).astype(np.int64) for t in scaled]
    grid = _FALLBACK_GRID / max(peak * len(scaled), 1.0)
    return [np.round(t * grid).astype(np.int64) for t in scaled]


def undominated_options(contributions: Points, allowed: BoolArray | None = None) -> IndexArray:
    """Options of one issue whose contribution vectors are undominated, in option order.

    Exact reduction: replacing a dominated option by one that dominates it improves the package
    for every actor, so no frontier package uses it.
    """
    candidates = np.arange(contributions.shape[0]) if allowed is None else np.flatnonzero(allowed)
    if candidates.size == 0:
        return np.asarray(candidates, dtype=np.intp)
    kept = nondominated(contributions[candidates])
    return np.asarray(np.sort(candidates[kept]), dtype=np.intp)


def pareto_frontier(
    contributions: Sequence[FloatArray],
    allowed: Sequence[BoolArray] | None = None,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    scale: FloatArray | None = None,
    max_points: int | None = None,
    max_work: int | None = None,
) -> Frontier:
    """The exact frontier of the package space by issue-wise merging (see module docstring).

    ``contributions[j]`` is (options_j, actors): what each option of issue j adds to each
    actor's utility. ``allowed[j]`` restricts issue j to some options (red lines); an issue with
    no allowed option makes the space, and so the frontier, empty. ``scale`` is a positive
    factor per actor that makes the tables integral (see ``integer_tables``). ``max_points``
    and ``max_work`` bound the time: the merge stops with ``FrontierTooLarge`` as soon as a
    partial frontier holds more than ``max_points`` points, or before a merge whose candidates
    times actors (what a dominance test costs, roughly) would exceed ``max_work``.
    """
    if not contributions:
        raise ValueError("at least one issue is needed")
    tables = integer_tables(contributions, scale)
    n_actors = contributions[0].shape[1]
    utilities = np.zeros((1, n_actors), dtype=np.int64)
    packages = np.zeros((1, 0), dtype=np.intp)
    for j, table in enumerate(tables):
        options = undominated_options(table, None if allowed is None else allowed[j])
        if options.size == 0:
            return Frontier(np.zeros((0, n_actors)), np.zeros((0, len(contributions)), np.intp))
        work = utilities.shape[0] * options.size * n_actors
        if max_work is not None and work > max_work:
            raise FrontierTooLarge(j, utilities.shape[0], work)
        rows_per_block = max(1, chunk_rows // options.size)
        kept_u: list[IntArray] = []
        kept_p: list[IndexArray] = []
        for start in range(0, utilities.shape[0], rows_per_block):
            part_u = utilities[start : start + rows_per_block]
            part_p = packages[start : start + rows_per_block]
            cand_u = (part_u[:, None, :] + table[options][None, :, :]).reshape(-1, n_actors)
            cand_p = np.concatenate(
                [
                    np.repeat(part_p, options.size, axis=0),
                    np.tile(options, part_u.shape[0])[:, None],
                ],
                axis=1,
            )
            keep = nondominated(cand_u)
            kept_u.append(cand_u[keep])
            kept_p.append(cand_p[keep])
        merged_u = np.concatenate(kept_u)
        merged_p = np.concatenate(kept_p)
        keep = nondominated(merged_u) if len(kept_u) > 1 else np.arange(merged_u.shape[0])
        utilities, packages = merged_u[keep], merged_p[keep]
        if max_points is not None and len(keep) > max_points:
            raise FrontierTooLarge(j + 1, len(keep), 0)
    return _as_frontier(contributions, packages)


def _as_frontier(contributions: Sequence[FloatArray], packages: IndexArray) -> Frontier:
    """The frontier's packages with their float utilities, best utility sum first."""
    utilities = package_utilities(contributions, packages)
    order = np.argsort(-utilities.sum(axis=1), kind="stable")
    return Frontier(utilities[order], packages[order])


def package_utilities(contributions: Sequence[FloatArray], packages: IndexArray) -> FloatArray:
    """Utility vectors of packages given as option indices (n, issues) -> (n, actors)."""
    total = np.zeros((packages.shape[0], contributions[0].shape[1]))
    for j, table in enumerate(contributions):
        total += table[packages[:, j]]
    return total


def iter_packages(
    sizes: Sequence[int], chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> Iterator[IndexArray]:
    """All packages of a space with ``sizes[j]`` options per issue, as index blocks, in order."""
    total = int(np.prod(np.asarray(sizes, dtype=np.int64)))
    radix = np.asarray(sizes, dtype=np.int64)
    for start in range(0, total, chunk_rows):
        flat = np.arange(start, min(total, start + chunk_rows), dtype=np.int64)
        block = np.empty((flat.size, len(sizes)), dtype=np.intp)
        for j in range(len(sizes) - 1, -1, -1):
            block[:, j] = flat % radix[j]
            flat //= radix[j]
        yield block


def pareto_frontier_exhaustive(
    contributions: Sequence[FloatArray],
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    scale: FloatArray | None = None,
) -> Frontier:
    """The frontier by enumerating every package in chunks (reference method; slower)."""
    tables = integer_tables(contributions, scale)
    sizes = [table.shape[0] for table in contributions]
    kept_u: list[IntArray] = []
    kept_p: list[IndexArray] = []
    for block in iter_packages(sizes, chunk_rows):
        block_u = _integer_utilities(tables, block)
        keep = nondominated(block_u)
        kept_u.append(block_u[keep])
        kept_p.append(block[keep])
        if len(kept_u) > 1 and sum(u.shape[0] for u in kept_u) > chunk_rows:
            merged_u, merged_p = np.concatenate(kept_u), np.concatenate(kept_p)
            keep = nondominated(merged_u)
            kept_u, kept_p = [merged_u[keep]], [merged_p[keep]]
    merged_u, merged_p = np.concatenate(kept_u), np.concatenate(kept_p)
    keep = nondominated(merged_u)
    return _as_frontier(contributions, merged_p[keep])


def _integer_utilities(tables: Sequence[IntArray], packages: IndexArray) -> IntArray:
    total = np.zeros((packages.shape[0], tables[0].shape[1]), dtype=np.int64)
    for j, table in enumerate(tables):
        total += table[packages[:, j]]
    return total
