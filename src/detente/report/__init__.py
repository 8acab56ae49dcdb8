"""The views: the offline HTML report's context, charts and rendering.

``detente.workflows.report.make_report`` combines them with the models and the deal analysis.
"""

from __future__ import annotations

from detente.report.analysis import Analysis
from detente.report.context import CorpusData, ReportContext, build_context
from detente.report.evidence import EvidenceResolver
from detente.report.render import render_report, write_report

__all__ = [
    "Analysis",
    "CorpusData",
    "EvidenceResolver",
    "ReportContext",
    "build_context",
    "render_report",
    "write_report",
]
