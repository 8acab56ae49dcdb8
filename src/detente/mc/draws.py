"""Random variants of a scenario: draws over positions, saliences, capabilities and red lines.

Spread rule (documented in docs/uncertainty.md). Per position, in axis points:

    sd = (5 + 20 * (1 - confidence)) / sqrt(max(1, sources))

``confidence`` defaults to 0.5 when absent and ``sources`` counts the distinct documents in its
evidence. So a position with no evidence and no confidence has sd 15; one with confidence 0.9
resting on four agreeing sources has sd 3.5. Salience uses the same sd on its 0-100 scale, red
lines move with the position sd, capabilities get a log-normal factor with sigma 0.2 (no evidence
bears on clout). A scenario's ``uncertainty:`` block replaces any of these by a fixed spread.
Draws are clipped to the 0-100 axis (salience to 1-100); a red line keeps its side of the
position (a cap stays at or above the ideal point, a floor at or below), so a draw never flips
which side a red line guards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from detente.domain import Actor, Position, Scenario

FloatArray = npt.NDArray[np.float64]
DEFAULT_CONFIDENCE = 0.5
CAPABILITY_SIGMA = 0.2
# A party that states a position cares at least a little; a floor above 0 also keeps every issue
# weighted (all-zero saliences on an issue would be DT504).
MIN_SALIENCE = 1.0


def position_sd(position: Position) -> float:
    """The default spread of one position, from its confidence and its number of sources."""
    confidence = DEFAULT_CONFIDENCE if position.confidence is None else position.confidence
    sources = len({ref.doc for ref in position.evidence})
    return (5.0 + 20.0 * (1.0 - confidence)) / float(np.sqrt(max(1, sources)))


@dataclass(frozen=True)
class ScenarioArrays:
    """The scenario's numbers as flat arrays, with the spread of each."""

    position: FloatArray
    salience: FloatArray
    red_line: FloatArray  # NaN: no red line
    capability: FloatArray
    position_sd: FloatArray
    salience_sd: FloatArray
    red_line_sd: FloatArray
    capability_sigma: float


def scenario_arrays(scenario: Scenario) -> ScenarioArrays:
    spread = scenario.uncertainty
    default_sd = np.array([position_sd(p) for p in scenario.positions], dtype=np.float64)

    def fixed_or(value: float | None) -> FloatArray:
        return default_sd.copy() if value is None else np.full_like(default_sd, value)

    return ScenarioArrays(
        position=np.array([p.position for p in scenario.positions], dtype=np.float64),
        salience=np.array([p.salience for p in scenario.positions], dtype=np.float64),
        red_line=np.array(
            [np.nan if p.red_line is None else p.red_line for p in scenario.positions],
            dtype=np.float64,
        ),
        capability=np.array([a.capability for a in scenario.actors], dtype=np.float64),
        position_sd=fixed_or(spread.position_sd if spread else None),
        salience_sd=fixed_or(spread.salience_sd if spread else None),
        red_line_sd=fixed_or(spread.red_line_sd if spread else None),
        capability_sigma=(
            CAPABILITY_SIGMA
            if spread is None or spread.capability_sd is None
            else spread.capability_sd
        ),
    )


@dataclass(frozen=True)
class Draws:
    """``n`` draws: one row per draw."""

    position: FloatArray  # (n, positions)
    salience: FloatArray
    red_line: FloatArray
    capability: FloatArray  # (n, actors)


@dataclass(frozen=True)
class Noise:
    """Standard normal noise behind ``n`` draws, one row per draw: independent inputs, which is
    what a variance decomposition (:func:`detente.mc.sensitivity.sobol`) mixes column by column."""

    position: FloatArray  # (n, positions)
    salience: FloatArray
    red_line: FloatArray
    capability: FloatArray  # (n, actors)


def noise(arrays: ScenarioArrays, rng: np.random.Generator, n: int) -> Noise:
    """The order of the calls to ``rng`` is fixed (reproducible)."""
    k = arrays.position.size
    position = rng.standard_normal((n, k))
    salience = rng.standard_normal((n, k))
    red_line = rng.standard_normal((n, k))
    return Noise(position, salience, red_line, rng.standard_normal((n, arrays.capability.size)))


def from_noise(arrays: ScenarioArrays, z: Noise) -> Draws:
    """The draws that noise ``z`` gives: spreads applied, clipped, red lines kept on their side."""
    position = np.clip(arrays.position + z.position * arrays.position_sd, 0, 100)
    salience = np.clip(arrays.salience + z.salience * arrays.salience_sd, MIN_SALIENCE, 100)
    shifted = arrays.red_line + z.red_line * arrays.red_line_sd
    caps = arrays.red_line >= arrays.position  # NaN compares False: floors and no-line alike
    red_line = np.where(caps, np.maximum(shifted, position), np.minimum(shifted, position))
    red_line = np.where(np.isnan(arrays.red_line), np.nan, np.clip(red_line, 0, 100))
    factor = np.exp(z.capability * arrays.capability_sigma)
    return Draws(position, salience, red_line, arrays.capability * factor)


def draw(arrays: ScenarioArrays, rng: np.random.Generator, n: int) -> Draws:
    """``n`` random variants."""
    return from_noise(arrays, noise(arrays, rng, n))


def variant(scenario: Scenario, draws: Draws, row: int) -> Scenario:
    """The scenario with the numbers of draw ``row`` (no re-validation: the draws are in range)."""
    positions = tuple(
        p.model_copy(
            update={
                "position": float(draws.position[row, i]),
                "salience": float(draws.salience[row, i]),
                "red_line": None if p.red_line is None else float(draws.red_line[row, i]),
            }
        )
        for i, p in enumerate(scenario.positions)
    )
    actors: tuple[Actor, ...] = tuple(
        a.model_copy(update={"capability": float(draws.capability[row, j])})
        for j, a in enumerate(scenario.actors)
    )
    return scenario.model_copy(update={"positions": positions, "actors": actors})
