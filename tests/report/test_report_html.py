"""The offline report: content, quotes read from the sources, offline, escaped, atomic."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from dashboard_fixtures import (
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    build_store,
    copy_sample,
    hostile_sample,
    span,
    tuesday_fact,
)
from markupsafe import escape
from typer.testing import CliRunner

from detente.cli import app
from detente.io import load_scenario
from detente.report.embed import page_figures
from detente.report.palette import PARTY_COLOURS, actor_styles
from detente.workflows.report import make_report

runner = CliRunner()


class _Assets(HTMLParser):
    """Every URL a browser would fetch to run or style the page (scripts, stylesheets, fonts)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
            if values.get("src"):
                self.urls.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)


def external_assets(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    css = "\n".join(parser.inline_css)
    css_urls = re.findall(r"url\(([^)]*)\)|@import\s+['\"]([^'\"]+)", css)
    urls = parser.urls + [a or b for a, b in css_urls]
    return [u for u in urls if re.match(r"\s*['\"]?(https?:)?//", u)]


@pytest.fixture()
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "case")


def test_report_has_every_section_and_quotes_read_from_the_documents(
    sample: Path, tmp_path: Path
) -> None:
    out = make_report(sample, tmp_path / "out" / "report.html")
    html = out.read_text(encoding="utf-8")
    for heading in (
        "What each party wants",
        "Who stands where",
        "Issue by issue",
        "The deal space",
        "Where the sources disagree",
        "Timeline",
        "How this was made",
    ):
        assert heading in html
    assert "What does Northland want?" in html and "What does Southland want?" in html
    # The quote is cut from the document at the scenario's offsets, not stored anywhere else.
    start, end = span(sample.parent, "harbour-talks.txt", "the harbour must stay fully open")
    document = (sample.parent / "sources" / "harbour-talks.txt").read_text(encoding="utf-8")
    assert "the harbour must stay fully open to its ships all year" in html
    assert document[169:223] in html
    assert "Lakeside Courier" in html and "2025-03-18" in html
    # Forecast and deal sections hold real results, not placeholders.
    for model in ("compromise.v1", "median.v1", "nash.v1", "bdm.v1"):
        assert model in html
    assert "Nash bargaining" in html and "Not available: The deal analysis" not in html
    # The manifest carries the scenario file's hash.
    assert hashlib.sha256(sample.read_bytes()).hexdigest() in html
    assert start < end


def test_report_loads_nothing_from_the_network_and_embeds_plotly_once(
    sample: Path, tmp_path: Path
) -> None:
    yaml = sample.read_text(encoding="utf-8").replace(
        "title: Harbour talks resume}", "title: Harbour talks resume, url: 'https://example.org/a'}"
    )
    sample.write_text(yaml, encoding="utf-8")
    html = make_report(sample, tmp_path / "report.html").read_text(encoding="utf-8")
    assert external_assets(html) == []
    assert html.count("plotly.js (basic - minified) v") == 1
    assert 'href="https://example.org/a"' in html  # citations may link to the article itself


def test_asset_scanner_catches_cdn_scripts_styles_and_fonts() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn/s.css">'
        "<style>@font-face { src: url(https://fonts.example/f.woff2) }</style>"
    )
    assert len(external_assets(page)) == 3


def test_payloads_in_titles_names_and_articles_are_escaped(tmp_path: Path) -> None:
    path = hostile_sample(tmp_path / "case")
    html = make_report(path, tmp_path / "report.html").read_text(encoding="utf-8")
    assert PAYLOAD_SCRIPT not in html
    assert PAYLOAD_IMG not in html
    assert 'onerror="alert' not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html  # shown, as text
    parser = _Assets()
    parser.feed(html)
    # the packed figures, plotly, the deal explorer's tables (JSON data) and the chart loader,
    # nothing injected
    assert parser.scripts == 4
    figures = json.dumps(page_figures(html), ensure_ascii=False)  # what the browser draws
    assert figures and PAYLOAD_SCRIPT not in figures and PAYLOAD_IMG not in figures


