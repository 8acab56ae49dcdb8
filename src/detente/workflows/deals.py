"""The deal analysis as the report and the dashboard run it, and their pair arguments."""

from __future__ import annotations

from detente.deals import DealAnalysis, SpaceSettings
from detente.deals import analyse as analyse_deals
from detente.domain import Scenario
from detente.errors import DetenteError

TOP_LOGROLLS = 5
# The deal space grows as grid^issues: analyse the weightiest issues only.
REPORT_SPACE = SpaceSettings(top_issues=6)


def parse_pair(text: str) -> tuple[str, str]:
    """``"us:russia"`` -> ``("us", "russia")``."""
    first, sep, second = text.partition(":")
    if not sep or not first or not second or first == second:
        raise DetenteError("DT707", f"cannot read the pair {text!r}", hint="write ACTOR:ACTOR")
    return first.strip(), second.strip()


def run_deals(scenario: Scenario) -> tuple[DealAnalysis | None, str | None]:
    """The deal analysis of ``scenario`` (deterministic), or why it is not available."""
    try:
        return analyse_deals(scenario, REPORT_SPACE, top_logrolls=TOP_LOGROLLS), None
    except DetenteError as exc:
        return None, f"the deal analysis cannot run on this scenario: {exc}"
