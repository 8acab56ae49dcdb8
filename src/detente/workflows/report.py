"""The offline HTML report: load the scenario, analyse it, gather quotes, render one file."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from detente.io import load_scenario
from detente.io.atomic import write_atomic
from detente.report.context import CorpusData, build_context
from detente.report.corpus_view import StoreTexts, corpus_data, open_store
from detente.report.evidence import DocumentFiles, DocumentTexts, EvidenceResolver
from detente.report.export import FORMATS as FORMATS  # re-exported for the CLI
from detente.report.export import document, to_markdown, to_print_html
from detente.report.render import write_report
from detente.workflows.analyse import analyse
from detente.workflows.mc import DEFAULT_REPORT_DRAWS, ROBUST_RULE, Stage, report_uncertainty
from detente.workflows.timeline import store_events


def make_report(
    scenario_path: Path,
    out: Path,
    corpus: Path | None = None,
    docs: Sequence[Path] = (),
    seed: int = 0,
    pairs: Sequence[tuple[str, str]] = (),
    fmt: str = "html",
    unreviewed: bool = False,
    mc_draws: int = DEFAULT_REPORT_DRAWS,
    stage: Stage | None = None,
    deal_issues: int | None = None,
) -> Path:
    """Write the report for the scenario file at ``scenario_path`` to ``out``; return ``out``.

    Machine claims from ``corpus`` appear once the analyst accepted them; ``unreviewed`` adds
    the claims not yet reviewed, marked as not checked. ``mc_draws`` random variants (seeded by
    ``seed``) give the fan charts and the robust/fragile labels, one-at-a-time sweeps the
    tornado charts; 0 leaves both out. ``stage`` reports progress. ``deal_issues`` caps the
    all-party solution points at the weightiest issues (default: every issue). Every pair in
    ``pairs`` is drawn: the first starts the explorer, the others get a frontier each."""
    scenario = load_scenario(scenario_path)
    inputs: dict[str, Path] = {"scenario": scenario_path}
    providers: list[DocumentTexts] = []
    data: CorpusData | None = None
    with ExitStack() as stack:
        if corpus is not None:
            store = stack.enter_context(open_store(corpus))
            providers.append(StoreTexts(store))
            data = corpus_data(store, unreviewed)
            data.events = store_events(store, scenario)
            inputs["corpus"] = corpus
        folders = [f for f in (*docs, scenario_path.parent / "sources") if f.is_dir()]
        if folders:
            providers.append(DocumentFiles(folders))
        resolver = EvidenceResolver(scenario, providers)
        analysis = analyse(scenario, seed=seed, inputs=inputs, deal_issues=deal_issues)
        mc, sens, note = report_uncertainty(
            scenario, analysis.forecasts, draws=mc_draws, seed=seed, stage=stage
        )
        analysis.mc, analysis.sensitivity, analysis.uncertainty_note = mc, sens, note
        if mc is not None:
            analysis.manifest["monte_carlo"] = {
                "draws": mc_draws,
                "seed": seed,
                "models": mc["models"],
                "robust_rule": ROBUST_RULE,
            }
        ctx = build_context(scenario, analysis, resolver, data, pairs=pairs)
        if fmt == "html":
            return write_report(ctx, out)
        doc = document(ctx)
        return write_atomic(out, to_markdown(doc) if fmt == "md" else to_print_html(doc))
