"""The scenario: actors, issues on 0–100 axes, positions with evidence. Pure data, no I/O.

Field names are a public contract (other tools read the YAML); see ``schemas/scenario.v1.json``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION: Final = 1
SLUG_PATTERN = r"^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$"
_SLUG = re.compile(SLUG_PATTERN)

Slug = Annotated[
    str,
    Field(
        pattern=SLUG_PATTERN,
        max_length=64,
        description="Stable id: lower-case letters, digits, '_', '-' or '.'; starts with a letter.",
    ),
]
AxisValue = Annotated[float, Field(ge=0, le=100, description="A point on the issue's 0–100 axis.")]


def is_slug(value: str) -> bool:
    return bool(_SLUG.match(value)) and len(value) <= 64


def slugify(text: str) -> str:
    """A stable slug for ``text`` (used by importers whose ids are free text)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"x_{slug}" if slug else "x"
    return slug[:64]


# Largest size of a capability or a scale bound: far beyond any real clout or unit, and small
# enough that weights, spans and Monte Carlo draws of them stay finite (1e308 did not).
MAX_MAGNITUDE = 1e15


class _Frozen(BaseModel):
    # No NaN or infinity anywhere: `capability: .inf` once validated and then broke forecasts.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class EvidenceRef(_Frozen):
    """A span ``[start, end)`` of the stored, NFC-normalised text of document ``doc``."""

    doc: str = Field(min_length=1, description="Id of a document listed in `sources`.")
    start: int = Field(ge=0)
    end: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> EvidenceRef:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class Source(_Frozen):
    """A document that evidence points into."""

    id: str = Field(min_length=1, description="Document id: the file name for files.")
    outlet: str | None = None
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None


class Actor(_Frozen):
    id: Slug
    name: str = Field(min_length=1)
    capability: float = Field(
        default=1.0,
        ge=0,
        le=MAX_MAGNITUDE,
        description="Clout; any non-negative number up to 1e15, models normalise.",
    )
    aliases: tuple[str, ...] = Field(
        default=(), description="Officials, places and spellings that stand for this actor."
    )
    description: str | None = None


class Scale(_Frozen):
    """An issue's original scale in an imported file: ``low`` sits at 0 and ``high`` at 100.

    Importers of tables whose positions are not on 0–100 (years, percentages, decide's ``#M``
    bounds) rescale them onto the axis and keep the scale here, so forecasts can be reported
    back in the file's own units and exports restore the original numbers.
    """

    low: float = Field(
        ge=-MAX_MAGNITUDE,
        le=MAX_MAGNITUDE,
        description="Original value that maps to 0 on the axis.",
    )
    high: float = Field(
        ge=-MAX_MAGNITUDE,
        le=MAX_MAGNITUDE,
        description="Original value that maps to 100 on the axis.",
    )
    unit: str | None = Field(default=None, description="What the original numbers count.")

    @model_validator(mode="after")
    def _distinct(self) -> Scale:
        if self.low == self.high:
            raise ValueError(f"scale bounds must differ (both are {self.low:g})")
        return self

    def to_original(self, axis_value: float) -> float:
        """The original-scale value of a point on the 0–100 axis."""
        return self.low + (self.high - self.low) * axis_value / 100.0

    def to_axis(self, original: float) -> float:
        """The 0–100 axis point of an original-scale value."""
        return (original - self.low) * 100.0 / (self.high - self.low)


