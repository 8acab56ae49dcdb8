"""Propose positions from claims and merge them into the scenario file's round-trip document."""

from __future__ import annotations

from pathlib import Path

from detente.domain import Claim, Document
from detente.io import load_scenario, sniff_format
from detente.io.edits import ChangeReport, merge_proposals
from detente.io.scenario_yaml import load_document, save_document, scenario_to_document
from detente.nlp.propose import propose_positions


def propose(
    scenario_path: Path,
    claims: list[Claim],
    documents: list[Document],
    out: Path | None,
    dry_run: bool,
) -> ChangeReport:
    """Merge proposed positions into the scenario file's round-trip document.

    Returns the change report; writes the merged scenario to ``out`` unless ``dry_run``.
    """
    if sniff_format(scenario_path) == "yaml":  # its comments and key order are kept
        data, scenario = load_document(scenario_path)
    else:
        scenario = load_scenario(scenario_path)
        data = scenario_to_document(scenario)
    proposals = propose_positions(scenario, claims, documents)
    report = merge_proposals(data, scenario, proposals, documents)
    if out is not None and not dry_run:
        save_document(data, out)
    return report
