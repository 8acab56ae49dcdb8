"""Markdown and print exports: the lede first, citations as footnotes, nothing left dangling."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app


def _report(tmp_path: Path, flagship: Path, seeds: Path, fmt: str, *extra: str) -> str:
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        app,
        ["report", str(flagship), "--docs", str(seeds), "--format", fmt, "--out", str(out), *extra],
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_markdown_export_has_a_lede_and_every_citation_as_a_footnote(
    tmp_path: Path, flagship_path: Path, seeds_dir: Path
) -> None:
    md = _report(tmp_path, flagship_path, seeds_dir, "md")
    assert md.index("## In brief") < md.index("### Security guarantees for Ukraine")
    assert "- Four parties: the United States, Russia, Ukraine" in md
    cited = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defined = set(re.findall(r"^\[\^(\d+)\]:", md, flags=re.M))
    assert cited and cited == defined
    sources = [p.read_text(encoding="utf-8") for p in seeds_dir.iterdir()]
    note = next(line for line in md.splitlines() if line.startswith("[^5]:"))
    verbatim = note.split(": “", 1)[1].removesuffix("”")
    assert any(verbatim in " ".join(s.split()) for s in sources)
    assert "by model: compromise.v1" in md
    # the table of forecasts gives each forecast's Monte Carlo label and the red lines it crosses
    table = md[md.index("## Forecasts by model") :]
    assert re.search(
        r"\| 75\.0 \((robust|fragile) · beyond the red line of Ukraine \(25\)\) \|", table
    )
    # the all-party solution points over every issue, each with the red lines it crosses
    solutions = md[md.index("## Solution points for all parties together") :]
    nash = next(line for line in solutions.splitlines() if line.startswith("| Nash bargaining"))
    assert nash.count(";") >= 19 and "Kursk land swap" in nash and "warning: beyond" in nash


def test_print_export_has_no_script_and_footnotes_that_link_back(
    tmp_path: Path, flagship_path: Path, seeds_dir: Path
) -> None:
    html = _report(tmp_path, flagship_path, seeds_dir, "print", "--mc-draws", "0")
    assert "<script" not in html and "@media print" in html
    assert html.index("In brief") < html.index("Security guarantees for Ukraine")
    refs = set(re.findall(r'href="#fn-(\d+)"', html))
    notes = set(re.findall(r'<li id="fn-(\d+)">', html))
    assert refs and refs == notes
    assert len(html.encode()) < 200_000


def test_unknown_report_format_is_a_coded_error(tmp_path: Path, flagship_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", str(flagship_path), "--format", "pdf", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2
    assert "[DT719] --format 'pdf' is not a report format" in result.output
