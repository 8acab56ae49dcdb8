"""What a front end needs before any work starts: the names its help lists, and the plain option
records it hands to the workflows.

Nothing here imports another layer. ``detente --help`` reads these names while the modules
that own them load numpy, numba or pydantic (about a second), so the names are written out;
``tests/workflows/test_options.py`` holds each one equal to the registry it mirrors.
"""

from __future__ import annotations

from dataclasses import dataclass

# detente.models.registry.MODELS, in registration order.
MODEL_IDS: tuple[str, ...] = (
    "compromise.v1",
    "median.v1",
    "nash.v1",
    "bdm.v1",
    "exchange.v1",
    "smp.v1",
)
# detente.deals.space.UTILITY_SHAPES and DEFAULT_GRID.
UTILITY_SHAPES: tuple[str, ...] = ("linear", "quadratic", "risk")
DEFAULT_GRID = 5
# detente.simulate.STRATEGIES.
STRATEGIES: tuple[str, ...] = ("boulware", "linear", "conceder", "tit_for_tat")
# detente.workflows.mc.DEFAULT_REPORT_DRAWS: random variants behind the report's fan charts.
DEFAULT_REPORT_DRAWS = 100
# detente.nlp.step_registry.DEFAULT_STANCE and stance_steps().
DEFAULT_STANCE = "stance.v3"
STANCE_STEPS: tuple[str, ...] = ("stance.v1", "stance.v2", "stance.v3")
# detente.io.write_formats().
WRITE_FORMATS: tuple[str, ...] = ("yaml", "json", "decide", "ktab", "csv-dir")


@dataclass(frozen=True)
class SpaceOptions:
    """The deal-space options every deal command shares, as typed on the command line;
    :func:`detente.workflows.deals.space_settings` checks them and builds the SpaceSettings."""

    grid: int = DEFAULT_GRID
    utility: str = "linear"
    risk_exponent: float = 1.0
    issues: tuple[str, ...] | None = None
    top_issues: int | None = None
