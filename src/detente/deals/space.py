"""The package space of a scenario: options per issue and each actor's utility contributions.

Actor i's utility for package x is U_i(x) = Σ_j w_ij · v(|x_j − p_ij| / 100) with
w_ij = s_ij / Σ_k s_ik over the issues where i has a position (p position, s salience), so
U_i lies in [0, 1]. The value shape v is one of:

* ``linear``     v(d) = 1 − d                       (the default)
* ``quadratic``  v(d) = 1 − d²                      (quadratic loss)
* ``risk``       v(d) = (1 − ((1 + d) / 2)^r) / (1 − 2^−r), r > 0: the risk-exponent form of
  Bueno de Mesquita's expected-utility model, u = 2 − 4 · (0.5 + 0.5 · d)^r, rescaled so that
  v(0) = 1 and v(1) = 0; r = 1 is linear, r > 1 is risk-acceptant, r < 1 risk-averse.

Every shape decreases with distance, so utilities are single-peaked on each issue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from detente.deals.frontier import BoolArray, FloatArray, IndexArray, package_utilities
from detente.domain import Scenario
from detente.errors import DetenteError

UtilityShape = Literal["linear", "quadratic", "risk"]
UTILITY_SHAPES: tuple[str, ...] = ("linear", "quadratic", "risk")
DEFAULT_GRID = 5


def value_of_distance(distance: FloatArray, shape: str, risk_exponent: float = 1.0) -> FloatArray:
    """v(d) for distances d in [0, 1] (see module docstring)."""
    d = np.clip(distance, 0.0, 1.0)
    if shape == "linear":
        return 1.0 - d
    if shape == "quadratic":
        return 1.0 - d * d
    if shape == "risk":
        if not risk_exponent > 0:
            raise DetenteError("DT602", f"risk exponent must be positive, got {risk_exponent:g}")
        r = float(risk_exponent)
        return np.asarray((1.0 - ((1.0 + d) / 2.0) ** r) / (1.0 - 2.0**-r))
    raise DetenteError(
        "DT602",
        f"unknown utility shape {shape!r}",
        hint=f"choose one of {', '.join(UTILITY_SHAPES)}",
    )


@dataclass(frozen=True)
class DealSpace:
    """Everything the deal analysis needs, as arrays; actors and issues in scenario order."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    options: tuple[FloatArray, ...]  # per issue: the outcomes on the 0–100 axis
    contributions: tuple[FloatArray, ...]  # per issue: (options, actors) weighted values
    acceptable: tuple[BoolArray, ...]  # per issue: option meets every actor's red line
    # per issue: (options, actors) whether the option meets that actor's red line
    accepts: tuple[BoolArray, ...]
    reservation: FloatArray  # (actors,) utility below which an actor walks away
    salience: FloatArray  # (actors, issues) raw salience, 0 where an actor has no position
    has_position: BoolArray  # (actors, issues)
    ideal: FloatArray  # (actors, issues) position, NaN where none
    dropped_issues: tuple[str, ...] = ()  # issues outside the space and why (see build_space)
    idle_actors: tuple[str, ...] = ()  # actors with no salient position on the kept issues
    utility: str = "linear"

    @property
    def n_packages(self) -> int:
        return int(np.prod([o.size for o in self.options], dtype=np.float64))

    def utilities(self, packages: IndexArray) -> FloatArray:
        return package_utilities(self.contributions, packages)

    def package_dict(self, package: IndexArray) -> dict[str, float]:
        return {issue: float(self.options[j][package[j]]) for j, issue in enumerate(self.issues)}

    def utility_dict(self, utilities: FloatArray) -> dict[str, float]:
        return {actor: float(utilities[i]) for i, actor in enumerate(self.actors)}

    def red_lines_met_each(self, package: IndexArray) -> BoolArray:
        """(issues, actors): whether one package meets each actor's red line on each issue."""
        return np.stack([table[package[j]] for j, table in enumerate(self.accepts)])

    def red_lines_met(self, packages: IndexArray) -> BoolArray:
        """(n, actors): whether each package meets each actor's red lines."""
        ok = np.ones((packages.shape[0], len(self.actors)), dtype=bool)
        for j, table in enumerate(self.accepts):
            ok &= table[packages[:, j]]
        return ok


def issue_options(scenario: Scenario, issue_id: str, grid: int) -> FloatArray:
    issue = scenario.issue(issue_id)
    if issue.options is not None:
        return np.asarray(issue.options, dtype=float)
    return np.linspace(0.0, 100.0, grid)


@dataclass(frozen=True)
class SpaceSettings:
    """How a deal space is built from a scenario; one value for every caller (CLI, report, web).

    ``issues`` keeps only the named issues; ``top_issues`` keeps the k issues with the largest
    total salience among those contested by at least two actors (ties by scenario order).
    ``reservation`` maps actors to the utility below which they walk away.
    """

    grid: int = DEFAULT_GRID
    utility: str = "linear"
    risk_exponent: float = 1.0
    reservation: Mapping[str, float] = field(default_factory=dict)
    issues: tuple[str, ...] | None = None
    top_issues: int | None = None

    def __post_init__(self) -> None:
        # Frozen means frozen: copy the caller's containers so later edits to them cannot leak in.
        object.__setattr__(self, "reservation", dict(self.reservation))
        if self.issues is not None:
            object.__setattr__(self, "issues", tuple(self.issues))
        if self.grid < 2:
            raise DetenteError("DT601", f"--grid must be at least 2, got {self.grid}")
        if self.top_issues is not None and self.top_issues < 1:
            raise DetenteError("DT601", f"--top-issues must be at least 1, got {self.top_issues}")
        for actor, value in self.reservation.items():
            if not 0.0 <= value <= 1.0:
                raise DetenteError("DT601", f"reservation utility of {actor!r} must be in [0, 1]")


