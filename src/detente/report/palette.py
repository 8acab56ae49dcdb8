"""Stable, colour-blind-safe actor colours.

The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design") stays distinguishable under
the common colour-vision deficiencies. Colours are assigned by an actor's place in the scenario,
so the same scenario always gets the same colours; beyond eight actors the colours repeat with a
different marker symbol, so no two actors share both.
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.domain import Scenario

# Black is left out: it is the colour of the axis and of the text.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#999999",  # grey (Okabe–Ito black, lightened so it reads on white and on dark marks)
)
MARKERS: tuple[str, ...] = ("circle", "diamond", "square", "triangle-up", "x", "star")

# Sides of an issue's axis: below 50 (against the proposition), above (for it). A purple–green
# diverging pair (ColorBrewer PRGn ends, colour-blind safe) outside the actor palette, so a
# party's colour never reads as "for" or "against".
SIDE_AGAINST = "#762A83"
SIDE_FOR = "#1B7837"


@dataclass(frozen=True)
class ActorStyle:
    colour: str
    marker: str


def actor_styles(scenario: Scenario) -> dict[str, ActorStyle]:
    """Colour and marker per actor id, by the actor's order in the scenario."""
    styles: dict[str, ActorStyle] = {}
    for index, actor in enumerate(scenario.actors):
        colour = OKABE_ITO[index % len(OKABE_ITO)]
        marker = MARKERS[(index // len(OKABE_ITO)) % len(MARKERS)]
        styles[actor.id] = ActorStyle(colour, marker)
    return styles