class Issue(_Frozen):
    id: Slug
    name: str = Field(min_length=1)
    proposition: str = Field(
        min_length=1, description="What a party is for or against; 100 is full adoption."
    )
    anchors: dict[float, str] = Field(
        default_factory=dict,
        description="Labels of points on the 0–100 axis, e.g. {0: ..., 100: ...}.",
    )
    options: tuple[AxisValue, ...] | None = Field(
        default=None, description="Discrete outcomes for deal analysis."
    )
    status_quo: AxisValue | None = Field(
        default=None, description="Where the issue stands if nothing is agreed."
    )
    scale: Scale | None = Field(
        default=None, description="Original scale of an imported issue (0 = low, 100 = high)."
    )
    description: str | None = None

    def to_original(self, axis_value: float) -> float:
        """A point on the 0–100 axis in the issue's original units (years, decide scale, ...)."""
        return axis_value if self.scale is None else self.scale.to_original(axis_value)

    def original_bounds(self) -> tuple[float, float]:
        """The (low, high) original values at 0 and 100 on the axis; (0, 100) if native."""
        return (0.0, 100.0) if self.scale is None else (self.scale.low, self.scale.high)

    @field_validator("anchors")
    @classmethod
    def _anchors_on_axis(cls, anchors: dict[float, str]) -> dict[float, str]:
        for point in anchors:
            if not 0 <= point <= 100:
                raise ValueError(f"anchor {point:g} is off the 0–100 axis")
        return dict(sorted(anchors.items()))

    @field_validator("options")
    @classmethod
    def _options_distinct(cls, options: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if options is None:
            return None
        if len(options) < 2:
            raise ValueError("options needs at least two outcomes")
        if len(set(options)) != len(options):
            raise ValueError("options must be distinct")
        return tuple(sorted(options))


class Position(_Frozen):
    actor: Slug
    issue: Slug
    position: AxisValue
    salience: float = Field(ge=0, le=100, description="0–100: how much the actor cares.")
    red_line: AxisValue | None = Field(
        default=None, description="The worst outcome the actor would accept."
    )
    confidence: float | None = Field(default=None, ge=0, le=1)
    evidence: tuple[EvidenceRef, ...] = ()
    note: str | None = None

    def accepts(self, outcome: float) -> bool:
        """Whether ``outcome`` is on the acceptable side of the red line (always, without one).

        The red line bounds concessions on the side where it lies; outcomes beyond the ideal
        point on the other side are never excluded by it.
        """
        if self.red_line is None:
            return True
        if self.red_line >= self.position:
            return outcome <= self.red_line
        return outcome >= self.red_line


class Uncertainty(_Frozen):
    """Explicit spreads for Monte Carlo draws; an absent field falls back to the evidence rule
    of :mod:`detente.mc.draws` (wide without evidence, narrow with several sources)."""

    position_sd: float | None = Field(default=None, ge=0, le=50, description="Axis points.")
    salience_sd: float | None = Field(default=None, ge=0, le=50, description="Salience points.")
    capability_sd: float | None = Field(
        default=None, ge=0, le=2, description="Log-normal sigma: relative spread of capability."
    )
    red_line_sd: float | None = Field(default=None, ge=0, le=50, description="Axis points.")


class Scenario(_Frozen):
    schema_version: Literal[1] = SCHEMA_VERSION
    title: str = Field(min_length=1)
    as_of: dt.date | None = None
    description: str | None = None
    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = Field(min_length=1)
    issues: tuple[Issue, ...] = Field(min_length=1)
    positions: tuple[Position, ...] = ()
    uncertainty: Uncertainty | None = Field(
        default=None, description="Optional Monte Carlo spreads (see `detente mc`)."
    )

    @model_validator(mode="after")
    def _references(self) -> Scenario:
        problems = reference_problems(
            {
                "sources": [s.id for s in self.sources],
                "actors": [a.id for a in self.actors],
                "issues": [i.id for i in self.issues],
            },
            [(p.actor, p.issue, [e.doc for e in p.evidence]) for p in self.positions],
        )
        if problems:
            first = problems[0]
            raise ValueError(f"[{'.'.join(map(str, first.path))}] {first.message}")
        return self

    # Look-ups. Tuples keep the scenario hashable and frozen; these scans are over tens of items.
    def actor(self, actor_id: str) -> Actor:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    def position(self, actor_id: str, issue_id: str) -> Position | None:
        for pos in self.positions:
            if pos.actor == actor_id and pos.issue == issue_id:
                return pos
        return None

    def positions_on(self, issue_id: str) -> tuple[Position, ...]:
        """The positions on one issue, in the order of ``actors``."""
        order = {a.id: i for i, a in enumerate(self.actors)}
        found = [p for p in self.positions if p.issue == issue_id]
        return tuple(sorted(found, key=lambda p: order[p.actor]))


ReferenceKind = Literal["duplicate_id", "unknown_reference", "second_position"]


@dataclass(frozen=True)
class ReferenceProblem:
    """A duplicate id, a reference to an undeclared id, or a second position of a pair."""

    kind: ReferenceKind
    path: tuple[str | int, ...]  # field path, e.g. ("positions", 3, "actor")
    message: str  # what is wrong, without the path: "unknown actor 'x'"
    ref: str  # the offending id
    known: tuple[str, ...] = ()  # for an unknown reference: the declared ids it could mean


def reference_problems(
    ids: Mapping[str, Sequence[object]],
    positions: Sequence[tuple[object, object, Sequence[object]] | None],
) -> list[ReferenceProblem]:
    """Every reference problem of a scenario, in document order, from plain ids.

    ``ids`` maps "sources", "actors" and "issues" to their entries' ids in order; ``positions``
    holds (actor, issue, evidence docs) per entry. Entries that are not strings (or None for an
    entry that is not a mapping) are skipped, so a raw, not yet valid document can be checked
    as well as a built Scenario: the model validator and the YAML loader share this one check.
    """
    problems: list[ReferenceProblem] = []
    known: dict[str, set[str]] = {}
    for section in ("sources", "actors", "issues"):
        seen: set[str] = set()
        for index, item_id in enumerate(ids.get(section, ())):
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                problems.append(
                    ReferenceProblem(
                        "duplicate_id",
                        (section, index, "id"),
                        f"duplicate {section[:-1]} id {item_id!r}",
                        item_id,
                    )
                )
            seen.add(item_id)
        known[section] = seen

    def unknown(path: tuple[str | int, ...], ref: object, section: str) -> None:
        if isinstance(ref, str) and ref not in known[section]:
            problems.append(
                ReferenceProblem(
                    "unknown_reference",
                    path,
                    f"unknown {section[:-1]} {ref!r}",
                    ref,
                    tuple(sorted(known[section])),
                )
            )

    pairs: set[tuple[str, str]] = set()
    for index, entry in enumerate(positions):
        if entry is None:
            continue
        actor, issue, docs = entry
        unknown(("positions", index, "actor"), actor, "actors")
        unknown(("positions", index, "issue"), issue, "issues")
        if isinstance(actor, str) and isinstance(issue, str):
            if (actor, issue) in pairs:
                problems.append(
                    ReferenceProblem(
                        "second_position",
                        ("positions", index),
                        f"second position of {actor!r} on {issue!r}",
                        actor,
                    )
                )
            pairs.add((actor, issue))
        for ev_index, doc in enumerate(docs):
            unknown(("positions", index, "evidence", ev_index, "doc"), doc, "sources")
    return problems
