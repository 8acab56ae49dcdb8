"""Every extraction step by its versioned id, and the default pipelines built from them.

A step is registered as a factory, ``factory(context) -> Step`` (a :class:`Step` subclass is
one). A changed algorithm gets a new id; old ids stay. Stance steps are the ids that start
with ``stance.``: ``detente extract --stance ID`` puts one in the stance step's place.
"""

from __future__ import annotations

from collections.abc import Sequence

from detente.errors import DetenteError
from detente.nlp import steps
from detente.nlp.cross_encoder import STANCE_V3
from detente.nlp.stance_model import STANCE_V1, STANCE_V2
from detente.nlp.step import StepFactory

STEPS: dict[str, StepFactory] = {
    "segment.v1": steps.Segment,
    "parse.v1": steps.Parse,
    "actors.v1": steps.Actors,
    "cues.v1": steps.Cues,
    "issues.v1": steps.Issues,
    "embed.v1": steps.Embed,
    "discover.v1": steps.Discover,
    STANCE_V1: steps.RuleStance,
    STANCE_V2: steps.learned_stance,
    STANCE_V3: steps.cross_encoder_stance,
    "facts.v1": steps.Facts,
    "conflicts.v2": steps.Conflicts,
}

# The stance step ``detente extract`` runs unless told otherwise: the most accurate on text it
# was not developed on (the blind test of the training corpus, and the held-out briefs).
DEFAULT_STANCE = STANCE_V3

STANCE_SLOT = "stance"  # where a default list takes the chosen stance step
# With a scenario: its actors and issues are given.
SCENARIO_STEPS = (
    "segment.v1",
    "parse.v1",
    "actors.v1",
    "cues.v1",
    "issues.v1",
    STANCE_SLOT,
    "facts.v1",
    "conflicts.v2",
)
# Without one: the stance-bearing sentences propose the issues, then the rules read claims.
DISCOVERY_STEPS = (
    "segment.v1",
    "parse.v1",
    "actors.v1",
    "cues.v1",
    "embed.v1",
    "discover.v1",
    STANCE_V1,
    "facts.v1",
    "conflicts.v2",
)


def stance_steps() -> list[str]:
    return sorted(step_id for step_id in STEPS if step_id.startswith("stance."))


def default_steps(
    with_scenario: bool, stance: str | StepFactory = DEFAULT_STANCE
) -> list[str | StepFactory]:
    """The default step list; with a scenario, ``stance`` (an id or a factory) decides claims.

    Discovery always reads claims with the rules (stance.v1): the learned steps need issues
    to score against before any exist.
    """
    if not with_scenario:
        return list(DISCOVERY_STEPS)
    if isinstance(stance, str) and stance not in stance_steps():
        raise DetenteError(
            "DT405",
            f"unknown stance step {stance!r}",
            hint=f"use one of {', '.join(stance_steps())}",
        )
    return [stance if step_id == STANCE_SLOT else step_id for step_id in SCENARIO_STEPS]


def factory(entry: str | StepFactory) -> StepFactory:
    """The factory an entry of a step list stands for (an id, or a factory given directly)."""
    if not isinstance(entry, str):
        return entry
    try:
        return STEPS[entry]
    except KeyError:
        raise DetenteError(
            "DT405",
            f"unknown extraction step {entry!r}",
            hint=f"registered steps: {', '.join(STEPS)}",
        ) from None


def check_steps(entries: Sequence[str | StepFactory]) -> list[StepFactory]:
    """The factories of a step list, every id known (before any model is loaded)."""
    return [factory(entry) for entry in entries]
