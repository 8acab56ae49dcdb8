"""Package deals across issues: the Pareto frontier, bargaining solutions, logrolls, zones."""

from detente.deals.analysis import ALGORITHM_ID, DealAnalysis, analyse
from detente.deals.frontier import (
    Frontier,
    nondominated,
    package_utilities,
    pareto_frontier,
    pareto_frontier_exhaustive,
    undominated_options,
)
from detente.deals.logroll import Logroll, baseline_package, logrolls
from detente.deals.solutions import (
    SOLUTION_IDS,
    egalitarian_point,
    kalai_smorodinsky_point,
    nash_point,
    solution_points,
    utilitarian_point,
)
from detente.deals.space import (
    UTILITY_SHAPES,
    DealSpace,
    SpaceSettings,
    build_space,
    value_of_distance,
)
from detente.deals.zopa import IssueZone, issue_zone

__all__ = [
    "ALGORITHM_ID",
    "SOLUTION_IDS",
    "UTILITY_SHAPES",
    "DealAnalysis",
    "DealSpace",
    "Frontier",
    "IssueZone",
    "Logroll",
    "SpaceSettings",
    "analyse",
    "baseline_package",
    "build_space",
    "egalitarian_point",
    "issue_zone",
    "kalai_smorodinsky_point",
    "logrolls",
    "nash_point",
    "nondominated",
    "package_utilities",
    "pareto_frontier",
    "pareto_frontier_exhaustive",
    "solution_points",
    "undominated_options",
    "utilitarian_point",
    "value_of_distance",
]
