"""One colour system for every chart, each colour with one job.

- **Parties** get :data:`PARTY_COLOURS`, and nothing else does: the Okabe–Ito palette (Okabe &
  Ito 2008, "Color Universal Design"), which stays distinguishable under the common
  colour-vision deficiencies, without its bluish green and reddish purple (too close to the two
  sides below) and with a brown for its grey. Colours follow an actor's place in the scenario,
  so the same scenario always gets the same colours; beyond six actors they repeat with another
  marker symbol, so no two actors share both.
- **Sides of an axis** (below 50 against the proposition, above for it) get a purple–green
  diverging scale (ColorBrewer PRGn ends, colour-blind safe) through a light grey. Every party
  colour is at least :data:`MIN_PARTY_SIDE_DISTANCE` (CIE76 ΔE in CIELAB) from every colour on
  that scale, so a party's colour never reads as "for" or "against" (tests/report/test_palette.py).
- **Everything else** (forecasts, solution points, the frontier, the status quo, the timeline's
  kinds) is drawn in :data:`INK` and :data:`GREYS`, never in a hue.
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.domain import Scenario

# The full Okabe–Ito palette, for reference: the party colours below are taken from it.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#999999",  # grey
)
PARTY_COLOURS: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow (markers carry a dark outline)
    "#7F4F24",  # brown, in place of Okabe–Ito's grey (too close to the pale side colours)
)
MARKERS: tuple[str, ...] = ("circle", "diamond", "square", "triangle-up", "x", "star")

SIDE_AGAINST = "#762A83"
SIDE_MIDDLE = "#F2F2F2"
SIDE_FOR = "#1B7837"
SIDE_SCALE: list[list[float | str]] = [[0.0, SIDE_AGAINST], [0.5, SIDE_MIDDLE], [1.0, SIDE_FOR]]
MIN_PARTY_SIDE_DISTANCE = 30.0

INK = "#222222"
GREYS: tuple[str, ...] = ("#222222", "#777777", "#BBBBBB")


@dataclass(frozen=True)
class ActorStyle:
    colour: str
    marker: str


def actor_styles(scenario: Scenario) -> dict[str, ActorStyle]:
    """Colour and marker per actor id, by the actor's order in the scenario."""
    styles: dict[str, ActorStyle] = {}
    for index, actor in enumerate(scenario.actors):
        colour = PARTY_COLOURS[index % len(PARTY_COLOURS)]
        marker = MARKERS[(index // len(PARTY_COLOURS)) % len(MARKERS)]
        styles[actor.id] = ActorStyle(colour, marker)
    return styles


def side_colour(position: float) -> str:
    """The scale's colour at ``position`` (0–100), interpolated in RGB as plotly does."""
    t = min(max(position, 0.0), 100.0) / 100.0
    low, high, share = (
        (SIDE_AGAINST, SIDE_MIDDLE, t * 2) if t <= 0.5 else (SIDE_MIDDLE, SIDE_FOR, t * 2 - 1)
    )
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB ``#RRGGBB`` colour."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(first: str, second: str) -> float:
    """CIE76 colour difference ΔE (about 2.3 is just noticeable)."""
    return float(sum((p - q) ** 2 for p, q in zip(lab(first), lab(second), strict=True)) ** 0.5)