def test_a_javascript_source_url_is_never_a_link(tmp_path: Path) -> None:
    """A source with url "javascript:alert(1)" once became a clickable link in the report."""
    path = copy_sample(tmp_path / "case")
    yaml = path.read_text(encoding="utf-8")
    yaml = yaml.replace(
        "title: Harbour talks resume}", 'title: Harbour talks resume, url: "javascript:alert(1)"}'
    ).replace(
        "title: Fishing quota dispute}", "title: Fishing quota dispute, url: https://example.org/q}"
    )
    path.write_text(yaml, encoding="utf-8")
    html = make_report(path, tmp_path / "report.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript")]
    assert "https://example.org/q" in hrefs  # an http(s) url still is a link
    assert "Lakeside Courier" in html  # the source is still named, as text


def test_report_with_a_corpus_store_shows_claims_conflicts_and_timeline(
    sample: Path, tmp_path: Path
) -> None:
    db = build_store(sample.parent, tmp_path / "corpus.db")
    html = make_report(sample, tmp_path / "report.html", corpus=db, unreviewed=True).read_text(
        encoding="utf-8"
    )
    assert (
        "A machine reading of Lakeside Courier, not yet checked by the analyst, takes it to "
        "report Southland in favour on conditions" in html
    )
    # A short span is shown inside its sentence, the span itself marked.
    assert "<mark>30-day pause</mark> on naval exercises while the talks go on." in html
    assert "length of the pause on naval exercises" in html
    assert "30 days" in html and "20 days" in html
    assert "Not available: No dated claims" not in html
    assert hashlib.sha256(db.read_bytes()).hexdigest() in html