def build_space(scenario: Scenario, settings: SpaceSettings | None = None) -> DealSpace:
    """The deal space of ``scenario`` under ``settings`` (defaults when None).

    Issues on which no actor holds a position affect nobody and are left out, and so are the
    issues ``settings.issues`` / ``settings.top_issues`` leave out. Left-out issues are reported
    in ``dropped_issues``; the analysis is exact on the issues it keeps.
    """
    settings = settings or SpaceSettings()
    known = [i.id for i in scenario.issues]
    chosen = _chosen_issues(scenario, settings)
    actor_ids = [a.id for a in scenario.actors]
    salience, ideal = _position_matrices(scenario, actor_ids, chosen)
    active = salience.sum(axis=1) > 0
    if not active.any():
        raise DetenteError(
            "DT601",
            "every position on the analysed issues has salience 0",
            hint="give at least one position a positive salience",
        )
    kept_actors = [a for a, on in zip(actor_ids, active, strict=True) if on]
    salience, ideal = salience[active], ideal[active]
    weights = salience / salience.sum(axis=1, keepdims=True)
    options: list[FloatArray] = []
    contributions: list[FloatArray] = []
    acceptable: list[BoolArray] = []
    accepts: list[BoolArray] = []
    for j, issue_id in enumerate(chosen):
        opts = issue_options(scenario, issue_id, settings.grid)
        distance = np.abs(opts[:, None] - np.nan_to_num(ideal[:, j])[None, :]) / 100.0
        values = value_of_distance(distance, settings.utility, settings.risk_exponent)
        options.append(opts)
        contributions.append(values * weights[:, j][None, :])
        ok = _red_line_table(scenario, issue_id, opts, actor_ids)
        # An idle actor's red line still binds: it can refuse a deal it has no stake in.
        acceptable.append(np.asarray(ok.all(axis=1), dtype=bool))
        accepts.append(ok[:, active])
    return DealSpace(
        actors=tuple(kept_actors),
        issues=tuple(chosen),
        options=tuple(options),
        contributions=tuple(contributions),
        acceptable=tuple(acceptable),
        accepts=tuple(accepts),
        reservation=_reservation_vector(settings.reservation, actor_ids, kept_actors),
        salience=salience,
        has_position=~np.isnan(ideal),
        ideal=ideal,
        dropped_issues=tuple(i for i in known if i not in chosen),
        idle_actors=tuple(a for a, on in zip(actor_ids, active, strict=True) if not on),
        utility=settings.utility,
    )


def _chosen_issues(scenario: Scenario, settings: SpaceSettings) -> list[str]:
    """The issues the space keeps: positioned, asked for, and among the top ones if capped."""
    known = [i.id for i in scenario.issues]
    issues, top_issues = settings.issues, settings.top_issues
    if issues is not None:
        unknown = [i for i in issues if i not in known]
        if unknown:
            raise DetenteError(
                "DT601",
                f"unknown issue(s): {', '.join(unknown)}",
                hint=f"known: {', '.join(known)}",
            )
    positioned = {p.issue for p in scenario.positions}
    chosen = [i for i in known if i in positioned and (issues is None or i in issues)]
    if top_issues is not None:

        def weight(issue_id: str) -> tuple[int, float]:
            on = [p for p in scenario.positions_on(issue_id) if p.salience > 0]
            return (min(len(on), 2), sum(p.salience for p in on))

        ranked = sorted(chosen, key=weight, reverse=True)  # stable: scenario order
        keep = set(ranked[:top_issues])
        chosen = [i for i in chosen if i in keep]
    if not chosen:
        raise DetenteError(
            "DT601", "no issue has a position to analyse", hint="add positions to the scenario"
        )
    return chosen


def _position_matrices(
    scenario: Scenario, actor_ids: list[str], chosen: list[str]
) -> tuple[FloatArray, FloatArray]:
    """Salience (0 where no position) and ideal point (NaN where none), actors x issues."""
    salience = np.zeros((len(actor_ids), len(chosen)))
    ideal = np.full((len(actor_ids), len(chosen)), np.nan)
    for j, issue_id in enumerate(chosen):
        for pos in scenario.positions_on(issue_id):
            i = actor_ids.index(pos.actor)
            salience[i, j] = pos.salience
            ideal[i, j] = pos.position
    return salience, ideal


def _red_line_table(
    scenario: Scenario, issue_id: str, opts: FloatArray, actor_ids: list[str]
) -> BoolArray:
    """Whether each actor's red line admits each option, options x actors."""
    ok = np.ones((opts.size, len(actor_ids)), dtype=bool)
    for pos in scenario.positions_on(issue_id):
        ok[:, actor_ids.index(pos.actor)] = [pos.accepts(float(o)) for o in opts]
    return ok


def _reservation_vector(
    reservation: Mapping[str, float], actor_ids: list[str], kept_actors: list[str]
) -> FloatArray:
    reserve = np.zeros(len(kept_actors))
    for actor, value in reservation.items():
        if actor not in actor_ids:
            raise DetenteError("DT601", f"reservation for unknown actor {actor!r}")
        if actor in kept_actors:
            reserve[kept_actors.index(actor)] = value
    return reserve