def test_cli_report_writes_the_file_and_prints_its_path(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(sample), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.output.replace("\n", "")
    assert out.stat().st_size > 1_000_000  # plotly is inside


def test_cli_report_bad_input_is_coded_and_writes_nothing(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    missing_db = runner.invoke(
        app, ["report", str(sample), "--corpus", str(tmp_path / "no.db"), "--out", str(out)]
    )
    assert missing_db.exit_code == 2 and "[DT701]" in missing_db.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(sample.read_text(encoding="utf-8").replace("position: 95", "position: 195"))
    bad = runner.invoke(app, ["report", str(broken), "--out", str(out)])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert not out.exists() and not (tmp_path / "no.db").exists()
    assert list(tmp_path.glob(".r.html.*")) == []


@pytest.mark.parametrize("port", ["0", "70000"])
def test_cli_serve_refuses_a_port_out_of_range_before_starting(sample: Path, port: str) -> None:
    result = runner.invoke(app, ["serve", str(sample), "--port", port])
    assert result.exit_code == 2
    assert f"[DT710] port {port} is out of range" in result.output
    assert "Traceback" not in result.output


def test_rewriting_a_report_replaces_it_whole(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("old")
    make_report(sample, out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case", "r.html"]


def test_actor_colours_are_stable_and_distinct(sample: Path) -> None:
    scenario = load_scenario(sample)
    first, second = actor_styles(scenario), actor_styles(scenario)
    assert first == second
    assert [s.colour for s in first.values()] == list(PARTY_COLOURS[:3])


def test_flagship_report_quotes_every_evidence_span_from_the_seeds(
    flagship_path: Path, seeds_dir: Path, flagship_report: Path
) -> None:
    scenario = load_scenario(flagship_path)
    html = flagship_report.read_text(encoding="utf-8")  # made with docs=[seeds_dir]
    assert 'class="quote-missing"' not in html
    refs = [r for p in scenario.positions for r in p.evidence]
    assert refs
    ref = refs[0]
    quote = (seeds_dir / ref.doc).read_text(encoding="utf-8")[ref.start : ref.end]
    assert str(escape(quote)) in html


def explorer_tables(html: str) -> dict:  # type: ignore[type-arg]
    found = re.search(r'<script type="application/json" id="explorer-tables">(.*?)</script>', html)
    assert found, "the report has no deal explorer"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_the_explorer_starts_from_the_chosen_pair(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(sample), "--out", str(out), "--pair", "southland:mediator"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert explorer_tables(html)["pair"] == ["southland", "mediator"]
    assert '<option value="southland:mediator" selected>' in html
    assert html.count(" selected>") == 1
    bad = runner.invoke(app, ["report", str(sample), "--out", str(out), "--pair", "north:x"])
    assert bad.exit_code == 2 and "[DT707]" in bad.output
    assert runner.invoke(app, ["report", str(sample), "--pair", "oops"]).exit_code == 2


def test_every_pair_given_on_the_command_line_is_drawn(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    pairs = ["southland:mediator", "northland:mediator", "northland:southland"]
    args = ["report", str(sample), "--out", str(out)]
    result = runner.invoke(app, args + [a for p in pairs for a in ("--pair", p)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert explorer_tables(html)["pair"] == ["southland", "mediator"]
    figures = page_figures(html)
    drawn = [figures[f"pair-chart-{n}"] for n in (1, 2)]
    assert all(f["data"][0]["x"] for f in drawn)
    assert 'id="pair-northland-mediator"' in html and 'id="pair-northland-southland"' in html
    assert "pair-chart-3" not in html


def test_flagship_explorer_covers_every_issue_for_the_pair_furthest_apart(
    flagship_path: Path, seeds_dir: Path, tmp_path: Path
) -> None:
    """The report's frontier once covered the 6 weightiest issues only, for the US and the next
    two most capable parties; the explorer starts from Russia and Ukraine over all 20."""
    html = make_report(flagship_path, tmp_path / "r.html", docs=[seeds_dir]).read_text(
        encoding="utf-8"
    )
    tables = explorer_tables(html)
    assert tables["pair"] == ["russia", "ukraine"]
    assert len(tables["issues"]) == len(tables["pair_issues"]) == 20
    assert "Russia and Ukraine over 20 issues" in html
    assert html.count('name="issues"') == 20 and html.count('name="issues" value=') == 20
    # Its one logroll crosses Ukraine's red line: listed apart, never as the top trade.
    assert "Top logrolls" not in html
    assert "Trades that would cross a red line (not proposed)" in html
    blocked = [i["blocked"] for i in tables["issues"] if i["blocked"]]
    assert blocked == [
        "Recognition of the annexed regions: Russia's red line allows nothing below 75 and "
        "Ukraine's nothing above 25."
    ]


def test_source_date_epoch_makes_the_report_byte_stable(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = make_report(sample, tmp_path / "a.html").read_bytes()
    second = make_report(sample, tmp_path / "b.html").read_bytes()
    assert first == second and b"generated 2023-11-14 22:13 UTC" in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    bad = runner.invoke(app, ["report", str(sample), "--out", str(tmp_path / "c.html")])
    assert bad.exit_code == 2 and "[DT709]" in bad.output and "Traceback" not in bad.output
    assert not (tmp_path / "c.html").exists()


def test_report_lists_the_events_with_their_parties_and_verbatim_quote(
    sample: Path, tmp_path: Path
) -> None:
    db = build_store(sample.parent, tmp_path / "corpus.db", facts=[tuesday_fact(sample.parent)])
    html = make_report(sample, tmp_path / "report.html", corpus=db).read_text(encoding="utf-8")
    section = html[html.index('id="events"') : html.index('id="positions-over-time"')]
    (row,) = re.findall(r'<tr class="event" data-kind="talks">(.*?)</tr>', section, re.S)
    assert "<td>2025-03-18</td>" in row and "Northland, Southland" in row
    # The quote is the stored sentence, verbatim, in quotation marks, with its outlet and date.
    sentence = "Negotiators from Northland and Southland met again on Tuesday to discuss access"
    assert f"“{sentence} to the shared harbour.”" in row
    assert "— Lakeside Courier, 2025-03-18" in row
    empty = make_report(sample, tmp_path / "bare.html").read_text(encoding="utf-8")
    assert "no dated events in the corpus" in empty
